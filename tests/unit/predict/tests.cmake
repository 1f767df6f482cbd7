# Unit tests of the predict area: list each file explicitly.
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/predict/apply_test.cpp
  unit/predict/case_facts_test.cpp
  unit/predict/logistic_test.cpp
  unit/predict/metrics_test.cpp
  unit/predict/recovery_test.cpp
  unit/predict/train_test.cpp
)
