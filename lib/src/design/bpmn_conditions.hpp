#pragma once
// Conditions of sequence flows as other tools write them, turned into the process format's
// expression language (share/doc/process-format.md#expressions): Camunda 7 JUEL `${...}`
// (`eq ne lt gt le ge and or not`, `&& || !`), Zeebe FEEL `= ...` (`=` is equality, `not(x)`),
// plain text such as `amount > 1000`, and probabilities written as the condition (`0.2`, `20%`,
// as BIMP and Signavio's simulation write them).
#include <optional>
#include <string>
#include <string_view>

namespace bpm::design {

struct ConvertedCondition {
  std::optional<double> probability;  // the text is a probability in [0, 1]
  std::string expression;             // else the expression text to parse (may still not parse)
  bool feel = false;                  // FEEL (for messages)
  bool juel = false;                  // JUEL (for messages)
};

/// `language` is the conditionExpression's language attribute (may be empty).
[[nodiscard]] ConvertedCondition convert_condition(std::string_view text, std::string_view language);

/// The process format's expression as FEEL (Zeebe: `=amount > 1000 and tier = "gold"`) or as
/// JUEL (Camunda 7: `${amount > 1000 && tier == 'gold'}`).
[[nodiscard]] std::string expression_to_feel(std::string_view expression);
[[nodiscard]] std::string expression_to_juel(std::string_view expression);

}  // namespace bpm::design
