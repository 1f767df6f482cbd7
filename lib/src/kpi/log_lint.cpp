#include "bpm/kpi/log_lint.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "bpm/kpi/report_format.hpp"
#include "bpm/report/document.hpp"

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

report::Document log_lint_document(const LogLintResult& result) {
  using report::Value;
  report::Document doc({}, "bpm-kpi-lint/1");
  // For people, compiler-style lines first (file:line:col: severity: message [kind]), in file order.
  std::vector<Issue> findings = result.issues.examples();
  std::stable_sort(findings.begin(), findings.end(), [](const Issue& a, const Issue& b) {
    if (a.where.file != b.where.file) return a.where.file < b.where.file;
    return a.where.line < b.where.line;
  });
  std::vector<std::string> lines;
  for (const Issue& i : findings) {
    const std::string where = i.where.str();
    lines.push_back(fmt::format("{}{}: {} [{}]", where.empty() ? "" : where + ": ",
                                severity_name(issue_severity(i.kind)), i.message, issue_kind_name(i.kind)));
  }
  if (!lines.empty()) doc.text({}, std::move(lines));

  report::Node& sources = doc.tree("sources") = report::Node::list(true);
  for (const std::string& source : result.sources) sources.push(report::Node::string(source));
  for (const auto& [key, n] : {std::pair<const char*, std::uint64_t>{"rows", result.rows},
                               {"events", result.events},
                               {"cases", result.cases},
                               {"errors", result.errors},
                               {"warnings", result.warnings}}) {
    doc.field(key, Value::integer(static_cast<long long>(n)), report::kPrograms);
  }
  report::Node& counts = doc.tree("counts") = report::Node::map();
  report::Table& kinds = doc.table("counts", "Issues by kind", {{"kind"}, {"count"}, {"what"}}, report::kPeople);
  for (std::size_t k = 0; k < kIssueKinds; ++k) {
    const auto kind = static_cast<IssueKind>(k);
    const std::uint64_t n = result.issues.count_of(kind);
    if (n == 0) continue;
    counts.set(issue_kind_name(kind), report::Node::integer(n));
    kinds.add({Value::text(std::string(issue_kind_name(kind))), Value::integer(static_cast<long long>(n)),
               Value::text(std::string(issue_kind_description(kind)))});
  }
  if (kinds.rows.empty()) doc.blocks.pop_back();  // nothing to count: no empty table for people

  // For programs and CSV, every located finding in the order it was found.
  report::Table& located =
      doc.table("findings", "Findings", {{"kind"}, {"severity"}, {"file"}, {"line"}, {"column"}, {"message"}},
                report::kPrograms | report::kCsv);
  for (const Issue& i : result.issues.examples()) {
    located.add({Value::text(std::string(issue_kind_name(i.kind))),
                 Value::text(std::string(severity_name(issue_severity(i.kind)))), Value::text(i.where.file),
                 Value::integer(static_cast<long long>(i.where.line)),
                 Value::integer(static_cast<long long>(i.where.column)), Value::text(i.message)});
  }
  doc.text({}, {fmt::format("{} rows, {} events, {} cases: {} errors, {} warnings", result.rows, result.events,
                            result.cases, result.errors, result.warnings)});
  return doc;
}

void write_log_lint(std::ostream& out, const LogLintResult& result, report::Format format) {
  out << report::render(log_lint_document(result), format);
}

}  // namespace bpm::kpi
