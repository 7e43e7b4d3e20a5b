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

/// Data-parallel training: while alive, a draw on this thread (from the default generator) of
/// two or more dimensions whose first is `local` draws `global` rows and keeps rows
/// [offset, offset + local). With the same generator state on every rank, each rank's examples
/// get the noise they would get in one process training the global batch, and every other draw
/// (the gates of a batch) is the same on all ranks. Bernoulli draws stay local.
class ScopedRowShare {
 public:
  ScopedRowShare(int64_t global, int64_t offset, int64_t local);
  ~ScopedRowShare();
  ScopedRowShare(const ScopedRowShare&) = delete;
  ScopedRowShare& operator=(const ScopedRowShare&) = delete;
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
