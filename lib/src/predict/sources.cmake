# Sources of the predict area: score models (lead scoring, churn) trained from event logs,
# validated out of time, applied to open cases and written into process files.
target_sources(bpm_objects PRIVATE
  src/predict/attach.cpp
  src/predict/apply.cpp
  src/predict/case_facts.cpp
  src/predict/case_table.cpp
  src/predict/columns.cpp
  src/predict/cut.cpp
  src/predict/explain.cpp
  src/predict/logistic.cpp
  src/predict/metrics.cpp
  src/predict/report.cpp
  src/predict/score_model.cpp
  src/predict/train.cpp
)
