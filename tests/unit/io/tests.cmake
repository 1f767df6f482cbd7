# Unit tests of the io area: list each file explicitly.
list(APPEND BPM_UNIT_TEST_SOURCES
)
