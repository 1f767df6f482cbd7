# Sources of the sim area.
target_sources(bpm_objects PRIVATE
)
# Summary documents of a simulation (YAML, JSON, table) and their reader.
target_sources(bpm_objects PRIVATE
  src/sim/summary.cpp
  src/sim/summary_write.cpp
  src/sim/summary_table.cpp
  src/sim/summary_read.cpp
  src/sim/summary_tree.cpp
)
# Sharded runs: which replications a shard runs, and merging its partial summaries.
target_sources(bpm_objects PRIVATE
  src/sim/shard.cpp
  src/sim/summary_merge.cpp
)
# The simulation engine: compile step, event loop, metrics, event log.
target_sources(bpm_objects PRIVATE
  src/sim/case_log_rows.cpp
  src/sim/compiled_model.cpp
  src/sim/duration_histogram.cpp
  src/sim/engine.cpp
  src/sim/engine_timers.cpp
  src/sim/engine_batch.cpp
  src/sim/engine_instances.cpp
  src/sim/event_log.cpp
  src/sim/log_format.cpp
  src/sim/xes_log.cpp
  src/sim/metrics.cpp
  src/sim/result.cpp
  src/sim/simulator.cpp
)
