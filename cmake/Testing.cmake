include(GoogleTest)
# fluence_add_test(NAME LABEL SOURCES... LIBS libs...): one GoogleTest executable registered with
# ctest under LABEL (unit, integration or interop), so each class runs alone:
#   ctest -L unit    fast, seconds
#   ctest -L integration
#   ctest -L interop (drives the pinned reference packages from npm)
# Unit and integration tests are registered one ctest test per gtest test. An interop executable
# is registered as ONE ctest test: its tests usually share one expensive run of the reference
# (a node process over a whole corpus), which per-test processes would repeat each time.
function(fluence_add_test name label)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main fluence_warnings)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)  # support/*.h
  target_compile_definitions(${name} PRIVATE FLUENCE_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
                                             FLUENCE_BINARY_DIR="${PROJECT_BINARY_DIR}")
  set(env "FLUENCE_SOURCE_DIR=${PROJECT_SOURCE_DIR};FLUENCE_BINARY_DIR=${PROJECT_BINARY_DIR}")
  if(label STREQUAL "interop")
    add_test(NAME ${name} COMMAND ${name})
    set_tests_properties(${name} PROPERTIES LABELS ${label} ENVIRONMENT "${env}" TIMEOUT 1800)
  else()
    gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST PROPERTIES LABELS ${label}
                         ENVIRONMENT "${env}")
  endif()
endfunction()
