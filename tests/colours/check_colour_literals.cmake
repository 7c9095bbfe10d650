# Colour-literal check for the first-party source folders.
#
# Usage:
#   cmake -DSOURCE_DIR=<repo root> -P check_colour_literals.cmake
#
# Every colour the program draws comes from models/theme.cpp (a tone with a light and a dark
# value); anywhere else a colour written down would not follow the theme. This reads every
# .h/.cpp file under the source folders, except models/theme.cpp, and fails with one line per
# colour literal:
#   <file>:<line>: <what> (colour literal: use theme::color() from models/theme.h)
#
# What counts as a colour literal:
#   in a string    "#rgb", "#rrggbb" or "#aarrggbb" (after a quote, a space, ':', '(', ',' or
#                  '=', so "QFrame#name", URL fragments and "a/b#c" are not colours);
#                  rgb( / rgba( / hsl( / hsla( / hsv( / hsva(; a colour name after a
#                  color / background / border / outline property ("color: white").
#   in code        QColor(...) or QColor name(...) / {...} with a number or a string first;
#                  QColor::fromRgb(...) and the other QColor::from... with one; setRgb(...),
#                  setNamedColor(...) and the like with one; qRgb( / qRgba( with a number;
#                  Qt's global colours (Qt::red, Qt::white, Qt::darkGray, ...); QColorConstants.
# Comments are not read (// to the end of the line, and lines of /* ... */ blocks that start
# with "/*", "* " or "*/"). Preprocessor lines (#include, #pragma, #define, ...) carry no strings that
# are checked. tests/ and bench/ are not checked.

cmake_minimum_required(VERSION 3.20)
include("${CMAKE_CURRENT_LIST_DIR}/../support/script_checks.cmake")

if(NOT SOURCE_DIR)
  message(FATAL_ERROR "check_colour_literals: pass -DSOURCE_DIR=<repo root>")
endif()
cmake_path(ABSOLUTE_PATH SOURCE_DIR NORMALIZE)
string(REGEX REPLACE "(.)/+$" "\\1" SOURCE_DIR "${SOURCE_DIR}")

set(FOLDERS domain engine server models transfer ui app)
# The one file where colours are written down.
set(EXEMPT models/theme.cpp)

# Building blocks (CMake regular expressions have no {n} and no \b).
set(hex "[0-9a-fA-F]")
set(hex3 "${hex}${hex}${hex}")
set(word_end "([^0-9A-Za-z_]|$)")
# A colour's "#" follows one of these inside a string.
set(hash_before "(^|[ \t\"':(,=])")
set(hex_colour "${hash_before}#(${hex3}${hex3}${hex}${hex}|${hex3}${hex3}|${hex3})${word_end}")
set(css_function "(^|[^0-9A-Za-z_])(rgba?|hsla?|hsva?)[ \t]*\\(")
set(css_names "white|black|red|green|blue|yellow|orange|purple|pink|brown|gray|grey|silver|maroon|navy|olive|teal|lime|aqua|cyan|magenta|fuchsia|gold|darkred|darkgreen|darkblue|darkgray|darkgrey|lightgray|lightgrey")
set(css_named "(color|background|border|outline)[-a-z]*[ \t]*[:=]([^,}]*[^-0-9A-Za-z_])?(${css_names})([^-0-9A-Za-z_]|$)")
# What makes a QColor argument list a literal: a number or a string comes first.
set(literal_arg "([0-9]|\"|[uUL]8?\"|QStringLiteral|QLatin1String|QStringView|QString[ \t]*\\()")
set(qcolor_ctor "(^|[^0-9A-Za-z_])QColor[ \t]*[({][ \t]*${literal_arg}")
set(qcolor_decl "(^|[^0-9A-Za-z_])QColor[ \t]+[A-Za-z_][0-9A-Za-z_]*[ \t]*[({][ \t]*${literal_arg}")
set(qcolor_from "QColor::from[A-Za-z0-9]*[ \t]*\\([ \t]*${literal_arg}")
set(qcolor_set "[.>](setRgb|setRgbF|setRgba|setRgba64|setHsv|setHsvF|setHsl|setHslF|setCmyk|setCmykF|setNamedColor)[ \t]*\\([ \t]*${literal_arg}")
set(qrgb "(^|[^0-9A-Za-z_])qRgba?[ \t]*\\([ \t]*[0-9]")
set(global_colours "white|black|red|darkRed|green|darkGreen|blue|darkBlue|cyan|darkCyan|magenta|darkMagenta|yellow|darkYellow|gray|darkGray|lightGray|color0|color1")
set(qt_global "Qt::(${global_colours})${word_end}")

# ---------------------------------------------------------------------------
# Files.
# ---------------------------------------------------------------------------
set(checked_files "")
foreach(folder IN LISTS FOLDERS)
  if(IS_DIRECTORY "${SOURCE_DIR}/${folder}")
    file(GLOB_RECURSE found LIST_DIRECTORIES false RELATIVE "${SOURCE_DIR}"
         "${SOURCE_DIR}/${folder}/*.h" "${SOURCE_DIR}/${folder}/*.cpp")
    list(APPEND checked_files ${found})
  endif()
endforeach()
list(REMOVE_ITEM checked_files ${EXEMPT})
list(SORT checked_files)

# ---------------------------------------------------------------------------
# Scan.
# ---------------------------------------------------------------------------
set(violations "")
set(line_count 0)
foreach(rel IN LISTS checked_files)
  file(READ "${SOURCE_DIR}/${rel}" content)
  # Escaped backslashes and quotes first, so that a string never ends early; then the
  # characters that would break CMake list handling. ';' becomes ',' (still a separator).
  string(REPLACE "\\\\" "!!" content "${content}")
  string(REPLACE "\\\"" "!!" content "${content}")
  string(REPLACE "'\"'" "'!'" content "${content}")
  string(REPLACE ";" "," content "${content}")
  foreach(special "[" "]" "\\" "\r")
    string(REPLACE "${special}" "!" content "${content}")
  endforeach()
  string(REPLACE "\n" ";" lines "${content}")

  set(lineno 0)
  foreach(line IN LISTS lines)
    math(EXPR lineno "${lineno} + 1")
    # Most lines cannot hold a colour: skip them cheaply.
    if(NOT line MATCHES "#|QColor|Qt::|[Rr]gb|[Hh]s[lv]|Cmyk|olor|ackground|order|utline")
      continue()
    endif()
    if(line MATCHES "^[ \t]*(/\\*|\\*[ \t/]|\\*$)")
      continue()
    endif()
    math(EXPR line_count "${line_count} + 1")
    # Strings and a trailing // comment, left to right: a "//" inside a string stays in it.
    string(REGEX MATCHALL "\"[^\"]*\"|//.*" tokens "${line}")
    set(code "${line}")
    set(strings "")
    foreach(token IN LISTS tokens)
      if(token MATCHES "^//")
        string(LENGTH "${line}" line_len)
        string(LENGTH "${token}" token_len)
        math(EXPR code_len "${line_len} - ${token_len}")
        string(SUBSTRING "${line}" 0 ${code_len} code)
      else()
        list(APPEND strings "${token}")
      endif()
    endforeach()
    # The code with every string emptied ("" stays, so u"" still reads as a string).
    string(REGEX REPLACE "\"[^\"]*\"" "\"\"" code "${code}")

    set(found "")
    foreach(s IN LISTS strings)
      if(s MATCHES "${hex_colour}")
        list(APPEND found "\"#${CMAKE_MATCH_2}\" in a string")
      endif()
      if(s MATCHES "${css_function}")
        list(APPEND found "${CMAKE_MATCH_2}() in a string")
      endif()
      if(s MATCHES "${css_named}")
        list(APPEND found "colour name \"${CMAKE_MATCH_3}\" in a string")
      endif()
    endforeach()
    if(code MATCHES "${qcolor_ctor}" OR code MATCHES "${qcolor_decl}")
      list(APPEND found "QColor with a number or a name")
    endif()
    if(code MATCHES "${qcolor_from}")
      list(APPEND found "QColor::from... with a number or a name")
    endif()
    if(code MATCHES "${qcolor_set}")
      list(APPEND found "${CMAKE_MATCH_1}() with a number or a name")
    endif()
    if(code MATCHES "${qrgb}")
      list(APPEND found "qRgb() with numbers")
    endif()
    if(code MATCHES "${qt_global}")
      list(APPEND found "Qt::${CMAKE_MATCH_1}")
    endif()
    if(code MATCHES "QColorConstants")
      list(APPEND found "QColorConstants")
    endif()
    foreach(what IN LISTS found)
      list(APPEND violations "${rel}:${lineno}: ${what} (colour literal: use theme::color() from models/theme.h)")
    endforeach()
  endforeach()
endforeach()

# ---------------------------------------------------------------------------
# Report.
# ---------------------------------------------------------------------------
list(LENGTH checked_files file_count)
wci_report_violations("Colour literal check" "colour literal(s)" "${violations}" ${file_count})
message("No colour literals: ${file_count} files, ${line_count} candidate lines read (${EXEMPT} exempt)")
