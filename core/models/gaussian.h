// Diagonal Gaussians parameterized by mean and (bounded) log-variance, and their algebra.
#pragma once

#include <torch/types.h>

#include <vector>

namespace gvae {

/// log(2 pi), the constant of every Gaussian log-density.
extern const double kLog2Pi;

/// A diagonal Gaussian N(mean, exp(logvar)); both tensors share a shape, e.g. [B, N'].
struct Gaussian {
  torch::Tensor mean;
  torch::Tensor logvar;

  /// Reparameterized sample mean + sigma * eps, eps ~ N(0, I). Same shape as mean.
  torch::Tensor sample() const;
  /// log N(z; mean, var) summed over the last dimension: [..., d] -> [...].
  torch::Tensor logDensity(const torch::Tensor& z) const;
};

/// Splits raw head outputs [..., 2d] into a Gaussian whose log-variance is bounded softly:
/// logvar = L * tanh(raw / L). Unbounded log-variances made a reference run go NaN (models.md).
Gaussian gaussianFromRaw(const torch::Tensor& raw, double logvar_bound);

/// KL(q || p) for diagonal Gaussians, summed over the last dimension: [..., d] -> [...].
torch::Tensor klDivergence(const Gaussian& q, const Gaussian& p);

/// KL(q || N(0, I)), summed over the last dimension.
torch::Tensor klToStandardNormal(const Gaussian& q);

/// log N(z; 0, I) summed over the last dimension.
torch::Tensor standardNormalLogDensity(const torch::Tensor& z);

/// The normalized product of N(0, I) and `experts` (a product of experts, as TELBO's inference
/// networks): 1/var = 1 + sum_e m_e / var_e, mean = var sum_e m_e mean_e / var_e, where m_e is
/// `present[e]` (0 / 1, broadcastable; an expert with m_e = 0 is left out: a missing
/// attribute), or 1 when `present` is empty.
Gaussian productOfExperts(const std::vector<Gaussian>& experts,
                          const std::vector<torch::Tensor>& present = {});

/// Precision-weighted fusion of a top-down prior and a bottom-up prediction: the normalized
/// product of the two densities. 1/var = 1/var_p + 1/var_b; mean = var (m_p/var_p + m_b/var_b).
/// Computed in log space (weights are sigmoids of log-variance differences) so it never
/// overflows.
Gaussian fusePrecisionWeighted(const Gaussian& prior, const Gaussian& bottom_up);

}  // namespace gvae
