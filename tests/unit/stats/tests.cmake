# Unit tests of the stats area: list each file explicitly.
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/stats/exact_sum_test.cpp
  unit/stats/histogram_test.cpp
  unit/stats/running_stats_test.cpp
  unit/stats/student_t_test.cpp
  unit/stats/time_series_test.cpp
)
# p-values and multiple-comparison corrections of the optimisation reports.
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/stats/hypothesis_test.cpp
)
