#include <filesystem>
#include <fstream>

#include "lint_test_support.hpp"

namespace {

/// A config file in a fresh temporary directory, removed with the object.
struct ConfigFile {
  std::filesystem::path path;
  explicit ConfigFile(std::string_view text) {
    path = std::filesystem::temp_directory_path() /
           ("bpm-lint-config-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)) + ".yaml");
    std::ofstream(path) << text;
  }
  ~ConfigFile() { std::filesystem::remove(path); }
  ConfigFile(const ConfigFile&) = delete;
  ConfigFile& operator=(const ConfigFile&) = delete;
};

}  // namespace

TEST_CASE("rule levels parse the bpmnlint way", "[lint]") {
  CHECK(bpm::parse_rule_level("off") == bpm::RuleLevel::Off);
  CHECK(bpm::parse_rule_level("0") == bpm::RuleLevel::Off);
  CHECK(bpm::parse_rule_level("warn") == bpm::RuleLevel::Warn);
  CHECK(bpm::parse_rule_level("1") == bpm::RuleLevel::Warn);
  CHECK(bpm::parse_rule_level("error") == bpm::RuleLevel::Error);
  CHECK(bpm::parse_rule_level("2") == bpm::RuleLevel::Error);
  CHECK(bpm::parse_rule_level("info") == bpm::RuleLevel::Info);
  CHECK_THROWS_AS(bpm::parse_rule_level("loud"), bpm::UsageError);
}

TEST_CASE("LintConfig: recommended, set, unknown rules", "[lint]") {
  bpm::LintConfig config = bpm::LintConfig::recommended();
  CHECK(config.level("no-disconnected") == bpm::RuleLevel::Error);
  CHECK(config.level("process-owner") == bpm::RuleLevel::Warn);
  CHECK(config.level("unused-attribute") == bpm::RuleLevel::Info);
  config.set("process-owner", bpm::RuleLevel::Error);
  CHECK(config.level("process-owner") == bpm::RuleLevel::Error);
  try {
    config.set("no-disconected", bpm::RuleLevel::Off);
    FAIL("no UsageError");
  } catch (const bpm::UsageError& e) {
    CHECK(std::string(e.what()) == "unknown lint rule 'no-disconected' (did you mean 'no-disconnected'?)");
  }
}

TEST_CASE("LintConfig::load reads extends and rules", "[lint]") {
  SECTION("recommended plus overrides") {
    const ConfigFile file(
        "extends: recommended\nrules:\n  process-owner: off\n  unused-role: error\n  no-disconnected: 1\n");
    const auto config = bpm::LintConfig::load(file.path.string());
    CHECK(config.level("process-owner") == bpm::RuleLevel::Off);
    CHECK(config.level("unused-role") == bpm::RuleLevel::Error);
    CHECK(config.level("no-disconnected") == bpm::RuleLevel::Warn);
    CHECK(config.level("resource-overload") == bpm::RuleLevel::Error);
  }
  SECTION("all: every rule an error; bpmnlint's prefix is accepted") {
    const ConfigFile file("extends: bpmnlint:all\n");
    const auto config = bpm::LintConfig::load(file.path.string());
    for (const auto& rule : bpm::lint_rules()) CHECK(config.level(rule.id) == bpm::RuleLevel::Error);
  }
  SECTION("an empty file is the recommended set") {
    const ConfigFile file("");
    CHECK(bpm::LintConfig::load(file.path.string()).level("process-owner") == bpm::RuleLevel::Warn);
  }
  SECTION("an unknown rule is located in the config") {
    const ConfigFile file("extends: recommended\nrules:\n  no-such-rule: off\n");
    try {
      (void)bpm::LintConfig::load(file.path.string());
      FAIL("no ModelError");
    } catch (const bpm::ModelError& e) {
      CHECK(e.where().line == 3);
      CHECK(e.where().column == 3);
      CHECK(std::string(e.what()) == "unknown lint rule 'no-such-rule'");
    }
  }
  SECTION("a bad level is located at the value") {
    const ConfigFile file("rules:\n  process-owner: loud\n");
    try {
      (void)bpm::LintConfig::load(file.path.string());
      FAIL("no ModelError");
    } catch (const bpm::ModelError& e) {
      CHECK(e.where().line == 2);
      CHECK(e.where().column == 18);
    }
  }
  SECTION("a bad extends") {
    const ConfigFile file("extends: strict\n");
    CHECK_THROWS_AS(bpm::LintConfig::load(file.path.string()), bpm::ModelError);
  }
  SECTION("a missing file is an IoError") {
    CHECK_THROWS_AS(bpm::LintConfig::load("/nonexistent/.bpmlintrc.yaml"), bpm::IoError);
  }
}
