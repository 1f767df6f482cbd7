# Sources of the metrics area: the metric vocabulary shared by every tool.
target_sources(bpm_objects PRIVATE
  src/metrics/unit.cpp
  src/metrics/registry.cpp
  src/metrics/process_metrics.cpp
  src/metrics/reference.cpp
  src/metrics/waiting.cpp
)
