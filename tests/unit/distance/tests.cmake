# Unit tests of the distance area: list each file explicitly.
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/distance/algorithms_test.cpp
  unit/distance/measures_test.cpp
  unit/distance/golden_test.cpp
)
