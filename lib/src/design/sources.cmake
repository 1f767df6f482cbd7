# Process views and interoperability (bpm-design render/export/import/raci/playbook/analyze).
target_sources(bpm PRIVATE
  src/design/diagram_style.cpp
  src/design/flow_graph.cpp
  src/design/graphviz.cpp
  src/design/labels.cpp
  src/design/render.cpp
  src/design/render_dot.cpp
  src/design/render_mermaid.cpp
)
