// Thread-local noise source: the default generator unless a ScopedNoise is alive on this thread.
#include "core/models/noise.h"

#include <ATen/CPUGeneratorImpl.h>

namespace gvae {
namespace {

thread_local at::Generator current;  // undefined: LibTorch's default generator

}  // namespace

ScopedNoise::ScopedNoise(uint64_t seed) : previous_(current) {
  current = at::make_generator<at::CPUGeneratorImpl>(seed);
}

ScopedNoise::~ScopedNoise() { current = previous_; }

torch::Tensor randnLike(const torch::Tensor& t) {
  return current.defined() ? at::randn(t.sizes(), current, t.options()) : torch::randn_like(t);
}

torch::Tensor randLike(const torch::Tensor& t) {
  return current.defined() ? at::rand(t.sizes(), current, t.options()) : torch::rand_like(t);
}

torch::Tensor randn(at::IntArrayRef sizes, const torch::TensorOptions& options) {
  return current.defined() ? at::randn(sizes, current, options) : torch::randn(sizes, options);
}

torch::Tensor bernoulli(const torch::Tensor& p) {
  return current.defined() ? at::bernoulli(p, current) : torch::bernoulli(p);
}

}  // namespace gvae
