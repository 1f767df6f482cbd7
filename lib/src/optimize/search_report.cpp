// Reports of `bpm-optimize search`: the front and every evaluated configuration, as the other
// optimize reports are written (document.hpp), and the message for an infeasible problem.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "bpm/optimize/search.hpp"
#include "document.hpp"

namespace bpm {

using optimize_detail::Cell;
using optimize_detail::Document;
using optimize_detail::Section;
using optimize_detail::text;
using optimize_detail::Units;

namespace {

Cell whole(double value) { return Cell{fmt::format("{}", value), value}; }

/// Constraint metrics that are not objectives already (a metric is shown once).
std::vector<std::size_t> constraint_columns(const SearchResult& r) {
  std::vector<std::size_t> out;
  for (std::size_t j = 0; j < r.constraints.size(); ++j) {
    const std::string& metric = r.constraints[j].metric;
    const bool objective = std::any_of(r.objectives.begin(), r.objectives.end(),
                                       [&](const SearchObjective& o) { return o.metric == metric; });
    const bool earlier =
        std::any_of(out.begin(), out.end(), [&](std::size_t i) { return r.constraints[i].metric == metric; });
    if (!objective && !earlier) out.push_back(j);
  }
  return out;
}

std::vector<std::string> columns(const SearchResult& r, bool candidates) {
  std::vector<std::string> out{"id"};
  for (const auto& v : r.variables) out.push_back(v.path);
  if (candidates) out.emplace_back("replications");
  for (const auto& o : r.objectives) {
    out.push_back(o.metric);
    out.push_back(o.metric + ".hw");
  }
  for (const std::size_t j : constraint_columns(r)) out.push_back(r.constraints[j].metric);
  for (const auto& e : r.extras) out.push_back(e.metric);
  out.emplace_back("status");
  if (candidates) out.emplace_back("note");
  return out;
}

std::vector<Cell> row(const SearchResult& r, std::size_t index, bool candidates, const Units& units) {
  const SearchCandidate& c = r.candidates[index];
  std::vector<Cell> cells{Cell{fmt::format("#{}", c.id), static_cast<double>(c.id)}};
  for (const long long v : c.values) cells.push_back(whole(static_cast<double>(v)));
  if (candidates) cells.push_back(whole(c.replications));
  for (std::size_t k = 0; k < r.objectives.size(); ++k) {
    cells.push_back(units.cell(c.objectives[k].mean, r.objectives[k].unit));
    cells.push_back(units.width(c.objectives[k].half_width, r.objectives[k].unit));
  }
  for (const std::size_t j : constraint_columns(r))
    cells.push_back(units.cell(c.constraints[j].mean, r.constraints[j].unit));
  for (std::size_t e = 0; e < r.extras.size(); ++e) cells.push_back(units.cell(c.extras[e].mean, r.extras[e].unit));
  std::string status(search_status_name(c.status));
  if (r.chosen == index) status = "chosen";
  cells.push_back(text(status));
  if (candidates) cells.push_back(text(c.note.empty() ? "-" : c.note));
  return cells;
}

}  // namespace

std::string format_search(const SearchResult& r, OptimizeFormat format, const std::string& time_unit,
                          double time_unit_seconds) {
  const Units units{time_unit, time_unit_seconds};
  Document document;
  const auto number = [](double v, std::string shown) { return Cell{std::move(shown), v}; };
  document.header.emplace_back("process", text(r.process));
  std::string objectives;
  for (const auto& o : r.objectives) {
    objectives += fmt::format("{}{} {}", objectives.empty() ? "" : ", ", o.maximize ? "max" : "min", o.metric);
  }
  document.header.emplace_back("objectives", text(objectives));
  std::string constraints;
  for (const auto& c : r.constraints) {
    if (constraints.find(c.text) == std::string::npos) constraints += (constraints.empty() ? "" : "; ") + c.text;
  }
  document.header.emplace_back("constraints", text(constraints.empty() ? "none" : constraints));
  document.header.emplace_back("configurations",
                               number(static_cast<double>(r.configurations), fmt::format("{}", r.configurations)));
  document.header.emplace_back(
      "evaluated", number(static_cast<double>(r.candidates.size()), fmt::format("{}", r.candidates.size())));
  document.header.emplace_back("evaluations",
                               number(static_cast<double>(r.evaluations), fmt::format("{}", r.evaluations)));
  document.header.emplace_back("budget", number(static_cast<double>(r.budget), fmt::format("{}", r.budget)));
  document.header.emplace_back("stopped", text(r.budget_exhausted ? "budget spent" : "converged"));
  document.header.emplace_back("replications", number(r.replications, fmt::format("{}", r.replications)));
  document.header.emplace_back("batch", number(r.batch, fmt::format("{}", r.batch)));
  document.header.emplace_back("seed", number(static_cast<double>(r.seed), fmt::format("{}", r.seed)));
  document.header.emplace_back("confidence", number(r.confidence, fmt::format("{:g}", r.confidence)));
  document.header.emplace_back("time_unit", text(units.time_unit));
  const auto id = [&](std::optional<std::size_t> i) {
    if (!i) return text("none");
    const std::uint32_t n = r.candidates[*i].id;
    return Cell{fmt::format("#{}", n), static_cast<double>(n)};
  };
  if (r.objectives.size() > 1) document.header.emplace_back("knee", id(r.knee));
  document.header.emplace_back("chosen", id(r.chosen));

  Section front{"front",
                r.front.empty() ? "Best configuration: none meets the constraints"
                : r.objectives.size() == 1
                    ? "Best configuration (means over every replication)"
                    : "Pareto front (means over every replication, by the first objective); equivalent: the knee is "
                      "not significantly better on any objective, and the cheaper (else simpler) of them is chosen",
                columns(r, false),
                {}};
  for (const std::size_t i : r.front) front.rows.push_back(row(r, i, false, units));
  Section all{"candidates", "Evaluated configurations, in evaluation order", columns(r, true), {}};
  for (std::size_t i = 0; i < r.candidates.size(); ++i) all.rows.push_back(row(r, i, true, units));
  document.sections.push_back(std::move(front));
  document.sections.push_back(std::move(all));
  return optimize_detail::render(document, format);
}

BudgetExhausted budget_error(const SearchResult& r, const std::string& time_unit, double time_unit_seconds) {
  const Units units{time_unit, time_unit_seconds};
  const std::string head = fmt::format(
      "the budget of {} evaluation{} ran out before the search found a configuration "
      "that ran all {} replications and meets the constraints",
      r.budget, r.budget == 1 ? "" : "s", r.replications);
  const std::uint64_t per_configuration = (r.replications + r.batch - 1) / r.batch;
  const std::string advice = fmt::format(
      "raise the budget: a configuration that runs every replication costs {} "
      "evaluations of {} replications",
      per_configuration, r.batch);
  if (r.candidates.empty()) return BudgetExhausted(fmt::format("{}: none was simulated; {}", head, advice));
  std::size_t infeasible = 0;
  std::size_t raced = 0;
  std::size_t unfinished = 0;
  for (const SearchCandidate& c : r.candidates) {
    infeasible += c.status == SearchStatus::Infeasible ? 1U : 0U;
    raced += c.status == SearchStatus::RacedOut ? 1U : 0U;
    unfinished += c.status == SearchStatus::Unfinished ? 1U : 0U;
  }
  // The most promising: an unfinished configuration with the smallest shortfall on the
  // replications it ran, then the most replications, then the earliest.
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < r.candidates.size(); ++i) {
    const SearchCandidate& c = r.candidates[i];
    if (c.status != SearchStatus::Unfinished) continue;
    if (!best || c.violation < r.candidates[*best].violation ||
        (c.violation == r.candidates[*best].violation && c.replications > r.candidates[*best].replications)) {
      best = i;
    }
  }
  std::string learned =
      fmt::format("{} configuration{} simulated: {} infeasible, {} raced out, {} unfinished", r.candidates.size(),
                  r.candidates.size() == 1 ? "" : "s", infeasible, raced, unfinished);
  if (best) {
    const SearchCandidate& c = r.candidates[*best];
    std::string values;
    for (std::size_t v = 0; v < r.variables.size(); ++v) {
      values += fmt::format("{}{}={}", values.empty() ? "" : " ", r.variables[v].path, c.values[v]);
    }
    std::string figures;
    for (std::size_t k = 0; k < r.objectives.size(); ++k) {
      const Cell mean = units.cell(c.objectives[k].mean, r.objectives[k].unit);
      const Cell width = units.width(c.objectives[k].half_width, r.objectives[k].unit);
      figures +=
          fmt::format("{}{} {} ± {}", figures.empty() ? "" : ", ", r.objectives[k].metric, mean.text(), width.text());
    }
    // Name what it misses, with its mean: the analyst learns how far off the constraint is.
    std::string missed;
    for (std::size_t j = 0; j < r.constraints.size(); ++j) {
      const SearchConstraint& k = r.constraints[j];
      const double mean = c.constraints[j].mean;
      if (std::isfinite(mean) && k.target.met_by(mean)) continue;
      missed += fmt::format("{}'{}'", missed.empty() ? "" : ", ", k.text);
      // The report layer's text of a duration carries its unit already.
      figures += fmt::format("; {} {}", k.metric,
                             std::isfinite(mean) ? units.cell(mean, k.unit).text() : std::string("undefined"));
    }
    learned += fmt::format("; the most promising, #{} ({}), {} on the {} replication{} it ran ({})", c.id, values,
                           missed.empty() ? "meets every constraint" : "misses " + missed, c.replications,
                           c.replications == 1 ? "" : "s", figures);
  }
  return BudgetExhausted(fmt::format("{}: {}; {}", head, learned, advice));
}

ModelError infeasibility_error(const SearchResult& r, const std::string& time_unit, double time_unit_seconds) {
  if (!r.closest) return ModelError(Location{}, "no configuration was evaluated: the budget is too small");
  const Units units{time_unit, time_unit_seconds};
  const SearchCandidate& c = r.candidates[*r.closest];
  std::string values;
  for (std::size_t i = 0; i < r.variables.size(); ++i) {
    values += fmt::format("{}{}={}", values.empty() ? "" : " ", r.variables[i].path, c.values[i]);
  }
  std::string missed;
  Location where;
  for (std::size_t j = 0; j < r.constraints.size(); ++j) {
    const SearchConstraint& k = r.constraints[j];
    const double own = c.constraints[j].mean;
    if (std::isfinite(own) && k.target.met_by(own)) continue;
    // The best mean any evaluated configuration reached for this constraint.
    double best = std::nan("");
    for (const SearchCandidate& other : r.candidates) {
      const double m = other.constraints[j].mean;
      if (std::isfinite(m) && (!std::isfinite(best) || (k.target.higher_is_better() ? m > best : m < best))) best = m;
    }
    if (missed.empty()) where = k.where;
    const std::string label =
        k.text.starts_with(k.metric) ? fmt::format("'{}'", k.text) : fmt::format("'{}' for {}", k.text, k.metric);
    missed += fmt::format("{}{} cannot be met: the best {} reached is {}{}", missed.empty() ? "" : "; ", label,
                          k.metric, units.cell(best, k.unit).text(), "");
  }
  return ModelError(where,
                    fmt::format("no configuration meets the constraints: {} (closest: #{} {})", missed, c.id, values));
}

std::string format_search_plan(const Process& process, std::uint64_t rounds_gathered,
                               const std::vector<SearchEvaluation>& round) {
  if (round.empty()) return "complete: every round is gathered; run without --plan for the result\n";
  std::string out =
      fmt::format("round {}: {} evaluation{}\n", rounds_gathered + 1, round.size(), round.size() == 1 ? "" : "s");
  for (std::size_t i = 0; i < round.size(); ++i) {
    std::string values;
    for (std::size_t v = 0; v < round[i].values.size(); ++v) {
      values += fmt::format(" {}={}", process.optimize->vary[v].path, round[i].values[v]);
    }
    out += fmt::format("{:>4}{}  replications {}-{}\n", i + 1, values, round[i].first,
                       round[i].first + round[i].count - 1);
  }
  return out;
}

}  // namespace bpm
