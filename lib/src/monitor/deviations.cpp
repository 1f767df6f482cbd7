// describe: pairs the moves of an alignment into deviations an analyst recognises.
#include "monitor/deviations.hpp"

#include <optional>

#include <fmt/format.h>

namespace bpm::monitor {
namespace {

std::string quoted(std::string_view name) { return fmt::format("`{}`", name); }

}  // namespace

const char* deviation_kind_name(DeviationKind kind) noexcept {
  switch (kind) {
    case DeviationKind::Skipped: return "skipped";
    case DeviationKind::Order: return "order";
    case DeviationKind::Repeated: return "repeated";
    case DeviationKind::Unexpected: return "unexpected";
    case DeviationKind::AfterEnd: return "after-end";
    case DeviationKind::Unknown: return "unknown-activity";
    case DeviationKind::WrongOutcome: return "wrong-outcome";
    case DeviationKind::UnknownOutcome: return "unknown-outcome";
  }
  return "?";
}

std::vector<DescribedDeviation> describe(const Alignment& alignment, const PetriNet& net,
                                         std::span<const std::string_view> names, bool has_outcome) {
  const std::vector<AlignMove>& moves = alignment.moves;
  auto label_name = [&](std::int32_t label) -> std::string_view {
    const std::string& name = net.labels[static_cast<std::size_t>(label)];
    return net.is_outcome(label) ? std::string_view(name).substr(8) : std::string_view(name);
  };
  auto event_name = [&](const AlignMove& m) -> std::string_view {
    return m.event < names.size() ? names[m.event] : std::string_view("?");
  };
  const std::size_t outcome_event = has_outcome && !names.empty() ? names.size() - 1 : names.size();
  auto is_outcome_log = [&](const AlignMove& m) { return m.kind == AlignMove::Kind::Log && m.event == outcome_event; };
  auto is_outcome_model = [&](const AlignMove& m) {
    return m.kind == AlignMove::Kind::Model && net.is_outcome(m.label);
  };
  // Deviations are reported at the position of their first move.
  std::vector<std::pair<std::size_t, DescribedDeviation>> found;
  std::vector<char> used(moves.size(), 0);
  auto sync_between = [&](std::size_t a, std::size_t b) -> std::optional<std::int32_t> {
    for (std::size_t k = a + 1; k < b; ++k) {
      if (moves[k].kind == AlignMove::Kind::Sync && !net.is_outcome(moves[k].label)) return moves[k].label;
    }
    return std::nullopt;
  };

  // 1. An activity done at the wrong point: a log move and a model move of the same label.
  for (std::size_t l = 0; l < moves.size(); ++l) {
    const AlignMove& log = moves[l];
    if (log.kind != AlignMove::Kind::Log || log.label == kSilent || is_outcome_log(log)) continue;
    std::optional<std::size_t> partner;
    for (std::size_t d = 1; d < moves.size() && !partner; ++d) {
      for (const std::size_t k : {l + d, l - d}) {  // the nearest first, the later one on ties
        if (k < moves.size() && !used[k] && moves[k].kind == AlignMove::Kind::Model && moves[k].label == log.label) {
          partner = k;
          break;
        }
      }
    }
    if (!partner) continue;
    used[l] = used[*partner] = 1;
    const std::size_t first = std::min(l, *partner);
    const std::optional<std::int32_t> other = sync_between(first, std::max(l, *partner));
    std::string text;
    if (!other) {
      text = fmt::format("{} out of order", quoted(label_name(log.label)));
    } else if (l < *partner) {  // done too early: before what should have come first
      text = fmt::format("{} before {}", quoted(label_name(log.label)), quoted(label_name(*other)));
    } else {  // done too late: what came between went first
      text = fmt::format("{} before {}", quoted(label_name(*other)), quoted(label_name(log.label)));
    }
    found.emplace_back(first, DescribedDeviation{DeviationKind::Order, std::move(text)});
  }

  // 2. The outcome: one the process has not, or not the one it leads to.
  std::optional<std::size_t> outcome_log;
  std::optional<std::size_t> outcome_model;
  for (std::size_t k = 0; k < moves.size(); ++k) {
    if (is_outcome_log(moves[k])) outcome_log = k;
    if (is_outcome_model(moves[k])) outcome_model = k;
  }
  if (outcome_log) {
    used[*outcome_log] = 1;
    const std::string_view outcome = event_name(moves[*outcome_log]);
    if (moves[*outcome_log].label == kSilent) {
      found.emplace_back(*outcome_log, DescribedDeviation{DeviationKind::UnknownOutcome,
                                                          fmt::format("unknown outcome {}", quoted(outcome))});
    } else {
      std::string text = outcome_model ? fmt::format("ended {} instead of {}", quoted(outcome),
                                                     quoted(label_name(moves[*outcome_model].label)))
                                       : fmt::format("ended {} where the process cannot", quoted(outcome));
      found.emplace_back(*outcome_log, DescribedDeviation{DeviationKind::WrongOutcome, std::move(text)});
    }
    if (outcome_model) used[*outcome_model] = 1;
  }

  // 3. What is left: skipped steps and events the process does not allow where they happened.
  for (std::size_t k = 0; k < moves.size(); ++k) {
    if (used[k]) continue;
    const AlignMove& m = moves[k];
    if (m.kind == AlignMove::Kind::Sync) continue;
    if (m.kind == AlignMove::Kind::Model) {
      found.emplace_back(
          k, DescribedDeviation{DeviationKind::Skipped, net.is_outcome(m.label)
                                                            ? fmt::format("did not end {}", quoted(label_name(m.label)))
                                                            : fmt::format("skipped {}", quoted(label_name(m.label)))});
      continue;
    }
    if (m.label == kSilent) {
      found.emplace_back(
          k, DescribedDeviation{DeviationKind::Unknown, fmt::format("unknown activity {}", quoted(event_name(m)))});
      continue;
    }
    if (m.after_end) {
      found.emplace_back(
          k, DescribedDeviation{DeviationKind::AfterEnd, fmt::format("{} after the end", quoted(label_name(m.label)))});
      continue;
    }
    bool again = false;
    for (std::size_t e = 0; e < k && !again; ++e) {
      again = moves[e].kind != AlignMove::Kind::Model && moves[e].label == m.label;
    }
    found.emplace_back(
        k, again ? DescribedDeviation{DeviationKind::Repeated, fmt::format("{} repeated", quoted(label_name(m.label)))}
                 : DescribedDeviation{DeviationKind::Unexpected,
                                      fmt::format("unexpected {}", quoted(label_name(m.label)))});
  }
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<DescribedDeviation> out;
  out.reserve(found.size());
  for (auto& [position, deviation] : found) out.push_back(std::move(deviation));
  return out;
}

}  // namespace bpm::monitor
