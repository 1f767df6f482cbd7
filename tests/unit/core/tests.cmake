# Unit tests of the core area: list each file explicitly.
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/core/error_test.cpp
  unit/core/time_test.cpp
  unit/core/random_test.cpp
  unit/core/utf8_test.cpp
)
