# fluence_warnings: an interface target that every target of ours links, so that our own code
# (never third-party headers, which come in as SYSTEM) builds with -Wall -Wextra -Werror.
add_library(fluence_warnings INTERFACE)
target_compile_options(fluence_warnings INTERFACE -Wall -Wextra -Werror -Wno-missing-field-initializers)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # GCC 12 reports false positives from inlined std::vector/std::string code at -O2.
  target_compile_options(fluence_warnings INTERFACE -Wno-maybe-uninitialized -Wno-stringop-overflow -Wno-array-bounds -Wno-restrict)
endif()

# fluence_add_library(NAME SOURCES...): a layer library with its public headers in include/.
function(fluence_add_library name)
  add_library(${name} ${ARGN})
  target_include_directories(${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include)
  target_link_libraries(${name} PRIVATE fluence_warnings)
endfunction()
