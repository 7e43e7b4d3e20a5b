// GgmVae: encoder to (mu, sparse Cholesky factor of the precision), banded sampling, exact KL.
#include "core/models/ggm_vae.h"

#include <cmath>

#include "core/models/fused_ops.h"
#include "core/models/gaussian.h"
#include "core/models/layers.h"
#include "core/models/noise.h"
#include "core/training/run_config.h"

namespace gvae {

std::shared_ptr<LatentModelImpl> makeGgmVae(const RunConfig& config, int64_t input_dim,
                                            GgmPattern pattern) {
  return std::make_shared<GgmVaeImpl>(
      GgmVaeOptions().backbone(BackboneOptions::fromConfig(config, input_dim)).pattern(pattern));
}

GgmVaeImpl::GgmVaeImpl(const GgmVaeOptions& options) : options_(options) {
  const BackboneOptions& o = options.backbone();
  const int64_t M = o.nodes() * o.node_dim();
  const bool grid = options.pattern() == GgmPattern::kGrid;
  blocks_ = grid ? o.nodes() : M;
  width_ = grid ? o.node_dim() : 1;
  const int64_t w = width_;
  TORCH_CHECK(blocks_ >= 1 && w >= 1, "GgmVae needs at least one latent dimension");
  // Free entries: strictly-lower band of a diagonal block (its diagonal is parameterized apart),
  // and a tridiagonal band of a sub-diagonal block.
  auto r = torch::arange(w).unsqueeze(1), c = torch::arange(w).unsqueeze(0);
  diag_mask_ = register_buffer("diag_mask", (r - c == 1).to(torch::kFloat));
  sub_mask_ = register_buffer("sub_mask", ((r - c).abs() <= 1).to(torch::kFloat));
  encoder_ = register_module("encoder", mlpStack(o.input_dim(), o.encoder_hidden(), true));
  head_ = register_module("head", torch::nn::Linear(o.encoder_hidden().back(),
                                                    M + blocks_ * w * w + (blocks_ - 1) * w * w));
  decoder_ = register_module("decoder", mlpStack(M, o.decoder_hidden(), true));
  decoder_->push_back(torch::nn::Linear(o.decoder_hidden().back(), o.input_dim()));
}

std::pair<torch::Tensor, BlockBidiagonal> GgmVaeImpl::posterior(const torch::Tensor& x) {
  const int64_t B = x.size(0), M = nodeDim(), nb = blocks_, w = width_;
  auto out = head_->forward(mlpForward(encoder_, x));
  auto mu = out.narrow(1, 0, M);
  auto raw_diag = out.narrow(1, M, nb * w * w).view({B, nb, w, w});
  auto raw_sub = out.narrow(1, M + nb * w * w, (nb - 1) * w * w).view({B, nb - 1, w, w});
  // Diagonal of L = 1 / sigma with a bounded log-variance, as for every Gaussian here.
  const double bound = options_.backbone().logvar_bound();
  auto logvar = bound * torch::tanh(raw_diag.diagonal(0, 2, 3) / bound);  // [B, nb, w]
  BlockBidiagonal L;
  L.diag = raw_diag * diag_mask_ + torch::diag_embed(torch::exp(-0.5 * logvar));
  L.sub = raw_sub * sub_mask_;
  return {mu, L};
}

ElboTerms GgmVaeImpl::elbo(const torch::Tensor& x, const PassOptions&) {
  auto [mu, L] = posterior(x);
  auto z = mu + solveTransposed(L, randnLike(mu));
  ElboTerms t;
  t.kl = klToStandardNormal(mu, L);
  t.node_kl = t.kl.unsqueeze(1);
  t.z = z;
  t.nll = bernoulliNll(decode(z), x);
  return t;
}

torch::Tensor GgmVaeImpl::logImportanceWeights(const torch::Tensor& x, int64_t k,
                                               const PassOptions& options) {
  const int64_t B = x.size(0), M = nodeDim();
  auto [mu, L] = posterior(x);
  BlockBidiagonal Lk{repeatForSamples(L.diag, k), repeatForSamples(L.sub, k)};
  auto mu_k = repeatForSamples(mu, k);
  auto eps = randnLike(mu_k);
  auto z = mu_k + solveTransposed(Lk, eps);
  // log q(z) = -M/2 log 2 pi + log|L| - |L^T (z - mu)|^2 / 2, and L^T (z - mu) = eps.
  auto log_q = -0.5 * M * kLog2Pi + halfLogDetPrecision(Lk) - 0.5 * (eps * eps).sum(1);
  auto log_w = options.kl_weight * (standardNormalLogDensity(z) - log_q);
  auto x_rep = repeatForSamples(x, k);
  return (log_w - bernoulliNll(decode(z), x_rep)).view({k, B});
}

torch::Tensor GgmVaeImpl::posteriorMean(const torch::Tensor& x, const PassOptions&) {
  return posterior(x).first;
}

torch::Tensor GgmVaeImpl::samplePrior(int64_t n, const PassOptions&) {
  return gvae::randn({n, nodeDim()}, head_->bias.options());
}

torch::Tensor GgmVaeImpl::decode(const torch::Tensor& z) { return mlpForward(decoder_, z); }

void GgmVaeImpl::initOutputBias(const torch::Tensor& mean_x) {
  setOutputBiasToLogit(decoder_, mean_x);
}

}  // namespace gvae
