# Unity builds (cmake -DCMAKE_UNITY_BUILD=ON) compile batches of sources as one translation unit,
# which parses the heavy headers (yaml-cpp, fmt, Eigen, Catch2) once per batch instead of once per
# file: the sanitizer stage of `scripts/dev test` uses one to fit CI's time on 2 cores. Sources
# that define the same internal name (a kNaN or a test helper in an anonymous namespace) cannot
# share a batch, so these are compiled on their own. A new clash shows only in a unity build, as
# "redefinition of" or "... is ambiguous": add the files of both definitions below (scripts/dev
# falls back to a file-by-file build when the unity build fails, so CI stays correct, only slower).
set(BPM_UNITY_SKIP
    lib/src/core/suggest.cpp
    lib/src/core/time.cpp
    lib/src/design/analytic_format.cpp
    lib/src/design/bpmn_export.cpp
    lib/src/design/bpmn_import.cpp
    lib/src/design/bpsim.cpp
    lib/src/design/external_params.cpp
    lib/src/discover/arrival_profile.cpp
    lib/src/discover/calendar_discovery.cpp
    lib/src/kpi/accumulator.cpp
    lib/src/kpi/accumulator_report.cpp
    lib/src/kpi/case_assembler.cpp
    lib/src/kpi/csv_log_reader.cpp
    lib/src/kpi/kpi_tree.cpp
    lib/src/kpi/report_reader.cpp
    lib/src/kpi/timestamp.cpp
    lib/src/kpi/xes_reader.cpp
    lib/src/lint/metric_names.cpp
    lib/src/lint/rules_references.cpp
    lib/src/model/calendar.cpp
    lib/src/model/data_moments.cpp
    lib/src/model/distribution.cpp
    lib/src/model/distribution_moments.cpp
    lib/src/model/expression.cpp
    lib/src/model/override.cpp
    lib/src/model/yaml_reader.cpp
    lib/src/monitor/conformance.cpp
    lib/src/monitor/conformance_render.cpp
    lib/src/monitor/funnel.cpp
    lib/src/monitor/funnel_render.cpp
    lib/src/monitor/map_render.cpp
    lib/src/monitor/process_map.cpp
    lib/src/monitor/segments.cpp
    lib/src/monitor/segments_render.cpp
    lib/src/monitor/stalls.cpp
    lib/src/monitor/stalls_render.cpp
    lib/src/monitor/trend.cpp
    lib/src/monitor/trend_render.cpp
    lib/src/optimize/search_report.cpp
    lib/src/optimize/sensitivity_part.cpp
    lib/src/optimize/sensitivity_report.cpp
    lib/src/optimize/tornado.cpp
    lib/src/predict/attach.cpp
    lib/src/predict/case_facts.cpp
    lib/src/predict/case_table.cpp
    lib/src/predict/score_model.cpp
    lib/src/sim/engine.cpp
    lib/src/sim/metrics.cpp
    lib/src/sim/summary_read.cpp
    lib/src/sim/summary_write.cpp
    lib/src/stats/histogram.cpp
    lib/src/stats/hypothesis.cpp
    lib/src/stats/running_stats.cpp
    tests/unit/design/bpmn_assignment_test.cpp
    tests/unit/design/bpmn_import_test.cpp
    tests/unit/design/bpmn_structure_test.cpp
    tests/unit/discover/arrival_profile_test.cpp
    tests/unit/discover/calendar_test.cpp
    tests/unit/discover/members_test.cpp
    tests/unit/distance/golden_test.cpp
    tests/unit/distance/measures_test.cpp
    tests/unit/kpi/working_hours_test.cpp
    tests/unit/lint/report_test.cpp
    tests/unit/model/constructs_format_test.cpp
    tests/unit/model/distribution_moments_test.cpp
    tests/unit/model/distribution_test.cpp
    tests/unit/model/expression_test.cpp
    tests/unit/model/fragments_test.cpp
    tests/unit/model/optimize_section_test.cpp
    tests/unit/model/routing_analysis_test.cpp
    tests/unit/model/writer_test.cpp
    tests/unit/monitor/funnel_test.cpp
    tests/unit/monitor/process_map_test.cpp
    tests/unit/optimize/compare_test.cpp
    tests/unit/optimize/racing_test.cpp
    tests/unit/optimize/search_test.cpp
    tests/unit/predict/case_facts_test.cpp
    tests/unit/report/document_test.cpp
    tests/unit/sim/summary_merge_test.cpp
    tests/unit/sim/summary_test.cpp
    tests/unit/sim/summary_tree_test.cpp
    tests/unit/stats/histogram_test.cpp
    tests/unit/stats/student_t_test.cpp
)
if(CMAKE_UNITY_BUILD)
  list(TRANSFORM BPM_UNITY_SKIP PREPEND ${PROJECT_SOURCE_DIR}/)
  set(unity_directories ${PROJECT_SOURCE_DIR}/lib)
  if(BPM_TESTS)
    list(APPEND unity_directories ${PROJECT_SOURCE_DIR}/tests)
  endif()
  set_source_files_properties(${BPM_UNITY_SKIP} DIRECTORY ${unity_directories} PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
endif()
