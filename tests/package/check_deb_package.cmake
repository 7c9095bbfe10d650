# Builds the Debian package from a build tree into a temporary directory and checks what is in
# it and what it depends on.
#   cmake -DCPACK=... -DDPKG_DEB=... -DCPACK_CONFIG=<build>/CPackConfig.cmake
#         -DSOURCE_DIR=<source> -DWORK_DIR=<scratch parent> -P check_deb_package.cmake
cmake_minimum_required(VERSION 3.25)

foreach(var CPACK DPKG_DEB CPACK_CONFIG SOURCE_DIR WORK_DIR)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "check_deb_package: ${var} is not set")
  endif()
endforeach()
if(NOT EXISTS "${DPKG_DEB}")
  message(FATAL_ERROR "check_deb_package: dpkg-deb not found (scripts/setup.sh installs dpkg-dev)")
endif()

string(RANDOM LENGTH 8 suffix)
set(tmp "${WORK_DIR}/deb_package.${suffix}")
file(REMOVE_RECURSE "${tmp}")
file(MAKE_DIRECTORY "${tmp}")

set(problems)
execute_process(COMMAND "${CPACK}" --config "${CPACK_CONFIG}" -G DEB -B "${tmp}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(GLOB debs "${tmp}/*.deb")
list(LENGTH debs count)
if(NOT rc EQUAL 0 OR NOT count EQUAL 1)
  file(REMOVE_RECURSE "${tmp}")
  message(FATAL_ERROR "cpack failed (exit ${rc}, ${count} .deb files):\n${out}\n${err}")
endif()
get_filename_component(deb_name "${debs}" NAME)
message(STATUS "built ${deb_name}")

execute_process(COMMAND "${DPKG_DEB}" -c "${debs}" RESULT_VARIABLE rc_c OUTPUT_VARIABLE listing ERROR_VARIABLE err_c)
execute_process(COMMAND "${DPKG_DEB}" -f "${debs}" Package Depends RESULT_VARIABLE rc_f OUTPUT_VARIABLE fields ERROR_VARIABLE err_f)
file(REMOVE_RECURSE "${tmp}")
if(NOT rc_c EQUAL 0 OR NOT rc_f EQUAL 0)
  message(FATAL_ERROR "dpkg-deb failed:\n${err_c}\n${err_f}")
endif()

# The files of the package (directories end with a slash and are skipped), as usr/...
set(files)
string(REPLACE "\n" ";" lines "${listing}")
foreach(line IN LISTS lines)
  if(line MATCHES " \\./(.*[^/])$")
    list(APPEND files "${CMAKE_MATCH_1}")
  endif()
endforeach()

# What must be there: the program, the desktop file, the metainfo and every icon we ship.
set(app_id io.github.wowinspector.WowInspector)
set(expected
  usr/bin/wow-inspector
  usr/share/applications/${app_id}.desktop
  usr/share/metainfo/${app_id}.metainfo.xml
  usr/share/icons/hicolor/scalable/apps/${app_id}.svg)
file(GLOB pngs RELATIVE "${SOURCE_DIR}/resources/icons" "${SOURCE_DIR}/resources/icons/hicolor/*/apps/${app_id}.png")
list(LENGTH pngs png_count)
if(png_count LESS 1)
  list(APPEND problems "no hicolor PNG icons found in the source tree")
endif()
foreach(png IN LISTS pngs)
  list(APPEND expected usr/share/icons/${png})
endforeach()
foreach(f IN LISTS expected)
  if(NOT f IN_LIST files)
    list(APPEND problems "missing: ${f}")
  endif()
endforeach()

# And nothing else: no test or benchmark programs, no headers, no libraries.
foreach(f IN LISTS files)
  if(NOT f IN_LIST expected)
    list(APPEND problems "unexpected file: ${f}")
  endif()
endforeach()

# Depends (computed by dpkg-shlibdeps) names the libraries the program links.
if(NOT fields MATCHES "Package: wow-inspector\n")
  list(APPEND problems "package name is not wow-inspector:\n${fields}")
endif()
if(fields MATCHES "Depends: ([^\n]*)")
  set(depends "${CMAKE_MATCH_1}")
  message(STATUS "Depends: ${depends}")
  foreach(pkg libqt6widgets6 libqt6network6 libsqlite3-0 libqt6keychain1)
    if(NOT depends MATCHES "(^|[ ,|])${pkg}( |,|$)")
      list(APPEND problems "Depends does not name ${pkg}")
    endif()
  endforeach()
else()
  list(APPEND problems "no Depends field")
endif()

if(problems)
  string(REPLACE ";" "\n  " problems "${problems}")
  message(FATAL_ERROR "${deb_name}:\n  ${problems}\ncontents:\n${listing}")
endif()
list(LENGTH files n)
message(STATUS "${deb_name}: ${n} files, all expected")
