// The sprites' attribute bins and the held-out combinations.
#include "core/data/attributes.h"

#include <algorithm>
#include <set>

#include "core/data/splitmix.h"
#include "core/data/sprites.h"

namespace gvae {
namespace {

constexpr int64_t kAttributes = 5;
constexpr int64_t kEdgeSample = 3000;

// Tertile edges of the four continuous factors, from the first sprites of the embedded stream.
const std::vector<std::vector<float>>& edges() {
  static const std::vector<std::vector<float>> e = [] {
    const SpriteSet s = generateSprites({kEdgeSample, kSpritesSeed, 0});
    std::vector<std::vector<float>> out;
    for (int64_t f = 1; f < kAttributes; ++f) {
      std::vector<float> v;
      for (int64_t i = 0; i < s.count; ++i) v.push_back(s.factors[size_t(i * kAttributes + f)]);
      std::sort(v.begin(), v.end());
      out.push_back({v[v.size() / 3], v[2 * v.size() / 3]});
    }
    return out;
  }();
  return e;
}

}  // namespace

const std::vector<AttributeInfo>& spritesAttributes() {
  static const std::vector<AttributeInfo> a{{"shape", {"square", "ellipse", "triangle", "cross"}},
                                            {"scale", {"small", "medium", "large"}},
                                            {"rotation", {"left", "level", "right"}},
                                            {"x", {"left", "centre", "right"}},
                                            {"y", {"top", "middle", "bottom"}}};
  return a;
}

std::vector<int64_t> spritesAttributeCodes(const std::vector<float>& factors) {
  const auto& e = edges();
  std::vector<int64_t> codes(factors.size());
  for (size_t i = 0; i < factors.size(); ++i) {
    const auto f = static_cast<int64_t>(i % kAttributes);
    if (f == 0) {
      codes[i] = static_cast<int64_t>(factors[i]);
    } else {
      const auto& cut = e[size_t(f - 1)];
      codes[i] = factors[i] < cut[0] ? 0 : factors[i] < cut[1] ? 1 : 2;
    }
  }
  return codes;
}

std::vector<int64_t> allCombinations(const std::vector<AttributeInfo>& attributes) {
  std::vector<int64_t> out, current(attributes.size(), 0);
  while (true) {
    out.insert(out.end(), current.begin(), current.end());
    int64_t k = static_cast<int64_t>(attributes.size()) - 1;
    for (; k >= 0; --k) {
      if (++current[size_t(k)] < static_cast<int64_t>(attributes[size_t(k)].values.size())) break;
      current[size_t(k)] = 0;
    }
    if (k < 0) return out;
  }
}

std::vector<int64_t> heldOutCombinations(const std::vector<AttributeInfo>& attributes,
                                         double fraction, uint64_t seed) {
  const auto K = static_cast<int64_t>(attributes.size());
  const std::vector<int64_t> all = allCombinations(attributes);
  const int64_t C = static_cast<int64_t>(all.size()) / K;
  std::vector<int64_t> order(static_cast<size_t>(C));
  for (int64_t c = 0; c < C; ++c) order[size_t(c)] = c;
  SplitMix64 rng(seed);
  for (int64_t i = C - 1; i > 0; --i)
    std::swap(order[size_t(i)], order[rng.below(uint64_t(i + 1))]);
  const auto H = std::max<int64_t>(1, static_cast<int64_t>(fraction * static_cast<double>(C)));
  std::vector<int64_t> picked(order.begin(), order.begin() + H);
  std::sort(picked.begin(), picked.end());
  std::vector<int64_t> out;
  for (int64_t c : picked) out.insert(out.end(), all.begin() + c * K, all.begin() + (c + 1) * K);
  return out;
}

std::vector<bool> isAmong(const std::vector<int64_t>& codes, const std::vector<int64_t>& combos,
                          int64_t k) {
  std::set<std::vector<int64_t>> set;
  for (size_t c = 0; c + size_t(k) <= combos.size(); c += size_t(k))
    set.insert(std::vector<int64_t>(combos.begin() + long(c), combos.begin() + long(c) + k));
  std::vector<bool> out;
  for (size_t i = 0; i + size_t(k) <= codes.size(); i += size_t(k))
    out.push_back(
        set.count(std::vector<int64_t>(codes.begin() + long(i), codes.begin() + long(i) + k)) > 0);
  return out;
}

}  // namespace gvae
