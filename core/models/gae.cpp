// The GCN encoder and inner-product decoder of the graph auto-encoders (gae.h).
#include "core/models/gae.h"

#include <torch/nn/init.h>

#include "core/data/image_set.h"
#include "core/models/gaussian.h"
#include "core/training/run_config.h"

namespace gvae {

std::shared_ptr<LatentModelImpl> makeGae(const RunConfig& config, int64_t features,
                                         bool variational) {
  return std::make_shared<GaeImpl>(features, config.gcn_hidden, config.nodes, config.node_dim,
                                   variational, config.logvar_bound, config.pos_weight);
}

GaeImpl::GaeImpl(int64_t features, int64_t hidden, int64_t nodes, int64_t node_dim,
                 bool variational, double logvar_bound, double pos_weight)
    : nodes_(nodes),
      node_dim_(node_dim),
      variational_(variational),
      logvar_bound_(logvar_bound),
      pos_weight_(pos_weight) {
  const int64_t M = nodes * node_dim;
  const auto layer = [&](const char* name, int64_t in, int64_t out) {
    auto l =
        register_module(name, torch::nn::Linear(torch::nn::LinearOptions(in, out).bias(false)));
    torch::nn::init::xavier_uniform_(l->weight);  // Glorot, as Kipf & Welling
    return l;
  };
  hidden_ = layer("gcn_hidden", features, hidden);
  mean_ = layer("gcn_mean", hidden, M);
  if (variational) logvar_ = layer("gcn_logvar", hidden, M);
}

void GaeImpl::setGraph(std::shared_ptr<const GraphTensors> graph) { graph_ = std::move(graph); }

const GraphTensors& GaeImpl::graph() const {
  TORCH_CHECK(graph_, "the graph auto-encoder has no graph (setGraph was not called)");
  return *graph_;
}

std::pair<torch::Tensor, torch::Tensor> GaeImpl::encode() {
  const GraphTensors& g = graph();
  auto h = torch::relu(torch::mm(g.propagation, hidden_->forward(g.features)));
  auto mean = torch::mm(g.propagation, mean_->forward(h));
  if (!variational_) return {mean, torch::Tensor()};
  auto raw = torch::mm(g.propagation, logvar_->forward(h));
  return {mean, logvar_bound_ * torch::tanh(raw / logvar_bound_)};
}

torch::Tensor GaeImpl::reconstruction(const torch::Tensor& ids, const torch::Tensor& z) const {
  const GraphTensors& g = graph();
  const double w = pos_weight_ > 0 ? pos_weight_ : g.pos_weight;
  auto logits = torch::mm(z.index_select(0, ids), z.t());  // [B, n]
  auto target = g.target.index_select(0, ids);
  // -log p = softplus(-l) for a present entry, softplus(l) for an absent one.
  return (w * target * torch::softplus(-logits) + (1 - target) * torch::softplus(logits)).sum(1);
}

ElboTerms GaeImpl::elbo(const torch::Tensor& x, const PassOptions&) {
  auto ids = x.select(1, 0).to(torch::kLong);
  auto [mean, logvar] = encode();
  ElboTerms t;
  torch::Tensor z = mean;
  const int64_t B = x.size(0);
  if (variational_) {
    Gaussian q{mean, logvar};
    z = q.sample();
    Gaussian rows{mean.index_select(0, ids).view({B, nodes_, node_dim_}),
                  logvar.index_select(0, ids).view({B, nodes_, node_dim_})};
    t.node_kl = klToStandardNormal(rows);  // [B, N]
  } else {
    t.node_kl = torch::zeros({B, nodes_}, x.options());
  }
  t.kl = t.node_kl.sum(1);
  t.nll = reconstruction(ids, z);
  t.z = z.index_select(0, ids);
  return t;
}

torch::Tensor GaeImpl::logImportanceWeights(const torch::Tensor& x, int64_t k, const PassOptions&) {
  auto ids = x.select(1, 0).to(torch::kLong);
  auto [mean, logvar] = encode();
  std::vector<torch::Tensor> out;
  for (int64_t s = 0; s < k; ++s) {
    if (!variational_) {
      out.push_back(-reconstruction(ids, mean));
      continue;
    }
    Gaussian q{mean, logvar};
    auto z = q.sample();
    auto zi = z.index_select(0, ids);
    Gaussian rows{mean.index_select(0, ids), logvar.index_select(0, ids)};
    out.push_back(-reconstruction(ids, z) + standardNormalLogDensity(zi) - rows.logDensity(zi));
  }
  return torch::stack(out);
}

torch::Tensor GaeImpl::posteriorMean(const torch::Tensor& x, const PassOptions&) {
  return encode().first.index_select(0, x.select(1, 0).to(torch::kLong));
}

torch::Tensor GaeImpl::samplePrior(int64_t n, const PassOptions&) {
  return torch::randn({n, latentDim()}, mean_->weight.options());
}

torch::Tensor GaeImpl::decode(const torch::Tensor& z) { return torch::mm(z, encode().first.t()); }

}  // namespace gvae
