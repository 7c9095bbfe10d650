# Self-test for check_translations.cmake: a made-up source with one string, checked against a
# translation that lacks it, one that has it, and one that keeps a string the source lost.
#
#   cmake -DLUPDATE=<lupdate> -DWORK_DIR=<scratch dir> -P selftest.cmake

cmake_minimum_required(VERSION 3.20)
set(CHECKER "${CMAKE_CURRENT_LIST_DIR}/check_translations.cmake")
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
file(WRITE "${WORK_DIR}/a.cpp" "#include <QCoreApplication>\nQString f() { return QCoreApplication::translate(\"Ctx\", \"Hello\"); }\n")
file(WRITE "${WORK_DIR}/sources.txt" "${WORK_DIR}/a.cpp\n")

set(header "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE TS>\n<TS version=\"2.1\" language=\"zh_CN\">\n")
file(WRITE "${WORK_DIR}/missing.ts" "${header}</TS>\n")
file(WRITE "${WORK_DIR}/done.ts" "${header}<context>\n    <name>Ctx</name>\n    <message>\n        <source>Hello</source>\n        <translation>你好</translation>\n    </message>\n</context>\n</TS>\n")
file(WRITE "${WORK_DIR}/stale.ts" "${header}<context>\n    <name>Ctx</name>\n    <message>\n        <source>Hello</source>\n        <translation>你好</translation>\n    </message>\n    <message>\n        <source>Gone</source>\n        <translation>没了</translation>\n    </message>\n</context>\n</TS>\n")

set(failures "")
foreach(case missing:1 done:0 stale:1)
  string(REPLACE ":" ";" parts "${case}")
  list(GET parts 0 name)
  list(GET parts 1 should_fail)
  execute_process(COMMAND "${CMAKE_COMMAND}" -DLUPDATE=${LUPDATE} -DTS=${WORK_DIR}/${name}.ts
                          -DSOURCES_LIST=${WORK_DIR}/sources.txt -DWORK_DIR=${WORK_DIR}/run-${name}
                          -DOPTIONS=-locations,none -P "${CHECKER}"
                  RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
  if(should_fail AND rc EQUAL 0)
    list(APPEND failures "${name}: passed but should have failed")
  elseif(NOT should_fail AND NOT rc EQUAL 0)
    list(APPEND failures "${name}: failed but should have passed")
  endif()
endforeach()
if(failures)
  message(FATAL_ERROR "check_translations self-test:\n  ${failures}")
endif()
message(STATUS "check_translations self-test: 3 cases as expected")
