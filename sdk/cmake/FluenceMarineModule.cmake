# fluence_add_marine_module(NAME SOURCES src... [OUTPUT_DIR dir]): builds a Marine module from
# C/C++ sources with clang for wasm32-wasi (reactor), links the SDK's ABI runtime, then runs
# fluence-marine-embed to add the interface-types and __fluence_sdk_version sections.
# Produces <OUTPUT_DIR or current binary dir>/NAME.wasm and a target marine_module_NAME.
set(FLUENCE_MARINE_SDK_DIR ${CMAKE_CURRENT_LIST_DIR}/..)
find_program(FLUENCE_WASM_CLANG NAMES clang clang-14)
set(FLUENCE_MARINE_MODULES_ENABLED OFF)
if(FLUENCE_WASM_CLANG AND EXISTS /usr/include/wasm32-wasi/stdlib.h)
  set(FLUENCE_MARINE_MODULES_ENABLED ON)
else()
  message(STATUS "Marine modules: clang or wasi-libc missing, C/C++ modules are not built")
endif()

function(fluence_add_marine_module name)
  cmake_parse_arguments(M "" "OUTPUT_DIR" "SOURCES" ${ARGN})
  if(NOT FLUENCE_MARINE_MODULES_ENABLED)
    return()
  endif()
  if(NOT M_OUTPUT_DIR)
    set(M_OUTPUT_DIR ${CMAKE_CURRENT_BINARY_DIR})
  endif()
  set(raw ${CMAKE_CURRENT_BINARY_DIR}/${name}.raw.wasm)
  set(out ${M_OUTPUT_DIR}/${name}.wasm)
  set(srcs)
  foreach(s ${M_SOURCES})
    get_filename_component(abs ${s} ABSOLUTE)
    list(APPEND srcs ${abs})
  endforeach()
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${M_OUTPUT_DIR}
    COMMAND ${FLUENCE_WASM_CLANG} --target=wasm32-wasi -O2 -mexec-model=reactor
            -I${FLUENCE_MARINE_SDK_DIR}/include ${srcs} ${FLUENCE_MARINE_SDK_DIR}/src/marine_sdk.c
            -Wl,--strip-debug -o ${raw}
    COMMAND $<TARGET_FILE:fluence-marine-embed> ${raw} ${out}
    DEPENDS ${srcs} ${FLUENCE_MARINE_SDK_DIR}/src/marine_sdk.c ${FLUENCE_MARINE_SDK_DIR}/include/fluence/marine_sdk.h
            fluence-marine-embed
    COMMENT "Marine module ${name}.wasm")
  add_custom_target(marine_module_${name} ALL DEPENDS ${out})
endfunction()
