# Unit tests of the metrics area: the vocabulary every tool reads.
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/metrics/registry_test.cpp
)
