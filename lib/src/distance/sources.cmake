# Sources of the distance area: the log distance measures (simulated vs real event logs).
target_sources(bpm_objects PRIVATE
  src/distance/log_profile.cpp
  src/distance/wasserstein.cpp
  src/distance/edit_distance.cpp
  src/distance/transport.cpp
  src/distance/measures.cpp
  src/distance/compare.cpp
  src/distance/report.cpp
)
