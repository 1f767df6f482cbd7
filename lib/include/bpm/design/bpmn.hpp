#pragma once
// BPMN 2.0 XML interchange (`bpm-design export --format bpmn`, `bpm-design import`): the process
// as BPMN with diagram interchange (DI) for bpmn.io, Camunda Modeler, Signavio and the like, and
// back. What maps to what, the defaults of import and the round-trip guarantee are documented in
// share/doc/bpm-design-views.md.
#include <string>
#include <string_view>
#include <vector>

#include "bpm/core/diagnostic.hpp"
#include "bpm/core/export.hpp"
#include "bpm/model/process.hpp"

namespace bpm {

/// Namespace of the bpmkit extension attributes and elements that carry what BPMN has no place
/// for (exact distributions, RACI, rework, the process file's other sections).
inline constexpr std::string_view kBpmnExtensionNamespace = "urn:bpmkit:bpmn:1";

/// The process as a BPMN 2.0 definitions document: a collaboration with one pool, a lane per role
/// that does work, start and end events, user tasks (with a resource) and tasks, timer catch
/// events for waits, exclusive/inclusive/parallel gateways, sequence flows with condition
/// expressions, BPSim parameters (processing times, routing probabilities, arrivals, resource
/// quantities and costs), and a deterministic DI layout. Valid against the OMG BPMN 2.0 XSD.
[[nodiscard]] BPM_API std::string export_bpmn(const Process& process);

/// A process read from BPMN, with what could not be mapped as warnings (located in the XML).
struct BPM_API BpmnImport {
  Process process;
  std::vector<Diagnostic> warnings;
};

/// Reads BPMN 2.0 XML written by bpmkit or by other modellers. Start/end events, every kind of
/// task, exclusive/inclusive/parallel gateways, timer catch events (timeDuration) and lanes map
/// to the process format; bpmkit extensions, then BPSim parameters, then documented defaults
/// give durations, probabilities and resources. Throws ModelError at file:line:col for malformed
/// XML or a document without a usable process.
[[nodiscard]] BPM_API BpmnImport import_bpmn(std::string_view xml, const std::string& file_name);

}  // namespace bpm
