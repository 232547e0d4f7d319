# cmake -P script: links tiny images with the kit's flags and a chip's linker script.
#   no_alloc.c            must link (the control: the setup itself works)
#   calls_{malloc,free,calloc}.c  must fail, and because of the no-heap ASSERT, not anything else
set(MESSAGE "heap use is forbidden in firmware")
file(MAKE_DIRECTORY ${WORK})
separate_arguments(_cpu UNIX_COMMAND "${CPU_FLAGS}")

function(link_image name result_var output_var)
  execute_process(
    COMMAND ${CC} ${_cpu} -Os -nostartfiles --specs=nano.specs -Wl,--gc-sections
            -Wl,--no-warn-rwx-segments -T${SCRIPT} -L${INCLUDE_DIR}
            ${SOURCES}/${name}.c -o ${WORK}/${name}.elf
    RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(${result_var} ${result} PARENT_SCOPE)
  set(${output_var} "${out}${err}" PARENT_SCOPE)
endfunction()

link_image(no_alloc result output)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "control image without allocation failed to link with ${SCRIPT}:\n${output}")
endif()
if(output MATCHES "${MESSAGE}")
  message(FATAL_ERROR "control image tripped the no-heap check:\n${output}")
endif()

foreach(name calls_malloc calls_free calls_calloc)
  link_image(${name} result output)
  if(result EQUAL 0)
    message(FATAL_ERROR "${name}.c linked with ${SCRIPT}: the no-heap rule did not hold")
  endif()
  if(NOT output MATCHES "${MESSAGE}")
    message(FATAL_ERROR "${name}.c failed to link, but not with the no-heap message:\n${output}")
  endif()
  message(STATUS "${name}: refused as expected")
endforeach()
