#include "discover/branch_conditions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "discover/fit.hpp"

namespace bpm::discover {
namespace {

std::size_t argmax(const std::vector<std::size_t>& v) {
  return static_cast<std::size_t>(std::max_element(v.begin(), v.end()) - v.begin());
}

/// A string literal of the expression language (no escapes): in the quote the value lacks.
std::optional<std::string> literal(const std::string& value) {
  if (value.find('\'') == std::string::npos) return "'" + value + "'";
  if (value.find('"') == std::string::npos) return "\"" + value + "\"";
  return std::nullopt;
}

/// Each category to the branch most of its cases took; cases without a value to the fallback.
std::optional<RoutingRule> categorical_rule(const GatewayRouting& routing, const CaseAttribute& a,
                                            const RuleSettings& settings) {
  const std::size_t branches = routing.counts.size();
  std::map<std::string, std::vector<std::size_t>> counts;
  for (std::size_t k = 0; k < routing.branch.size(); ++k) {
    if (routing.branch[k] < 0 || a.values[k].empty()) continue;
    auto& c = counts[a.values[k]];
    c.resize(branches, 0);
    ++c[static_cast<std::size_t>(routing.branch[k])];
  }
  RoutingRule rule;
  rule.attribute = &a;
  rule.fallback = argmax(routing.counts);
  rule.when.assign(branches, std::string());
  std::vector<char> used(branches, 0);
  used[rule.fallback] = 1;
  std::size_t correct = 0;
  for (const auto& [value, c] : counts) {
    std::size_t n = 0;
    for (const std::size_t x : c) n += x;
    // A rare category says too little to route on: it takes the fallback.
    const std::size_t b = n < settings.min_category_cases ? rule.fallback : argmax(c);
    correct += c[b];
    used[b] = 1;
    if (b == rule.fallback) continue;
    const auto text = literal(value);
    if (!text) return std::nullopt;
    std::string& when = rule.when[b];
    when += fmt::format("{}{} == {}", when.empty() ? "" : " or ", a.name, *text);
  }
  if (std::find(used.begin(), used.end(), 0) != used.end()) return std::nullopt;
  // Cases without a value take the fallback.
  for (std::size_t k = 0; k < routing.branch.size(); ++k) {
    if (routing.branch[k] >= 0 && a.values[k].empty() && static_cast<std::size_t>(routing.branch[k]) == rule.fallback) {
      ++correct;
    }
  }
  rule.accuracy = static_cast<double>(correct) / static_cast<double>(routing.labelled);
  return rule;
}

/// A threshold on a numeric attribute at a two-way gateway.
std::optional<RoutingRule> threshold_rule(const GatewayRouting& routing, const CaseAttribute& a) {
  if (routing.counts.size() != 2) return std::nullopt;
  std::vector<std::pair<double, int>> points;
  for (std::size_t k = 0; k < routing.branch.size(); ++k) {
    if (routing.branch[k] >= 0 && !std::isnan(a.numbers[k])) points.emplace_back(a.numbers[k], routing.branch[k]);
  }
  if (points.size() < 2) return std::nullopt;
  std::sort(points.begin(), points.end());
  std::size_t total[2] = {0, 0};
  for (const auto& p : points) ++total[p.second];
  // Cases at or above the threshold go to branch `upper`; the best split in one sweep.
  std::size_t below[2] = {0, 0};
  std::size_t best_correct = 0;
  std::size_t best_at = 0;
  int best_upper = 1;
  for (std::size_t i = 1; i < points.size(); ++i) {
    ++below[points[i - 1].second];
    if (points[i].first == points[i - 1].first) continue;
    for (int upper = 0; upper < 2; ++upper) {
      const std::size_t correct = below[1 - upper] + (total[upper] - below[upper]);
      if (correct > best_correct) {
        best_correct = correct;
        best_at = i;
        best_upper = upper;
      }
    }
  }
  if (best_at == 0) return std::nullopt;
  const double lo = points[best_at - 1].first;
  const double hi = points[best_at].first;
  double threshold = hi;
  for (int digits = 2; digits <= 15; ++digits) {
    const double t = round_significant(0.5 * (lo + hi), digits);
    if (t > lo && t <= hi) {
      threshold = t;
      break;
    }
  }
  RoutingRule rule;
  rule.attribute = &a;
  rule.fallback = argmax(routing.counts);
  rule.when.assign(2, std::string());
  const auto upper = static_cast<std::size_t>(best_upper);
  rule.when[1 - rule.fallback] =
      fmt::format("{} {} {}", a.name, upper == 1 - rule.fallback ? ">=" : "<", fmt::format("{}", threshold));
  // Cases without a value take the fallback.
  std::size_t correct = best_correct;
  for (std::size_t k = 0; k < routing.branch.size(); ++k) {
    if (routing.branch[k] >= 0 && std::isnan(a.numbers[k]) &&
        static_cast<std::size_t>(routing.branch[k]) == rule.fallback) {
      ++correct;
    }
  }
  rule.accuracy = static_cast<double>(correct) / static_cast<double>(routing.labelled);
  return rule;
}

}  // namespace

std::optional<RoutingRule> explain_routing(const GatewayRouting& routing, const std::vector<CaseAttribute>& attributes,
                                           const RuleSettings& settings) {
  if (routing.labelled < settings.min_cases || routing.counts.size() < 2) return std::nullopt;
  const double majority =
      static_cast<double>(routing.counts[argmax(routing.counts)]) / static_cast<double>(routing.labelled);
  std::optional<RoutingRule> best;
  for (const CaseAttribute& a : attributes) {
    std::optional<RoutingRule> rule = a.numeric ? threshold_rule(routing, a) : categorical_rule(routing, a, settings);
    if (!rule) continue;
    const double gain = (rule->accuracy - majority) * static_cast<double>(routing.labelled);
    const bool clearly_better = rule->accuracy >= settings.min_accuracy &&
                                1.0 - rule->accuracy <= settings.max_error_ratio * (1.0 - majority) &&
                                gain >= static_cast<double>(settings.min_gain_cases) - 1e-9;
    if (!clearly_better) continue;
    if (!best || rule->accuracy > best->accuracy) best = std::move(rule);
  }
  if (best) {
    best->cases = routing.labelled;
    best->majority = majority;
  }
  return best;
}

}  // namespace bpm::discover
