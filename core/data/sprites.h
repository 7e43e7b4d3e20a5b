// The embedded default dataset: binary 28x28 sprites generated in code from a seed.
// Torch-free, so it can be used anywhere; core/data/dataset.cpp turns it into tensors.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/eval/ground_truth.h"

namespace gvae {

/// Seed of the embedded sprites: fixed, so every run of every user sees the same dataset.
constexpr uint64_t kSpritesSeed = 20190506;

struct SpritesOptions {
  int64_t count = 24000;  // images to generate
  uint64_t seed = 1;
  int64_t first = 0;  // index of the first one: sprites first .. first + count - 1 of the stream
};

/// Generated sprites. Generative factors follow a ground-truth DAG (spritesGroundTruthDag).
struct SpriteSet {
  int64_t count = 0;
  std::vector<uint8_t> pixels;            // [count * 784], 0 or 1, row-major 28x28
  std::vector<int64_t> labels;            // [count] shape id
  std::vector<std::string> factor_names;  // K factor names
  std::vector<float> factors;             // [count * K] factor values, row-major
};

/// Deterministic: the same options give byte-identical output on every machine.
SpriteSet generateSprites(const SpritesOptions& options);

/// The factors in SpriteSet::factors order: shape (categorical, 4 classes: square, ellipse,
/// triangle, cross), then scale, rotation, x and y (continuous).
std::vector<FactorInfo> spritesFactorInfo();

/// Edges (parent factor, child factor) of the DAG the factors are drawn from.
std::vector<std::pair<std::string, std::string>> spritesGroundTruthDag();

}  // namespace gvae
