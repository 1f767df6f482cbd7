#include "model/mean_estimate.hpp"

#include <fmt/format.h>

#include "bpm/model/routing_analysis.hpp"

namespace bpm {

std::string distribution_key(std::string_view step, std::string_view field) {
  return fmt::format("steps.{}.{}", step, field);
}

MeanEstimate mean_estimate(const Process& process, const Distribution& d, std::string_view key) {
  MeanEstimate out;
  if (!d.data_dependent()) {
    out.value = d.mean();
    return out;
  }
  out.estimated = true;
  out.value = draw_moments(process, d, key).mean;
  return out;
}

}  // namespace bpm
