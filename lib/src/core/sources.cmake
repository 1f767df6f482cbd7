# Sources of the core area: errors, time, random streams.
target_sources(bpm PRIVATE
  src/core/error.cpp
  src/core/diagnostic.cpp
  src/core/time.cpp
)
