#include <catch2/catch.hpp>

#include "bpm/core/error.hpp"
#include "bpm/design/render.hpp"
#include "design_test_support.hpp"

namespace {

const char* const kLoop = R"yaml(
process: loop
roles: { clerk: Clerk, boss: Boss }
resources:
  clerks: { role: clerk, count: 2 }
  bosses: { role: boss, count: 1 }
arrivals: { every: exponential(10m) }
start: enter
steps:
  enter: { resource: clerks, duration: 5m, next: "check?" }
  check?:
    xor:
      - { to: enter, p: 0.2 }
      - { to: approve, p: 0.8 }
  approve: { resource: bosses, duration: exponential(4m), rework: 0.1, next: done }
  done: { end: done }
)yaml";

}  // namespace

TEST_CASE("dot diagrams use BPMN-like shapes, lanes and edge labels", "[design][render]") {
  const bpm::Process p = designtest::model(kLoop);
  const std::string dot = bpm::render_dot(p, bpm::DiagramOptions{});
  CHECK(dot.rfind("digraph \"loop\" {", 0) == 0);
  CHECK(dot.find("rankdir=LR") != std::string::npos);
  // One cluster per role that does work, with the role's name.
  CHECK(dot.find("subgraph cluster_0 {\n    label=\"Clerk\"") != std::string::npos);
  CHECK(dot.find("subgraph cluster_1 {\n    label=\"Boss\"") != std::string::npos);
  // Task: rounded box with resource and mean duration; gateway: diamond named beside it.
  CHECK(dot.find("label=\"Enter\\nclerks · 5m\"") != std::string::npos);
  CHECK(dot.find("shape=diamond") != std::string::npos);
  CHECK(dot.find("xlabel=\"Check?\"") != std::string::npos);
  // Probabilities on the gateway's edges; the loop's return edge does not constrain the ranks.
  CHECK(dot.find("n2 -> n1 [label=\"20%\", constraint=false];") != std::string::npos);
  CHECK(dot.find("n2 -> n3 [label=\"80%\"];") != std::string::npos);
  CHECK(dot.find("n3 -> n3 [label=\"rework 10%\", style=dashed") != std::string::npos);
  CHECK(dot.find("n4 [shape=circle, label=\"\"") != std::string::npos);

  bpm::DiagramOptions no_lanes;
  no_lanes.swimlanes = false;
  CHECK(bpm::render_dot(p, no_lanes).find("cluster") == std::string::npos);
}

TEST_CASE("xor labels say which branches are the else case", "[design][render]") {
  const bpm::Process p = designtest::model(R"yaml(
process: labels
arrivals: { every: 1h }
start: route
steps:
  route:
    xor:
      - { to: a, when: "1 > 2" }
      - { to: b, p: 0.6 }
      - { to: c, p: 0.2 }
  a: { end: a }
  b: { end: b }
  c: { end: c }
)yaml");
  const std::string dot = bpm::render_dot(p, bpm::DiagramOptions{});
  CHECK(dot.find("label=\"1 > 2\"") != std::string::npos);
  CHECK(dot.find("label=\"else 75%\"") != std::string::npos);
  CHECK(dot.find("label=\"else 25%\"") != std::string::npos);
}

TEST_CASE("the overlay colours tasks by mean waiting time", "[design][render]") {
  const bpm::Process p = designtest::model(kLoop);
  bpm::DiagramOptions options;
  options.waiting = {{"enter", 0.0}, {"approve", 3600.0}};
  const std::string dot = bpm::render_dot(p, options);
  CHECK(dot.find("fillcolor=\"#ffffff\", color=\"#37474f\", label=\"Enter\\nclerks · 5m\\nwait 0s\"") !=
        std::string::npos);
  CHECK(dot.find("fillcolor=\"#d73027\", color=\"#37474f\", label=\"Approve\\nbosses · ~4m\\nwait 1h\"") !=
        std::string::npos);
  CHECK(dot.find("mean wait per task: white 0, red 1h") != std::string::npos);
  const std::string mermaid = bpm::render_mermaid(p, options);
  CHECK(mermaid.find("style n3 fill:#d73027") != std::string::npos);
}

TEST_CASE("mermaid flowcharts escape what would end a label", "[design][render]") {
  const bpm::Process p = designtest::model(R"yaml(
process: m
arrivals:
  every: 1h
  attributes: { size: { big: 0.5, small: 0.5 } }
start: route
steps:
  route:
    or:
      - { to: a, when: "size == \"big\"" }
      - { to: b, p: 0.5 }
  a: { duration: 1m, next: j }
  b: { duration: 1m, next: j }
  j: { join: [a, b], next: done }
  done: { end: done }
)yaml");
  const std::string mermaid = bpm::render_mermaid(p, bpm::DiagramOptions{});
  CHECK(mermaid.rfind("flowchart LR\n", 0) == 0);
  CHECK(mermaid.find("n1{\"○ Route\"}") != std::string::npos);
  CHECK(mermaid.find("n4{\"○ J\"}") != std::string::npos);  // the join of an inclusive split
  CHECK(mermaid.find("n1 -->|\"size == #quot;big#quot;\"| n2") != std::string::npos);
  CHECK(mermaid.find("n5(((\"Done\")))") != std::string::npos);
}

TEST_CASE("svg and png come from Graphviz, with a clear message without it", "[design][render]") {
  const bpm::Process p = designtest::model(kLoop);
  SECTION("missing program") {
    try {
      (void)bpm::run_graphviz("digraph {}", "svg", "bpm-no-such-graphviz");
      FAIL("expected an error");
    } catch (const bpm::Error& e) {
      CHECK(std::string(e.what()) == "svg output needs Graphviz 'bpm-no-such-graphviz' (apt-get install graphviz)");
    }
  }
  if (!designtest::have_program("dot")) {
    WARN("Graphviz is not installed: svg/png rendering not tested");
    return;
  }
  SECTION("every sample renders") {
    for (const auto& file : designtest::sample_files()) {
      INFO(file);
      bpm::DiagramOptions options;
      options.format = bpm::DiagramFormat::Svg;
      const std::string svg = bpm::render_diagram(bpm::load_process(file), options);
      CHECK(svg.find("<svg") != std::string::npos);
      options.format = bpm::DiagramFormat::Png;
      const std::string png = bpm::render_diagram(bpm::load_process(file), options);
      REQUIRE(png.size() > 8);
      CHECK(png.substr(1, 3) == "PNG");
    }
  }
  SECTION("Graphviz errors are reported") {
    CHECK_THROWS_WITH(bpm::run_graphviz("digraph {", "svg"), Catch::StartsWith("Graphviz 'dot' failed"));
  }
  CHECK_THROWS_AS(bpm::parse_diagram_format("gif"), bpm::UsageError);
}

TEST_CASE("diagrams show a step's display name instead of its id", "[design][render]") {
  const bpm::Process p = designtest::model(R"yaml(
process: names
arrivals: { every: 1h }
start: assess
steps:
  assess: { name: Assess the claim, duration: 1h, next: paid }
  paid: { name: Claim paid, end: paid }
)yaml");
  const std::string dot = bpm::render_dot(p, bpm::DiagramOptions{});
  CHECK(dot.find("label=\"Assess the claim\\nautomatic · 1h\"") != std::string::npos);
  CHECK(dot.find("xlabel=\"Claim paid\"") != std::string::npos);
  const std::string mermaid = bpm::render_mermaid(p, bpm::DiagramOptions{});
  CHECK(mermaid.find("Assess the claim") != std::string::npos);
}
