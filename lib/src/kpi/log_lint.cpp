#include "bpm/kpi/log_lint.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bpm/kpi/report_format.hpp"

namespace bpm::kpi {

Severity issue_severity(IssueKind kind) noexcept {
  switch (kind) {
    case IssueKind::UnmatchedStart:
    case IssueKind::UnmatchedComplete:
    case IssueKind::IgnoredLifecycle:
    case IssueKind::CaseWithoutEnd: return Severity::Warning;
    default: return Severity::Error;
  }
}

LogLintResult lint_log(const std::vector<std::string>& paths, const AnalysisOptions& options) {
  LogInfo info;
  KpiAccumulator accumulator(options, info);
  read_logs(paths, options.log, info, accumulator);
  const Report report = accumulator.report();
  LogLintResult result;
  result.sources = paths;
  result.rows = info.rows;
  result.events = info.events;
  result.cases = info.cases;
  result.issues = report.issues;
  const double open = report.value("cases.in_flight") * report.replications;
  if (open > 0) {
    IssueLog cases;
    for (const auto& [id, where] : report.in_flight_examples) {
      cases.add(IssueKind::CaseWithoutEnd, where,
                fmt::format(
                    "case '{}' has no end (no outcome, unfinished work or a last activity that leads to no end)", id));
    }
    const auto rest = static_cast<std::uint64_t>(open) -
                      std::min<std::uint64_t>(static_cast<std::uint64_t>(open), report.in_flight_examples.size());
    cases.count(IssueKind::CaseWithoutEnd, rest);
    result.issues.merge(cases);
  }
  if (report.conformance.checked) {
    // Counted per event by the report; one example per activity name here.
    for (const auto& [name, count] : report.conformance.unknown_activities) {
      result.issues.add_example(IssueKind::UnknownActivity, Location{paths.empty() ? "" : paths.front(), 0, 0},
                                fmt::format("activity '{}' ({} events) is not a step of the process", name, count));
    }
  }
  for (std::size_t k = 0; k < kIssueKinds; ++k) {
    const auto kind = static_cast<IssueKind>(k);
    (issue_severity(kind) == Severity::Error ? result.errors : result.warnings) += result.issues.count_of(kind);
  }
  return result;
}

void write_log_lint(std::ostream& out, const LogLintResult& result, bool json) {
  if (json) {
    nlohmann::ordered_json doc;
    doc["format"] = "bpm-kpi-lint/1";
    doc["sources"] = result.sources;
    doc["rows"] = result.rows;
    doc["events"] = result.events;
    doc["cases"] = result.cases;
    doc["errors"] = result.errors;
    doc["warnings"] = result.warnings;
    nlohmann::ordered_json counts = nlohmann::ordered_json::object();
    for (std::size_t k = 0; k < kIssueKinds; ++k) {
      const auto kind = static_cast<IssueKind>(k);
      if (result.issues.count_of(kind) > 0) counts[issue_kind_name(kind)] = result.issues.count_of(kind);
    }
    doc["counts"] = std::move(counts);
    nlohmann::ordered_json findings = nlohmann::ordered_json::array();
    for (const Issue& i : result.issues.examples()) {
      findings.push_back({{"kind", issue_kind_name(i.kind)},
                          {"severity", severity_name(issue_severity(i.kind))},
                          {"file", i.where.file},
                          {"line", i.where.line},
                          {"column", i.where.column},
                          {"message", i.message}});
    }
    doc["findings"] = std::move(findings);
    out << doc.dump(2) << '\n';
    return;
  }
  std::vector<Issue> findings = result.issues.examples();
  std::stable_sort(findings.begin(), findings.end(), [](const Issue& a, const Issue& b) {
    if (a.where.file != b.where.file) return a.where.file < b.where.file;
    return a.where.line < b.where.line;
  });
  for (const Issue& i : findings) {
    const std::string where = i.where.str();
    out << (where.empty() ? "" : where + ": ") << severity_name(issue_severity(i.kind)) << ": " << i.message << " ["
        << issue_kind_name(i.kind) << "]\n";
  }
  for (std::size_t k = 0; k < kIssueKinds; ++k) {
    const auto kind = static_cast<IssueKind>(k);
    const std::uint64_t n = result.issues.count_of(kind);
    if (n == 0) continue;
    out << fmt::format("{:>10}  {:<20} {}\n", format_value(static_cast<double>(n), Unit::Count), issue_kind_name(kind),
                       issue_kind_description(kind));
  }
  out << fmt::format("{} rows, {} events, {} cases: {} errors, {} warnings\n", result.rows, result.events, result.cases,
                     result.errors, result.warnings);
}

}  // namespace bpm::kpi
