// Parses a process through the installed library and prints its name and version.
#include <bpm/core/version.hpp>
#include <bpm/model/loader.hpp>
#include <iostream>

int main() {
  const bpm::Process p = bpm::parse_process(
      "process: consumer\narrivals: { every: exponential(10m) }\nstart: work\n"
      "steps:\n  work: { duration: 5m, next: done }\n  done: { end: ok }\n",
      "inline.yaml");
  std::cout << p.name << ' ' << p.steps.size() << ' ' << bpm::version() << '\n';
  return p.name == "consumer" ? 0 : 1;
}
