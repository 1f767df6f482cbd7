#define CATCH_CONFIG_MAIN
// No CATCH_CONFIG_ENABLE_BENCHMARKING here: it changes Catch's interfaces, so defining it in this
// file alone (and not in the test files) breaks the One Definition Rule: INFO() then calls the
// wrong virtual function (garbled output; a stack-buffer-overflow under ASan). Define it for the
// whole target if benchmarks are ever wanted.
#include <catch2/catch.hpp>
