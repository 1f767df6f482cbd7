# Unit tests of the lint area: list each file explicitly.
list(APPEND BPM_UNIT_TEST_SOURCES
)
