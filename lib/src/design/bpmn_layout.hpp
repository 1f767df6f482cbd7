#pragma once
// A deterministic layered layout for BPMN diagram interchange (DI): columns by longest path from
// the start (loops' return flows ignored), one horizontal band per lane, nodes of a lane and
// column stacked in rows, orthogonal flows. Output is the same on every machine, unlike a layout
// taken from whichever Graphviz is installed, so exported files diff cleanly.
#include <vector>

#include "design/bpmn_graph.hpp"

namespace bpm::design {

struct Point {
  double x = 0.0;
  double y = 0.0;
};

struct Bounds {
  double x = 0.0;
  double y = 0.0;
  double width = 0.0;
  double height = 0.0;
};

struct BpmnLayout {
  Bounds pool;
  std::vector<Bounds> lanes;        // per BpmnGraph::lanes
  std::vector<Bounds> nodes;        // per node
  std::vector<Bounds> node_labels;  // per node; width 0: the label sits inside the shape
  std::vector<std::vector<Point>> flows;
  std::vector<Bounds> flow_labels;  // per flow; width 0: no label
};

[[nodiscard]] BpmnLayout layout_bpmn(const BpmnGraph& graph);

}  // namespace bpm::design
