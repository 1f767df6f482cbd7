// The HTML dashboard: one self-contained page (inline CSS and SVG, no script, no network).
#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "kpi/report_sections.hpp"
#include "kpi/svg_chart.hpp"

namespace bpm::kpi {
namespace {

const char* status_css(Status s) {
  switch (s) {
    case Status::Green: return "green";
    case Status::Amber: return "amber";
    case Status::Red: return "red";
    case Status::Unknown: return "unknown";
    case Status::None: break;
  }
  return "none";
}

constexpr const char* kStyle = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#222;background:#f6f7f9}
h1{font-size:22px;margin:0 0 4px} h2{font-size:16px;margin:0 0 10px}
.meta{color:#555;font-size:13px;margin:2px 0}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:18px 0}
.card{background:#fff;border-radius:8px;padding:10px 14px;min-width:150px;border-left:6px solid #bbb;box-shadow:0 1px 2px #0002}
.card .name{font-size:12px;color:#555} .card .value{font-size:20px;font-weight:600;margin-top:2px}
.card .target{font-size:11px;color:#666}
.card.green{border-color:#2e9d4d} .card.amber{border-color:#f0a202} .card.red{border-color:#d1383d} .card.unknown{border-color:#999}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(580px,1fr));gap:16px}
.panel{background:#fff;border-radius:8px;padding:14px;box-shadow:0 1px 2px #0002;min-width:0}
.panel svg{max-width:100%;height:auto}
table{border-collapse:collapse;font-size:12px;width:100%}
th,td{padding:3px 5px;text-align:left;border-bottom:1px solid #eee;vertical-align:top}
td{overflow-wrap:anywhere} th{color:#555;font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap;overflow-wrap:normal}
td.num.wrap{white-space:normal} .panel.wide{grid-column:1/-1}
.dot{display:inline-block;width:10px;height:10px;border-radius:5px;margin-right:6px;background:#ccc}
.dot.green{background:#2e9d4d} .dot.amber{background:#f0a202} .dot.red{background:#d1383d} .dot.unknown{background:#999}
ul.notes{font-size:12px;color:#555}
)";

std::string section_table(const Section& s) {
  std::string html = "<table><thead><tr>";
  for (std::size_t c = 0; c < s.headers.size(); ++c) {
    // Headers such as "waiting.share" may break after their dots and underscores, nowhere else.
    std::string header;
    for (const char ch : html_escape(s.headers[c])) {
      header.push_back(ch);
      if (ch == '.' || ch == '_') header += "<wbr>";
    }
    html += fmt::format("<th>{}</th>", header);
  }
  html += "</tr></thead><tbody>";
  for (std::size_t r = 0; r < s.table.size(); ++r) {
    const Status status = r < s.status.size() ? s.status[r] : Status::None;
    html += "<tr>";
    for (std::size_t c = 0; c < s.table[r].size(); ++c) {
      const bool right = c < s.align.size() && s.align[c] == Section::Align::Right;
      std::string cell = html_escape(s.table[r][c]);
      if (c == 0 && status != Status::None)
        cell = fmt::format(R"(<span class="dot {}"></span>{})", status_css(status), cell);
      // Leading blanks of the KPI tree's names show its nesting.
      if (!s.table[r][c].empty() && s.table[r][c][0] == ' ') {
        std::size_t depth = s.table[r][c].find_first_not_of(' ');
        cell = fmt::format(R"(<span style="padding-left:{}em">{}</span>)", depth,
                           html_escape(s.table[r][c].substr(depth)));
      }
      html += fmt::format("<td{}>{}</td>", right ? R"( class="num")" : "", cell);
    }
    html += "</tr>";
  }
  html += "</tbody></table>";
  for (const std::string& line : s.lines) html += fmt::format(R"(<p class="meta">{}</p>)", html_escape(line));
  return html;
}

std::string cards(const Report& report) {
  std::string html = R"(<div class="cards">)";
  auto card = [&html](const std::string& name, const std::string& value, const std::string& target, Status status) {
    html += fmt::format(
        R"(<div class="card {}"><div class="name">{}</div><div class="value">{}</div><div class="target">{}</div></div>)",
        status_css(status), html_escape(name), html_escape(value),
        target.empty() ? "" : "target " + html_escape(target));
  };
  std::size_t shown = 0;
  for (const ObjectiveResult& o : report.objectives) {
    std::string value = o.found ? format_estimate(o.value, o.half_width, o.half_width > 0 ? 2 : 0, o.unit) : "n/a";
    for (const KpiResult& k : report.kpis) {
      if (k.id == o.kpi) value = kpi_value_text(k);
    }
    card(o.kpi, value, target_text(o.target), o.status);
    ++shown;
  }
  if (shown == 0) {
    for (const char* name : {"cases.completed", "cycle_time.mean", "cycle_time.p90", "throughput", "wip",
                             "flow_efficiency", "rework_rate", "win_rate", "cost.per_case"}) {
      if (const Metric* m = report.find(name))
        card(name, format_estimate(m->value, m->half_width, m->n, m->unit), "", Status::None);
    }
  }
  html += "</div>";
  return html;
}

std::string histogram_panel(const Report& report) {
  if (report.cycle_histogram.empty()) return {};
  std::vector<double> values;
  std::vector<std::string> labels;
  const double span = report.cycle_histogram.back().upper;
  for (std::size_t i = 0; i < report.cycle_histogram.size(); ++i) {
    values.push_back(report.cycle_histogram[i].count);
    // Bin edges under the first, middle and last bars: 0, the middle and the 99th percentile.
    const std::size_t n = report.cycle_histogram.size();
    if (i == 0) {
      labels.push_back(humanize_duration(report.cycle_histogram[i].lower));
    } else if (i == n / 2) {
      labels.push_back(humanize_duration(report.cycle_histogram[i].lower));
    } else if (i + 1 == n) {
      labels.push_back(humanize_duration(report.cycle_histogram[i].upper) + "+");
    } else {
      labels.push_back("");
    }
  }
  std::vector<Marker> markers;
  for (const char* q : {"cycle_time.p50", "cycle_time.p90"}) {
    const double v = report.value(q);
    if (std::isfinite(v) && span > 0 && v <= span) markers.push_back(Marker{v / span, std::string(q).substr(11)});
  }
  return fmt::format(
      R"(<div class="panel"><h2>Cycle time of completed cases</h2>{}<p class="meta">last bin: beyond the 99th percentile included</p></div>)",
      column_chart(values, labels, markers,
                   ChartText{"Cycle time of completed cases", "cycle time", "completed cases"}));
}

std::string series_panel(const Report& report) {
  if (report.series.empty()) return {};
  // Weekly periods when daily bars would be thinner than a pixel or two.
  const std::size_t period = report.series.size() > 120 ? 7 : 1;
  std::vector<double> completions;
  std::vector<double> wip;
  std::vector<std::string> labels;
  for (std::size_t start = 0; start < report.series.size(); start += period) {
    double done = 0.0;
    double level = 0.0;
    std::size_t n = 0;
    for (std::size_t i = start; i < report.series.size() && i < start + period; ++i, ++n) {
      done += report.series[i].completions;
      level += report.series[i].wip;
    }
    completions.push_back(done);
    wip.push_back(n > 0 ? level / static_cast<double>(n) : 0.0);
    labels.push_back(format_datetime(report.series[start].day).substr(0, 10));
  }
  // A handful of date labels along the axis.
  const std::size_t every = std::max<std::size_t>(1, labels.size() / 5);
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i % every != 0) labels[i].clear();
  }
  return fmt::format(
      R"(<div class="panel"><h2>Throughput and WIP over time</h2>{}</div>)",
      bars_and_line(completions, wip, labels, period == 7 ? "completed per week" : "completed per day", "average WIP",
                    ChartText{"Throughput and WIP over time", period == 7 ? "week" : "day", ""}));
}

std::string utilisation_panel(const Report& report) {
  std::vector<BarItem> items;
  for (const ResourceRow& r : report.resources) {
    if (!(r.capacity > 0.0)) continue;
    const double u = r.busy / r.capacity;
    items.push_back(BarItem{r.name, u,
                            u > 0.85  ? "#d1383d"
                            : u > 0.7 ? "#f0a202"
                                      : "#4e79a7",
                            format_value(u, Unit::Fraction)});
  }
  if (items.empty()) return {};
  std::sort(items.begin(), items.end(), [](const BarItem& a, const BarItem& b) { return a.value > b.value; });
  if (items.size() > 15) items.resize(15);
  return fmt::format(
      R"(<div class="panel"><h2>Resource utilisation</h2>{}<p class="meta">busy time / available time; dashed line: 100%</p></div>)",
      horizontal_bars(items, 0.0, 1.0, ChartText{"Resource utilisation", "busy time / available time", "resource"}));
}

/// Where the time of each step goes: the mean waiting before it, then its mean processing, per
/// execution (the steps with the most time in total first).
std::string waiting_panel(const Report& report) {
  std::vector<const ActivityRow*> rows;
  for (const ActivityRow& a : report.activities) {
    if (a.count > 0 && a.waiting_total + a.processing_total > 0.0) rows.push_back(&a);
  }
  if (rows.empty()) return {};
  std::sort(rows.begin(), rows.end(), [](const ActivityRow* a, const ActivityRow* b) {
    return a->waiting_total + a->processing_total > b->waiting_total + b->processing_total;
  });
  if (rows.size() > 12) rows.resize(12);
  std::vector<StackedItem> items;
  for (const ActivityRow* a : rows) {
    const auto n = static_cast<double>(a->count);
    const double waiting = a->waiting_total / n;
    const double processing = a->processing_total / n;
    items.push_back(StackedItem{a->name, waiting, processing,
                                fmt::format("{} + {}", humanize_duration(waiting), humanize_duration(processing))});
  }
  return fmt::format(
      R"(<div class="panel"><h2>Waiting and processing by step</h2>{}<p class="meta">per execution: waiting before the step starts, then its processing; steps with the most time in total first</p></div>)",
      stacked_bars(items, "waiting", "processing",
                   ChartText{"Waiting and processing time per execution, by step", "time per execution", "step"}));
}

/// Where a completed case's waiting goes (share/doc/metrics.md): queue, closed hours, timers,
/// sync. Empty when the report has no split.
std::string waiting_cause_chart(const Report& report) {
  static constexpr std::array<std::pair<const char*, const char*>, 4> kCauses = {
      {{"queue", "#e15759"}, {"closed", "#76b7b2"}, {"timer", "#b07aa1"}, {"sync", "#bab0ac"}}};
  double total = 0.0;
  std::vector<BarItem> items;
  for (const auto& [cause, colour] : kCauses) {
    const std::string name = fmt::format("waiting_time.{}.mean", cause);
    const auto found =
        std::find_if(report.metrics.begin(), report.metrics.end(), [&name](const Metric& m) { return m.name == name; });
    if (found == report.metrics.end() || !std::isfinite(found->value)) return {};
    items.push_back(BarItem{cause, found->value, colour, format_value(found->value, Unit::Duration)});
    total += found->value;
  }
  if (!(total > 0.0)) return {};
  return "<h2>Where cases wait (mean per completed case)</h2>" +
         horizontal_bars(items, 0.0, std::nan(""),
                         ChartText{"Mean waiting per completed case by cause", "mean waiting time", "cause"}) +
         R"(<p class="meta">queue: waiting for an open resource (more staff helps); closed: outside calendar hours; )"
         R"(timer: timer waits; sync: anything else</p>)";
}

std::string bottleneck_panel(const Report& report) {
  std::vector<BarItem> items;
  double total = 0.0;
  for (const ActivityRow& a : report.activities) total += a.waiting_total;
  for (const ActivityRow& a : report.activities) {
    if (items.size() == 10 || !(a.waiting_total > 0.0)) break;
    // A timer's wait or a wait mostly outside calendar hours is not a queue: say so on the bar.
    const char* colour = a.timer ? "#b07aa1" : a.waiting_closed > a.waiting_queue ? "#76b7b2" : "#e15759";
    const std::string label = a.timer ? fmt::format("{:.1f}% timer", 100.0 * a.waiting_total / total)
                              : a.waiting_closed > 0.0
                                  ? fmt::format("{:.1f}% ({:.0f}% closed)", 100.0 * a.waiting_total / total,
                                                100.0 * a.waiting_closed / a.waiting_total)
                                  : fmt::format("{:.1f}%", 100.0 * a.waiting_total / total);
    items.push_back(BarItem{a.name, a.waiting_total, colour, label});
  }
  std::string resource_chart;
  {
    std::vector<BarItem> resources;
    double rtotal = 0.0;
    for (const ResourceRow& r : report.resources) rtotal += r.waiting_total;
    for (const ResourceRow& r : report.resources) {
      if (resources.size() == 10 || !(r.waiting_total > 0.0)) break;
      const std::string label = r.waiting_closed > 0.0
                                    ? fmt::format("{:.1f}% ({:.0f}% closed)", 100.0 * r.waiting_total / rtotal,
                                                  100.0 * r.waiting_closed / r.waiting_total)
                                    : fmt::format("{:.1f}%", 100.0 * r.waiting_total / rtotal);
      resources.push_back(
          BarItem{r.name, r.waiting_total, r.waiting_closed > r.waiting_queue ? "#76b7b2" : "#f28e2b", label});
    }
    if (!resources.empty()) {
      resource_chart = "<h2>…by resource</h2>" + horizontal_bars(resources, 0.0, std::nan(""),
                                                                 ChartText{"Share of total waiting time by resource",
                                                                           "share of waiting time", "resource"});
    }
  }
  if (items.empty()) {
    return R"(<div class="panel"><h2>Bottlenecks</h2><p class="meta">no waiting time in this log (completion-only logs carry none)</p></div>)";
  }
  return fmt::format(R"(<div class="panel">{}<h2>Bottlenecks: share of total waiting time by step</h2>{}{}</div>)",
                     waiting_cause_chart(report),
                     horizontal_bars(items, 0.0, std::nan(""),
                                     ChartText{"Share of total waiting time by step", "share of waiting time", "step"}),
                     resource_chart);
}

}  // namespace

void write_html_report(std::ostream& out, const Report& report, const WriteOptions& options) {
  const int refresh_seconds = options.refresh_seconds;
  const std::vector<Section> sections = build_sections(report);
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  if (refresh_seconds > 0) out << "<meta http-equiv=\"refresh\" content=\"" << refresh_seconds << "\">";
  out << "<title>" << html_escape(report_heading(report)) << "</title><style>" << kStyle << "</style></head><body>\n";
  out << "<h1>" << html_escape(report_heading(report)) << "</h1>\n";
  for (const std::string& line : report_summary_lines(report))
    out << "<p class=\"meta\">" << html_escape(line) << "</p>\n";
  out << cards(report) << '\n';
  out << "<div class=\"grid\">\n";
  for (const Section& s : sections) {
    if (s.id == "kpis" || s.id == "objectives") {
      out << "<div class=\"panel\"><h2>" << html_escape(s.title) << "</h2>" << section_table(s) << "</div>\n";
    }
  }
  out << histogram_panel(report) << '\n' << series_panel(report) << '\n';
  out << waiting_panel(report) << '\n' << bottleneck_panel(report) << '\n' << utilisation_panel(report) << '\n';
  for (const HtmlPanel& panel : options.panels) {
    out << "<div class=\"panel" << (panel.wide ? " wide" : "") << "\"><h2>" << html_escape(panel.title) << "</h2>"
        << panel.html << "</div>\n";
  }
  for (const Section& s : sections) {
    if (s.id == "kpis" || s.id == "objectives") continue;
    out << "<div class=\"panel\"><h2>" << html_escape(s.title) << "</h2>" << section_table(s) << "</div>\n";
  }
  out << "</div>\n<p class=\"meta\">bpm-kpi dashboard: self-contained, no scripts, no network.</p>\n</body></html>\n";
}

}  // namespace bpm::kpi
