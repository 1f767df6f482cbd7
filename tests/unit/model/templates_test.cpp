#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "bpm/core/error.hpp"
#include "bpm/model/loader.hpp"
#include "bpm/model/templates.hpp"

TEST_CASE("the init templates are embedded and each loads cleanly", "[model][templates]") {
  const std::vector<std::string> expected{"lead-to-cash", "client-onboarding", "service-fulfillment",
                                          "customer-success"};
  REQUIRE(bpm::template_names() == expected);
  for (const auto& name : expected) {
    INFO(name);
    const std::string text(bpm::template_text(name));
    CHECK(text.rfind("# ", 0) == 0);  // a commented starting file
    const bpm::LoadResult result = bpm::parse_process_text(text, name + ".yaml");
    std::string diagnostics;
    for (const auto& d : result.diagnostics) diagnostics += d.str() + "\n";
    INFO(diagnostics);
    REQUIRE(result.process.has_value());
    CHECK(result.process->name == name);
    CHECK(result.diagnostics.empty());
  }
}

TEST_CASE("an unknown template names the available ones", "[model][templates]") {
  CHECK_THROWS_MATCHES(bpm::template_text("lead-to-cashh"), bpm::UsageError,
                       Catch::Message("unknown template 'lead-to-cashh' (available: lead-to-cash, client-onboarding, "
                                      "service-fulfillment, customer-success)"));
}
