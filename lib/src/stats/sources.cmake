# Sources of the stats area: streaming statistics, the t distribution, quantile sketches.
target_sources(bpm_objects PRIVATE
  src/stats/exact_sum.cpp
  src/stats/histogram.cpp
  src/stats/hypothesis.cpp
  src/stats/running_stats.cpp
  src/stats/special_functions.cpp
  src/stats/student_t.cpp
  src/stats/time_series.cpp
)
