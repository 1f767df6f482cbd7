#include <yaml-cpp/yaml.h>

#include <fmt/format.h>
#include <algorithm>

#include "bpm/io/input.hpp"
#include "bpm/lint/lint.hpp"
#include "io/yaml_limits.hpp"
#include "lint/findings.hpp"

namespace bpm {
namespace {

const RuleInfo* find_rule(std::string_view id) {
  const auto& rules = lint_rules();
  const auto it = std::find_if(rules.begin(), rules.end(), [&](const RuleInfo& r) { return r.id == id; });
  return it == rules.end() ? nullptr : &*it;
}

std::vector<std::string> rule_ids() {
  std::vector<std::string> ids;
  for (const auto& rule : lint_rules()) ids.emplace_back(rule.id);
  return ids;
}

Location at(const std::string& file, const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  if (mark.line < 0) return Location{file, 0, 0};
  return Location{file, mark.line + 1, mark.column + 1};
}

/// bpmnlint's `all` switches every rule on as an error.
LintConfig all_rules() {
  LintConfig config;
  for (const auto& rule : lint_rules()) config.levels[std::string(rule.id)] = RuleLevel::Error;
  return config;
}

LintConfig base_config(const std::string& file, const YAML::Node& node) {
  if (!node.IsScalar()) throw ModelError(at(file, node), "extends must be 'recommended' or 'all'");
  std::string_view name = node.Scalar();
  // bpmnlint writes "bpmnlint:recommended"; accept the prefix so configs carry over.
  if (name.starts_with("bpmnlint:")) name.remove_prefix(9);
  if (name == "recommended") return LintConfig::recommended();
  if (name == "all") return all_rules();
  throw ModelError(at(file, node), fmt::format("extends must be 'recommended' or 'all', not '{}'", node.Scalar()));
}

}  // namespace

RuleLevel parse_rule_level(std::string_view text) {
  if (text == "off" || text == "0") return RuleLevel::Off;
  if (text == "warn" || text == "warning" || text == "1") return RuleLevel::Warn;
  if (text == "error" || text == "2") return RuleLevel::Error;
  if (text == "info") return RuleLevel::Info;
  throw UsageError(fmt::format("rule level must be off, info, warn or error, not '{}'", text));
}

LintConfig LintConfig::recommended() {
  LintConfig config;
  for (const auto& rule : lint_rules()) config.levels[std::string(rule.id)] = rule.recommended;
  return config;
}

void LintConfig::set(std::string_view rule, RuleLevel level) {
  if (!find_rule(rule)) {
    throw UsageError(fmt::format("unknown lint rule '{}'{}", rule, lint_detail::did_you_mean(rule, rule_ids())));
  }
  levels.insert_or_assign(std::string(rule), level);
}

RuleLevel LintConfig::level(std::string_view rule) const {
  if (const auto it = levels.find(rule); it != levels.end()) return it->second;
  const RuleInfo* info = find_rule(rule);
  return info ? info->recommended : RuleLevel::Off;
}

LintConfig LintConfig::load(const std::string& path) {
  const std::string text = read_all(path);
  const std::string file = path == "-" ? "<stdin>" : path;
  YAML::Node root;
  try {
    root = detail::load_yaml(text, file);
  } catch (const YAML::Exception& e) {
    throw ModelError(Location{file, e.mark.line + 1, e.mark.column + 1}, "malformed YAML: " + e.msg);
  }
  if (root.IsNull()) return recommended();
  if (!root.IsMap()) throw ModelError(at(file, root), "a lint config is a mapping with 'extends' and 'rules'");
  for (const auto& item : root) {
    const std::string key = item.first.Scalar();
    if (key != "extends" && key != "rules") {
      throw ModelError(at(file, item.first),
                       fmt::format("unknown key '{}' in the lint config (it has extends and rules)", key));
    }
  }
  LintConfig config = root["extends"] ? base_config(file, root["extends"]) : recommended();
  const YAML::Node rules = root["rules"];
  if (!rules || rules.IsNull()) return config;
  if (!rules.IsMap())
    throw ModelError(at(file, rules), "rules must be a mapping of rule ids to off, info, warn or error");
  for (const auto& item : rules) {
    const std::string id = item.first.Scalar();
    if (!find_rule(id)) {
      throw ModelError(at(file, item.first),
                       fmt::format("unknown lint rule '{}'{}", id, lint_detail::did_you_mean(id, rule_ids())));
    }
    if (!item.second.IsScalar()) {
      throw ModelError(at(file, item.second), fmt::format("the level of '{}' must be off, info, warn or error", id));
    }
    try {
      config.levels[id] = parse_rule_level(item.second.Scalar());
    } catch (const UsageError& e) {
      throw ModelError(at(file, item.second), e.what());
    }
  }
  return config;
}

}  // namespace bpm
