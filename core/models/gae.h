// Graph auto-encoders (Kipf & Welling 2016): a two-layer GCN encoder over the whole graph and an
// inner-product decoder; the variational one (vgae) with a Gaussian posterior per node.
#pragma once

#include <torch/nn/modules/linear.h>

#include <memory>

#include "core/models/latent_model.h"

namespace gvae {

/// The GAE or VGAE of a run's config: latent size nodes x node_dim, GCN width gcn_hidden.
std::shared_ptr<LatentModelImpl> makeGae(const RunConfig& config, int64_t features,
                                         bool variational);

/// H = ReLU(P X W0), mean = P H W_mu, log-variance = P H W_var (bounded as every model's), with P
/// the propagation matrix D^-1/2 (A + I) D^-1/2 of the training edges; z_i ~ N(mean_i, var_i)
/// (vgae) or z_i = mean_i (gae); p(A_ij = 1 | z) = sigmoid(z_i . z_j).
///
/// The data rows are node ids ([B, 1]); the graph comes from setGraph(). A row's terms are its
/// node's: nll_i = -sum_j [w A_ij log p_ij + (1 - A_ij) log(1 - p_ij)] over every node j (with
/// the self-loop, as Kipf & Welling reconstruct A + I), kl_i = KL(q(z_i) || N(0, I)) (0 for
/// gae), so the sum over the nodes is the graph's bound and a minibatch of nodes estimates it
/// without bias. The encoder runs over the whole graph on every pass. The weight w of present
/// entries is Kipf & Welling's balance (n^2 - nnz) / nnz by default: without it the VGAE's KL
/// drowns the few edges' signal (measured: test AUC 0.56 against 0.77 on the embedded graph);
/// with w = 1 the bound is the exact Bernoulli one.
class GaeImpl : public LatentModelImpl {
 public:
  /// `pos_weight`: the weight w of present entries; 0: the graph's balance (GraphTensors).
  GaeImpl(int64_t features, int64_t hidden, int64_t nodes, int64_t node_dim, bool variational,
          double logvar_bound, double pos_weight = 0);

  int64_t nodes() const override { return nodes_; }
  int64_t nodeDim() const override { return node_dim_; }
  bool variational() const { return variational_; }

  void setGraph(std::shared_ptr<const GraphTensors> graph) override;
  ElboTerms elbo(const torch::Tensor& x, const PassOptions& options) override;
  /// log p(A_i | z) + log p(z_i) - log q(z_i) per node row, every node's z drawn per sample;
  /// for gae (no posterior) -nll_i with z at the means, k times.
  torch::Tensor logImportanceWeights(const torch::Tensor& x, int64_t k,
                                     const PassOptions& options) override;
  torch::Tensor posteriorMean(const torch::Tensor& x, const PassOptions& options) override;
  torch::Tensor samplePrior(int64_t n, const PassOptions& options) override;
  /// Edge logits of latents [B, M] to every node of the graph at its posterior mean: [B, n].
  torch::Tensor decode(const torch::Tensor& z) override;
  void initOutputBias(const torch::Tensor&) override {}

  /// Means and log-variances of q(z | graph) for every node: [n, M] each.
  std::pair<torch::Tensor, torch::Tensor> encode();

 private:
  /// Per-row weighted nll [B] for rows `ids` given every node's latents z [n, M].
  torch::Tensor reconstruction(const torch::Tensor& ids, const torch::Tensor& z) const;
  const GraphTensors& graph() const;

  int64_t nodes_, node_dim_;
  bool variational_;
  double logvar_bound_, pos_weight_;
  std::shared_ptr<const GraphTensors> graph_;
  torch::nn::Linear hidden_{nullptr}, mean_{nullptr}, logvar_{nullptr};
};
TORCH_MODULE(Gae);

}  // namespace gvae
