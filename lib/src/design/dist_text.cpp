#include "design/dist_text.hpp"

#include <fmt/format.h>
#include <cmath>
#include <vector>

#include "bpm/core/error.hpp"
#include "bpm/core/time.hpp"

namespace bpm::design {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string trim(std::string_view text) {
  std::size_t b = 0;
  std::size_t e = text.size();
  while (b < e && is_space(text[b])) ++b;
  while (e > b && is_space(text[e - 1])) --e;
  return std::string(text.substr(b, e - b));
}

}  // namespace

std::string distribution_text(const Distribution& d) {
  if (d.kind != DistKind::Empirical && d.kind != DistKind::Histogram) return d.to_string();
  // As the YAML writer does: the scale folds into the values, weights keep 15 digits.
  const auto value = [&](double v) {
    return d.is_time ? format_duration(v * d.scale) : fmt::format("{}", v * d.scale);
  };
  std::string out = d.kind == DistKind::Empirical ? "empirical(" : "histogram(";
  const std::size_t rows = d.kind == DistKind::Empirical ? d.values.size() : d.values.size() - 1;
  for (std::size_t i = 0; i < rows && i < d.weights.size(); ++i) {
    if (i > 0) out += ", ";
    if (d.kind == DistKind::Empirical) {
      out += fmt::format("[{}, {:.15g}]", value(d.values[i]), d.weights[i]);
    } else {
      out += fmt::format("[{}, {}, {:.15g}]", value(d.values[i]), value(d.values[i + 1]), d.weights[i]);
    }
  }
  if (std::isfinite(d.lower)) out += fmt::format(", min: {}", value(d.lower));
  if (std::isfinite(d.upper)) out += fmt::format(", max: {}", value(d.upper));
  return out + ")";
}

Distribution parse_distribution_text(std::string_view text, bool is_time, double bare_unit_seconds) {
  const std::string body = trim(text);
  const bool empirical = body.rfind("empirical(", 0) == 0;
  const bool histogram = body.rfind("histogram(", 0) == 0;
  if (!empirical && !histogram) return parse_distribution(text, is_time, bare_unit_seconds);
  if (body.back() != ')') throw SyntaxError(body.size(), "expected ')' at the end of the table");
  std::vector<std::vector<std::string>> rows;
  std::string lower_text;
  std::string upper_text;
  std::size_t i = body.find('(') + 1;
  const std::size_t end = body.size() - 1;
  while (i < end) {
    while (i < end && (is_space(body[i]) || body[i] == ',')) ++i;
    if (i >= end) break;
    if (body[i] == '[') {
      const std::size_t close = body.find(']', i);
      if (close == std::string::npos || close > end) throw SyntaxError(i, "unclosed '[' in a table row");
      std::vector<std::string> cells;
      std::size_t start = i + 1;
      for (std::size_t k = i + 1; k <= close; ++k) {
        if (body[k] == ',' || k == close) {
          cells.push_back(trim(std::string_view(body).substr(start, k - start)));
          start = k + 1;
        }
      }
      rows.push_back(std::move(cells));
      i = close + 1;
      continue;
    }
    const std::size_t colon = body.find(':', i);
    if (colon == std::string::npos) throw SyntaxError(i, "expected a table row '[...]' or 'min:'/'max:'");
    const std::string key = trim(std::string_view(body).substr(i, colon - i));
    std::size_t stop = body.find(',', colon);
    if (stop == std::string::npos || stop > end) stop = end;
    const std::string value = trim(std::string_view(body).substr(colon + 1, stop - colon - 1));
    if (key == "min") {
      lower_text = value;
    } else if (key == "max") {
      upper_text = value;
    } else {
      throw SyntaxError(i, fmt::format("unknown table parameter '{}'", key));
    }
    i = stop;
  }
  Distribution d =
      make_table_distribution(empirical ? DistKind::Empirical : DistKind::Histogram, rows, is_time, bare_unit_seconds);
  const auto bound = [&](const std::string& t) {
    return is_time ? parse_duration(t, bare_unit_seconds) : parse_distribution(t, false, 1.0).p[0];
  };
  if (!lower_text.empty()) d.lower = bound(lower_text);
  if (!upper_text.empty()) d.upper = bound(upper_text);
  return d;
}

}  // namespace bpm::design
