# Sources of the monitor area: what process-mining tools show on top of the KPIs — the process
# map, conformance, funnel and stalls, segments, trends, the live dashboard.
target_sources(bpm_objects PRIVATE
  src/monitor/process_map.cpp
  src/monitor/map_render.cpp
  src/monitor/petri_net.cpp
  src/monitor/alignment.cpp
  src/monitor/deviations.cpp
  src/monitor/conformance.cpp
  src/monitor/conformance_render.cpp
  src/monitor/funnel.cpp
  src/monitor/funnel_render.cpp
  src/monitor/stalls.cpp
  src/monitor/stalls_render.cpp
  src/monitor/case_filter.cpp
  src/monitor/segments.cpp
  src/monitor/segments_render.cpp
  src/monitor/trend.cpp
  src/monitor/trend_render.cpp
  src/monitor/live.cpp
  src/monitor/dashboard.cpp
  src/monitor/figures.cpp
)
