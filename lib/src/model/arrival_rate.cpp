// Weekly arrival-rate profiles: their text forms and the arrivals they bring.
#include "bpm/model/arrival_rate.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "bpm/core/error.hpp"
#include "bpm/core/time.hpp"
#include "bpm/model/calendar.hpp"
#include "model/yaml_reader.hpp"

namespace bpm {

double RateProfile::weekly_arrivals() const noexcept {
  double total = 0.0;
  for (const auto& day : week) {
    for (const RatePiece& piece : day) total += (piece.to - piece.from) / 3600.0 * piece.rate;
  }
  return total;
}

double RateProfile::max_rate() const noexcept {
  double top = 0.0;
  for (const auto& day : week) {
    for (const RatePiece& piece : day) top = std::max(top, piece.rate);
  }
  return top;
}

double parse_rate(std::string_view text, double bare_unit_seconds) {
  std::size_t begin = 0;
  while (begin < text.size() && text[begin] == ' ') ++begin;
  std::size_t end = text.size();
  while (end > begin && text[end - 1] == ' ') --end;
  const std::string_view body = text.substr(begin, end - begin);
  const std::size_t slash = body.find('/');
  std::string_view number = body.substr(0, slash);
  while (!number.empty() && number.back() == ' ') number.remove_suffix(1);
  const auto value = detail::parse_number(number, false);
  if (!value) {
    throw SyntaxError(begin,
                      fmt::format("a rate is a number of cases per time unit, e.g. 12/h or 300/d, not '{}'", body));
  }
  if (*value < 0 || !std::isfinite(*value)) throw SyntaxError(begin, "a rate must not be negative");
  double per = bare_unit_seconds;
  if (slash != std::string_view::npos) {
    std::string_view unit = body.substr(slash + 1);
    std::size_t lead = 0;
    while (lead < unit.size() && unit[lead] == ' ') ++lead;
    unit.remove_prefix(lead);
    const auto seconds = unit_seconds(unit);
    if (!seconds) {
      throw SyntaxError(begin + slash + 1 + lead,
                        fmt::format("unknown time unit '{}' in a rate (write e.g. 12/h, 0.5/m, 300/d)", unit));
    }
    per = *seconds;
  }
  return *value * 3600.0 / per;
}

std::string format_rate(double per_hour) { return fmt::format("{}/h", per_hour); }

std::vector<RatePiece> make_day_rates(const std::vector<std::pair<std::string, double>>& pieces) {
  std::vector<RatePiece> out;
  std::vector<std::size_t> origin;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    std::vector<DayInterval> hours;
    try {
      hours = parse_day_intervals(pieces[i].first);
    } catch (const SyntaxError& e) {
      throw SyntaxError(i, e.what());
    }
    for (const DayInterval& h : hours) {
      out.push_back({h.from, h.to, pieces[i].second});
      origin.push_back(i);
    }
  }
  std::vector<std::size_t> order(out.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return out[a].from < out[b].from; });
  std::vector<RatePiece> sorted;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const RatePiece& piece = out[order[k]];
    if (!sorted.empty() && piece.from < sorted.back().to) {
      throw SyntaxError(origin[order[k]], fmt::format("hours '{}' overlap hours given before on the same day",
                                                      pieces[origin[order[k]]].first));
    }
    sorted.push_back(piece);
  }
  return sorted;
}

}  // namespace bpm
