# The fuzz targets without libFuzzer (included by tests/CMakeLists.txt when BPM_FUZZ is off): each
# tests/fuzz/fuzz_NAME.cpp is linked with replay_main.cpp, and ctest ("fuzz-replay: NAME") feeds
# it the inputs the fuzzers once failed on (tests/fuzz/regressions/NAME/) and its seeds (small
# ones in tests/data/fuzz/, the sample processes, the BPMN test files). So CI checks that every
# finding stays fixed without clang or a fuzzing run.
# NAME:SEEDS... with seed directories or globs relative to the source tree.
set(replay_targets
    "loader:processes/*.yaml:processes/invalid/*.yaml"
    "csv_log:tests/data/fuzz/csv"
    "discover:tests/data/logs/discover/*.csv"
    "xes_log:tests/data/fuzz/xes"
    "bpmn_import:tests/data/bpmn/*.bpmn"
    "summary:tests/data/fuzz/summary"
    "summary_yaml:tests/data/fuzz/summary"
    "expression:tests/data/fuzz/expression"
    "distribution:tests/data/fuzz/distribution"
    "timestamp:tests/data/fuzz/timestamp")
foreach(entry ${replay_targets})
  string(REPLACE ":" ";" parts ${entry})
  list(POP_FRONT parts name)
  add_executable(fuzz_replay_${name} ${CMAKE_CURRENT_LIST_DIR}/fuzz_${name}.cpp ${CMAKE_CURRENT_LIST_DIR}/replay_main.cpp)
  target_link_libraries(fuzz_replay_${name} PRIVATE bpm_objects pugixml::pugixml)
  target_include_directories(fuzz_replay_${name} PRIVATE ${PROJECT_SOURCE_DIR}/lib/src)
  bpm_set_warnings(fuzz_replay_${name})
  set(inputs "")
  if(IS_DIRECTORY ${CMAKE_CURRENT_LIST_DIR}/regressions/${name})
    list(APPEND inputs ${CMAKE_CURRENT_LIST_DIR}/regressions/${name})
  endif()
  foreach(seeds ${parts})
    if(IS_DIRECTORY ${PROJECT_SOURCE_DIR}/${seeds})
      list(APPEND inputs ${PROJECT_SOURCE_DIR}/${seeds})
    else()
      file(GLOB matches ${PROJECT_SOURCE_DIR}/${seeds})
      list(APPEND inputs ${matches})
    endif()
  endforeach()
  add_test(NAME "fuzz-replay: ${name}" COMMAND fuzz_replay_${name} ${inputs})
  set_tests_properties("fuzz-replay: ${name}" PROPERTIES TIMEOUT 300 LABELS fuzz-replay)
endforeach()
