// A train/validation split chooses the noise threshold and the overlap share
// (DiscoverOptions::validation): the search
// is deterministic, the model it writes is the one discovered from the whole log with the chosen
// setting, and a log too small to split keeps the given setting and says so.
#include <catch2/catch.hpp>

#include <string>

#include "bpm/discover/discover.hpp"

using namespace bpm;

namespace {

std::string purchasing() { return std::string(BPM_TEST_DATA) + "/logs/PurchasingExample.csv.gz"; }

/// The file without the comment lines at its top (the validation note is one of them).
std::string body(const std::string& yaml) {
  std::size_t at = 0;
  while (at < yaml.size() && yaml[at] == '#') at = yaml.find('\n', at) + 1;
  return yaml.substr(at);
}

}  // namespace

TEST_CASE("discover --validation: the chosen setting's model, the same every time", "[discover]") {
  discover::DiscoverOptions options;
  options.validation = 0.2;
  const discover::DiscoveryResult first = discover::discover({purchasing()}, options);
  const discover::DiscoveryResult again = discover::discover({purchasing()}, options);
  CHECK(first.yaml == again.yaml);
  CHECK(first.yaml.find("# Settings chosen on a validation split: models discovered from the first 486 cases were "
                        "simulated") != std::string::npos);
  // Every candidate is scored, and the default scores 1 against itself.
  for (const char* candidate :
       {"noise 0.2, overlap 0.5: 1.000", "noise 0, overlap 0.5: ", "noise 0.1, overlap 0.5: ",
        "noise 0.3, overlap 0.5: ", "noise 0.5, overlap 0.5: ", "overlap 0.3: ", "overlap 0.7: "}) {
    CHECK(first.yaml.find(candidate) != std::string::npos);
  }
  discover::DiscoverOptions direct;
  direct.noise = first.noise;
  direct.overlap = first.overlap;
  const discover::DiscoveryResult plain = discover::discover({purchasing()}, direct);
  CHECK(body(first.yaml) == body(plain.yaml));
}

TEST_CASE("discover --validation: too few cases to split keeps the setting", "[discover]") {
  discover::DiscoverOptions options;
  options.validation = 0.2;
  options.noise = 0.3;
  const std::string log = std::string(BPM_TEST_DATA) + "/logs/discover/one-activity.csv";
  const discover::DiscoveryResult result = discover::discover({log}, options);
  CHECK(result.noise == 0.3);
  CHECK(result.overlap == 0.5);
  bool said = false;
  for (const auto& note : result.notes) {
    said = said || note.message.find("a validation split needs at least 20 cases on each side") != std::string::npos;
  }
  CHECK(said);
}

TEST_CASE("discover --validation: out of range is a usage error", "[discover]") {
  discover::DiscoverOptions options;
  options.validation = 1.0;
  CHECK_THROWS_AS(discover::discover({purchasing()}, options), UsageError);
}
