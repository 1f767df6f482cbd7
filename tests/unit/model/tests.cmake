# Unit tests of the model area: list each file explicitly.
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/model/expression_test.cpp
  unit/model/calendar_test.cpp
  unit/model/distribution_test.cpp
  unit/model/distribution_moments_test.cpp
)
# Canonical writer and embedded templates.
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/model/writer_test.cpp
  unit/model/templates_test.cpp
)
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/model/override_test.cpp
)
# Computed attributes and per-case priorities (what a score from bpm-optimize score needs).
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/model/attribute_formula_test.cpp
)
# The loader's reading of the format's constructs and its located errors.
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/model/loader_test.cpp
)
# Analytic routing model (expected visits, outcomes, offered load).
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/model/routing_analysis_test.cpp
)
# The optimize: section of bpm-optimize search (loader, writer, lint).
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/model/optimize_section_test.cpp
)
# The format of the constructs of real processes (issue 13).
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/model/constructs_format_test.cpp
)
# Sub-processes: fragments and call steps (issue 13).
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/model/fragments_test.cpp
)
