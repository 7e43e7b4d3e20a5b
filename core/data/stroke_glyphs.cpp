// The embedded stroke dataset: handwriting-like glyphs drawn by parametric pen paths.
// Torch-free in substance; own PRNG (splitmix64) instead of <random>'s distributions, whose
// outputs differ between standard libraries: a seed gives the same bytes on every machine.
// See docs/strokes.md.
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/data/splitmix.h"
#include "core/data/strokes.h"

namespace gvae {
namespace {

constexpr int kDense = 240;  // points of the dense path each stroke is resampled from

struct Point {
  double x, y;
};
using Stroke = std::vector<Point>;

/// A stroke traced by `f(u)` for u in [0, 1].
template <typename F>
Stroke trace(F f) {
  Stroke s(kDense + 1);
  for (int k = 0; k <= kDense; ++k) s[k] = f(static_cast<double>(k) / kDense);
  return s;
}

/// A straight polyline through `corners`, traced densely.
Stroke polyline(const std::vector<Point>& corners) {
  const auto segs = static_cast<double>(corners.size() - 1);
  return trace([&](double u) {
    const double t = std::min(u * segs, segs - 1e-12);
    const auto i = static_cast<size_t>(t);
    const double f = t - static_cast<double>(i);
    return Point{corners[i].x + f * (corners[i + 1].x - corners[i].x),
                 corners[i].y + f * (corners[i + 1].y - corners[i].y)};
  });
}

/// The unit glyph of `cls` (about 1 unit tall, y upwards) with per-glyph shape variation.
std::vector<Stroke> unitGlyph(int cls, SplitMix64& rng) {
  switch (cls) {
    case 0: {  // 'o': counter-clockwise from the upper right, closing with a small overlap
      const double a0 = rng.uniform(0.2, 0.6) * M_PI, sweep = 2 * M_PI + rng.uniform(0.1, 0.5);
      const double w = rng.uniform(0.35, 0.5);
      return {trace([=](double u) {
        return Point{w * std::cos(a0 + sweep * u), 0.5 * std::sin(a0 + sweep * u)};
      })};
    }
    case 1: {  // 'l': a tall loop leaning right, drifting forward
      const double w = rng.uniform(0.18, 0.3), drift = rng.uniform(0.2, 0.45);
      return {trace([=](double u) {
        return Point{w * std::sin(2 * M_PI * u) + drift * u,
                     1.2 * (0.5 - 0.5 * std::cos(2 * M_PI * u)) - 0.6};
      })};
    }
    case 2: {  // 'w': a zigzag of four strokes without lifting the pen
      std::vector<Point> c;
      for (int k = 0; k < 5; ++k) {
        const double top = k % 2 == 0 ? 0.5 : -0.5;
        c.push_back({-0.5 + 0.25 * k + rng.uniform(-0.04, 0.04), top + rng.uniform(-0.1, 0.1)});
      }
      return {polyline(c)};
    }
    case 3: {  // 'e': a spiral unwinding counter-clockwise from the centre
      const double turns = rng.uniform(1.3, 2.0), a0 = rng.uniform(0.0, 2 * M_PI);
      return {trace([=](double u) {
        const double r = 0.06 + 0.44 * u, a = a0 + 2 * M_PI * turns * u;
        return Point{r * std::cos(a), r * std::sin(a)};
      })};
    }
    case 4: {  // '+': a horizontal bar, the pen lifts, then a vertical bar drawn downwards
      const double h = rng.uniform(-0.1, 0.1), v = rng.uniform(-0.1, 0.1);
      return {polyline({{-0.5, h}, {0.5, h + rng.uniform(-0.05, 0.05)}}),
              polyline({{v, 0.5}, {v + rng.uniform(-0.05, 0.05), -0.5}})};
    }
    case 5: {  // cursive 'u': down, a round bottom, up, down again and a small exit tail
      const double w = rng.uniform(0.22, 0.32), tail = rng.uniform(0.1, 0.25);
      return {trace([=](double u) {
        const double t = 4 * u;                      // four parts of equal parameter length
        if (t < 1) return Point{-w, 0.5 - 0.7 * t};  // down the left side
        if (t < 2) {                                 // the bottom half-circle
          const double a = M_PI + M_PI * (t - 1);
          return Point{w * std::cos(a), -0.2 + 0.3 * std::sin(a)};
        }
        if (t < 3) return Point{w, -0.2 + 0.7 * (t - 2)};           // up the right side
        return Point{w + tail * (t - 3) * (t - 3), 0.5 - (t - 3)};  // down, curling right
      })};
    }
    default: {  // 'm': two arches from the baseline, the pen never lifting
      const double w = rng.uniform(0.8, 1.1), h = rng.uniform(0.8, 1.1);
      return {trace([=](double u) {
        return Point{w * (u - 0.5), h * (std::fabs(std::sin(2 * M_PI * u)) - 0.5)};
      })};
    }
  }
}

/// `n` points evenly spaced along the arc length of `s` (both ends included; n >= 2).
Stroke resample(const Stroke& s, int n) {
  std::vector<double> cum(s.size(), 0.0);
  for (size_t k = 1; k < s.size(); ++k)
    cum[k] = cum[k - 1] + std::hypot(s[k].x - s[k - 1].x, s[k].y - s[k - 1].y);
  Stroke out(static_cast<size_t>(n));
  size_t k = 1;
  for (int j = 0; j < n; ++j) {
    const double target = cum.back() * j / (n - 1);
    while (k + 1 < s.size() && cum[k] < target) ++k;
    const double seg = cum[k] - cum[k - 1];
    const double f = seg > 0 ? std::clamp((target - cum[k - 1]) / seg, 0.0, 1.0) : 0.0;
    out[static_cast<size_t>(j)] = {s[k - 1].x + f * (s[k].x - s[k - 1].x),
                                   s[k - 1].y + f * (s[k].y - s[k - 1].y)};
  }
  return out;
}

/// One glyph: class, point count 20..60, shape, then size, stretch, slant, rotation, noise.
StrokeSequence drawGlyph(SplitMix64& rng) {
  const int cls = static_cast<int>(rng.below(kStrokeGlyphClasses));
  const int n_points = 20 + static_cast<int>(rng.below(41));
  std::vector<Stroke> strokes = unitGlyph(cls, rng);
  const double size = rng.uniform(8.0, 16.0);
  const double stretch_x = rng.uniform(0.75, 1.3), stretch_y = rng.uniform(0.85, 1.15);
  const double slant = rng.uniform(-0.1, 0.45), angle = rng.uniform(-0.2, 0.2);
  const double noise = 0.012 * size;
  const double c = std::cos(angle), s = std::sin(angle);

  StrokeSequence seq;
  seq.label = cls;
  double px = 0, py = 0;  // the previous point; the first step starts at the glyph's centre
  const int n_strokes = static_cast<int>(strokes.size());
  for (int k = 0; k < n_strokes; ++k) {
    const int n = n_points / n_strokes + (k == 0 ? n_points % n_strokes : 0);
    const Stroke pts = resample(strokes[static_cast<size_t>(k)], n);
    for (int j = 0; j < n; ++j) {
      const double sx = stretch_x * pts[j].x, sy = stretch_y * pts[j].y;
      const double ux = sx + slant * sy;  // shear: the glyph leans right for slant > 0
      const double x = size * (c * ux - s * sy) + noise * rng.normal();
      const double y = size * (s * ux + c * sy) + noise * rng.normal();
      seq.dx.push_back(static_cast<float>(x - px));
      seq.dy.push_back(static_cast<float>(y - py));
      seq.pen.push_back(j == n - 1 ? 1 : 0);
      px = x;
      py = y;
    }
  }
  return seq;
}

}  // namespace

std::vector<StrokeSequence> generateStrokes(int64_t count, uint64_t seed) {
  if (count < 0)
    throw std::invalid_argument("generateStrokes: count must be >= 0, got " +
                                std::to_string(count));
  std::vector<StrokeSequence> out(static_cast<size_t>(count));
  const uint64_t seed_key = SplitMix64::mix(seed);
  for (size_t i = 0; i < out.size(); ++i) {
    // One independent stream per glyph: glyph i does not depend on count.
    SplitMix64 rng(SplitMix64::mix(seed_key + 0x9E3779B97F4A7C15ull * (i + 1)));
    out[i] = drawGlyph(rng);
  }
  return out;
}

}  // namespace gvae
