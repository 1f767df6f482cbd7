# Unit tests of the monitor area: list each file explicitly.
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/monitor/process_map_test.cpp
  unit/monitor/conformance_test.cpp
  unit/monitor/funnel_test.cpp
  unit/monitor/segments_test.cpp
  unit/monitor/trend_test.cpp
  unit/monitor/live_test.cpp
  unit/monitor/dashboard_test.cpp
  unit/monitor/figures_test.cpp
)
