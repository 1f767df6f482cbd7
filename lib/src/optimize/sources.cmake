# Sources of the optimize area: what-if comparison, bottlenecks, A/B tests and their reports.
target_sources(bpm PRIVATE
  src/optimize/abtest.cpp
  src/optimize/bottlenecks.cpp
  src/optimize/compare.cpp
  src/optimize/document.cpp
  src/optimize/report.cpp
)
