// MLP stacks and grouped linear layers (one small MLP per latent node, evaluated as one op).
#include "core/models/layers.h"

#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/linear.h>

#include <cmath>

#include "core/models/fused_ops.h"
#include "core/training/run_config.h"

namespace gvae {

BackboneOptions BackboneOptions::fromConfig(const RunConfig& c, int64_t input_dim) {
  return BackboneOptions()
      .input_dim(input_dim)
      .nodes(c.nodes)
      .node_dim(c.node_dim)
      .encoder_hidden(c.encoder_hidden)
      .decoder_hidden(c.decoder_hidden)
      .head_hidden(c.head_hidden)
      .logvar_bound(c.logvar_bound);
}

torch::nn::Sequential mlpStack(int64_t in, const std::vector<int64_t>& hidden, bool batch_norm) {
  torch::nn::Sequential seq;
  for (int64_t width : hidden) {
    seq->push_back(torch::nn::Linear(in, width));
    if (batch_norm) seq->push_back(torch::nn::BatchNorm1d(width));
    seq->push_back(torch::nn::ELU());
    in = width;
  }
  return seq;
}

torch::Tensor mlpForward(torch::nn::Sequential& seq, torch::Tensor x) {
  const size_t n = seq->size();
  auto modules = seq->begin();
  for (size_t i = 0; i < n; ++i) {
    auto* bn = seq->ptr(i)->as<torch::nn::BatchNorm1d>();
    auto* elu = i + 1 < n ? seq->ptr(i + 1)->as<torch::nn::ELU>() : nullptr;
    if (bn && elu && elu->options.alpha() == 1.0) {
      x = batchNormElu(x, *bn);
      ++i;
    } else {
      x = modules[i].forward(x);
    }
  }
  return x;
}

torch::Tensor repeatForSamples(const torch::Tensor& t, int64_t k) {
  auto shape = t.sizes().vec();
  shape.insert(shape.begin(), k);
  auto expanded = t.unsqueeze(0).expand(shape);
  shape.erase(shape.begin());
  shape[0] *= k;
  return expanded.reshape(shape);
}

void setOutputBiasToLogit(torch::nn::Sequential& decoder, const torch::Tensor& mean_x) {
  torch::NoGradGuard no_grad;
  auto p = mean_x.clamp(1e-3, 1.0 - 1e-3);
  auto out = decoder->ptr(decoder->size() - 1)->as<torch::nn::Linear>();
  TORCH_CHECK(out, "the decoder must end with a Linear layer");
  out->bias.copy_(torch::log(p) - torch::log1p(-p));
}

GroupedLinearImpl::GroupedLinearImpl(int64_t groups, int64_t in, int64_t out) {
  // Same distribution as torch::nn::Linear's default: U(-1/sqrt(in), 1/sqrt(in)).
  double bound = 1.0 / std::sqrt(static_cast<double>(in));
  weight = register_parameter("weight", torch::empty({groups, in, out}).uniform_(-bound, bound));
  bias = register_parameter("bias", torch::empty({groups, out}).uniform_(-bound, bound));
}

torch::Tensor GroupedLinearImpl::forward(const torch::Tensor& x) {
  // [B, G, in] x [G, in, out] -> [G, B, out] via one batched GEMM, then back to [B, G, out].
  auto y = torch::baddbmm(bias.unsqueeze(1), x.transpose(0, 1), weight);
  return y.transpose(0, 1);
}

}  // namespace gvae
