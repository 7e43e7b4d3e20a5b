// Importance-weighted log-likelihood (chunked over K) and statistics of the posterior means.
#include "core/eval/metrics.h"

#include <torch/linalg.h>

#include <cmath>

namespace gvae {

torch::Tensor importanceWeightedLogLikelihood(LatentModelImpl& model, const torch::Tensor& x,
                                              int64_t k, const PassOptions& pass,
                                              int64_t max_rows) {
  TORCH_CHECK(k >= 1, "importance sampling needs K >= 1");
  const int64_t B = x.size(0);
  const int64_t chunk = std::max<int64_t>(1, std::min(k, max_rows / std::max<int64_t>(1, B)));
  auto acc =
      torch::full({B}, -std::numeric_limits<double>::infinity(), x.options().dtype(torch::kDouble));
  for (int64_t done = 0; done < k; done += chunk) {
    const int64_t kc = std::min(chunk, k - done);
    auto lw = model.logImportanceWeights(x, kc, pass).to(torch::kDouble);  // [kc, B]
    acc = torch::logaddexp(acc, torch::logsumexp(lw, 0));
  }
  return acc - std::log(static_cast<double>(k));
}

torch::Tensor posteriorMeans(LatentModelImpl& model, const torch::Tensor& images, int64_t batch) {
  torch::NoGradGuard no_grad;
  model.eval();
  PassOptions pass;
  pass.gates = GateMode::kHard;
  std::vector<torch::Tensor> parts;
  for (int64_t s = 0; s < images.size(0); s += batch)
    parts.push_back(
        model.posteriorMean(images.narrow(0, s, std::min(batch, images.size(0) - s)), pass)
            .to(torch::kCPU, torch::kDouble));
  return torch::cat(parts, 0);
}

double classAccuracy(LatentModelImpl& model, const ImageSet& set, int64_t batch) {
  torch::NoGradGuard no_grad;
  model.eval();
  int64_t correct = 0;
  for (int64_t s = 0; s < set.size(); s += batch) {
    const int64_t b = std::min(batch, set.size() - s);
    auto predicted = model.classLogits(set.images.narrow(0, s, b)).argmax(1);
    correct += (predicted == set.labels.narrow(0, s, b)).sum().item<int64_t>();
  }
  return static_cast<double>(correct) / static_cast<double>(std::max<int64_t>(1, set.size()));
}

LinkMetrics linkPrediction(LatentModelImpl& model, const GraphTensors& graph, bool test) {
  torch::NoGradGuard no_grad;
  model.eval();
  const int64_t n = graph.features.size(0);
  auto ids = torch::arange(n, graph.features.options()).view({n, 1});
  auto mu = model.posteriorMean(ids, PassOptions{});
  const auto scores = [&](const torch::Tensor& pairs) {
    // The logits rank as the probabilities do, without float sigmoid's ties at 1.
    auto s = (mu.index_select(0, pairs.select(1, 0)) * mu.index_select(0, pairs.select(1, 1)))
                 .sum(1)
                 .to(torch::kCPU, torch::kDouble)
                 .contiguous();
    return std::vector<double>(s.data_ptr<double>(), s.data_ptr<double>() + s.numel());
  };
  return rankingMetrics(scores(test ? graph.test_pos : graph.valid_pos),
                        scores(test ? graph.test_neg : graph.valid_neg));
}

LatentStatistics latentStatistics(LatentModelImpl& model, const ImageSet& set,
                                  const std::string& split_name, int64_t batch) {
  return statisticsOfMeans(posteriorMeans(model, set.images, batch), split_name);
}

LatentStatistics statisticsOfMeans(const torch::Tensor& means, const std::string& split_name) {
  const int64_t n = means.size(0), M = means.size(1);
  auto centered = means - means.mean(0, true);
  auto cov = centered.t().mm(centered) / static_cast<double>(std::max<int64_t>(1, n - 1));
  auto var = cov.diagonal().clone();
  auto sd = var.clamp_min(0).sqrt();
  auto denom = sd.unsqueeze(1) * sd.unsqueeze(0);
  auto corr = torch::where(denom > 1e-12, cov / denom.clamp_min(1e-12), torch::zeros_like(cov));
  corr.diagonal().fill_(1.0);
  auto eig = std::get<0>(torch::sort(torch::linalg::eigvalsh(cov, "L"), 0, true));

  LatentStatistics st;
  st.split = split_name;
  st.dims = M;
  corr = corr.contiguous();
  st.mean_correlation.assign(corr.data_ptr<double>(), corr.data_ptr<double>() + M * M);
  st.unit_variance.assign(var.data_ptr<double>(), var.data_ptr<double>() + M);
  st.pca_eigenvalues.assign(eig.data_ptr<double>(), eig.data_ptr<double>() + M);
  st.active_units = (var > 0.01).sum().item<int64_t>();
  return st;
}

std::pair<double, double> meanAndSe(const torch::Tensor& v) {
  const int64_t n = v.size(0);
  const double mean = v.mean().item<double>();
  const double se = n > 1 ? v.std().item<double>() / std::sqrt(static_cast<double>(n)) : 0.0;
  return {mean, se};
}

}  // namespace gvae
