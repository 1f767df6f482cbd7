// The cut of a score model and its outcome label: parsing and the text they are reported as.
#include <fmt/format.h>

#include <charconv>

#include "bpm/core/error.hpp"
#include "bpm/core/time.hpp"
#include "bpm/predict/score_model.hpp"

namespace bpm::predict {

std::string Cut::text() const {
  switch (kind) {
    case Kind::Arrival: return "arrival";
    case Kind::Elapsed: return format_duration(seconds);
    case Kind::Events: return fmt::format("events:{}", events);
    case Kind::After: return "after:" + activity;
  }
  return "arrival";
}

Cut parse_cut(std::string_view text) {
  const auto usage = [&](std::string_view why) {
    return SettingError(
        "cut", fmt::format("'{}': {}; give arrival, a duration (2d, 36h), events:N or after:ACTIVITY", text, why));
  };
  Cut cut;
  if (text == "arrival") return cut;
  if (text.starts_with("events:")) {
    const std::string_view number = text.substr(7);
    std::uint32_t n = 0;
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), n);
    if (ec != std::errc{} || end != number.data() + number.size() || n == 0) {
      throw usage("the number of events is a whole number of at least 1");
    }
    cut.kind = Cut::Kind::Events;
    cut.events = n;
    return cut;
  }
  if (text.starts_with("after:")) {
    cut.kind = Cut::Kind::After;
    cut.activity = std::string(text.substr(6));
    if (cut.activity.empty()) throw usage("name the activity");
    return cut;
  }
  try {
    // A bare number has no unit here: logs have no time_unit.
    if (!text.empty() && text.find_first_not_of("0123456789.") == std::string_view::npos) {
      throw usage("a duration needs a unit (s, m, h, d, w)");
    }
    cut.seconds = parse_duration(text, 1.0);
  } catch (const SyntaxError&) {
    throw usage("not a cut");
  }
  if (cut.seconds <= 0.0) return Cut{};  // "0d" is the arrival
  cut.kind = Cut::Kind::Elapsed;
  return cut;
}

std::string Label::text() const {
  if (!activity.empty()) return fmt::format("does '{}'", activity);
  std::string out;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    if (i > 0) out += i + 1 == outcomes.size() ? " or " : ", ";
    out += outcomes[i];
  }
  return out;
}

}  // namespace bpm::predict
