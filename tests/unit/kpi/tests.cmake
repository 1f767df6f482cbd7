# Unit tests of the kpi area: list each file explicitly.
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/kpi/timestamp_test.cpp
  unit/kpi/log_reader_test.cpp
  unit/kpi/metrics_test.cpp
  unit/kpi/kpi_tree_test.cpp
  unit/kpi/report_format_test.cpp
  unit/kpi/diff_test.cpp
  unit/kpi/log_lint_test.cpp
  unit/kpi/real_logs_test.cpp
  unit/kpi/spill_test.cpp
  unit/kpi/working_hours_test.cpp
)
