// Noise draws that follow the calling thread's generator when one is installed (the analysis
// thread), else LibTorch's default generator (training): analysis never disturbs, and is never
// disturbed by, the trainer's random stream.
#pragma once

#include <ATen/core/Generator.h>
#include <torch/types.h>

#include <cstdint>

namespace gvae {

/// Installs a CPU generator seeded with `seed` as the calling thread's noise source for the
/// lifetime of this object (restoring the previous one after).
///   { ScopedNoise noise(42); auto z = model->samplePrior(8, pass); }  // same z every time
class ScopedNoise {
 public:
  explicit ScopedNoise(uint64_t seed);
  ~ScopedNoise();
  ScopedNoise(const ScopedNoise&) = delete;
  ScopedNoise& operator=(const ScopedNoise&) = delete;

 private:
  at::Generator previous_;
};

/// Standard normal noise shaped like `t`.
torch::Tensor randnLike(const torch::Tensor& t);
/// Uniform [0, 1) noise shaped like `t`.
torch::Tensor randLike(const torch::Tensor& t);
/// Standard normal noise of `sizes`.
torch::Tensor randn(at::IntArrayRef sizes, const torch::TensorOptions& options);
/// Bernoulli(p) draws, elementwise.
torch::Tensor bernoulli(const torch::Tensor& p);

}  // namespace gvae
