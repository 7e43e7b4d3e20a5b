// Linear factor heads on node samples: Gaussian (continuous) or softmax (categorical) likelihoods.
#include "core/models/factor_heads.h"

#include <torch/nn/functional/loss.h>
#include <torch/nn/modules/linear.h>

namespace gvae {

FactorHeadsImpl::FactorHeadsImpl(std::vector<SupervisedFactor> factors, int64_t node_dim,
                                 const torch::Tensor& train_factors)
    : factors_(std::move(factors)), node_dim_(node_dim) {
  heads_ = register_module("heads", torch::nn::ModuleList());
  for (const SupervisedFactor& f : factors_)
    heads_->push_back(torch::nn::Linear(node_dim, f.info.classes > 0 ? f.info.classes : 1));
  auto t = train_factors.to(torch::kCPU, torch::kFloat);
  mean_ = register_buffer("mean", t.mean(0));
  sd_ = register_buffer("sd", t.std(0).clamp_min(1e-6));
}

torch::Tensor FactorHeadsImpl::negLogLikelihood(const torch::Tensor& z,
                                                const torch::Tensor& factors,
                                                const torch::Tensor& labelled) {
  namespace F = torch::nn::functional;
  auto nll = torch::zeros({z.size(0)}, z.options());
  for (size_t k = 0; k < factors_.size(); ++k) {
    const SupervisedFactor& f = factors_[k];
    auto node = z.narrow(1, f.node * node_dim_, node_dim_);  // [B, N']
    auto out = heads_[k]->as<torch::nn::Linear>()->forward(node);
    auto value = factors.select(1, f.column);
    if (f.info.classes > 0) {
      auto target = value.round().to(torch::kLong).clamp(0, f.info.classes - 1);
      nll =
          nll + F::cross_entropy(out, target, F::CrossEntropyFuncOptions().reduction(torch::kNone));
    } else {
      auto standard = (value - mean_[f.column]) / sd_[f.column];
      nll = nll + 0.5 * (out.squeeze(1) - standard).pow(2);
    }
  }
  // where(), not a product: an unlabelled row's loss is exactly 0 and sends no gradient.
  return torch::where(labelled, nll, torch::zeros_like(nll));
}

}  // namespace gvae
