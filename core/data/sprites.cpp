// Embedded default dataset: 28x28 binary sprites whose factors follow a ground-truth DAG.
// Torch-free. Own PRNG (splitmix64) and own normals (Box-Muller) instead of <random>'s
// distributions, whose outputs differ between standard libraries: a seed gives the same bytes
// on every machine. See docs/sprites.md.
#include "core/data/sprites.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>

#include "core/data/splitmix.h"

namespace gvae {
namespace {

constexpr int kSpriteSide = 28;
constexpr int kSpritePixels = kSpriteSide * kSpriteSide;
constexpr int kShapes = 4;   // 0 square, 1 ellipse, 2 triangle, 3 cross
constexpr int kFactors = 5;  // shape, scale, rotation, x, y

// Every unit shape lies inside the unit disc, so a sprite of scale s covers at most a disc of
// radius kMaxRadius * s around its centre, whatever its rotation.
constexpr double kMaxRadius = 8.0;  // pixels at scale 1
constexpr double kMargin = 1.0;     // keeps the outermost pixel ring empty: nothing is clipped
constexpr double kSubOffset[2] = {0.25, 0.75};  // 2x2 sub-pixel sample positions

// shape -> scale: per-shape mean, shared spread, clamped range.
constexpr double kScaleMean[kShapes] = {0.72, 0.62, 0.90, 0.82};
constexpr double kScaleSd = 0.05;
constexpr double kScaleMin = 0.5;
constexpr double kScaleMax = 1.0;

// shape -> rotation (degrees, clockwise on screen). |rotation| <= 40 stays below every shape's
// half symmetry period (square and cross 45, triangle 60, ellipse 90): the angle is identifiable.
constexpr double kRotationMean[kShapes] = {24.0, -24.0, -8.0, 8.0};
constexpr double kRotationSd = 8.0;
constexpr double kRotationLimit = 40.0;

// x is a root: uniform over the range where the largest sprite still fits.
constexpr double kXMin = kMaxRadius * kScaleMax + kMargin;                // 9
constexpr double kXMax = kSpriteSide - kMaxRadius * kScaleMax - kMargin;  // 19

// scale -> y and x -> y: big sprites sink, and the row slopes down to the right.
constexpr double kYBase = 13.5;
constexpr double kYPerScale = 16.0;  // pixels per unit of scale, around scale 0.75
constexpr double kYPerX = 0.5;       // pixels per pixel of x, around x = 14
constexpr double kYSd = 1.25;

using Rng = SplitMix64;  // byte-identical sprites on every machine

/// Point-in-shape test in unit-shape coordinates (u right, v down); every shape fits the unit
/// disc.
bool insideUnitShape(int shape, double u, double v) {
  const double au = std::fabs(u), av = std::fabs(v);
  switch (shape) {
    case 0:  // square inscribed in the unit circle (half side 1/sqrt(2), slightly inset)
      return au <= 0.70 && av <= 0.70;
    case 1:  // ellipse, long axis horizontal at rotation 0
      return (u / 0.98) * (u / 0.98) + (v / 0.55) * (v / 0.55) <= 1.0;
    case 2: {  // equilateral triangle, apex up, circumradius 1 (inradius 0.5)
      constexpr double kHalfSqrt3 = 0.86602540378443864676;
      return v <= 0.5 && kHalfSqrt3 * u - 0.5 * v <= 0.5 && -kHalfSqrt3 * u - 0.5 * v <= 0.5;
    }
    default:  // plus-shaped cross, arms 0.6 wide and 1.9 long (corners at radius 0.996)
      return (au <= 0.3 && av <= 0.95) || (av <= 0.3 && au <= 0.95);
  }
}

/// Draws one sprite's factors in topological order of the DAG: shape, scale, rotation, x, y.
/// Values are rounded to float before rasterizing, so `factors` are exactly what is drawn.
void sampleFactors(Rng& rng, float out[kFactors]) {
  const int shape = static_cast<int>(rng.next() % kShapes);
  const double scale =
      std::clamp(kScaleMean[shape] + kScaleSd * rng.normal(), kScaleMin, kScaleMax);
  const double rotation = std::clamp(kRotationMean[shape] + kRotationSd * rng.normal(),
                                     -kRotationLimit, kRotationLimit);
  const double x = kXMin + (kXMax - kXMin) * rng.uniform();
  const float scale_f = static_cast<float>(scale);
  const double radius = kMaxRadius * static_cast<double>(scale_f);
  const double y_mean =
      kYBase + kYPerScale * (static_cast<double>(scale_f) - 0.75) + kYPerX * (x - 14.0);
  const double y =
      std::clamp(y_mean + kYSd * rng.normal(), radius + kMargin, kSpriteSide - radius - kMargin);
  out[0] = static_cast<float>(shape);
  out[1] = scale_f;
  out[2] = static_cast<float>(rotation);
  out[3] = static_cast<float>(x);
  out[4] = static_cast<float>(y);
  // Float rounding of y must not push the sprite into the margin ring.
  if (static_cast<double>(out[4]) < radius + kMargin) {
    out[4] = std::nextafter(out[4], static_cast<float>(kSpriteSide));
  } else if (static_cast<double>(out[4]) > kSpriteSide - radius - kMargin) {
    out[4] = std::nextafter(out[4], 0.0f);
  }
}

/// Rasterizes one sprite into a zeroed 28x28 image: a sample point is in the sprite when,
/// mapped back through the inverse rotation and scale, it falls inside the unit shape.
void rasterize(const float factors[kFactors], uint8_t* image) {
  const int shape = static_cast<int>(factors[0]);
  const double radius = kMaxRadius * static_cast<double>(factors[1]);
  const double theta = static_cast<double>(factors[2]) * (M_PI / 180.0);
  const double cx = factors[3], cy = factors[4];
  const double c = std::cos(theta), s = std::sin(theta);
  const double inv_r = 1.0 / radius;
  // Only the bounding box of the covering disc can hold set pixels.
  const int col0 = std::max(0, static_cast<int>(std::floor(cx - radius)));
  const int col1 = std::min(kSpriteSide - 1, static_cast<int>(std::ceil(cx + radius)));
  const int row0 = std::max(0, static_cast<int>(std::floor(cy - radius)));
  const int row1 = std::min(kSpriteSide - 1, static_cast<int>(std::ceil(cy + radius)));
  bool any = false;
  for (int row = row0; row <= row1; ++row) {
    for (int col = col0; col <= col1; ++col) {
      // 2x2 supersampling: the pixel is set when at least half its samples are inside; the
      // loop stops as soon as the answer is known.
      int hits = 0;
      for (int k = 0; k < 4 && hits < 2 && hits + 4 - k >= 2; ++k) {
        const double dx = col + kSubOffset[k & 1] - cx;
        const double dy = row + kSubOffset[k >> 1] - cy;
        hits += insideUnitShape(shape, (c * dx + s * dy) * inv_r, (c * dy - s * dx) * inv_r);
      }
      if (hits >= 2) {
        image[row * kSpriteSide + col] = 1;
        any = true;
      }
    }
  }
  // Unreachable with the current ranges (the smallest sprite covers ~20 pixels), but an empty
  // image would be a silent hole in the dataset: mark the centre pixel instead.
  if (!any) image[static_cast<int>(cy) * kSpriteSide + static_cast<int>(cx)] = 1;
}

}  // namespace

SpriteSet generateSprites(const SpritesOptions& options) {
  if (options.count < 0 || options.first < 0) {
    throw std::invalid_argument("generateSprites: count and first must be >= 0, got " +
                                std::to_string(options.count) + " and " +
                                std::to_string(options.first));
  }
  SpriteSet set;
  set.count = options.count;
  const auto n = static_cast<size_t>(options.count);
  set.pixels.assign(n * kSpritePixels, 0);
  set.labels.resize(n);
  set.factor_names = {"shape", "scale", "rotation", "x", "y"};
  set.factors.resize(n * kFactors);
  const uint64_t seed_key = Rng::mix(options.seed);
  for (size_t i = 0; i < n; ++i) {
    // One independent stream per sprite: sprite i does not depend on count, so a smaller
    // count gives a prefix of a larger one, and any range can be made alone.
    const auto index = static_cast<uint64_t>(options.first) + i;
    Rng rng(Rng::mix(seed_key + 0x9E3779B97F4A7C15ull * (index + 1)));
    float* f = &set.factors[i * kFactors];
    sampleFactors(rng, f);
    set.labels[i] = static_cast<int64_t>(f[0]);
    rasterize(f, &set.pixels[i * kSpritePixels]);
  }
  return set;
}

std::vector<FactorInfo> spritesFactorInfo() {
  return {{"shape", kShapes}, {"scale", 0}, {"rotation", 0}, {"x", 0}, {"y", 0}};
}

std::vector<std::pair<std::string, std::string>> spritesGroundTruthDag() {
  return {{"shape", "scale"}, {"shape", "rotation"}, {"scale", "y"}, {"x", "y"}};
}

}  // namespace gvae
