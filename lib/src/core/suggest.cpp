#include "bpm/core/suggest.hpp"

#include "model/yaml_reader.hpp"

namespace bpm {

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  return detail::closest_match(word, candidates);
}

}  // namespace bpm
