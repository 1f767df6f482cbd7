// `abtest`: two variants' conversion or mean from counts, and the sample size to detect a lift.
#include "bpm/optimize/abtest.hpp"
#include "bpm/core/error.hpp"
#include "bpm/optimize/report.hpp"
#include "commands.hpp"
#include "tool.hpp"

namespace bpm::optimize_app {

void define_abtest(CLI::App& app, AbtestOptions& o) {
  CLI::App* abtest =
      app.add_subcommand("abtest", "A/B test from counts or means: difference, CI, p-value, sample size");
  abtest->add_option("--a", o.a, "Arm A: SUCCESSES/TRIALS or MEAN,SD,N")->type_name("ARM");
  abtest->add_option("--b", o.b, "Arm B: SUCCESSES/TRIALS or MEAN,SD,N")->type_name("ARM");
  abtest->add_option("--confidence", o.confidence, "Confidence level of the interval (default 0.95)")->type_name("X");
  abtest->add_option("--lift", o.lift, "Absolute difference to detect: report the sample size per arm")->type_name("X");
  abtest->add_option("--base", o.base, "Base conversion rate of the sample size (default: arm A's)")->type_name("X");
  abtest->add_option("--sd", o.sd, "Standard deviation per arm: sample size for means (default: arm A's)")
      ->type_name("X");
  abtest->add_option("--alpha", o.alpha, "Significance level of the sample size (default 0.05)")->type_name("X");
  abtest->add_option("--power", o.power, "Power of the sample size (default 0.8)")->type_name("X");
  add_output(*abtest, o.format, o.output);
  abtest->footer(kExamples);
}

int run_abtest(const AbtestOptions& o) {
  const OptimizeFormat format = parse_optimize_format(o.format);
  AbReport report;
  report.confidence = o.confidence;
  if (o.a.empty() != o.b.empty()) throw UsageError("abtest: give both --a and --b, or neither");
  if (o.a.empty() && !o.lift) throw UsageError("abtest: give --a and --b, or --lift for a sample size");
  std::optional<AbArm> a;
  if (!o.a.empty()) {
    a = parse_ab_arm(o.a);
    const AbArm b = parse_ab_arm(o.b);
    if (a->is_proportion != b.is_proportion) {
      throw UsageError("abtest: --a and --b must both be counts (S/N) or both means (MEAN,SD,N)");
    }
    report.proportions = a->is_proportion;
    report.result = a->is_proportion ? compare_proportions(a->proportion, b.proportion, o.confidence)
                                     : compare_means(a->mean, b.mean, o.confidence);
  }
  if (o.lift) {
    if (!o.base && !o.sd && !a) throw UsageError("abtest: --lift needs --base RATE, --sd SD or --a");
    if (o.base && o.sd) throw UsageError("abtest: --base (rates) and --sd (means) exclude each other");
    report.proportions = o.base ? true : o.sd ? false : a->is_proportion;
    report.base = o.base ? *o.base : o.sd ? *o.sd : (a->is_proportion ? report.result->a : a->mean.sd);
    report.lift = *o.lift;
    report.alpha = o.alpha;
    report.power = o.power;
    report.sample_size = report.proportions ? sample_size_proportions(report.base, report.lift, o.alpha, o.power)
                                            : sample_size_means(report.base, report.lift, o.alpha, o.power);
  }
  write_output(o.output, format_abtest(report, format));
  return app::Success;
}

}  // namespace bpm::optimize_app
