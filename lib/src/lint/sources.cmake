# Sources of the lint area: the rules of `bpm-design validate`, their configuration and reports.
target_sources(bpm_objects PRIVATE
  src/lint/lint.cpp
  src/lint/config.cpp
  src/lint/report.cpp
  src/lint/metric_names.cpp
  src/lint/rules_references.cpp
  src/lint/rules_flow.cpp
  src/lint/rules_gateways.cpp
  src/lint/rules_joins.cpp
  src/lint/rules_distributions.cpp
  src/lint/rules_capacity.cpp
  src/lint/rules_raci.cpp
  src/lint/rules_simulation.cpp
  src/lint/rules_governance.cpp
  src/lint/rules_unused.cpp
  src/lint/rules_members.cpp
  src/lint/rules_timers.cpp
  src/lint/rules_batches.cpp
  src/lint/rules_data.cpp
)
