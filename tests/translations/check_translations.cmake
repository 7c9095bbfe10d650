# Checks that a translation is complete: lupdate reads the sources into a copy of the .ts file,
# and the check fails when any message is new (unfinished), no longer in the sources (vanished
# or obsolete) or has an empty translation. The committed file is never changed.
#
#   cmake -DLUPDATE=<lupdate> -DTS=<file.ts> -DSOURCES_LIST=<file with one source per line>
#         -DWORK_DIR=<scratch dir> [-DOPTIONS=-locations,none] -P check_translations.cmake
#
# OPTIONS are lupdate's options, separated by commas.

cmake_minimum_required(VERSION 3.20)
foreach(var LUPDATE TS SOURCES_LIST WORK_DIR)
  if(NOT ${var})
    message(FATAL_ERROR "check_translations: ${var} is required")
  endif()
endforeach()

string(REPLACE "," ";" OPTIONS "${OPTIONS}")
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
get_filename_component(ts_name "${TS}" NAME)
set(copy "${WORK_DIR}/${ts_name}")
file(COPY_FILE "${TS}" "${copy}")

execute_process(COMMAND "${LUPDATE}" ${OPTIONS} "@${SOURCES_LIST}" -ts "${copy}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "lupdate failed (${rc}):\n${out}${err}")
endif()

file(READ "${copy}" ts)
# One message at a time: its source and its translation element.
string(REGEX MATCHALL "<message[^>]*>.*</message>" messages_block "${ts}")
string(REPLACE "</message>" "</message>;" messages "${messages_block}")
set(problems "")
set(count 0)
foreach(message IN LISTS messages)
  if(NOT message MATCHES "<source>")
    continue()
  endif()
  math(EXPR count "${count} + 1")
  string(REGEX MATCH "<source>([^<]*)</source>" _ "${message}")
  set(source "${CMAKE_MATCH_1}")
  if(message MATCHES "type=\"unfinished\"")
    list(APPEND problems "not translated: ${source}")
  elseif(message MATCHES "type=\"(vanished|obsolete)\"")
    list(APPEND problems "no longer in the sources: ${source}")
  elseif(message MATCHES "<translation>[ \t\r\n]*</translation>|<numerusform>[ \t\r\n]*</numerusform>")
    list(APPEND problems "empty translation: ${source}")
  endif()
endforeach()

list(LENGTH problems n)
if(n GREATER 0)
  string(REPLACE ";" "\n  " listed "${problems}")
  message(FATAL_ERROR "${ts_name}: ${n} of ${count} messages need work "
                      "(cmake --build <build> --target update_translations, then translate):\n  ${listed}")
endif()
message(STATUS "${ts_name}: all ${count} messages translated")
