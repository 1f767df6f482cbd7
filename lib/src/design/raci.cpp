#include "bpm/design/raci.hpp"

#include <fmt/format.h>
#include <algorithm>

#include "bpm/core/error.hpp"
#include "design/flow_graph.hpp"

namespace bpm {
namespace {

/// The roles responsible for a step: its RACI's, else its resource's role.
std::vector<std::string> responsible(const Process& process, const Step& step) {
  if (!step.raci.responsible.empty()) return step.raci.responsible;
  if (step.kind == StepKind::Task && !step.resource.empty()) {
    if (const Resource* r = process.find_resource(step.resource); r && !r->role.empty()) return {r->role};
  }
  return {};
}

bool has_raci(const Raci& r) {
  return !r.responsible.empty() || !r.accountable.empty() || !r.consulted.empty() || !r.informed.empty();
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

RaciMatrix raci_matrix(const Process& process) {
  RaciMatrix matrix;
  for (const Role& role : process.roles) matrix.roles.push_back(role.id);
  auto note_role = [&](const std::string& role) {
    if (std::find(matrix.roles.begin(), matrix.roles.end(), role) == matrix.roles.end()) matrix.roles.push_back(role);
  };
  std::vector<const Step*> steps;
  for (const Step& step : process.steps) {
    if (step.kind == StepKind::Task || (step.kind == StepKind::Wait && has_raci(step.raci))) steps.push_back(&step);
  }
  for (const Step* step : steps) {
    for (const auto& r : responsible(process, *step)) note_role(r);
    for (const auto* list : {&step->raci.accountable, &step->raci.consulted, &step->raci.informed}) {
      for (const auto& r : *list) note_role(r);
    }
  }
  for (const Step* step : steps) {
    RaciRow row;
    row.step = step->id;
    const auto r_roles = responsible(process, *step);
    for (const auto& role : matrix.roles) {
      std::string cell;
      auto has = [&](const std::vector<std::string>& list) {
        return std::find(list.begin(), list.end(), role) != list.end();
      };
      if (has(r_roles)) cell += 'R';
      if (has(step->raci.accountable)) cell += 'A';
      if (has(step->raci.consulted)) cell += 'C';
      if (has(step->raci.informed)) cell += 'I';
      row.cells.push_back(cell);
    }
    if (r_roles.empty()) row.issues.emplace_back("no R");
    if (step->raci.accountable.empty()) row.issues.emplace_back("no A");
    if (step->raci.accountable.size() > 1) row.issues.push_back(fmt::format("{} A", step->raci.accountable.size()));
    matrix.rows.push_back(std::move(row));
  }
  return matrix;
}

RaciFormat parse_raci_format(std::string_view name) {
  if (name == "table") return RaciFormat::Table;
  if (name == "markdown") return RaciFormat::Markdown;
  if (name == "csv") return RaciFormat::Csv;
  throw UsageError(fmt::format("unknown RACI format '{}' (table, markdown or csv)", name));
}

std::string format_raci(const RaciMatrix& matrix, RaciFormat format) {
  auto issues = [](const RaciRow& row) {
    std::string out;
    for (const auto& issue : row.issues) out += fmt::format("{}{}", out.empty() ? "" : ", ", issue);
    return out;
  };
  std::string out;
  switch (format) {
    case RaciFormat::Csv: {
      out += "step";
      for (const auto& role : matrix.roles) out += fmt::format(",{}", csv_field(role));
      out += ",issues\n";
      for (const auto& row : matrix.rows) {
        out += csv_field(row.step);
        for (const auto& cell : row.cells) out += fmt::format(",{}", cell);
        out += fmt::format(",{}\n", csv_field(issues(row)));
      }
      return out;
    }
    case RaciFormat::Markdown: {
      out += "| step |";
      for (const auto& role : matrix.roles) out += fmt::format(" {} |", role);
      out += " issues |\n|---|";
      for (std::size_t i = 0; i < matrix.roles.size(); ++i) out += ":---:|";
      out += "---|\n";
      for (const auto& row : matrix.rows) {
        out += fmt::format("| {} |", row.step);
        for (const auto& cell : row.cells) out += fmt::format(" {} |", cell);
        const std::string flagged = issues(row);
        out += flagged.empty() ? " |\n" : fmt::format(" **{}** |\n", flagged);
      }
      break;
    }
    case RaciFormat::Table: {
      std::size_t step_width = 4;
      for (const auto& row : matrix.rows) step_width = std::max(step_width, row.step.size());
      std::vector<std::size_t> widths;
      for (const auto& role : matrix.roles) widths.push_back(std::max<std::size_t>(role.size(), 2));
      out += fmt::format("{:<{}}", "step", step_width);
      for (std::size_t i = 0; i < matrix.roles.size(); ++i) out += fmt::format("  {:^{}}", matrix.roles[i], widths[i]);
      out += "  issues\n";
      for (const auto& row : matrix.rows) {
        std::string line = fmt::format("{:<{}}", row.step, step_width);
        for (std::size_t i = 0; i < row.cells.size(); ++i) {
          line += fmt::format("  {:^{}}", row.cells[i].empty() ? "." : row.cells[i], widths[i]);
        }
        line += fmt::format("  {}", issues(row));
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + "\n";
      }
      break;
    }
  }
  const auto flagged =
      std::count_if(matrix.rows.begin(), matrix.rows.end(), [](const RaciRow& r) { return !r.issues.empty(); });
  const std::string summary =
      fmt::format("{} steps, {} flagged (every step wants an R and exactly one A)", matrix.rows.size(), flagged);
  if (format == RaciFormat::Markdown) out += '\n';
  out += summary;
  out += '\n';
  return out;
}

}  // namespace bpm
