// Diagonal Gaussian algebra used by every model: sampling, densities, KL, fusion.
#include "core/models/gaussian.h"

#include <cmath>

#include "core/models/noise.h"

namespace gvae {

const double kLog2Pi = std::log(2.0 * M_PI);

torch::Tensor Gaussian::sample() const { return mean + torch::exp(0.5 * logvar) * randnLike(mean); }

torch::Tensor Gaussian::logDensity(const torch::Tensor& z) const {
  auto d = z - mean;
  return -0.5 * (kLog2Pi + logvar + d * d * torch::exp(-logvar)).sum(-1);
}

Gaussian gaussianFromRaw(const torch::Tensor& raw, double logvar_bound) {
  auto parts = raw.chunk(2, -1);
  return {parts[0], logvar_bound * torch::tanh(parts[1] / logvar_bound)};
}

torch::Tensor klDivergence(const Gaussian& q, const Gaussian& p) {
  auto d = q.mean - p.mean;
  return 0.5 * (p.logvar - q.logvar + (torch::exp(q.logvar) + d * d) * torch::exp(-p.logvar) - 1.0)
                   .sum(-1);
}

torch::Tensor klToStandardNormal(const Gaussian& q) {
  return 0.5 * (torch::exp(q.logvar) + q.mean * q.mean - 1.0 - q.logvar).sum(-1);
}

torch::Tensor standardNormalLogDensity(const torch::Tensor& z) {
  return -0.5 * (kLog2Pi + z * z).sum(-1);
}

Gaussian fusePrecisionWeighted(const Gaussian& prior, const Gaussian& bottom_up) {
  // With d = logvar_b - logvar_p: the prior mean's weight prec_p / (prec_p + prec_b) is
  // sigmoid(d), and log var = -log(prec_p + prec_b) = logvar_b - softplus(d).
  auto d = bottom_up.logvar - prior.logvar;
  auto w_prior = torch::sigmoid(d);
  auto mean = bottom_up.mean + w_prior * (prior.mean - bottom_up.mean);
  return {mean, bottom_up.logvar - torch::softplus(d)};
}

Gaussian productOfExperts(const std::vector<Gaussian>& experts,
                          const std::vector<torch::Tensor>& present) {
  TORCH_CHECK(!experts.empty(), "a product of experts needs an expert besides the prior");
  TORCH_CHECK(present.empty() || present.size() == experts.size(), "one mask per expert");
  auto precision = torch::ones_like(experts[0].mean);  // the prior N(0, I)
  auto weighted = torch::zeros_like(experts[0].mean);
  for (size_t e = 0; e < experts.size(); ++e) {
    auto p = torch::exp(-experts[e].logvar);
    if (!present.empty()) p = p * present[e];
    precision = precision + p;
    weighted = weighted + p * experts[e].mean;
  }
  return {weighted / precision, -torch::log(precision)};
}

}  // namespace gvae
