#pragma once
// BPMN error events: what an error end event throws and which error boundary event catches it.
// An error goes up from where it is thrown through the sub-processes and called processes around
// it to the innermost one with a boundary that catches it (BPMN 2.0, 10.5.6): a boundary naming
// the error itself or its code, before one that catches every error (no errorRef, or an error
// without errorCode, as Camunda and Zeebe read it).
#include <cstddef>
#include <map>
#include <pugixml.hpp>
#include <string>

namespace bpm::design {

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

  /// The id an error event definition's errorRef names ("" for none).
  [[nodiscard]] static std::string ref(pugi::xml_node definition);

  /// The errorCode of the error a definition names ("" for none).
  [[nodiscard]] std::string code(pugi::xml_node definition) const;

  /// How a message names what an error definition throws: the error's name, else its code, else
  /// its id; "" for none.
  [[nodiscard]] std::string label(pugi::xml_node definition) const;

 private:
  std::map<std::string, pugi::xml_node, std::less<>> errors_;       // root `error` elements by id
  std::map<std::string, pugi::xml_node, std::less<>> definitions_;  // root errorEventDefinitions by id
};

/// The error boundary events of one activity, in document order, indexed by what they catch.
class ErrorCatchers {
 public:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  /// Adds boundary number `boundary`, whose errorEventDefinition is `definition`.
  void add(std::size_t boundary, pugi::xml_node definition, const ErrorIndex& index);

  /// The boundary that catches what the error end event with definition `thrown` throws: the
  /// first naming its error or its code, else the first catch-all; kNone when none does.
  [[nodiscard]] std::size_t catcher(pugi::xml_node thrown, const ErrorIndex& index) const;

 private:
  std::map<std::string, std::size_t, std::less<>> by_ref_;
  std::map<std::string, std::size_t, std::less<>> by_code_;
  std::size_t any_ = kNone;
};

}  // namespace bpm::design
