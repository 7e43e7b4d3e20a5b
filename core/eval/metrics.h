// Evaluation metrics on a model: importance-weighted log-likelihood and latent statistics.
#pragma once

#include <torch/types.h>

#include <utility>

#include "core/data/image_set.h"
#include "core/eval/link_prediction.h"
#include "core/io/run_file.h"
#include "core/models/latent_model.h"

namespace gvae {

/// log p(x) ~ logsumexp_k w_k - log K per example: [B, D] -> [B]. The K samples are processed
/// in chunks of at most `max_rows` decoder rows, merged by a running log-sum-exp, so memory is
/// bounded for any K. Call under NoGradGuard with the model in eval mode.
torch::Tensor importanceWeightedLogLikelihood(LatentModelImpl& model, const torch::Tensor& x,
                                              int64_t k, const PassOptions& pass,
                                              int64_t max_rows = 8192);

/// Mean and standard error of the mean of per-example values v [n] (sample standard deviation
/// / sqrt(n); 0 for n = 1).
std::pair<double, double> meanAndSe(const torch::Tensor& v);

/// Posterior means (parents at their means, hard gates), float64 on the CPU: [n, D] -> [n, M].
/// Puts the model in eval mode; runs without autograd.
torch::Tensor posteriorMeans(LatentModelImpl& model, const torch::Tensor& images,
                             int64_t batch = 1000);

/// The share of `set`'s examples whose label is the argmax of the model's q(y | x) (a model
/// with classes()). Puts the model in eval mode; runs without autograd.
double classAccuracy(LatentModelImpl& model, const ImageSet& set, int64_t batch = 1000);

/// A graph model's link prediction on the held-out pairs of `graph` (the test or the validation
/// ones): each pair {i, j} scores sigmoid(mu_i . mu_j) with the posterior means, as Kipf &
/// Welling score them (ranked by the logit mu_i . mu_j, which orders them alike).
LinkMetrics linkPrediction(LatentModelImpl& model, const GraphTensors& graph, bool test);

/// Correlation, variances, PCA eigenvalues and active units of posterior means [n, M] (double).
LatentStatistics statisticsOfMeans(const torch::Tensor& means, const std::string& split_name);

/// Posterior means over `set` (parents at their means, hard gates): their correlation matrix,
/// variances Cov_x(E_q[z_u]), PCA eigenvalues (descending) and active units (variance > 0.01).
LatentStatistics latentStatistics(LatentModelImpl& model, const ImageSet& set,
                                  const std::string& split_name, int64_t batch = 1000);

}  // namespace gvae
