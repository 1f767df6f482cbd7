#pragma once
// The inference of a resource's working hours from the times it starts and completes work (the
// rule of share/doc/kpi-definitions.md, "Resources"), and its busy time per hour of the week so
// that utilisation counts only work inside those hours. Private to the kpi area.
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "bpm/core/time.hpp"
#include "bpm/model/calendar.hpp"

namespace bpm::kpi {

class WorkingHoursInference {
 public:
  /// A resource needs this many start/completion instants for hours of its own; with fewer it gets
  /// the hours of the whole team (every resource's instants together).
  static constexpr std::uint64_t kMinInstants = 20;
  /// A working weekday needs this many instants for hours of its own; with fewer it gets the hours
  /// of all the working days together.
  static constexpr std::uint64_t kMinDayInstants = 50;

  /// An instant at which `resource` started or completed work.
  void observe(std::size_t resource, Time t);
  /// The inferred weekly hours of `resource` (the team's when it has too few instants of its own);
  /// nullopt when even the team has too few.
  [[nodiscard]] std::optional<Calendar> hours(std::size_t resource) const;
  /// True when `resource` has hours of its own (enough instants).
  [[nodiscard]] bool own(std::size_t resource) const;
  void clear() { *this = WorkingHoursInference(); }

 private:
  struct Activity {
    std::uint64_t instants = 0;
    std::int64_t first_week = 0;
    std::int64_t last_week = 0;
    std::array<std::vector<std::uint64_t>, 7> weeks;               // per weekday, a bit per week (from first_week)
    std::array<std::array<std::uint32_t, 96>, 7> quarter_hours{};  // instants per weekday and 15 minutes
  };
  static void add(Activity& a, Time t);
  [[nodiscard]] static std::optional<Calendar> infer(const Activity& a);
  std::vector<Activity> resources_;
  Activity team_;
};

/// Adds the busy seconds of [start, end) to a histogram of 168 hours of the week (0 = Monday 00:00).
void add_busy_by_hour(double* hours, Time start, Time end);

/// The busy seconds of a histogram by hour of the week that fall in a calendar's weekly hours
/// (whole hours: the inferred hours are).
[[nodiscard]] double busy_within(const std::vector<double>& hours, const Calendar& calendar);

}  // namespace bpm::kpi
