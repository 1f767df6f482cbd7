# Unit tests of the discover area: list each file explicitly.
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/discover/miner_test.cpp
  unit/discover/fit_test.cpp
  unit/discover/calendar_test.cpp
  unit/discover/loanapp_test.cpp
  unit/discover/data_test.cpp
  unit/discover/arrival_profile_test.cpp
  unit/discover/members_test.cpp
  unit/discover/calibrate_test.cpp
  unit/discover/validation_test.cpp
)
