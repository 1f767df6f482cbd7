# Unit tests of the optimize area: list each file explicitly.
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/optimize/abtest_test.cpp
  unit/optimize/bottlenecks_test.cpp
  unit/optimize/compare_test.cpp
  unit/optimize/search_test.cpp
  unit/optimize/front_choice_test.cpp
  unit/optimize/racing_test.cpp
  unit/optimize/sensitivity_test.cpp
)
