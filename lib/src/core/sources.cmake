# Sources of the core area: errors, time, random streams, parallel loops.
target_sources(bpm_objects PRIVATE
  src/core/error.cpp
  src/core/diagnostic.cpp
  src/core/parallel_for.cpp
  src/core/time.cpp
)
