// Inverse autoregressive flow (Kingma et al. 2016) with MADE steps conditioned on a context.
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/linear.h>
#include <torch/types.h>

#include <utility>

namespace gvae {

/// Linear layer whose weight is multiplied by a fixed 0/1 mask [out, in].
class MaskedLinearImpl : public torch::nn::Module {
 public:
  MaskedLinearImpl(int64_t in, int64_t out, torch::Tensor mask);
  torch::Tensor forward(const torch::Tensor& x);
  torch::Tensor weight, bias, mask;
};
TORCH_MODULE(MaskedLinear);

/// MADE over d inputs with a context: output i (of m and of s) depends only on inputs < i (in
/// the given order) and on the whole context. [B, d], [B, C] -> ([B, d] m, [B, d] s).
class MadeImpl : public torch::nn::Module {
 public:
  MadeImpl(int64_t d, int64_t context, int64_t hidden);
  std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& z, const torch::Tensor& h);

 private:
  int64_t d_;
  MaskedLinear in_{nullptr}, out_{nullptr};
  torch::nn::Linear context_{nullptr};
};
TORCH_MODULE(Made);

/// T IAF steps with the numerically stable gated update: [m, s] = MADE(z, h), s <- s + b,
/// sigma = sigmoid(s), z <- sigma * z + (1 - sigma) * m; the variable order is reversed on
/// every other step. Returns (z_T, sum of log sigma) with shapes [B, d] and [B]; then
/// log q(z_T) = log q(z_0) - sum log sigma.
class IafImpl : public torch::nn::Module {
 public:
  IafImpl(int64_t d, int64_t context, int64_t steps, int64_t hidden);
  std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& z0, const torch::Tensor& h);

 private:
  torch::nn::ModuleList steps_{nullptr};
};
TORCH_MODULE(Iaf);

}  // namespace gvae
