# Unit tests of the lint area: list each file explicitly.
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/lint/lint_test.cpp
  unit/lint/config_test.cpp
  unit/lint/report_test.cpp
  unit/lint/rules_references_test.cpp
  unit/lint/rules_flow_test.cpp
  unit/lint/rules_gateways_test.cpp
  unit/lint/rules_joins_test.cpp
  unit/lint/rules_distributions_test.cpp
  unit/lint/rules_capacity_test.cpp
  unit/lint/rules_raci_test.cpp
  unit/lint/rules_governance_test.cpp
  unit/lint/rules_members_test.cpp
  unit/lint/rules_timers_test.cpp
  unit/lint/rules_arrivals_test.cpp
  unit/lint/rules_data_test.cpp
)
