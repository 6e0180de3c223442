# Every third-party dependency comes from Debian bookworm (see ARCHITECTURE.md and README.md).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(Boost 1.81.0 EXACT REQUIRED CONFIG COMPONENTS json)
find_package(spdlog REQUIRED)
find_package(CLI11 REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(Protobuf REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
find_package(SQLite3 REQUIRED)
if(FLUENCE_TESTS)
  find_package(GTest REQUIRED)
endif()
if(FLUENCE_BENCH)
  find_package(benchmark REQUIRED)
endif()

# mimalloc (Debian's libmimalloc-dev) replaces glibc's malloc in our programs: the interpreter
# allocates many small objects per particle, and glibc's free/consolidate cost 15-30 % of a run
# (bench/RESULTS.md). Linked before libc, its malloc interposes process-wide. Not with the
# sanitizers, which bring their own allocator.
option(FLUENCE_MIMALLOC "link our programs with mimalloc when it is found" ON)
set(FLUENCE_MIMALLOC_LIBRARY "")
if(FLUENCE_MIMALLOC AND NOT FLUENCE_SANITIZE AND NOT FLUENCE_FUZZ)
  find_library(FLUENCE_MIMALLOC_LIBRARY_PATH NAMES mimalloc)
  if(FLUENCE_MIMALLOC_LIBRARY_PATH)
    set(FLUENCE_MIMALLOC_LIBRARY ${FLUENCE_MIMALLOC_LIBRARY_PATH})
  endif()
endif()

# Links `target` (an executable) with the fast allocator when there is one.
function(fluence_use_fast_allocator target)
  if(FLUENCE_MIMALLOC_LIBRARY)
    # First on the link line, so that its malloc is found before libc's.
    target_link_libraries(${target} PRIVATE ${FLUENCE_MIMALLOC_LIBRARY})
    target_link_options(${target} PRIVATE -Wl,--no-as-needed)
  endif()
endfunction()
