# Shared by the CMake-script checks (layering, colour literals) and their self-tests.

# wci_make_tree(<root> <path> <content> [<path> <content> ...])
# Writes a fresh made-up source tree under <root>; "@S@" in a content is a semicolon (a real one
# would split the argument list).
function(wci_make_tree root)
  file(REMOVE_RECURSE "${root}")
  set(files ${ARGN})
  while(files)
    list(POP_FRONT files path content)
    string(REPLACE "@S@" ";" content "${content}")
    file(WRITE "${root}/${path}" "${content}")
  endwhile()
endfunction()

# wci_report_violations(<title> <what> <violations> <file count>)
# Fails with every violation on its own line ("<title> failed: 3 <what> in 9 files"), or returns
# when there is none.
function(wci_report_violations title what violations file_count)
  list(LENGTH violations violation_count)
  if(violation_count GREATER 0)
    # Two leading spaces keep CMake from re-wrapping the lines.
    list(JOIN violations "\n  " text)
    message(FATAL_ERROR "${title} failed: ${violation_count} ${what} in ${file_count} files:\n  ${text}\n")
  endif()
endfunction()
