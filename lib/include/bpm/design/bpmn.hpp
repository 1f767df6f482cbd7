#pragma once
// BPMN 2.0 XML interchange (`bpm-design export --format bpmn`, `bpm-design import`): the process
// as BPMN with diagram interchange (DI) for bpmn.io, Camunda Modeler, Signavio and the like, and
// back. What maps to what, the defaults of import and the round-trip guarantee are documented in
// share/doc/bpm-design-views.md.
#include <cstdint>
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
/// What the BPMN is for: the modelling interchange above (bpmkit's extensions, BPSim), or an
/// engine. The executable flavours carry no simulation data: automatic tasks become service tasks
/// with a job type (Zeebe `zeebe:taskDefinition type=`) or an external-task topic (Camunda 7)
/// named after the step; tasks with a pool become user tasks for the candidate group of the
/// pool's role (the pool's id without one); `when` conditions are written in FEEL (`=amount >
/// 1000`) or JUEL (`${amount > 1000}`); a branch the model draws by probability is taken when
/// the process variable `route_<gateway id>` names its target (Zeebe: `=route_x = "Step_y"`);
/// waits are timer events with an ISO 8601 duration (the mean); DI as for the model.
enum class BpmnFlavour : std::uint8_t { Model, Camunda8, Camunda7 };

[[nodiscard]] BPM_API std::string export_bpmn(const Process& process, BpmnFlavour flavour = BpmnFlavour::Model);

/// What an import carried over, filled with a default, or dropped, per category (flow nodes,
/// routing, durations, arrivals, resources, calendars, costs, conditions, ...): the import report.
struct BPM_API ImportTally {
  std::string category;
  int carried = 0;
  int defaulted = 0;
  int dropped = 0;
};

/// A process read from BPMN, with what could not be mapped as warnings (located in the XML, or in
/// the parameter file) and the per-category report.
struct BPM_API BpmnImport {
  Process process;
  std::vector<Diagnostic> warnings;
  std::vector<ImportTally> report;  // categories in a fixed order; only those that occurred
  /// Sentences on how defaults were sized (e.g. the arrival rate chosen so that no pool exceeds
  /// 50% utilisation), for the report.
  std::vector<std::string> notes;
};

struct BPM_API BpmnImportOptions {
  /// The id of the process (or of its participant) to import; empty: the process with the most
  /// flow elements.
  std::string process_id;
  /// Prosimos simulation parameters (JSON text) and the file name they came from; empty: none.
  std::string params_json;
  std::string params_file;
};

/// Reads BPMN 2.0 XML written by bpmkit or by other modellers. Start/end events, every kind of
/// task, gateways, timer and other catch events, boundary events, expanded sub-processes, call
/// activities whose callee is in the file, link events and lanes map to the process format;
/// bpmkit extensions, then BPSim or QBP (BIMP) parameters or Prosimos JSON, then documented
/// defaults give durations, probabilities and resources. Throws ModelError at file:line:col for
/// malformed XML, invalid UTF-8 or a document without a usable process.
[[nodiscard]] BPM_API BpmnImport import_bpmn(std::string_view xml, const std::string& file_name,
                                             const BpmnImportOptions& options = {});

/// The report as text: one line per category ("durations: 5 carried, 2 defaulted, 0 dropped")
/// and the notes.
[[nodiscard]] BPM_API std::string format_import_report(const BpmnImport& imported);

}  // namespace bpm
