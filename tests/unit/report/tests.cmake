# Unit tests of the report area: one document type, five renderers.
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/report/document_test.cpp
)
