# Unit tests of the sim area: list each file explicitly.
list(APPEND BPM_UNIT_TEST_SOURCES
)
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/sim/summary_test.cpp
  unit/sim/summary_tree_test.cpp
)
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/sim/shard_test.cpp
  unit/sim/summary_merge_test.cpp
)
# The simulation engine and its theory tests.
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/sim/case_log_rows_test.cpp
  unit/sim/engine_calendar_test.cpp
  unit/sim/engine_compile_test.cpp
  unit/sim/engine_determinism_test.cpp
  unit/sim/engine_histogram_test.cpp
  unit/sim/engine_log_test.cpp
  unit/sim/xes_log_test.cpp
  unit/sim/engine_run_test.cpp
  unit/sim/theory_flow_test.cpp
  unit/sim/theory_queue_test.cpp
  unit/sim/theory_intervals_test.cpp
  unit/sim/members_test.cpp
  unit/sim/several_pools_test.cpp
  unit/sim/arrivals_test.cpp
  unit/sim/data_test.cpp
  unit/sim/theory_ci_test.cpp
)
# Constructs of real processes (issue 13): ends of one branch, timeouts, abandonment, batches.
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/sim/branch_end_test.cpp
)
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/sim/timers_test.cpp
)
# Common random numbers per construct: one step's construct leaves another step's draws alone.
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/sim/crn_constructs_test.cpp
  unit/sim/bounds_test.cpp
)
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/sim/batch_test.cpp
)
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/sim/instances_test.cpp
)
# Per-case priorities (ranked queues) and computed attributes.
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/sim/engine_ranked_queue_test.cpp
)
# Constructs combined: timers of tasks several pools can do; waiting accounting of the constructs.
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/sim/timers_pools_test.cpp
  unit/sim/waiting_constructs_test.cpp
)
