// The table and markdown report writers: the same sections, aligned text or markdown tables.
#include <cmath>
#include <functional>
#include <unordered_map>

#include <fmt/format.h>

#include "bpm/core/error.hpp"
#include "bpm/kpi/report_format.hpp"
#include "kpi/report_sections.hpp"
#include "kpi/text_table.hpp"

namespace bpm::kpi {
namespace {

std::string group_thousands(const std::string& digits) {
  // digits: optional '-', integer part, optional fraction.
  const std::size_t begin = !digits.empty() && digits[0] == '-' ? 1 : 0;
  std::size_t end = digits.find('.');
  if (end == std::string::npos) end = digits.size();
  std::string out(digits, 0, begin);
  for (std::size_t i = begin; i < end; ++i) {
    if (i > begin && (end - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  out.append(digits, end, std::string::npos);
  return out;
}

std::string significant(double value, int digits) {
  if (value == 0.0) return "0";
  if (std::fabs(value) >= 1e6 || std::fabs(value) < 1e-4) return fmt::format("{:.{}g}", value, digits);
  std::string text = fmt::format("{:.{}g}", value, digits);
  return text;
}

}  // namespace

std::string format_value(double value, Unit unit) {
  if (std::isnan(value)) return "n/a";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  switch (unit) {
    case Unit::Duration: return humanize_duration(value);
    case Unit::Fraction: {
      const double percent = value * 100.0;
      if (percent != 0.0 && std::fabs(percent) < 0.1) return fmt::format("{:.2g}%", percent);
      return fmt::format("{:.1f}%", percent);
    }
    case Unit::Count:
      if (value == std::floor(value) && std::fabs(value) < 1e15) return group_thousands(fmt::format("{:.0f}", value));
      return significant(value, 4);
    case Unit::Money:
    case Unit::MoneyPerDay: {
      const std::string text =
          std::fabs(value) >= 1000.0 ? group_thousands(fmt::format("{:.0f}", value)) : fmt::format("{:.2f}", value);
      return unit == Unit::MoneyPerDay ? text + "/d" : text;
    }
    case Unit::PerDay: return significant(value, 4) + "/d";
    case Unit::Level:
    case Unit::Hours:
    case Unit::Number:
      if (std::fabs(value) >= 10000.0 && std::fabs(value) < 1e15) return group_thousands(fmt::format("{:.0f}", value));
      return significant(value, 4);
  }
  return significant(value, 4);
}

std::string format_estimate(double value, double half_width, std::uint64_t n, Unit unit) {
  std::string text = format_value(value, unit);
  if (n > 1 && std::isfinite(half_width))
    text += " ± " + format_value(half_width, unit == Unit::MoneyPerDay ? Unit::Money : unit);
  return text;
}

namespace {

const char* status_colour(Status s) {
  switch (s) {
    case Status::Green: return "\033[32m";
    case Status::Amber: return "\033[33m";
    case Status::Red: return "\033[31m";
    case Status::Unknown: return "\033[2m";
    case Status::None: break;
  }
  return "";
}

void write_sections(std::ostream& out, const Report& report, bool markdown, bool colour) {
  const std::vector<Section> sections = build_sections(report);
  if (markdown) {
    out << "# " << report_heading(report) << "\n\n";
  } else {
    out << report_heading(report) << '\n';
  }
  for (const std::string& line : report_summary_lines(report)) out << (markdown ? "- " : "  ") << line << '\n';
  for (const Section& section : sections) {
    out << '\n';
    if (markdown) {
      out << "## " << section.title << "\n\n";
    } else {
      out << section.title << '\n';
    }
    if (!section.table.empty() || section.lines.empty()) {
      TextTable table(section.headers, section.align);
      for (std::size_t r = 0; r < section.table.size(); ++r) {
        const Status s = r < section.status.size() ? section.status[r] : Status::None;
        table.add(section.table[r], colour ? status_colour(s) : "");
      }
      if (markdown) {
        table.write_markdown(out);
      } else {
        table.write_text(out);
      }
    }
    if (!section.lines.empty()) {
      if (markdown && !section.table.empty()) out << '\n';
      for (const std::string& line : section.lines) out << (markdown ? "- " : "  ") << line << '\n';
    }
  }
}

}  // namespace

void write_text_report(std::ostream& out, const Report& report, bool markdown, bool colour) {
  write_sections(out, report, markdown, colour && !markdown);
}

}  // namespace bpm::kpi
