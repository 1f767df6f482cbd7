# Unit tests of the io area: list each file explicitly.
list(APPEND BPM_UNIT_TEST_SOURCES
  unit/io/csv_test.cpp
  unit/io/input_test.cpp
  unit/io/output_file_test.cpp
  unit/io/temp_file_test.cpp
  unit/io/terminal_test.cpp
  unit/io/yaml_limits_test.cpp
)
