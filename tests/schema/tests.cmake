# The JSON Schema of the process format against every sample process and template, plus inline files
# it must reject. Include from tests/CMakeLists.txt: include(schema/tests.cmake)
# Debian's interpreter on purpose: python3-jsonschema and python3-yaml are installed for it.
find_program(BPM_SYSTEM_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(BPM_SYSTEM_PYTHON)
  add_test(NAME "schema: samples and templates validate"
           COMMAND ${BPM_SYSTEM_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/schema/check_samples.py ${PROJECT_SOURCE_DIR})
else()
  message(WARNING "/usr/bin/python3 not found: the schema test is not registered")
endif()
