# Sources of the discover area: a simulation model from an event log (bpm-design discover).
target_sources(bpm_objects PRIVATE
  src/discover/log_store.cpp
  src/discover/process_tree.cpp
  src/discover/tree_to_flow.cpp
  src/discover/fit.cpp
  src/discover/calendar_discovery.cpp
  src/discover/arrival_profile.cpp
  src/discover/members.cpp
  src/discover/resource_pools.cpp
  src/discover/extraneous_delays.cpp
  src/discover/annotate.cpp
  src/discover/case_attributes.cpp
  src/discover/gateway_routing.cpp
  src/discover/branch_conditions.cpp
  src/discover/calibrate.cpp
  src/discover/validation.cpp
  src/discover/discover.cpp
)
