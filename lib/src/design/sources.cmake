# Process views and interoperability (bpm-design render/export/import/raci/playbook/analyze).
target_sources(bpm_objects PRIVATE
  src/design/diagram_style.cpp
  src/design/flow_graph.cpp
  src/design/graphviz.cpp
  src/design/labels.cpp
  src/design/render.cpp
  src/design/render_dot.cpp
  src/design/render_mermaid.cpp
)
# BPMN 2.0 XML export and import.
target_sources(bpm_objects PRIVATE
  src/design/bpmn_conditions.cpp
  src/design/bpmn_errors.cpp
  src/design/bpmn_export.cpp
  src/design/bpmn_graph.cpp
  src/design/bpmn_import.cpp
  src/design/bpmn_layout.cpp
  src/design/bpsim.cpp
  src/design/dist_text.cpp
  src/design/external_params.cpp
  src/design/prosimos.cpp
  src/design/qbp.cpp
)
# RACI matrix, role playbooks and the analytic queueing model.
target_sources(bpm_objects PRIVATE
  src/design/analytic.cpp
  src/design/analytic_format.cpp
  src/design/analytic_notes.cpp
  src/design/playbook.cpp
  src/design/raci.cpp
)
