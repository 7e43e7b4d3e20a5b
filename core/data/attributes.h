// Discrete attributes of images, for TELBO (Vedantam et al. 2017): the sprites' factors, the
// shape as it is and scale, rotation, x and y each cut into three equal-frequency bins; and the
// attribute combinations held out of training (the compositional queries). Torch-free.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gvae {

/// One attribute and the names of its values.
struct AttributeInfo {
  std::string name;
  std::vector<std::string> values;
};

/// The sprites' attributes: shape (square, ellipse, triangle, cross), then scale (small,
/// medium, large), rotation (left, level, right), x (left, centre, right), y (top, middle,
/// bottom), each continuous factor cut at the tertiles of the first 3,000 sprites of the
/// embedded stream (the same edges for every split and run).
const std::vector<AttributeInfo>& spritesAttributes();

/// The attribute codes [n * 5] of sprite factors [n * 5] (shape, scale, rotation, x, y).
std::vector<int64_t> spritesAttributeCodes(const std::vector<float>& factors);

/// Every combination of values (row-major [C * K], the last attribute fastest).
std::vector<int64_t> allCombinations(const std::vector<AttributeInfo>& attributes);

/// The combinations held out of a TELBO's training: a fixed `fraction` of all of them, drawn
/// with `seed`, sorted ([H * K]). Their images never train the model; queries for them measure
/// compositionality.
std::vector<int64_t> heldOutCombinations(const std::vector<AttributeInfo>& attributes,
                                         double fraction = 0.1, uint64_t seed = 2017);

/// Whether each row of `codes` [n * K] is one of `combos` [H * K].
std::vector<bool> isAmong(const std::vector<int64_t>& codes, const std::vector<int64_t>& combos,
                          int64_t k);

}  // namespace gvae
