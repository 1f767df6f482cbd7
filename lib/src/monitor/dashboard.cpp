// The dashboard's monitor panels: the process map, the funnel and the trend control charts.
#include "bpm/monitor/dashboard.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string_view>

#include <fmt/format.h>

#include "bpm/core/error.hpp"
#include "bpm/monitor/funnel.hpp"
#include "bpm/monitor/process_map.hpp"
#include "bpm/monitor/segments.hpp"
#include "bpm/monitor/trend.hpp"
#include "kpi/svg_chart.hpp"

namespace bpm::monitor {

struct Dashboard::State {
  explicit State(const DashboardOptions& options)
      : map(options.max_variants),
        funnel(FunnelOptions{{}, options.process, options.won_outcome}),
        trend(TrendOptions{}) {
    if (!options.segment_by.empty()) {
      SegmentOptions segment_options;
      segment_options.by = options.segment_by;
      segment_options.alpha = options.alpha;
      segment_options.won_outcome = options.won_outcome;
      segments = std::make_unique<SegmentBuilder>(segment_options);
      observers.push_back(segments.get());
    }
  }
  MapBuilder map;
  FunnelBuilder funnel;
  TrendBuilder trend;
  std::unique_ptr<SegmentBuilder> segments;
  std::vector<kpi::CaseObserver*> observers = {&map, &funnel, &trend};
};

namespace {

/// Maps with more activities than this show the paths that cover 90% of the cases.
constexpr std::size_t kReadableNodes = 15;
constexpr double kDashboardCoverage = 0.9;
/// Past this, even the 90% map is no picture (and Graphviz could take minutes): the busiest paths.
constexpr std::size_t kMostNodesDrawn = 60;

/// An HTML table: the first `text_columns` columns text, the others numbers (which may wrap at
/// their blanks when `wrap_numbers`: "1.77d ± 3.44h ↓").
std::string table(const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows,
                  std::size_t text_columns = 1, bool wrap_numbers = false) {
  std::string html = "<table><thead><tr>";
  for (const std::string& h : headers) {
    // Metric names such as "waiting_time.mean" may break after their dots and underscores.
    std::string header;
    for (const char ch : kpi::html_escape(h)) {
      header.push_back(ch);
      if (ch == '.' || ch == '_') header += "<wbr>";
    }
    html += "<th>" + header + "</th>";
  }
  html += "</tr></thead><tbody>";
  for (const auto& row : rows) {
    html += "<tr>";
    for (std::size_t c = 0; c < row.size(); ++c) {
      const char* kind = c < text_columns ? "" : wrap_numbers ? R"( class="num wrap")" : R"( class="num")";
      html += fmt::format("<td{}>{}</td>", kind, kpi::html_escape(row[c]));
    }
    html += "</tr>";
  }
  return html + "</tbody></table>";
}

std::string meta(std::string_view text) { return R"(<p class="meta">)" + kpi::html_escape(text) + "</p>"; }

std::string percent(double share) { return std::isfinite(share) ? fmt::format("{:.1f}%", 100.0 * share) : "n/a"; }

/// Graphviz's SVG made an inline chart of the page: no XML prologue or comments, a title, and the
/// class that tells the layout check it is a diagram (no axes).
std::string inline_svg(const std::string& svg, std::string_view title) {
  const std::size_t open = svg.find("<svg");
  if (open == std::string::npos) return {};
  const std::size_t tag_end = svg.find('>', open);
  if (tag_end == std::string::npos) return {};
  std::string out = svg.substr(open, tag_end - open);
  out += R"( class="diagram" role="img">)";
  out += "<title>" + kpi::html_escape(title) + "</title>";
  std::string_view rest = std::string_view(svg).substr(tag_end + 1);
  while (!rest.empty()) {
    const std::size_t comment = rest.find("<!--");
    if (comment == std::string_view::npos) break;
    out += rest.substr(0, comment);
    const std::size_t end = rest.find("-->", comment);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 3);
  }
  out += rest;
  return out;
}

kpi::HtmlPanel map_panel(const MapBuilder& builder, const kpi::Report& report, const kpi::LogInfo& info) {
  ProcessMap map = builder.result(report, info);
  if (map.nodes.size() > kReadableNodes) map = builder.result(report, info, kDashboardCoverage);
  kpi::HtmlPanel panel{"Process map", {}, false};
  std::string body;
  try {
    if (map.nodes.size() > kMostNodesDrawn) {
      throw Error(fmt::format("{} activities are too many to draw (a process map of a lower coverage draws fewer)",
                              map.nodes.size()));
    }
    body = inline_svg(write_map(map, MapFormat::Svg, MapOverlay::Both), "Process map: directly-follows graph");
  } catch (const Error& e) {
    // Without Graphviz, or past a readable size, the page still says where the cases go: the
    // busiest paths.
    std::vector<std::vector<std::string>> rows;
    for (const MapEdge& edge : map.edges) {
      if (rows.size() == 15) break;
      const auto end_name = [&map](std::uint32_t node, Terminal terminal) -> std::string {
        switch (terminal) {
          case Terminal::Start: return "start";
          case Terminal::End: return "end";
          case Terminal::InFlight: return "in flight";
          case Terminal::None: break;
        }
        return map.nodes[node].name;
      };
      rows.push_back({end_name(edge.from, edge.from_terminal), end_name(edge.to, edge.to_terminal),
                      fmt::format("{}", edge.cases),
                      std::isfinite(edge.mean) ? kpi::format_value(edge.mean, kpi::Unit::Duration) : ""});
    }
    body = meta(fmt::format("no diagram: {}; the busiest paths instead", e.what())) +
           table({"from", "to", "cases", "mean time between"}, rows, 2);
  }
  body +=
      meta(fmt::format("{} of {} activities and {} of {} paths, on which {} of the cases run entirely; labels: "
                       "cases and executions, mean time between activities (bpm-kpi map for every path)",
                       map.nodes.size(), map.all_nodes, map.edges.size(), map.all_edges, percent(map.covered_cases)));
  for (const std::string& note : map.notes) body += meta(note);
  panel.html = std::move(body);
  return panel;
}

kpi::HtmlPanel funnel_panel(const FunnelResult& funnel) {
  kpi::HtmlPanel panel{"Funnel: where cases drop off", {}, false};
  if (funnel.stages.empty()) {
    panel.html = meta("no stages");
    return panel;
  }
  std::vector<kpi::BarItem> bars;
  std::vector<std::vector<std::string>> rows;
  for (std::size_t k = 0; k < funnel.stages.size(); ++k) {
    const FunnelStage& s = funnel.stages[k];
    bars.push_back(kpi::BarItem{
        s.name, static_cast<double>(s.reached), "#4e79a7",
        k == 0 ? fmt::format("{}", s.reached) : fmt::format("{} ({} of previous)", s.reached, percent(s.conversion))});
    rows.push_back({s.name, fmt::format("{}", s.reached), k == 0 ? "" : percent(s.conversion),
                    fmt::format("{}", s.lost_here), fmt::format("{}", s.in_flight_here),
                    std::isfinite(s.convert_median) ? kpi::format_value(s.convert_median, kpi::Unit::Duration) : ""});
  }
  std::string body = kpi::horizontal_bars(bars, static_cast<double>(funnel.cases), std::nan(""),
                                          kpi::ChartText{"Cases reaching each stage", "cases", "stage"});
  body += table({"stage", "reached", "conversion", "lost here", "in flight here", "time to convert (p50)"}, rows);
  body += meta(fmt::format("{} cases: {} completed, {} lost before the last stage, {} in flight", funnel.cases,
                           funnel.completed, funnel.lost, funnel.in_flight));
  if (!funnel.lost_last_activity.empty()) {
    std::string where = "lost cases last were at: ";
    for (std::size_t k = 0; k < funnel.lost_last_activity.size() && k < 5; ++k) {
      where += fmt::format("{}{} ({})", k == 0 ? "" : ", ", funnel.lost_last_activity[k].first,
                           funnel.lost_last_activity[k].second);
    }
    body += meta(where);
  }
  panel.html = std::move(body);
  return panel;
}

kpi::HtmlPanel trend_panel(const TrendResult& trend) {
  const std::string period = period_name(trend.period);
  kpi::HtmlPanel panel{fmt::format("Trends per {} with control limits", period), {}, false};
  std::string body;
  for (const TrendChart& chart : trend.charts) {
    std::vector<kpi::ControlPoint> points;
    std::vector<std::string> labels;
    for (const TrendPoint& p : chart.points) {
      points.push_back(kpi::ControlPoint{p.value, p.centre, p.lower, p.upper, p.signal != 0, !p.partial && !p.ramp_up});
      labels.push_back(p.label);
    }
    const kpi::Unit unit = chart.unit;
    body += kpi::control_chart(
        points, labels, [unit](double v) { return kpi::format_value(v, unit); },
        kpi::ChartText{fmt::format("{} per {} ({})", chart.metric, period, chart_name(chart.chart)), period,
                       chart.metric});
  }
  if (trend.charts.empty()) body += meta("no periods to chart");
  const std::vector<std::string> signals = trend.latest_signals();
  std::string latest = "out of control in the latest period: ";
  for (std::size_t k = 0; k < signals.size(); ++k) latest += (k == 0 ? "" : "; ") + signals[k];
  body += meta(signals.empty() ? std::string("latest period in control: no point outside its limits") : latest);
  body += meta("red: outside the control limits (dashed); hollow: a partial or ramp-up period, not judged");
  for (const std::string& note : trend.notes) body += meta(note);
  panel.html = std::move(body);
  return panel;
}

kpi::HtmlPanel segments_panel(const SegmentResult& r) {
  kpi::HtmlPanel panel{fmt::format("Segments by {}", r.by), {}, true};
  std::vector<std::string> headers{r.by, "cases", "completed"};
  for (const SegmentMetric& m : r.metrics) headers.push_back(m.name);
  std::vector<std::vector<std::string>> rows;
  const auto row = [&](const Segment& seg) {
    std::vector<std::string> cells{seg.value, fmt::format("{}", seg.cases), fmt::format("{}", seg.completed)};
    for (std::size_t k = 0; k < r.metrics.size(); ++k) cells.push_back(segment_cell(r.metrics[k], seg.values[k]));
    rows.push_back(std::move(cells));
  };
  for (const Segment& seg : r.segments) row(seg);
  row(r.overall);
  std::string body = table(headers, rows, 1, true);
  for (const std::string& note : r.notes) body += meta(note);
  panel.html = std::move(body);
  return panel;
}

}  // namespace

Dashboard::Dashboard(const DashboardOptions& options) : state_(std::make_unique<State>(options)) {}

Dashboard::~Dashboard() = default;

std::span<kpi::CaseObserver* const> Dashboard::observers() { return state_->observers; }

std::vector<std::string> Dashboard::attributes() const {
  if (!state_->segments) return {};
  std::string attribute = state_->segments->attribute();
  if (attribute.empty()) return {};
  return {std::move(attribute)};
}

std::vector<kpi::HtmlPanel> Dashboard::panels(const kpi::Report& report, const kpi::LogInfo& info) const {
  std::vector<kpi::HtmlPanel> panels;
  panels.push_back(map_panel(state_->map, report, info));
  panels.push_back(funnel_panel(state_->funnel.result(info)));
  if (state_->segments) panels.push_back(segments_panel(state_->segments->result(info)));
  panels.push_back(trend_panel(state_->trend.result(info)));
  return panels;
}

ProcessMap Dashboard::map(const kpi::Report& report, const kpi::LogInfo& info) const {
  return state_->map.result(report, info);
}

FunnelResult Dashboard::funnel(const kpi::LogInfo& info) const { return state_->funnel.result(info); }

void Dashboard::copy_state(const Dashboard& other) {
  if (state_->segments || other.state_->segments) throw std::logic_error("Dashboard::copy_state: segments panel");
  state_->map.copy_state(other.state_->map);
  state_->funnel.copy_state(other.state_->funnel);
  state_->trend.copy_state(other.state_->trend);
}

}  // namespace bpm::monitor
