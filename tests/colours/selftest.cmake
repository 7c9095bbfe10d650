# Self-test for check_colour_literals.cmake: runs the checker on small made-up source trees and
# verifies that it fails on colour literals (naming file and line) and passes on a tree whose
# only colours are in models/theme.cpp.
#
# Usage:
#   cmake [-DWORK_DIR=<scratch dir>] -P selftest.cmake

cmake_minimum_required(VERSION 3.20)
include("${CMAKE_CURRENT_LIST_DIR}/../support/script_checks.cmake")

set(CHECKER "${CMAKE_CURRENT_LIST_DIR}/check_colour_literals.cmake")
if(NOT WORK_DIR)
  set(WORK_DIR "${CMAKE_CURRENT_BINARY_DIR}/colour_selftest")
endif()
set(failures "")
set(runs 0)

# make_tree(<name> <path> <content> [<path> <content> ...]): a made-up tree under WORK_DIR/<name>.
function(make_tree name)
  wci_make_tree("${WORK_DIR}/${name}" ${ARGN})
endfunction()

# expect(<name> PASS|FAIL [<expected text> ...]): runs the checker on tree <name>.
function(expect name outcome)
  execute_process(
    COMMAND "${CMAKE_COMMAND}" "-DSOURCE_DIR=${WORK_DIR}/${name}" -P "${CHECKER}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(log "${out}${err}")
  if(outcome STREQUAL "PASS" AND NOT rc EQUAL 0)
    list(APPEND failures "${name}: expected PASS, got:\n${log}")
  elseif(outcome STREQUAL "FAIL" AND rc EQUAL 0)
    list(APPEND failures "${name}: expected FAIL, got:\n${log}")
  endif()
  foreach(text IN LISTS ARGN)
    string(FIND "${log}" "${text}" pos)
    if(pos EQUAL -1)
      list(APPEND failures "${name}: output lacks '${text}':\n${log}")
    endif()
  endforeach()
  math(EXPR runs "${runs} + 1")
  set(failures "${failures}" PARENT_SCOPE)
  set(runs "${runs}" PARENT_SCOPE)
endfunction()

# 1. One colour in a style sheet: must fail, naming the file and line.
make_tree(one
  ui/w.cpp "#include \"w.h\"\n\nvoid f(QLabel *l)\n{\n    l->setStyleSheet(u\"QLabel { color: #b71c1c@S@ }\"_s)@S@\n}\n")
expect(one FAIL
  "1 colour literal(s)"
  "ui/w.cpp:5: \"#b71c1c\" in a string")

# 2. Everything that only looks like a colour, and the colours of models/theme.cpp: must pass.
make_tree(clean
  models/theme.cpp  "#include \"theme.h\"\nQColor a() { return QColor(0xb7, 0x1c, 0x1c)@S@ }\nconst char *s = \"#ffffff\"@S@\n"
  models/theme.h    "#pragma once\n#include <QColor>\nQColor color(Tone tone)@S@\n"
  domain/d.h        "#pragma once\n#define WCI_D 1\n#if defined(X)\n#endif\n#include <QString>\n"
  engine/e.cpp      "const char *url = \"https://example.org/page#fff\"@S@\nconst char *id = \"a/b#abc\"@S@\nconst char *sel = \"QFrame#bad { border-radius: 4px }\"@S@\n"
  models/m.cpp      "QColor c = QColor(value)@S@ QColor d@S@ QColor e = theme::color(Tone::Danger)@S@\nauto x = c.rgb()@S@ auto y = c.rgba()@S@ p.setColor(QPalette::Text, c)@S@\n"
  transfer/t.cpp    "// was QColor(255, 0, 0) and \"#ff0000\" and Qt::red\nint n = 0@S@ // \"#123456\"\n/* Qt::white\n * \"color: white\"\n */\n"
  ui/u.cpp          "auto t = Qt::transparent@S@ auto k = Qt::NoPen@S@ auto r = Qt::RightButton@S@\nauto s = u\"QLabel { color: %1@S@ background: palette(base) }\"_s@S@\nauto h = tr(\"Issue number\")@S@\n"
  app/main.cpp      "#include \"u.h\"\nint main() { return QString(u\"#%1\"_s).size()@S@ }\n")
expect(clean PASS "No colour literals: 7 files")

# 3. One of each kind: must fail with exactly these.
make_tree(kinds
  ui/a.cpp   "auto a = QColor(0x43, 0xa0, 0x47)@S@\nQColor b(255, 243, 205)@S@\nauto c = QColor(u\"red\"_s)@S@\nQColor d{QStringLiteral(\"#fff\")}@S@\n"
  ui/b.cpp   "auto e = QColor::fromRgb(1, 2, 3)@S@\nx.setNamedColor(u\"navy\"_s)@S@\nauto f = qRgb(1, 2, 3)@S@\nauto g = QColorConstants::Svg::red@S@\n"
  models/c.h "auto h = Qt::darkGray@S@\nauto i = Qt::white@S@\nauto j = u\"QLabel { background: rgba(0, 0, 0, 10) }\"_s@S@\n"
  app/d.cpp  "auto k = u\"<span style='color:#555'>\"_s@S@\nauto l = u\"QLabel { color: white }\"_s@S@\nauto m = \"#80ff0000\"@S@\n")
expect(kinds FAIL
  "15 colour literal(s)"
  "ui/a.cpp:1: QColor with a number or a name"
  "ui/a.cpp:2: QColor with a number or a name"
  "ui/a.cpp:3: QColor with a number or a name"
  "ui/a.cpp:4: QColor with a number or a name"
  "ui/a.cpp:4: \"#fff\" in a string"
  "ui/b.cpp:1: QColor::from... with a number or a name"
  "ui/b.cpp:2: setNamedColor() with a number or a name"
  "ui/b.cpp:3: qRgb() with numbers"
  "ui/b.cpp:4: QColorConstants"
  "models/c.h:1: Qt::darkGray"
  "models/c.h:2: Qt::white"
  "models/c.h:3: rgba() in a string"
  "app/d.cpp:1: \"#555\" in a string"
  "app/d.cpp:2: colour name \"white\" in a string"
  "app/d.cpp:3: \"#80ff0000\" in a string")

if(failures)
  list(JOIN failures "\n" text)
  message(FATAL_ERROR "Colour literal self-test failed:\n${text}")
endif()
message("Colour literal self-test OK: ${runs} checker runs")
