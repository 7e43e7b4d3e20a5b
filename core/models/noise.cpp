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

// The installed generator is a CPU one: on another device, draw on the CPU and move.
torch::Tensor randnLike(const torch::Tensor& t) {
  return current.defined() ? randn(t.sizes(), t.options()) : torch::randn_like(t);
}

torch::Tensor randLike(const torch::Tensor& t) {
  if (!current.defined()) return torch::rand_like(t);
  return at::rand(t.sizes(), current, t.options().device(torch::kCPU)).to(t.device());
}

torch::Tensor randn(at::IntArrayRef sizes, const torch::TensorOptions& options) {
  if (!current.defined()) return torch::randn(sizes, options);
  return at::randn(sizes, current, options.device(torch::kCPU)).to(options.device());
}

torch::Tensor bernoulli(const torch::Tensor& p) {
  if (!current.defined()) return torch::bernoulli(p);
  return at::bernoulli(p.to(torch::kCPU), current).to(p.device());
}

}  // namespace gvae
