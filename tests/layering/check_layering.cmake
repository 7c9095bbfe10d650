# Include-layering check for the first-party source folders.
#
# Usage:
#   cmake -DSOURCE_DIR=<repo root> [-DQT_WIDGETS_INCLUDE_DIR=<Qt6 QtWidgets include dir>]
#         -P check_layering.cmake
#
# Reads every #include "..." / #include <...> line of the .h/.cpp files under the
# source folders and fails with one line per violation:
#   <file>:<line>: includes <X> (layer A may not include layer B)
#
# Layers (lower may never include higher):
#   domain < engine < server
#   domain < engine < models < transfer < ui < app
# Extra rules:
#   - engine/builtin and engine/remote are engine internals: server, models, transfer
#     and ui may not include them (app wires the engines, so it may; so may anything
#     inside engine/, e.g. an engine_factory.* next to engine.h).
#   - domain is QtCore only: no other Qt module, no SQLite or other third-party
#     library headers.
#   - nothing below ui includes a QtWidgets header.
# tests/ and bench/ are not checked.

cmake_minimum_required(VERSION 3.20)
include("${CMAKE_CURRENT_LIST_DIR}/../support/script_checks.cmake")

if(NOT SOURCE_DIR)
  message(FATAL_ERROR "check_layering: pass -DSOURCE_DIR=<repo root>")
endif()
cmake_path(ABSOLUTE_PATH SOURCE_DIR NORMALIZE)
string(REGEX REPLACE "(.)/+$" "\\1" SOURCE_DIR "${SOURCE_DIR}")

# ---------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------
set(FOLDERS domain engine server models transfer ui app)

# Folders each layer may include headers from.
set(ALLOW_domain   domain)
set(ALLOW_engine   domain engine)
set(ALLOW_server   domain engine server)
set(ALLOW_models   domain engine models)
set(ALLOW_transfer domain engine models transfer)
set(ALLOW_ui       domain engine models transfer ui)
set(ALLOW_app      domain engine server models transfer ui app)

# Engine internals, and the layers that must go through engine.h instead.
set(ENGINE_INTERNALS engine/builtin engine/remote)
set(INTERNALS_FORBIDDEN_FOR server models transfer ui)

# Layers below ui: no widget headers.
set(NO_WIDGETS_FOR domain engine server models transfer)

# Third-party headers the domain layer may not use (it is QtCore + std only),
# as pairs: regex, library name.
set(DOMAIN_FORBIDDEN_LIBS
  "^sqlite3\\.h$"        SQLite
  "^qt6keychain/"         Qt6Keychain
  "^qcustomplot\\.h$"    QCustomPlot
  "^http_parser\\.h$"    http_parser)

# Used when no Qt installation is given: the most common QtWidgets classes.
set(FALLBACK_WIDGET_HEADERS
  QAbstractButton QAbstractItemDelegate QAbstractItemView QApplication
  QCheckBox QComboBox QDateTimeEdit QDialog QDialogButtonBox QFileDialog
  QFormLayout QFrame QGridLayout QGroupBox QHBoxLayout QHeaderView QLabel
  QLineEdit QListView QListWidget QMainWindow QMenu QMessageBox QPlainTextEdit
  QProgressBar QPushButton QScrollArea QSpinBox QSplitter QStatusBar
  QStyledItemDelegate QTabWidget QTableView QTableWidget QTextEdit QToolBar
  QToolButton QTreeView QVBoxLayout QWidget)

# Used for domain when no Qt installation is given: non-QtCore class names,
# as pairs: regex, Qt module.
set(FALLBACK_NON_CORE
  "^Q(Network|Tcp|Udp|Ssl|HostAddress|LocalSocket|LocalServer|DnsLookup)" QtNetwork
  "^QSql"                                                                QtSql
  "^QHttpServer"                                                         QtHttpServer
  "^QWebSocket"                                                          QtWebSockets
  "^Q(Brush|Color|Font|Icon|Image|Pixmap|Painter|GuiApplication|Action|Clipboard|StandardItem|KeySequence|Shortcut|Validator|TextDocument)" QtGui)
# Module-wide headers (<QtNetwork>, ...) of modules other than QtCore.
set(FALLBACK_MODULE_HEADERS
  QtConcurrent QtDBus QtGui QtHttpServer QtNetwork QtOpenGL QtPrintSupport
  QtSql QtTest QtWebSockets QtWidgets QtXml)

# ---------------------------------------------------------------------------
# Qt headers: locate QtWidgets (and its Qt include root) from the caller.
# QT_WIDGETS_INCLUDE_DIR may be a list such as Qt6::Widgets'
# INTERFACE_INCLUDE_DIRECTORIES; take the entry that is (or holds) QtWidgets.
# ---------------------------------------------------------------------------
set(widgets_dir "")
foreach(dir IN LISTS QT_WIDGETS_INCLUDE_DIR)
  if(dir MATCHES "(^|/)QtWidgets/?$" AND IS_DIRECTORY "${dir}")
    set(widgets_dir "${dir}")
    break()
  elseif(IS_DIRECTORY "${dir}/QtWidgets")
    set(widgets_dir "${dir}/QtWidgets")
    break()
  endif()
endforeach()
if(QT_WIDGETS_INCLUDE_DIR AND NOT widgets_dir)
  message(WARNING "check_layering: no QtWidgets directory in '${QT_WIDGETS_INCLUDE_DIR}', using the built-in widget list")
endif()

set(qt_root "")
set(qt_modules "")
if(widgets_dir)
  cmake_path(GET widgets_dir PARENT_PATH qt_root)
  if(IS_DIRECTORY "${qt_root}/QtCore")
    file(GLOB qt_modules LIST_DIRECTORIES true RELATIVE "${qt_root}" "${qt_root}/Qt*")
  else()
    set(qt_root "")
  endif()
  # Every file directly in QtWidgets, minus Qt 6 compatibility headers that
  # also live in QtGui (qaction.h, qshortcut.h, ...).
  file(GLOB WIDGET_HEADERS LIST_DIRECTORIES false RELATIVE "${widgets_dir}" "${widgets_dir}/*")
  set(gui_dir "${qt_root}/QtGui")
  foreach(name IN LISTS WIDGET_HEADERS)
    if(qt_root AND EXISTS "${gui_dir}/${name}")
      list(REMOVE_ITEM WIDGET_HEADERS "${name}")
    endif()
  endforeach()
  set(widget_source "Qt installation")
else()
  set(WIDGET_HEADERS ${FALLBACK_WIDGET_HEADERS})
  set(widget_source "built-in list")
endif()

# ---------------------------------------------------------------------------
# Index of first-party files: basename -> repo-relative paths.
# ---------------------------------------------------------------------------
set(all_files "")
set(checked_files "")
foreach(folder IN LISTS FOLDERS)
  if(IS_DIRECTORY "${SOURCE_DIR}/${folder}")
    file(GLOB_RECURSE found LIST_DIRECTORIES false RELATIVE "${SOURCE_DIR}" "${SOURCE_DIR}/${folder}/*")
    list(APPEND all_files ${found})
  endif()
endforeach()
list(SORT all_files)
foreach(rel IN LISTS all_files)
  cmake_path(GET rel FILENAME name)
  string(MAKE_C_IDENTIFIER "${name}" key)
  list(APPEND "INDEX_${key}" "${rel}")
  if(rel MATCHES "\\.(h|cpp)$")
    list(APPEND checked_files "${rel}")
  endif()
endforeach()

# Resolves an include to the first-party files it may refer to (empty list for
# Qt, std and other external headers). Quoted includes are first looked up
# next to the including file, like the compiler does; otherwise any indexed
# file whose path ends with the included path matches ("builtin_engine.h",
# "builtin/builtin_engine.h", "engine/builtin/builtin_engine.h").
function(resolve_include includer delim inc out_var)
  if(delim STREQUAL "\"")
    cmake_path(GET includer PARENT_PATH dir)
    cmake_path(SET local NORMALIZE "${dir}/${inc}")
    if(local IN_LIST all_files)
      set(${out_var} "${local}" PARENT_SCOPE)
      return()
    endif()
  endif()
  string(REGEX REPLACE "^(\\.\\.?/)+" "" tail "${inc}")
  cmake_path(GET tail FILENAME name)
  string(MAKE_C_IDENTIFIER "${name}" key)
  string(LENGTH "/${tail}" tail_len)
  set(result "")
  foreach(candidate IN LISTS "INDEX_${key}")
    string(LENGTH "${candidate}" len)
    math(EXPR start "${len} - ${tail_len}")
    if(start GREATER_EQUAL 0)
      string(SUBSTRING "${candidate}" ${start} -1 end)
    else()
      set(end "")
    endif()
    if(candidate STREQUAL tail OR end STREQUAL "/${tail}")
      list(APPEND result "${candidate}")
    endif()
  endforeach()
  set(${out_var} "${result}" PARENT_SCOPE)
endfunction()

# Looks value up in a flat list of (regex, name) pairs; "" if none matches.
function(match_pairs value pairs_var out_var)
  set(pairs ${${pairs_var}})
  set(found "")
  while(pairs)
    list(POP_FRONT pairs pattern name)
    if(value MATCHES "${pattern}")
      set(found "${name}")
      break()
    endif()
  endwhile()
  set(${out_var} "${found}" PARENT_SCOPE)
endfunction()

# Names the non-QtCore library an external header belongs to, or "" if the
# domain layer may use it (QtCore, std).
function(domain_forbidden_library inc out_var)
  set(lib "")
  if(inc MATCHES "^(Qt[A-Za-z0-9]+)/")
    # <QtModule/Header>
    if(NOT CMAKE_MATCH_1 STREQUAL "QtCore")
      set(lib "${CMAKE_MATCH_1}")
    endif()
  elseif(inc MATCHES "^[Qq]" AND qt_root)
    # <QClass>, <qclass.h>, <QtModule>: find the module directory that has it.
    if(NOT EXISTS "${qt_root}/QtCore/${inc}")
      foreach(module IN LISTS qt_modules)
        if(EXISTS "${qt_root}/${module}/${inc}" AND NOT IS_DIRECTORY "${qt_root}/${module}/${inc}")
          set(lib "${module}")
          break()
        endif()
      endforeach()
    endif()
  elseif(inc IN_LIST FALLBACK_MODULE_HEADERS)
    set(lib "${inc}")
  elseif(inc MATCHES "^Q")
    match_pairs("${inc}" FALLBACK_NON_CORE lib)
  endif()
  if(NOT lib)
    match_pairs("${inc}" DOMAIN_FORBIDDEN_LIBS lib)
  endif()
  set(${out_var} "${lib}" PARENT_SCOPE)
endfunction()

# ---------------------------------------------------------------------------
# Scan.
# ---------------------------------------------------------------------------
set(violations "")
set(include_count 0)
foreach(rel IN LISTS checked_files)
  string(REGEX MATCH "^[^/]+" layer "${rel}")

  # Split into lines. Characters that would break CMake list handling
  # (; [ ] \) never matter for an include line, so they are blanked first.
  file(READ "${SOURCE_DIR}/${rel}" content)
  foreach(special ";" "[" "]" "\\" "\r")
    string(REPLACE "${special}" "_" content "${content}")
  endforeach()
  string(REPLACE "\n" ";" lines "${content}")

  set(lineno 0)
  foreach(line IN LISTS lines)
    math(EXPR lineno "${lineno} + 1")
    if(NOT line MATCHES "^[ \t]*#[ \t]*include[ \t]*([<\"])([^>\"]+)[>\"]")
      continue()
    endif()
    set(delim "${CMAKE_MATCH_1}")
    set(inc "${CMAKE_MATCH_2}")
    math(EXPR include_count "${include_count} + 1")
    if(delim STREQUAL "<")
      set(shown "<${inc}>")
    else()
      set(shown "\"${inc}\"")
    endif()
    set(where "${rel}:${lineno}: includes ${shown}")

    resolve_include("${rel}" "${delim}" "${inc}" targets)
    if(targets)
      # First-party header (several candidates if the name is ambiguous).
      foreach(target IN LISTS targets)
        string(REGEX MATCH "^[^/]+" target_layer "${target}")
        set(internal "")
        foreach(dir IN LISTS ENGINE_INTERNALS)
          string(FIND "${target}" "${dir}/" pos)
          if(pos EQUAL 0)
            set(internal "${dir}")
          endif()
        endforeach()
        if(NOT target_layer IN_LIST ALLOW_${layer})
          list(APPEND violations "${where} (layer ${layer} may not include layer ${target_layer})")
        elseif(internal AND layer IN_LIST INTERNALS_FORBIDDEN_FOR)
          list(APPEND violations "${where} (layer ${layer} may not include layer ${internal})")
        endif()
      endforeach()
    else()
      # External header: Qt, std or a third-party library.
      string(REGEX REPLACE "^QtWidgets/" "" bare "${inc}")
      if(layer IN_LIST NO_WIDGETS_FOR AND (inc MATCHES "^QtWidgets(/|$)" OR bare IN_LIST WIDGET_HEADERS))
        list(APPEND violations "${where} (layer ${layer} may not include layer QtWidgets)")
      elseif(layer STREQUAL "domain")
        domain_forbidden_library("${inc}" lib)
        if(lib)
          list(APPEND violations "${where} (layer domain may not include layer ${lib})")
        endif()
      endif()
    endif()
  endforeach()
endforeach()

# ---------------------------------------------------------------------------
# Report.
# ---------------------------------------------------------------------------
list(LENGTH checked_files file_count)
wci_report_violations("Layering check" "violation(s)" "${violations}" ${file_count})
message("Layering OK: ${file_count} files, ${include_count} includes checked (widget headers: ${widget_source})")
