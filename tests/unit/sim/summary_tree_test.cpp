// The fast summary reader against yaml-cpp: whatever the fast reader accepts, it must read into
// the very tree yaml-cpp gives (kinds, text, line and column of every node), so that a document
// means the same and its errors are located the same whichever reader took it. What bpm-sim
// writes must take the fast path; anything else falls back on yaml-cpp.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "bpm/core/error.hpp"
#include "bpm/model/loader.hpp"
#include "bpm/sim/simulator.hpp"
#include "bpm/sim/summary.hpp"
#include "sim/summary_tree.hpp"

namespace {

using bpm::detail::TreeNode;

/// The first difference between two trees as a path, or empty when they are equal.
std::string difference(const TreeNode& a, const TreeNode& b, const std::string& path = "$") {
  if (a.kind != b.kind) return path + ": kind";
  if (a.line != b.line || a.column != b.column) {
    return path + ": mark " + std::to_string(a.line) + ":" + std::to_string(a.column) + " vs " +
           std::to_string(b.line) + ":" + std::to_string(b.column);
  }
  if (a.kind == TreeNode::Kind::Scalar && a.text != b.text) {
    return path + ": '" + std::string(a.text) + "' vs '" + std::string(b.text) + "'";
  }
  if (a.children.size() != b.children.size()) return path + ": size";
  for (std::size_t i = 0; i < a.children.size(); ++i) {
    if (std::string d = difference(a.children[i], b.children[i], path + "/" + std::to_string(i)); !d.empty()) return d;
  }
  return {};
}

/// "fast" when the fast reader took the text and agrees with yaml-cpp, "fallback" when it left it
/// to yaml-cpp; otherwise what differs.
std::string compare(const std::string& text) {
  bpm::detail::SummaryTree fast;
  if (!bpm::detail::parse_summary_fast(text, fast)) return "fallback";
  bpm::detail::SummaryTree reference;
  try {
    bpm::detail::parse_summary_yaml(text, "t.yaml", reference);
  } catch (const bpm::DataError& e) {
    return std::string("fast reader accepted what yaml-cpp rejects: ") + e.what();
  }
  const std::string d = difference(fast.root, reference.root);
  return d.empty() ? "fast" : d;
}

const bpm::Process& claims() {
  static const bpm::Process process = bpm::load_process(std::string(BPM_SOURCE_DIR) + "/tests/data/sim-claims.yaml");
  return process;
}

bpm::Summary claims_summary(std::uint32_t first, std::uint32_t replications) {
  bpm::SimulationOptions options;
  options.first_replication = first;
  options.replications = replications;
  options.seed = 11;
  options.cases = 30;
  bpm::SummaryRun run;
  run.version = "0.1.0";
  run.process = "café \"claims\"";  // non-ASCII and escapes: columns after them must agree
  run.source = "tests/data/sim-claims.yaml";
  run.digest = bpm::model_digest("claims");
  run.seed = 11;
  run.overrides = {"steps.assess.duration=*0.8", "note=tab\there", "ü=1"};
  run.shard = bpm::SummaryShard{2, 5, 10};
  run.time_unit = claims().time_unit;
  run.time_unit_seconds = claims().time_unit_seconds;
  return bpm::summarize(bpm::simulate(claims(), options), std::move(run));
}

}  // namespace

TEST_CASE("the fast reader takes bpm-sim's own YAML and JSON, as yaml-cpp reads them", "[sim][summary]") {
  const bpm::Summary summary = claims_summary(2, 2);
  for (const std::string& text : {bpm::summary_yaml(summary), bpm::summary_json(summary)}) {
    CHECK(compare(text) == "fast");
    // The same summary comes back, byte for byte when written again.
    CHECK(bpm::summary_yaml(bpm::read_summary(text, "t")) == bpm::summary_yaml(summary));
  }
}

TEST_CASE("hand-edited documents fall back on yaml-cpp", "[sim][summary]") {
  const std::vector<std::string> fallback = {
      "a: &x 1\nb: *x\n",                                                  // anchors
      "a: 'single'\n",                                                     // single quotes
      "a: two\n  lines\n",                                                 // a multi-line plain scalar
      "a:\n- 1\n- 2\n",                                                    // a sequence at its key's indentation
      "a:\nb: 1\n",                                                        // an empty value
      "a: !!str 1\n",                                                      // a tag
      "a: |\n  text\n",                                                    // a block scalar
      "a: 1 # note\n",                                                     // a comment after a plain value
      "a:\tb\n",                                                           // a tab
      "a: 1\r\nb: 2\r\n",                                                  // CRLF
      "? a\n: 1\n",                                                        // a complex key
      "a: [1, 2,]\n",                                                      // a trailing comma
      "a: \"\\x41\"\n",                                                    // a YAML-only escape
      "{\"a\" : 1}\n",                                                     // a blank before a JSON colon
      "a: {b: 1, c: [x y]}\n",                                             // a multi-word flow scalar
      "a: [1,\n2]\n",                                                      // a flow continuation line not indented
      "~: 1\n",                                                            // a null key
      "a:\n  b: 1\n c: 2\n",                                               // a shallower sibling: an error
      "a: " + std::string(300, '[') + "1" + std::string(300, ']') + "\n",  // deep nesting
  };
  for (const std::string& text : fallback) {
    CAPTURE(text);
    CHECK(compare(text) == "fallback");
  }
  const std::vector<std::string> fast = {
      "a: 1\nb:\n  - x\n  -\n    c: null\n  - [1, {d: .nan}]\n",
      "# comment\n\na: \"q\\\"\\u00e9\\n\"  # trailing\n\"b c\": [1,\n    2]  \n",
      "{\"a\": [1, 2], \"b\":{\"c\": null},\n \"d\": \"\\\\\"}\n",
      "a: [[1, 2], [3, 4]]\nb: {}\nc: []\n",
  };
  for (const std::string& text : fast) {
    CAPTURE(text);
    CHECK(compare(text) == "fast");
  }
}

TEST_CASE("the fast reader never disagrees with yaml-cpp on damaged documents", "[sim][summary]") {
  // Every cut and single-character damage of a real document (sampled to keep the test quick):
  // the fast reader either gives yaml-cpp's tree or leaves the text to yaml-cpp.
  const bpm::Summary summary = claims_summary(0, 1);
  for (const std::string& original : {bpm::summary_yaml(summary), bpm::summary_json(summary)}) {
    std::size_t checked = 0;
    std::size_t fast = 0;  // damage the fast reader took, so compared with yaml-cpp
    const std::size_t stride = original.size() / 60 + 1;
    for (std::size_t at = 0; at < original.size(); at += stride) {
      for (const char c : {'\n', ' ', ':', '-', '"', '[', ',', 'x'}) {
        std::string damaged = original;
        damaged[at] = c;
        const std::string result = compare(damaged);
        if (result != "fast" && result != "fallback") {
          FAIL_CHECK("replacing byte " << at << " by '" << c << "': " << result);
        }
        ++checked;
        fast += result == "fast" ? 1U : 0U;
      }
      const std::string result = compare(original.substr(0, at));
      if (result != "fast" && result != "fallback") {
        FAIL_CHECK("cut at byte " << at << ": " << result);
      }
    }
    CHECK(checked > 400);
    CHECK(fast > checked / 10);
  }
}
