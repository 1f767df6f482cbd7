# Unit tests of the kpi area: list each file explicitly.
list(APPEND BPM_UNIT_TEST_SOURCES
)
