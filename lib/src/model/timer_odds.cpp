// The closed form of a timer on a step without a queue: the step's own time X and the timer's time
// D are drawn independently when the case reaches the step, so the timeout fires with P(X > D), the
// visit lasts min(X, D), and an escalation after E fires with P(min(X, D) > E).
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "bpm/model/routing_analysis.hpp"

namespace bpm {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool is_constant(const Distribution& d) { return d.kind == DistKind::Constant; }

/// P(X > t): a timer that fires the moment the step ends does not fire.
double survival(const Distribution* d, double t) { return d == nullptr ? 1.0 : 1.0 - d->cdf(t, true); }

/// A time beyond which every distribution given is (all but) surely over.
double horizon(std::initializer_list<const Distribution*> ds) {
  double hi = std::numeric_limits<double>::infinity();
  double scale = 1.0;
  for (const Distribution* d : ds) {
    if (d == nullptr) continue;
    hi = std::min(hi, d->support_max());
    scale = std::max(scale, std::fabs(d->mean()));
  }
  if (std::isfinite(hi)) return std::max(hi, 0.0);
  hi = scale;
  for (int k = 0; k < 200; ++k, hi *= 2.0) {
    double tail = 1.0;
    for (const Distribution* d : ds) tail *= survival(d, hi);
    if (tail < 1e-14) break;
  }
  return hi;
}

/// The points where a distribution's CDF may jump or bend (its bounds, its atoms), so that the
/// integration pieces between them are smooth.
void add_breaks(const Distribution* d, double hi, std::vector<double>& out) {
  if (d == nullptr) return;
  auto add = [&](double x) {
    if (std::isfinite(x) && x > 0.0 && x < hi) out.push_back(x);
  };
  add(d->support_min());
  add(d->support_max());
  if (is_constant(*d)) add(d->mean());
  for (const double v : d->values) add(v * d->scale);
}

/// ∫₀^hi f(t) dt by Simpson's rule on the smooth pieces between the breaks.
template <class F>
double integrate(F f, double hi, std::vector<double> breaks) {
  breaks.push_back(0.0);
  breaks.push_back(hi);
  std::sort(breaks.begin(), breaks.end());
  breaks.erase(std::unique(breaks.begin(), breaks.end()), breaks.end());
  double total = 0.0;
  constexpr int kIntervals = 2048;  // even
  for (std::size_t p = 0; p + 1 < breaks.size(); ++p) {
    const double a = breaks[p];
    const double h = (breaks[p + 1] - a) / kIntervals;
    if (h <= 0.0) continue;
    // Just inside the piece at its ends: a CDF may jump exactly at a break.
    const double eps = h * 1e-9;
    double sum = f(a + eps) + f(breaks[p + 1] - eps);
    for (int i = 1; i < kIntervals; ++i) sum += (i % 2 == 1 ? 4.0 : 2.0) * f(a + i * h);
    total += sum * h / 3.0;
  }
  return total;
}

/// E[g(T)] for T drawn from `t`: g at the atoms of t, and the Stieltjes sum over fine pieces
/// elsewhere (g is a survival function here, monotone, so the midpoint sum converges).
template <class G>
double expect(const Distribution& t, G g) {
  if (is_constant(t)) return g(t.mean());
  const double lo = std::max(0.0, t.support_min());
  const double hi = horizon({&t});
  double total = t.cdf(lo, true) * g(lo);  // whatever mass sits at or below the start
  constexpr int kPieces = 20000;
  const double h = (hi - lo) / kPieces;
  double previous = t.cdf(lo, true);
  for (int i = 1; i <= kPieces && h > 0.0; ++i) {
    const double x = lo + i * h;
    const double now = t.cdf(x, true);
    total += (now - previous) * g(x - h / 2.0);
    previous = now;
  }
  return total;
}

}  // namespace

TimerOdds timer_odds(const Process& /*process*/, const Step& step) {
  TimerOdds out;
  if (!step.timeout && !step.escalate && !step.abandon) return out;
  const Distribution* x =
      step.kind == StepKind::Wait ? (step.wait ? &*step.wait : nullptr) : (step.duration ? &*step.duration : nullptr);
  const Distribution* d = step.timeout ? &step.timeout->after : nullptr;
  const Distribution* e = step.escalate ? &step.escalate->after : nullptr;
  const bool queue = step.kind == StepKind::Task && !step.resource.empty();
  const bool data = (x != nullptr && x->data_dependent()) || (d != nullptr && d->data_dependent()) ||
                    (e != nullptr && e->data_dependent());
  if (queue || data || step.abandon || x == nullptr) {
    out.closed_form = false;
    out.timeout = out.escalate = out.mean_time = kNaN;
    return out;
  }
  if (d != nullptr) {
    out.timeout = is_constant(*d)   ? survival(x, d->mean())
                  : is_constant(*x) ? d->cdf(std::max(0.0, x->mean()), false)
                                    : expect(*d, [&](double t) { return survival(x, t); });
  }
  if (e != nullptr) {
    out.escalate = expect(*e, [&](double t) { return survival(x, t) * survival(d, t); });
  }
  // E[min(X, D)] = ∫ P(X > t) P(D > t) dt over t ≥ 0 (a negative duration counts as none).
  std::vector<double> breaks;
  const double hi = horizon({x, d});
  add_breaks(x, hi, breaks);
  add_breaks(d, hi, breaks);
  out.mean_time = integrate([&](double t) { return survival(x, t) * survival(d, t); }, hi, breaks);
  return out;
}

}  // namespace bpm
