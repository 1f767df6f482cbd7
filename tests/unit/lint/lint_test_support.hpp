#pragma once
// Helpers of the lint tests: parse an inline process, lint it, pick one rule's findings.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/lint/lint.hpp"
#include "bpm/model/loader.hpp"

namespace bpm::test {

/// The inline YAML of a test, without the newline that follows R"( so that line 1 is the first
/// line written.
inline std::string yaml_text(std::string_view yaml) {
  if (!yaml.empty() && yaml.front() == '\n') yaml.remove_prefix(1);
  return std::string(yaml);
}

/// Parses a schema-clean process.
inline Process parse_yaml(std::string_view yaml) {
  LoadResult loaded = parse_process_text(yaml_text(yaml), "t.yaml");
  for (const auto& d : loaded.diagnostics) UNSCOPED_INFO(d.str());
  REQUIRE(loaded.process.has_value());
  return std::move(*loaded.process);
}

inline std::vector<Diagnostic> lint_yaml(std::string_view yaml, const LintConfig& config = LintConfig::recommended()) {
  return lint(parse_yaml(yaml), config);
}

inline std::vector<Diagnostic> of_rule(const std::vector<Diagnostic>& all, std::string_view rule) {
  std::vector<Diagnostic> out;
  std::copy_if(all.begin(), all.end(), std::back_inserter(out), [&](const Diagnostic& d) { return d.rule == rule; });
  return out;
}

/// Line and column (1-based) of the first occurrence of `needle` in `text`: where a test expects
/// a finding, named by the text it should point at.
inline std::pair<int, int> position_of(std::string_view text, std::string_view needle) {
  const std::size_t at = text.find(needle);
  REQUIRE(at != std::string_view::npos);
  const std::size_t line_start = text.rfind('\n', at) == std::string_view::npos ? 0 : text.rfind('\n', at) + 1;
  const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
  return {static_cast<int>(line), static_cast<int>(at - line_start + 1)};
}

/// Exactly one finding of `rule`, located at the first occurrence of `needle` in `text`, whose
/// message contains `fragment`.
inline void require_one(const std::vector<Diagnostic>& all, std::string_view rule, std::string_view text,
                        std::string_view needle, std::string_view fragment) {
  const auto found = of_rule(all, rule);
  for (const auto& d : all) UNSCOPED_INFO(d.str());
  REQUIRE(found.size() == 1);
  const auto [line, column] = position_of(text, needle);
  CHECK(found[0].where.file == "t.yaml");
  CHECK(found[0].where.line == line);
  CHECK(found[0].where.column == column);
  CHECK_THAT(found[0].message, Catch::Matchers::Contains(std::string(fragment)));
}

/// The head of a minimal process: steps follow from line 5.
inline constexpr std::string_view kHead = R"(process: p
arrivals: { every: 1h }
start: a
steps:
)";

/// kHead followed by `steps` (whose first line is line 5).
inline std::string with_head(std::string_view steps) { return std::string(kHead) + yaml_text(steps); }

}  // namespace bpm::test
