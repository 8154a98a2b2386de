# cmake -P script run by ctest: install scrisk to a scratch prefix, build the consumer
# project against it with find_package(scrisk) and with pkg-config, and run both on the
# minimal example. With -DSHARED=ON it first builds scrisk itself as a shared library
# (BUILD_SHARED_LIBS, library only) from PROJECT_DIR and installs that instead.
file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")
function(step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "failed (${result}): ${ARGN}\n${out}")
  endif()
  set(step_output "${out}" PARENT_SCOPE)
endfunction()
set(flags "")
if(SANITIZE)  # a sanitized libscrisk needs the sanitizer runtimes at the consumer's link
  set(flags "-fsanitize=address,undefined")
endif()

if(SHARED)
  step("${CMAKE_COMMAND}" -S "${PROJECT_DIR}" -B "${WORK_DIR}/scrisk-build" -G "${GENERATOR}" -DCMAKE_BUILD_TYPE=${BUILD_TYPE}
       -DBUILD_SHARED_LIBS=ON -DSCRISK_BUILD_TESTS=OFF -DSCRISK_BUILD_BENCH=OFF -DSCRISK_BUILD_PYTHON=OFF
       -DSCRISK_WERROR=ON)
  step("${CMAKE_COMMAND}" --build "${WORK_DIR}/scrisk-build")
  step("${CMAKE_COMMAND}" --install "${WORK_DIR}/scrisk-build" --prefix "${prefix}")
  file(GLOB shared_library "${prefix}/lib*/libscrisk.so*" "${prefix}/lib/*/libscrisk.so*")
  if(NOT shared_library)
    message(FATAL_ERROR "BUILD_SHARED_LIBS=ON installed no libscrisk.so under ${prefix}")
  endif()
else()
  step("${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${prefix}" --config "${BUILD_TYPE}")
endif()

step("${CMAKE_COMMAND}" -S "${SOURCE_DIR}" -B "${WORK_DIR}/build" -G "${GENERATOR}"
     -DCMAKE_BUILD_TYPE=${BUILD_TYPE} "-DCMAKE_PREFIX_PATH=${prefix}" "-DCMAKE_CXX_FLAGS=${flags}")
# find_package(scrisk) says nothing of its own dependencies' lookup.
if(step_output MATCHES "Checking for module|Found clp|pkg_check_modules")
  message(FATAL_ERROR "the package config printed its dependency lookup into the consumer's configure:\n${step_output}")
endif()
step("${CMAKE_COMMAND}" --build "${WORK_DIR}/build")
step("${WORK_DIR}/build/consumer" "${SOURCE_DIR}/../../examples/minimal.textproto")

# The same program from pkg-config alone (scrisk.pc next to the library).
file(GLOB_RECURSE pc_file "${prefix}/scrisk.pc")
if(NOT pc_file)
  message(FATAL_ERROR "no scrisk.pc installed under ${prefix}")
endif()
get_filename_component(pc_dir "${pc_file}" DIRECTORY)
set(ENV{PKG_CONFIG_PATH} "${pc_dir}")
set(pc_args --cflags --libs scrisk)
if(NOT SHARED)
  list(PREPEND pc_args --static)
endif()
step(pkg-config ${pc_args})
string(STRIP "${step_output}" pc_flags)
separate_arguments(pc_flags UNIX_COMMAND "${pc_flags}")
separate_arguments(extra UNIX_COMMAND "${flags}")
get_filename_component(lib_dir "${pc_dir}" DIRECTORY)
step("${CXX}" -std=c++20 ${extra} "${SOURCE_DIR}/main.cpp" -o "${WORK_DIR}/consumer-pc" ${pc_flags} "-Wl,-rpath,${lib_dir}")
step("${WORK_DIR}/consumer-pc" "${SOURCE_DIR}/../../examples/minimal.textproto")
