# Unit tests of the metrics area: the vocabulary every tool reads.
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/metrics/registry_test.cpp
  unit/metrics/agreement_test.cpp
  unit/metrics/waiting_test.cpp
)
