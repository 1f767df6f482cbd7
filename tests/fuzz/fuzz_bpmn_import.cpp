// BPMN import, and the process it makes: written as YAML it must load again, and its BPMN export
// must be well-formed XML.
#include <bpm/design/bpmn.hpp>
#include <bpm/model/loader.hpp>
#include <bpm/model/writer.hpp>

#include <pugixml.hpp>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  bpm::fuzz::expect_only_bpm_errors([&] {
    const bpm::BpmnImport imported = bpm::import_bpmn(bpm::fuzz::text(data, size), "fuzz.bpmn");
    const bpm::LoadResult again = bpm::parse_process_text(bpm::to_yaml(imported.process), "imported.yaml");
    if (!again.process) return;  // an import may be invalid (reported by validate), but must not crash
    const std::string xml = bpm::export_bpmn(*again.process);
    pugi::xml_document doc;
    if (!doc.load_buffer(xml.data(), xml.size())) std::abort();
  });
  return 0;
}
