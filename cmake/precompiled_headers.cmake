# Precompiled headers: Qt's and the standard library's headers parsed once per library instead
# of once per source file. The four large libraries get their own; every test (and benchmark)
# reuses one shared set, which is why they all link the same Qt modules (wci_test_deps): a
# precompiled header is only valid with the same Qt module macros. WCI_PRECOMPILED_HEADERS=OFF
# builds without them.
option(WCI_PRECOMPILED_HEADERS "Use precompiled headers" ON)

set(wci_pch_core
  <algorithm> <functional> <memory> <optional> <variant> <vector>
  <QByteArray> <QDateTime> <QHash> <QJsonArray> <QJsonDocument> <QJsonObject> <QJsonValue> <QList>
  <QMap> <QObject> <QPointer> <QSet> <QString> <QStringList> <QVariant>)
set(wci_pch_engine ${wci_pch_core} <QFuture> <QPromise> <QCoreApplication> <QTimer> <QUrl>)
set(wci_pch_gui ${wci_pch_engine} <QAbstractTableModel> <QBrush> <QColor> <QGuiApplication> <QPalette>)
set(wci_pch_widgets ${wci_pch_gui}
  <QAction> <QApplication> <QCheckBox> <QComboBox> <QDialog> <QDialogButtonBox> <QFileDialog> <QFormLayout>
  <QHBoxLayout> <QHeaderView> <QLabel> <QLineEdit> <QMenu> <QPlainTextEdit> <QPushButton> <QTableView>
  <QToolButton> <QVBoxLayout> <QWidget>)
set(wci_pch_tests ${wci_pch_widgets} <QTest> <QSignalSpy> <QTemporaryDir> <QFile> <QDir> <QSettings>)

# wci_precompile(<target> <core|engine|gui|widgets>)
function(wci_precompile target set)
  if(WCI_PRECOMPILED_HEADERS)
    target_precompile_headers(${target} PRIVATE ${wci_pch_${set}})
  endif()
endfunction()

# wci_reuse_pch(<target> <from>): <target> uses <from>'s header; both link the same Qt modules.
function(wci_reuse_pch target from)
  if(WCI_PRECOMPILED_HEADERS)
    target_precompile_headers(${target} REUSE_FROM ${from})
  endif()
endfunction()

# The modules every test and benchmark links, and the target that holds their shared header.
if(BUILD_TESTING)
  add_library(wci_test_deps INTERFACE)
  target_link_libraries(wci_test_deps INTERFACE Qt6::Test Qt6::Widgets Qt6::Network Qt6::Concurrent)
endif()

# wci_reuse_test_pch(<target>): links wci_test_deps and reuses the shared header. Qt Test
# defines each target's own directories (QT_TESTCASE_BUILDDIR, _SOURCEDIR), which would make
# the shared header invalid in every other directory; the tests do not use them (no
# QFINDTESTDATA), so they are undefined.
function(wci_reuse_test_pch target)
  target_link_libraries(${target} PRIVATE wci_test_deps)
  target_compile_options(${target} PRIVATE -UQT_TESTCASE_BUILDDIR -UQT_TESTCASE_SOURCEDIR)
  if(WCI_PRECOMPILED_HEADERS)
    if(NOT TARGET wci_test_pch)
      file(WRITE ${PROJECT_BINARY_DIR}/wci_test_pch.cpp "// Holds the tests' precompiled header.\n")
      add_library(wci_test_pch STATIC ${PROJECT_BINARY_DIR}/wci_test_pch.cpp)
      target_link_libraries(wci_test_pch PRIVATE wci_test_deps wci_warnings)
      target_compile_options(wci_test_pch PRIVATE -UQT_TESTCASE_BUILDDIR -UQT_TESTCASE_SOURCEDIR)
      target_precompile_headers(wci_test_pch PRIVATE ${wci_pch_tests})
    endif()
    target_precompile_headers(${target} REUSE_FROM wci_test_pch)
  endif()
endfunction()
