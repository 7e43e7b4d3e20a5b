// SplitMix64: a tiny 64-bit generator with a fully specified output, for generated data that
// must be byte-identical on every machine (unlike <random>'s distributions), and for seeded
// draws in the evaluation metrics.
#pragma once

#include <cmath>
#include <cstdint>

namespace gvae {

/// splitmix64 (Steele, Lea, Flood 2014) with uniform and Box-Muller normal draws.
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t state) : state_(state) {}

  /// The splitmix64 finalizer: a bijective 64-bit mix.
  static uint64_t mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

  uint64_t next() {
    state_ += 0x9E3779B97F4A7C15ull;
    return mix(state_);
  }

  /// Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  /// Uniform in [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

  /// Uniform integer in [0, n) (n > 0; the modulo bias is below 2^-40 for small n).
  uint64_t below(uint64_t n) { return next() % n; }

  /// Standard normal by Box-Muller; one value per call (the pair's second is discarded, so
  /// the number of draws is fixed).
  double normal() {
    constexpr double kTwoPi = 6.28318530717958647692;
    const double u1 = 1.0 - uniform();  // (0, 1]: log stays finite
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(kTwoPi * u2);
  }

 private:
  uint64_t state_;
};

}  // namespace gvae
