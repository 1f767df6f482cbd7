#pragma once
// BPMN error events: what an error end event throws and which error boundary event catches it.
// An error goes up from where it is thrown through the sub-processes and called processes around
// it to the innermost one with a boundary that catches it (BPMN 2.0, 10.5.6): a boundary naming
// the error's code (or the error itself), before one that catches every error (no errorRef, or
// an error without errorCode, as Camunda and Zeebe read it).
#include <cstdint>
#include <pugixml.hpp>
#include <string>

namespace bpm::design {

/// The errorEventDefinition of an event: its own, or the root one its eventDefinitionRef names;
/// none when it has neither.
[[nodiscard]] pugi::xml_node error_definition(pugi::xml_node event);

/// The root `error` element an error event definition's errorRef names (a QName: any prefix is
/// dropped), or none.
[[nodiscard]] pugi::xml_node referenced_error(pugi::xml_node definition);

enum class ErrorCatch : std::uint8_t { None, Any, Exact };

/// Whether the error boundary with definition `boundary` catches what the error end event with
/// definition `thrown` throws, and how.
[[nodiscard]] ErrorCatch error_catch(pugi::xml_node boundary, pugi::xml_node thrown);

/// How a message names what an error definition throws or catches: the error's name, else its
/// code, else its id; "" for none.
[[nodiscard]] std::string error_label(pugi::xml_node definition);

}  // namespace bpm::design
