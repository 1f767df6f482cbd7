#include <catch2/catch.hpp>

#include "bpm/core/error.hpp"
#include "bpm/lint/report.hpp"

namespace {

bpm::Diagnostic finding(const char* file, int line, int column, bpm::Severity severity, const char* message,
                        const char* rule) {
  bpm::Diagnostic d;
  d.where.file = file;
  d.where.line = line;
  d.where.column = column;
  d.severity = severity;
  d.message = message;
  d.rule = rule;
  return d;
}

std::vector<bpm::Diagnostic> sample() {
  std::vector<bpm::Diagnostic> out;
  out.push_back(
      finding("a.yaml", 3, 5, bpm::Severity::Error, "step 'x' continues to undefined step 'y'", "undefined-step"));
  out.push_back(finding("a.yaml", 9, 1, bpm::Severity::Warning, "50%, of: all", "process-owner"));
  out.push_back(finding("b.yaml", 0, 0, bpm::Severity::Info, "note", "unused-attribute"));
  return out;
}

}  // namespace

TEST_CASE("text report: one located line per finding", "[lint]") {
  CHECK(bpm::format_report(sample(), bpm::ReportFormat::Text) ==
        "a.yaml:3:5: error: step 'x' continues to undefined step 'y' [undefined-step]\n"
        "a.yaml:9:1: warning: 50%, of: all [process-owner]\n"
        "b.yaml: info: note [unused-attribute]\n");
  CHECK(bpm::format_report({}, bpm::ReportFormat::Text).empty());
}

TEST_CASE("json report: an array of objects", "[lint]") {
  const std::string json = bpm::format_report(sample(), bpm::ReportFormat::Json);
  CHECK(json.rfind(
            "[\n  {\n    \"file\": \"a.yaml\",\n    \"line\": 3,\n    \"column\": 5,\n    \"severity\": \"error\",",
            0) == 0);
  CHECK(json.find("\"rule\": \"unused-attribute\"") != std::string::npos);
  CHECK(bpm::format_report({}, bpm::ReportFormat::Json) == "[]\n");
}

TEST_CASE("github report: workflow commands with escaped properties and data", "[lint]") {
  CHECK(bpm::format_report(sample(), bpm::ReportFormat::Github) ==
        "::error file=a.yaml,line=3,col=5,title=undefined-step::step 'x' continues to undefined step 'y'\n"
        "::warning file=a.yaml,line=9,col=1,title=process-owner::50%25, of: all\n"
        "::notice file=b.yaml,title=unused-attribute::note\n");
}

TEST_CASE("report formats and summary", "[lint]") {
  CHECK(bpm::parse_report_format("github") == bpm::ReportFormat::Github);
  CHECK_THROWS_AS(bpm::parse_report_format("xml"), bpm::UsageError);
  const auto counts = bpm::count_findings(sample());
  CHECK(counts.errors == 1);
  CHECK(counts.warnings == 1);
  CHECK(counts.infos == 1);
  CHECK(bpm::summary_line(counts, 2) == "3 problems (1 error, 1 warning, 1 info) in 2 files");
  CHECK(bpm::summary_line({}, 1) == "no problems in 1 file");
}
