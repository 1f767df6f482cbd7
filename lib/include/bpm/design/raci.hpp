#pragma once
// RACI matrix and role playbooks (`bpm-design raci`, `bpm-design playbook`): the Design stage's
// who-does-what, and the Execute stage's work instructions per role.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/model/process.hpp"

namespace bpm {

/// One step of the matrix: its duty letters per role ("R", "A", "RA", "C", "I" or "") and what
/// is wrong with it ("no R", "no A", "2 A": RACI wants someone responsible and exactly one
/// accountable).
struct BPM_API RaciRow {
  std::string step;
  std::vector<std::string> cells;  // per RaciMatrix::roles
  std::vector<std::string> issues;
};

/// Steps (tasks, and waits with a RACI) × roles. A task's responsible role is its RACI's, else its
/// resource's role. Roles are the declared ones in file order, then any undeclared role a RACI
/// names.
struct BPM_API RaciMatrix {
  std::vector<std::string> roles;
  std::vector<RaciRow> rows;
};

[[nodiscard]] BPM_API RaciMatrix raci_matrix(const Process& process);

enum class RaciFormat : std::uint8_t { Table, Markdown, Csv };

/// "table", "markdown" or "csv"; throws UsageError otherwise.
[[nodiscard]] BPM_API RaciFormat parse_raci_format(std::string_view name);

[[nodiscard]] BPM_API std::string format_raci(const RaciMatrix& matrix, RaciFormat format);

/// A Markdown work instruction for one role: the steps it does in the order a case meets them
/// (with durations, how often per case, where the work comes from and goes), what it is
/// accountable for, consulted on and informed about, and the SLAs and targets its work affects.
/// Throws UsageError for a role the process neither declares nor uses.
[[nodiscard]] BPM_API std::string playbook_markdown(const Process& process, std::string_view role);

}  // namespace bpm
