# Sources of the core area: errors, time, random streams, parallel loops.
target_sources(bpm_objects PRIVATE
  src/core/error.cpp
  src/core/diagnostic.cpp
  src/core/parallel_for.cpp
  src/core/suggest.cpp
  src/core/time.cpp
  src/core/utf8.cpp
)
