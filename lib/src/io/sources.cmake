# Sources of the io area: atomic output files, streaming input, CSV, terminal output.
target_sources(bpm_objects PRIVATE
  src/io/csv.cpp
  src/io/input.cpp
  src/io/io_error.cpp
  src/io/output_file.cpp
  src/io/signal_cleanup.cpp
  src/io/temp_file.cpp
  src/io/terminal.cpp
  src/io/xml_escape.cpp
  src/io/yaml_limits.cpp
)
