#pragma once
// BPMN error events: what an error end event throws and which error boundary event catches it.
// An error goes up from where it is thrown through the sub-processes and called processes around
// it to the innermost one with a boundary that catches it (BPMN 2.0, 10.5.6): a boundary naming
// the error itself or its code, before one that catches every error (no errorRef, or an error
// without errorCode, as Camunda and Zeebe read it).
#include <cstdint>
#include <map>
#include <pugixml.hpp>
#include <string>

namespace bpm::design {

enum class ErrorCatch : std::uint8_t { None, Any, Exact };

/// The error elements of one definitions document, indexed by id once (a hostile file may hold
/// thousands of events, each looked up many times).
class ErrorIndex {
 public:
  ErrorIndex() = default;
  explicit ErrorIndex(pugi::xml_node definitions);

  /// The errorEventDefinition of an event: its own, or the root one its eventDefinitionRef
  /// names; none when it has neither.
  [[nodiscard]] pugi::xml_node definition(pugi::xml_node event) const;

  /// The root `error` element an error event definition's errorRef names (a QName: any prefix is
  /// dropped), or none.
  [[nodiscard]] pugi::xml_node error(pugi::xml_node definition) const;

  /// Whether the error boundary with definition `boundary` catches what the error end event with
  /// definition `thrown` throws, and how.
  [[nodiscard]] ErrorCatch catches(pugi::xml_node boundary, pugi::xml_node thrown) const;

  /// How a message names what an error definition throws: the error's name, else its code, else
  /// its id; "" for none.
  [[nodiscard]] std::string label(pugi::xml_node definition) const;

 private:
  std::map<std::string, pugi::xml_node, std::less<>> errors_;       // root `error` elements by id
  std::map<std::string, pugi::xml_node, std::less<>> definitions_;  // root errorEventDefinitions by id
};

}  // namespace bpm::design
