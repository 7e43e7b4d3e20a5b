// Building blocks shared by the models: MLP stacks and a grouped (per-node) linear layer.
#pragma once

#include <torch/arg.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/types.h>

#include <vector>

namespace gvae {

struct RunConfig;

/// Sizes every image model shares: the input, the latent nodes, the encoder and decoder MLPs,
/// the per-node heads and the bound on predicted log-variances (docs/models.md).
///   auto b = BackboneOptions().input_dim(784).nodes(5).node_dim(16);
struct BackboneOptions {
  /// The sizes a run's config names, for inputs of `input_dim` features.
  static BackboneOptions fromConfig(const RunConfig& config, int64_t input_dim);
  TORCH_ARG(int64_t, input_dim) = 784;
  TORCH_ARG(int64_t, nodes) = 5;
  TORCH_ARG(int64_t, node_dim) = 16;
  TORCH_ARG(std::vector<int64_t>, encoder_hidden) = std::vector<int64_t>{512, 512, 256, 128};
  TORCH_ARG(std::vector<int64_t>, decoder_hidden) = std::vector<int64_t>{256, 512, 512};
  TORCH_ARG(int64_t, head_hidden) = 128;
  TORCH_ARG(double, logvar_bound) = 10.0;
};

/// Linear -> [BatchNorm] -> ELU for every width in `hidden`, starting from `in` features.
///   auto enc = mlpStack(784, {512, 256}, true);   // [B, 784] -> [B, 256]
torch::nn::Sequential mlpStack(int64_t in, const std::vector<int64_t>& hidden, bool batch_norm);

/// Runs a stack made by mlpStack (or any Sequential of single-tensor modules); each BatchNorm
/// followed by ELU runs as one fused op (see batchNormElu).
torch::Tensor mlpForward(torch::nn::Sequential& seq, torch::Tensor x);

/// Every row repeated for k importance samples, sample-major: [B, ...] -> [k * B, ...] (row
/// s * B + b is example b's copy for sample s, matching a later view({k, B})).
torch::Tensor repeatForSamples(const torch::Tensor& t, int64_t k);

/// Sets the bias of the decoder's last Linear to logit(mean_x) ([D] in [0, 1]), so training
/// starts from the marginal pixel probabilities.
void setOutputBiasToLogit(torch::nn::Sequential& decoder, const torch::Tensor& mean_x);

/// G independent linear maps applied at once: [B, G, in] -> [B, G, out].
/// Parameters weight [G, in, out] and bias [G, out], initialized like torch::nn::Linear.
class GroupedLinearImpl : public torch::nn::Module {
 public:
  GroupedLinearImpl(int64_t groups, int64_t in, int64_t out);
  torch::Tensor forward(const torch::Tensor& x);
  torch::Tensor weight, bias;
};
TORCH_MODULE(GroupedLinear);

}  // namespace gvae
