// Thread-local noise source: the default generator unless a ScopedNoise is alive on this thread.
#include "core/models/noise.h"

#include <ATen/CPUGeneratorImpl.h>

namespace gvae {
namespace {

thread_local at::Generator current;  // undefined: LibTorch's default generator

struct RowShare {
  int64_t global = 0, offset = 0, local = 0;
};
thread_local RowShare share;  // global 0: none

// The rows of the global draw that are this rank's, or an undefined tensor when `sizes` is no
// row-shared draw.
template <class Draw>
torch::Tensor sharedRows(at::IntArrayRef sizes, Draw draw) {
  if (share.global == 0 || current.defined() || sizes.size() < 2 || sizes[0] != share.local)
    return {};
  std::vector<int64_t> full(sizes.begin(), sizes.end());
  full[0] = share.global;
  return draw(at::IntArrayRef(full)).narrow(0, share.offset, share.local).contiguous();
}

}  // namespace

ScopedNoise::ScopedNoise(uint64_t seed) : previous_(current) {
  current = at::make_generator<at::CPUGeneratorImpl>(seed);
}

ScopedNoise::~ScopedNoise() { current = previous_; }

ScopedRowShare::ScopedRowShare(int64_t global, int64_t offset, int64_t local) {
  share = {global, offset, local};
}

ScopedRowShare::~ScopedRowShare() { share = {}; }

// The installed generator is a CPU one: on another device, draw on the CPU and move.
torch::Tensor randnLike(const torch::Tensor& t) {
  if (auto rows =
          sharedRows(t.sizes(), [&](at::IntArrayRef s) { return torch::randn(s, t.options()); });
      rows.defined())
    return rows;
  return current.defined() ? randn(t.sizes(), t.options()) : torch::randn_like(t);
}

torch::Tensor randLike(const torch::Tensor& t) {
  if (auto rows =
          sharedRows(t.sizes(), [&](at::IntArrayRef s) { return torch::rand(s, t.options()); });
      rows.defined())
    return rows;
  if (!current.defined()) return torch::rand_like(t);
  return at::rand(t.sizes(), current, t.options().device(torch::kCPU)).to(t.device());
}

torch::Tensor randn(at::IntArrayRef sizes, const torch::TensorOptions& options) {
  if (auto rows = sharedRows(sizes, [&](at::IntArrayRef s) { return torch::randn(s, options); });
      rows.defined())
    return rows;
  if (!current.defined()) return torch::randn(sizes, options);
  return at::randn(sizes, current, options.device(torch::kCPU)).to(options.device());
}

torch::Tensor bernoulli(const torch::Tensor& p) {
  if (!current.defined()) return torch::bernoulli(p);
  return at::bernoulli(p.to(torch::kCPU), current).to(p.device());
}

}  // namespace gvae
