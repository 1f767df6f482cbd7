#include "design/labels.hpp"

#include <fmt/format.h>
#include <cmath>

#include "model/mean_estimate.hpp"

namespace bpm::design {

std::string humanize_id(std::string_view id) {
  std::string out;
  out.reserve(id.size());
  for (const char c : id) out += (c == '-' || c == '_') ? ' ' : c;
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

std::string step_label(const Step& step) {
  if (!step.name.empty()) return step.name;
  // A step of a call's expansion ("kyc-applicant.check-id"): its own name, then the call's.
  if (!step.origin.empty() && step.id.size() > step.origin.size() + 1) {
    return fmt::format("{} ({})", humanize_id(std::string_view(step.id).substr(step.origin.size() + 1)), step.origin);
  }
  return humanize_id(step.id);
}

std::string percent(double fraction) {
  const double value = fraction * 100.0;
  if (value == std::round(value)) return fmt::format("{:.0f}%", value);
  return fmt::format("{:.3g}%", value);
}

namespace {

constexpr std::string_view kDataDependent = "depends on data";

}  // namespace

std::string mean_duration(const Distribution& d) {
  if (d.data_dependent()) return std::string(kDataDependent);
  if (d.kind == DistKind::Constant && !std::isfinite(d.lower) && !std::isfinite(d.upper)) {
    return humanize_duration(d.mean());
  }
  // Appending rather than `"~" + text`: GCC 12 reports a false -Wrestrict for the latter at -O3.
  std::string out = "~";
  out += humanize_duration(d.mean());
  return out;
}

std::string mean_duration(const Process& process, const Distribution& d, std::string_view key) {
  if (!d.data_dependent()) return mean_duration(d);
  const MeanEstimate mean = mean_estimate(process, d, key);
  if (!mean.known()) return std::string(kDataDependent);
  std::string out = "~";
  out += humanize_duration(mean.value);
  out += " est.";
  return out;
}

std::string branch_label(const Step& gateway, std::size_t index) {
  const Branch& branch = gateway.branches.at(index);
  if (gateway.kind != StepKind::Xor) {
    if (branch.when && branch.p) return fmt::format("{}, else {}", branch.when->text(), percent(*branch.p));
    if (branch.when) return branch.when->text();
    return branch.p ? percent(*branch.p) : std::string();
  }
  double p_sum = 0.0;
  std::size_t p_count = 0;
  bool conditions = false;
  for (const Branch& b : gateway.branches) {
    if (b.p) {
      p_sum += *b.p;
      ++p_count;
    }
    conditions = conditions || b.when.has_value();
  }
  const std::string share = branch.p && p_sum > 0.0 ? percent(*branch.p / p_sum) : std::string();
  if (branch.when && branch.p) return fmt::format("{}, else {}", branch.when->text(), share);
  if (branch.when) return branch.when->text();
  if (!branch.p) return {};
  if (!conditions) return share;
  return p_count == 1 ? std::string("else") : fmt::format("else {}", share);
}

std::string number_text(double value) { return fmt::format("{}", value); }

}  // namespace bpm::design
