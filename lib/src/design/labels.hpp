#pragma once
// Short human-readable texts shared by the diagrams, the BPMN export and the playbook.
#include <string>
#include <string_view>

#include "bpm/model/process.hpp"

namespace bpm::design {

/// "book-demo" -> "Book demo", "qualified?" -> "Qualified?": a step id as a label.
[[nodiscard]] std::string humanize_id(std::string_view id);

/// A step's display name: its `name:` when it has one, else its id humanised.
[[nodiscard]] std::string step_label(const Step& step);

/// 0.55 -> "55%", 0.075 -> "7.5%", 1/3 -> "33.3%".
[[nodiscard]] std::string percent(double fraction);

/// A distribution of durations in a few characters: "5m" for a constant, "~45m" (the mean)
/// otherwise; "depends on data" for parameters that are expressions (no process to estimate them).
[[nodiscard]] std::string mean_duration(const Distribution& d);

/// The same with the process, so that parameters that are expressions of case attributes get
/// analyze's estimate of the mean (model/mean_estimate.hpp), marked as one: "~1.2h est.";
/// "depends on data" when it has none. `key` as distribution_key ("steps.<id>.duration").
[[nodiscard]] std::string mean_duration(const Process& process, const Distribution& d, std::string_view key);

/// The label of branch `index` of an xor/or step: its condition, its probability, or both
/// ("cond, else 7%"). An xor's p branches are drawn only when no condition holds, so with
/// conditions around they read "else 82%" (normalised over the p branches), or just "else".
[[nodiscard]] std::string branch_label(const Step& gateway, std::size_t index);

/// A shortest round-trip decimal ("0.55", "1200", "1e-07").
[[nodiscard]] std::string number_text(double value);

}  // namespace bpm::design
