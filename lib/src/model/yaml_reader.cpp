#include "model/yaml_reader.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

namespace bpm::detail {
namespace {

const char* node_type_name(const YAML::Node& node) {
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  if (node.IsNull()) return "empty";
  return "a scalar";
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = 3;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

std::optional<double> parse_number(std::string_view text, bool allow_percent) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  bool percent = false;
  if (allow_percent && !text.empty() && text.back() == '%') {
    percent = true;
    text.remove_suffix(1);
  }
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  double value = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  // from_chars reads "nan" and "inf": no quantity of a process (a cost, a probability) is either.
  if (!std::isfinite(value)) return std::nullopt;
  return percent ? value / 100.0 : value;
}

Location YamlReader::at(const YAML::Node& node) const {
  const YAML::Mark mark = node.Mark();
  if (mark.line < 0) return Location{file_, 0, 0};
  return Location{file_, mark.line + 1, mark.column + 1};
}

Location YamlReader::at_offset(const YAML::Node& scalar, std::size_t offset) const {
  Location where = at(scalar);
  if (where.line == 0) return where;
  // yaml-cpp marks a quoted scalar at its opening quote and tags it "!".
  const int quote = scalar.Tag() == "!" ? 1 : 0;
  where.column += quote + static_cast<int>(offset);
  return where;
}

void YamlReader::error(const Location& where, std::string message, std::string rule) {
  diagnostics_.push_back(Diagnostic{where, Severity::Error, std::move(message), std::move(rule)});
  ++errors_;
}

bool YamlReader::expect_map(const YAML::Node& node, std::string_view what) {
  if (!node.IsMap()) {
    error(node, fmt::format("{} must be a mapping, not {}", what, node_type_name(node)));
    return false;
  }
  std::set<std::string> seen;
  for (const auto& item : node) {
    const std::string key = item.first.IsScalar() ? item.first.Scalar() : std::string{};
    if (!item.first.IsScalar()) {
      error(item.first, fmt::format("{}: keys must be plain names", what));
    } else if (!seen.insert(key).second) {
      error(item.first, fmt::format("{}: duplicate key '{}'", what, key));
    }
  }
  return true;
}

bool YamlReader::expect_map(const YAML::Node& node, std::string_view what,
                            std::initializer_list<std::string_view> allowed) {
  if (!expect_map(node, what)) return false;
  const std::vector<std::string> candidates(allowed.begin(), allowed.end());
  for (const auto& item : node) {
    if (!item.first.IsScalar()) continue;
    const std::string key = item.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    const std::string hint = closest_match(key, candidates);
    if (hint.empty()) {
      error(item.first, fmt::format("unknown key '{}' in {}", key, what));
    } else {
      error(item.first, fmt::format("unknown key '{}' in {} (did you mean '{}'?)", key, what, hint));
    }
  }
  return true;
}

bool YamlReader::expect_sequence(const YAML::Node& node, std::string_view what) {
  if (node.IsSequence()) return true;
  error(node, fmt::format("{} must be a list, not {}", what, node_type_name(node)));
  return false;
}

bool YamlReader::expect_scalar(const YAML::Node& node, std::string_view what) {
  if (node.IsScalar()) return true;
  error(node, fmt::format("{} must be a single value, not {}", what, node_type_name(node)));
  return false;
}

std::optional<std::string> YamlReader::string(const YAML::Node& node, std::string_view what) {
  if (!expect_scalar(node, what)) return std::nullopt;
  return node.Scalar();
}

std::optional<double> YamlReader::number(const YAML::Node& node, std::string_view what) {
  if (!expect_scalar(node, what)) return std::nullopt;
  const auto value = parse_number(node.Scalar(), false);
  if (!value) error(node, fmt::format("{} must be a number, not '{}'", what, node.Scalar()));
  return value;
}

std::optional<bool> YamlReader::boolean(const YAML::Node& node, std::string_view what) {
  if (!expect_scalar(node, what)) return std::nullopt;
  const std::string& text = node.Scalar();
  if (text == "true") return true;
  if (text == "false") return false;
  error(node, fmt::format("{} must be true or false, not '{}'", what, text));
  return std::nullopt;
}

std::optional<long long> YamlReader::integer(const YAML::Node& node, std::string_view what, long long min,
                                             long long max) {
  if (!expect_scalar(node, what)) return std::nullopt;
  const std::string& text = node.Scalar();
  long long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    error(node, fmt::format("{} must be a whole number, not '{}'", what, text));
    return std::nullopt;
  }
  if (value < min || value > max) {
    error(node, max == std::numeric_limits<long long>::max()
                    ? fmt::format("{} must be at least {}, not {}", what, min, value)
                    : fmt::format("{} must be between {} and {}, not {}", what, min, max, value));
    return std::nullopt;
  }
  return value;
}

std::optional<double> YamlReader::probability(const YAML::Node& node, std::string_view what) {
  if (!expect_scalar(node, what)) return std::nullopt;
  const auto value = parse_number(node.Scalar(), true);
  if (!value) {
    error(node, fmt::format("{} must be a probability (0.45 or 45%), not '{}'", what, node.Scalar()));
    return std::nullopt;
  }
  if (*value < 0.0 || *value > 1.0) {
    error(node, fmt::format("{} must be between 0 and 1, not {}", what, node.Scalar()));
    return std::nullopt;
  }
  return value;
}

std::vector<std::string> YamlReader::string_list(const YAML::Node& node, std::string_view what) {
  std::vector<std::string> out;
  if (node.IsScalar()) {
    out.push_back(node.Scalar());
  } else if (expect_sequence(node, what)) {
    for (const auto& item : node) {
      if (auto s = string(item, what)) out.push_back(*s);
    }
  }
  return out;
}

}  // namespace bpm::detail
