# Build rules shared by every module, app and board.
#
# A board's board.cmake sets, before project():
#   BOARD_CROSS          ON for arm-none-eabi boards
#   BOARD_CPU_FLAGS      -mcpu=... -mfpu=... -mfloat-abi=...
#   BOARD_CHIP           chip folder name (chips/<chip>) or "native"
#   BOARD_LINKER_SCRIPT  the chip's linker script (cross boards)
#   BOARD_SOURCES        the board's own files (relative to boards/<board>)
#   BOARD_DEFINES        extra compile definitions

set(KIT_ROOT ${CMAKE_CURRENT_LIST_DIR}/..)
get_filename_component(KIT_ROOT ${KIT_ROOT} ABSOLUTE)
set(KIT_BOARD_DIR ${KIT_ROOT}/boards/${BOARD})
set(CMAKE_RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR})

string(REPLACE "-" "_" _board_id "${BOARD}")
string(TOUPPER "${_board_id}" _board_id)
add_compile_definitions(BOARD_NAME="${BOARD}" BOARD_${_board_id}=1 ${BOARD_DEFINES})
add_compile_options(-Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
                    -Wno-missing-field-initializers -ffunction-sections -fdata-sections -g)

if(BOARD_CROSS)
  # KIT_LTO=OFF keeps every object's code its own in the map: for attributing flash to modules
  # (bench/size_by_module.sh), not for shipping.
  option(KIT_LTO "Link-time optimisation of cross images" ON)
  set(_lto "")
  if(KIT_LTO)
    set(_lto -flto -ffat-lto-objects)
  endif()
  set(KIT_OPT -Os CACHE STRING "Optimisation of cross images")
  separate_arguments(_cpu UNIX_COMMAND "${BOARD_CPU_FLAGS}")
  separate_arguments(_opt UNIX_COMMAND "${KIT_OPT}")
  add_compile_options(${_cpu} ${_opt} ${_lto} -fno-common -fstack-usage)
  add_link_options(${_cpu} ${_opt} ${_lto} -nostartfiles --specs=nano.specs -Wl,--gc-sections
                   -Wl,--no-warn-rwx-segments)
  add_compile_definitions(KIT_CROSS=1)
else()
  # Native: a Linux process. KIT_SANITIZE=address,undefined builds the sanitizer flavour.
  set(KIT_SANITIZE "" CACHE STRING "Sanitizers for native builds (e.g. address,undefined)")
  add_compile_options(-O2)
  add_compile_definitions(KIT_NATIVE=1 _GNU_SOURCE)
  if(KIT_SANITIZE)
    add_compile_options(-fsanitize=${KIT_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
    add_link_options(-fsanitize=${KIT_SANITIZE})
  endif()
endif()

# Version header, refreshed on every build (git describe), so the boot banner never lies.
add_custom_target(kit_version
  COMMAND ${CMAKE_COMMAND} -DOUT=${CMAKE_BINARY_DIR}/generated/kit_version.h -DSRC=${KIT_ROOT}
          -DPROJECT_VERSION=${PROJECT_VERSION} -P ${KIT_ROOT}/cmake/version.cmake
  BYPRODUCTS ${CMAKE_BINARY_DIR}/generated/kit_version.h)
include_directories(${CMAKE_BINARY_DIR}/generated)

# kit_library(NAME SOURCES ... [PUBLIC_INCLUDE dirs] [DEPS libs])
function(kit_library name)
  cmake_parse_arguments(A "" "" "SOURCES;PUBLIC_INCLUDE;DEPS" ${ARGN})
  add_library(${name} STATIC ${A_SOURCES})
  if(A_PUBLIC_INCLUDE)
    target_include_directories(${name} PUBLIC ${A_PUBLIC_INCLUDE})
  endif()
  if(A_DEPS)
    target_link_libraries(${name} PUBLIC ${A_DEPS})
  endif()
  add_dependencies(${name} kit_version)
endfunction()

# kit_add_app(NAME SOURCES ... [DEPS libs])
# Produces build/<board>/<name>.elf (+ .bin, .hex, .map, size report) or build/native/<name>.
function(kit_add_app name)
  cmake_parse_arguments(A "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${A_SOURCES})
  target_link_libraries(${name} PRIVATE ${A_DEPS} board)
  add_dependencies(${name} kit_version)
  if(BOARD_CROSS)
    target_link_options(${name} PRIVATE -T${BOARD_LINKER_SCRIPT}
      -Wl,-Map=${CMAKE_BINARY_DIR}/${name}.map -Wl,--print-memory-usage)
    set_target_properties(${name} PROPERTIES LINK_DEPENDS ${BOARD_LINKER_SCRIPT})
    add_custom_command(TARGET ${name} POST_BUILD
      COMMAND ${CMAKE_OBJCOPY} -O binary $<TARGET_FILE:${name}> ${CMAKE_BINARY_DIR}/${name}.bin
      COMMAND ${CMAKE_OBJCOPY} -O ihex $<TARGET_FILE:${name}> ${CMAKE_BINARY_DIR}/${name}.hex
      COMMAND ${CMAKE_SIZE} $<TARGET_FILE:${name}> > ${CMAKE_BINARY_DIR}/${name}.size
      COMMAND ${CMAKE_SIZE} -A $<TARGET_FILE:${name}> >> ${CMAKE_BINARY_DIR}/${name}.size
      BYPRODUCTS ${CMAKE_BINARY_DIR}/${name}.bin ${CMAKE_BINARY_DIR}/${name}.hex
                 ${CMAKE_BINARY_DIR}/${name}.size
      VERBATIM)
  endif()
endfunction()

# The fuzz tree instruments every library for coverage (and ASan/UBSan) so libFuzzer sees inside.
option(KIT_FUZZ "Build the libFuzzer targets (clang, native board only)" OFF)
if(KIT_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
