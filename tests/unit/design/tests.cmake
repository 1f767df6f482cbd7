# Unit tests of the design area (diagrams, BPMN interchange, RACI, playbooks, analytic model).
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/design/analytic_constructs_test.cpp
  unit/design/analytic_test.cpp
  unit/design/bpmn_corpus_test.cpp
  unit/design/bpmn_errors_test.cpp
  unit/design/bpmn_export_test.cpp
  unit/design/bpmn_import_test.cpp
  unit/design/bpmn_params_test.cpp
  unit/design/bpmn_assignment_test.cpp
  unit/design/bpmn_structure_test.cpp
  unit/design/raci_test.cpp
  unit/design/render_test.cpp
)
# The constructs of real processes (issue 13) in diagrams, BPMN and analyze.
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/design/constructs_views_test.cpp
)
