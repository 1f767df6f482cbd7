# Sources of the optimize area: what-if comparison, bottlenecks, A/B tests and their reports.
target_sources(bpm_objects PRIVATE
  src/optimize/abtest.cpp
  src/optimize/bottlenecks.cpp
  src/optimize/compare.cpp
  src/optimize/document.cpp
  src/optimize/hadamard.cpp
  src/optimize/kpi_columns.cpp
  src/optimize/report.cpp
  src/optimize/sensitivity.cpp
  src/optimize/sensitivity_part.cpp
  src/optimize/sensitivity_plan.cpp
  src/optimize/sensitivity_report.cpp
  src/optimize/sensitivity_run.cpp
  src/optimize/tornado.cpp
  src/optimize/variants.cpp
  src/optimize/search.cpp
  src/optimize/search_documents.cpp
  src/optimize/search_report.cpp
  src/optimize/front_choice.cpp
)
