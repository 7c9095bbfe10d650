# Self-test for check_layering.cmake: runs the checker on small fake source
# trees and verifies that it fails on violations and passes on a clean tree.
#
# Usage:
#   cmake [-DWORK_DIR=<scratch dir>] [-DQT_WIDGETS_INCLUDE_DIR=<dir>] -P selftest.cmake
#
# Every case runs once with the built-in widget list and, if
# QT_WIDGETS_INCLUDE_DIR is given, once more with the Qt installation.

cmake_minimum_required(VERSION 3.20)
include("${CMAKE_CURRENT_LIST_DIR}/../support/script_checks.cmake")

set(CHECKER "${CMAKE_CURRENT_LIST_DIR}/check_layering.cmake")
if(NOT WORK_DIR)
  set(WORK_DIR "${CMAKE_CURRENT_BINARY_DIR}/layering_selftest")
endif()
set(failures "")
set(runs 0)

# make_tree(<name> <path> <content> [<path> <content> ...]): a made-up tree under WORK_DIR/<name>.
function(make_tree name)
  wci_make_tree("${WORK_DIR}/${name}" ${ARGN})
endfunction()

# run_checker(<name> <PASS|FAIL> <qt dir or ""> [<expected text> ...])
# Runs the checker on tree <name> and records any mismatch in `failures`.
function(run_checker name outcome qt_dir)
  execute_process(
    COMMAND "${CMAKE_COMMAND}" "-DSOURCE_DIR=${WORK_DIR}/${name}"
            "-DQT_WIDGETS_INCLUDE_DIR=${qt_dir}" -P "${CHECKER}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(log "${out}${err}")
  if(qt_dir STREQUAL "")
    set(label "${name}, built-in widget list")
  else()
    set(label "${name}, widgets from ${qt_dir}")
  endif()
  if(outcome STREQUAL "PASS" AND NOT rc EQUAL 0)
    list(APPEND failures "${label}: expected PASS, got:\n${log}")
  elseif(outcome STREQUAL "FAIL" AND rc EQUAL 0)
    list(APPEND failures "${label}: expected FAIL, got:\n${log}")
  endif()
  foreach(text IN LISTS ARGN)
    string(FIND "${log}" "${text}" pos)
    if(pos EQUAL -1)
      list(APPEND failures "${label}: output lacks '${text}':\n${log}")
    endif()
  endforeach()
  math(EXPR runs "${runs} + 1")
  set(failures "${failures}" PARENT_SCOPE)
  set(runs "${runs}" PARENT_SCOPE)
endfunction()

# expect(<name> PASS|FAIL [<expected text> ...]): run with the built-in widget
# list, and with the Qt installation too when one was given.
macro(expect name outcome)
  run_checker(${name} ${outcome} "" ${ARGN})
  if(QT_WIDGETS_INCLUDE_DIR)
    run_checker(${name} ${outcome} "${QT_WIDGETS_INCLUDE_DIR}" ${ARGN})
  endif()
endmacro()

# 1. domain includes a models header: must fail.
make_tree(upward
  domain/a.h   "#pragma once\n#include \"b.h\"\n"
  models/b.h   "#pragma once\n#include <QString>\n")
expect(upward FAIL
  "1 violation(s)"
  "domain/a.h:2: includes \"b.h\" (layer domain may not include layer models)")

# 2. Every allowed direction, including the engine-internals exceptions
#    (engine_factory inside engine/, app wiring engines) and Qt 6 QAction
#    (QtGui) below ui: must pass.
make_tree(clean
  domain/a.h                       "#include <QString>\n#include <QtGlobal>\n#include <vector>\n"
  domain/a.cpp                     "#include \"a.h\"\n"
  engine/engine.h                  "#include \"a.h\"\n#include <QObject>\n"
  engine/engine_factory.cpp        "#include \"engine.h\"\n#include \"builtin_engine.h\"\n#include \"remote/remote_engine.h\"\n"
  engine/builtin/builtin_engine.h  "#include \"engine.h\"\n#include <sqlite3.h>\n"
  engine/remote/remote_engine.h    "#include \"engine.h\"\n#include <QNetworkReply>\n"
  server/s.h                       "#include \"engine.h\"\n#include \"a.h\"\n#include <QTcpServer>\n"
  models/m.h                       "#include \"engine.h\"\n#include <QAbstractTableModel>\n#include <QAction>\n"
  transfer/t.h                     "#include \"m.h\"\n#include \"engine.h\"\n"
  ui/w.h                           "#include \"t.h\"\n#include \"m.h\"\n#include <QWidget>\n"
  app/main.cpp                     "#include \"w.h\"\n#include \"s.h\"\n#include \"builtin_engine.h\"\n#include \"remote_engine.h\"\n#include <QApplication>\n"
  tests/tst.cpp                    "#include \"builtin_engine.h\"\n#include \"w.h\"\n")
expect(clean PASS "Layering OK: 11 files")

# 3. One of each other rule: must fail with exactly these violations.
make_tree(rules
  domain/d.h                       "#include <QNetworkReply>\n"
  engine/engine.h                  "#include <QDialog>\n"
  engine/builtin/builtin_engine.h  "#include \"engine.h\"\n"
  engine/remote/remote_engine.h    "#include \"engine.h\"\n"
  server/s.h                       "#include \"m.h\"\n"
  models/m.h                       "#include \"t.h\"\n"
  models/m.cpp                     "#include \"m.h\"\n#include \"builtin/builtin_engine.h\"\n"
  transfer/t.h                     "#include <QTableView>\n"
  ui/u.cpp                         "#include \"remote_engine.h\"\n")
expect(rules FAIL
  "7 violation(s)"
  "domain/d.h:1: includes <QNetworkReply> (layer domain may not include layer QtNetwork)"
  "engine/engine.h:1: includes <QDialog> (layer engine may not include layer QtWidgets)"
  "server/s.h:1: includes \"m.h\" (layer server may not include layer models)"
  "models/m.h:1: includes \"t.h\" (layer models may not include layer transfer)"
  "models/m.cpp:2: includes \"builtin/builtin_engine.h\" (layer models may not include layer engine/builtin)"
  "transfer/t.h:1: includes <QTableView> (layer transfer may not include layer QtWidgets)"
  "ui/u.cpp:1: includes \"remote_engine.h\" (layer ui may not include layer engine/remote)")

if(failures)
  list(JOIN failures "\n" text)
  message(FATAL_ERROR "Layering self-test failed:\n${text}")
endif()
message("Layering self-test OK: ${runs} checker runs")
