include(GoogleTest)
# fluence_add_test(NAME LABEL SOURCES... LIBS libs...): one GoogleTest executable whose tests are
# registered with ctest under LABEL (unit, integration or interop), so each class runs alone:
#   ctest -L unit    fast, seconds
#   ctest -L integration
#   ctest -L interop (drives the pinned reference packages from npm)
function(fluence_add_test name label)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main fluence_warnings)
  target_compile_definitions(${name} PRIVATE FLUENCE_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST PROPERTIES LABELS ${label} 
                       ENVIRONMENT "FLUENCE_SOURCE_DIR=${PROJECT_SOURCE_DIR};FLUENCE_BINARY_DIR=${PROJECT_BINARY_DIR}")
endfunction()
