# Sources of the report area: one document type and its renderers, used by every tool.
target_sources(bpm_objects PRIVATE
  src/report/value.cpp
  src/report/node.cpp
  src/report/document.cpp
  src/report/text_render.cpp
)
