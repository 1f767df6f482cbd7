// Rules about the named members of pools: their hours against the pool's.
#include <fmt/format.h>

#include "lint/findings.hpp"

namespace bpm::lint_detail {

void check_members(const Process& p, Findings& f) {
  for (const Resource& resource : p.resources) {
    const Calendar* pool = resource.calendar.empty() ? nullptr : p.find_calendar(resource.calendar);
    for (const Member& member : resource.members) {
      const Calendar* own = member.calendar.empty() ? nullptr : p.find_calendar(member.calendar);
      // Undefined calendars are undefined-calendar's; a calendar never open is calendar-never-open's.
      if (own == nullptr || own->never_open() || pool == nullptr || pool->never_open()) continue;
      if (intersect_calendars(*own, *pool).never_open()) {
        f.report("member-never-available", member.where,
                 fmt::format("member '{}' never works: its calendar '{}' and the hours of pool '{}' ('{}') never "
                             "overlap",
                             member.id, member.calendar, resource.id, resource.calendar));
      } else if (!calendar_within(*own, *pool)) {
        f.report("member-calendar", member.where,
                 fmt::format("member '{}' has hours outside those of pool '{}': it works only where calendar '{}' "
                             "and '{}' are both open",
                             member.id, resource.id, member.calendar, resource.calendar));
      }
    }
  }
}

}  // namespace bpm::lint_detail
