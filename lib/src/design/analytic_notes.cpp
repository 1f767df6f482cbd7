// What the analytic model cannot express: constructs of the process whose effect on waits and
// cycle times has no closed form, named so that `bpm-design analyze` says so instead of silently
// giving a number for a different process.
#include <fmt/format.h>

#include "bpm/design/analytic.hpp"

namespace bpm {

namespace {

/// True when a pool's members differ in speed or hours: M/M/c assumes identical servers.
bool heterogeneous(const Resource& r) {
  for (const Member& m : r.members) {
    if (m.speed != r.members.front().speed || m.calendar != r.members.front().calendar) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> analytic_limits(const Process& process) {
  std::vector<std::string> out;
  for (const Resource& r : process.resources) {
    if (!r.members.empty() && heterogeneous(r)) {
      out.push_back(fmt::format("pool '{}': its members differ in speed or hours; capacity and offered load "
                                "count each member's, but M/M/c waits assume {} identical servers (no closed "
                                "form for unequal servers)",
                                r.id, r.members.size()));
    }
  }
  return out;
}

}  // namespace bpm
