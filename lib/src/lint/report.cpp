#include "bpm/lint/report.hpp"

#include <fmt/format.h>

#include "bpm/core/error.hpp"
#include "bpm/lint/lint.hpp"
#include "bpm/report/document.hpp"

namespace bpm {
namespace {

/// GitHub's workflow-command escaping: data escapes %, CR and LF; properties also : and ,.
std::string github_escape(std::string_view text, bool property) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += property ? "%3A" : ":"; break;
      case ',': out += property ? "%2C" : ","; break;
      default: out += c;
    }
  }
  return out;
}

std::string github_line(const Diagnostic& d) {
  const char* command = d.severity == Severity::Error     ? "error"
                        : d.severity == Severity::Warning ? "warning"
                                                          : "notice";
  std::string properties;
  auto add = [&](std::string_view key, const std::string& value) {
    if (!properties.empty()) properties += ',';
    properties += fmt::format("{}={}", key, github_escape(value, true));
  };
  if (!d.where.file.empty()) add("file", d.where.file);
  if (d.where.line > 0) add("line", std::to_string(d.where.line));
  if (d.where.column > 0) add("col", std::to_string(d.where.column));
  if (!d.rule.empty()) add("title", d.rule);
  return fmt::format("::{}{}{}::{}\n", command, properties.empty() ? "" : " ", properties,
                     github_escape(d.message, false));
}

std::string plural(std::size_t n, std::string_view word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

}  // namespace

ReportFormat parse_report_format(std::string_view name) {
  if (name == "text") return ReportFormat::Text;
  if (name == "json") return ReportFormat::Json;
  if (name == "github") return ReportFormat::Github;
  throw UsageError(fmt::format("unknown format '{}' (use text, json or github)", name));
}

std::string format_report(const std::vector<Diagnostic>& diagnostics, ReportFormat format) {
  std::string out;
  switch (format) {
    case ReportFormat::Text:
      for (const auto& d : diagnostics) out += d.str() + '\n';
      break;
    case ReportFormat::Github:
      for (const auto& d : diagnostics) out += github_line(d);
      break;
    case ReportFormat::Json: {
      // A list of findings, as CI annotators read it, written by the one JSON writer of every tool.
      report::Node list = report::Node::list();
      for (const auto& d : diagnostics) {
        report::Node& finding = list.push(report::Node::map());
        finding.set("file", report::Node::string(d.where.file));
        finding.set("line", report::Node::integer(static_cast<std::int64_t>(d.where.line)));
        finding.set("column", report::Node::integer(static_cast<std::int64_t>(d.where.column)));
        finding.set("severity", report::Node::string(severity_name(d.severity)));
        finding.set("message", report::Node::string(d.message));
        finding.set("rule", report::Node::string(d.rule));
      }
      out = report::render_json(list);
      break;
    }
  }
  return out;
}

ReportCounts count_findings(const std::vector<Diagnostic>& diagnostics) noexcept {
  ReportCounts counts;
  for (const auto& d : diagnostics) {
    switch (d.severity) {
      case Severity::Error: ++counts.errors; break;
      case Severity::Warning: ++counts.warnings; break;
      case Severity::Info: ++counts.infos; break;
    }
  }
  return counts;
}

std::string summary_line(const ReportCounts& counts, std::size_t files) {
  const std::size_t total = counts.errors + counts.warnings + counts.infos;
  if (total == 0) return fmt::format("no problems in {}", plural(files, "file"));
  std::string detail = plural(counts.errors, "error") + ", " + plural(counts.warnings, "warning");
  if (counts.infos > 0) detail += ", " + std::to_string(counts.infos) + " info";
  return fmt::format("{} ({}) in {}", plural(total, "problem"), detail, plural(files, "file"));
}

std::string format_rule_list() {
  std::string out;
  for (const auto& rule : lint_rules()) {
    const char* level = rule.recommended == RuleLevel::Error  ? "error"
                        : rule.recommended == RuleLevel::Warn ? "warn"
                        : rule.recommended == RuleLevel::Info ? "info"
                                                              : "off";
    out += fmt::format("{:<24} {:<5}  {}\n", rule.id, level, rule.description);
  }
  return out;
}

}  // namespace bpm
