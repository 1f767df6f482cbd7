# Sources of the model area: process value types, their parsers and the YAML loader.
target_sources(bpm_objects PRIVATE
  src/model/process.cpp
  src/model/loader.cpp
  src/model/fragments.cpp
  src/model/yaml_reader.cpp
  src/model/expression.cpp
  src/model/calendar.cpp
  src/model/calendar_intersect.cpp
  src/model/arrival_rate.cpp
  src/model/arrivals.cpp
  src/model/data_moments.cpp
  src/model/mean_estimate.cpp
  src/model/distribution.cpp
  src/model/distribution_moments.cpp
  src/model/distribution_sample.cpp
  src/model/distribution_parse.cpp
)
# What-if overrides (scenarios, --set).
target_sources(bpm_objects PRIVATE
  src/model/override.cpp
)
# Analytic routing model: expected visits, outcome probabilities, offered load (lint, analyze).
target_sources(bpm_objects PRIVATE
  src/model/routing_analysis.cpp
  src/model/timer_odds.cpp
  src/model/condition_weights.cpp
)
# Canonical YAML writer (`bpm-design fmt`).
target_sources(bpm_objects PRIVATE
  src/model/writer.cpp
)
# Starting templates of `bpm-design init`, embedded from share/templates/ at build time.
include(BpmEmbedTemplates)
bpm_embed_templates(TARGET bpm_objects DIRECTORY ${PROJECT_SOURCE_DIR}/share/templates
                    NAMES lead-to-cash client-onboarding service-fulfillment customer-success)
target_sources(bpm_objects PRIVATE
  src/model/templates.cpp
)
