# Every application of the kit: one folder each, one line here.
set(KIT_APPS
  sched-demo
  sched-test
  platform-test
  netcheck
  tcp-echo
  mqtt-device
  playground
)
foreach(app ${KIT_APPS})
  add_subdirectory(${CMAKE_CURRENT_LIST_DIR}/${app} ${CMAKE_BINARY_DIR}/apps/${app})
endforeach()
