# Sources of the kpi area: event-log readers, KPI computation, KPI trees, reports.
target_sources(bpm_objects PRIVATE
  src/kpi/timestamp.cpp
  src/kpi/event_log.cpp
  src/kpi/case_assembler.cpp
  src/kpi/spill_file.cpp
  src/kpi/log_reader.cpp
  src/kpi/csv_log_reader.cpp
  src/kpi/xes_reader.cpp
  src/kpi/process_index.cpp
  src/kpi/accumulator.cpp
  src/kpi/accumulator_report.cpp
  src/kpi/analysis.cpp
  src/kpi/kpi_tree.cpp
  src/kpi/report.cpp
  src/kpi/report_reader.cpp
  src/kpi/report_sections.cpp
  src/kpi/report_text.cpp
  src/kpi/report_document.cpp
  src/kpi/report_html.cpp
  src/kpi/svg_chart.cpp
  src/kpi/diff.cpp
  src/kpi/log_lint.cpp
  src/kpi/working_hours.cpp
)
