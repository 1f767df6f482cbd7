# Unit tests of the sim area: list each file explicitly.
list(APPEND BPM_UNIT_TEST_SOURCES
)
