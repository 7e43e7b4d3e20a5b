// Edge importance by forcing one gate at a time, with paired (common-noise) differences.
#include "core/eval/edge_importance.h"

#include <cmath>

#include "core/eval/ground_truth.h"
#include "core/eval/metrics.h"
#include "core/models/noise.h"

namespace gvae {

std::vector<EdgeImportance> edgeImportance(LatentModelImpl& model, const torch::Tensor& x,
                                           const ImportanceOptions& o) {
  GatesImpl* gates = model.gates();
  if (!gates) return {};
  torch::NoGradGuard no_grad;
  model.eval();
  const int64_t G = gates->count(), n = x.size(0);
  const torch::Tensor saved = gates->frozen.clone();
  // Variant v: 0 the model as it is, 1 + g gate g off, 1 + G + g gate g on.
  const int64_t variants = 1 + G * (o.with_on ? 2 : 1);
  const GateMode modes[2] = {GateMode::kRelaxed, GateMode::kSampled};
  std::vector<torch::Tensor> elbo(2 * variants);  // [mode * variants + v]: [n] double
  const int64_t total = 2 * variants;
  int64_t done = 0;
  for (int mode = 0; mode < 2; ++mode) {
    PassOptions pass;
    pass.gates = modes[mode];
    pass.tau = o.tau;
    pass.per_example_gates = true;
    for (int64_t v = 0; v < variants; ++v) {
      if (o.should_stop && o.should_stop()) {
        gates->frozen.copy_(saved);
        return {};
      }
      gates->frozen.copy_(saved);
      if (v > 0) gates->frozen[(v - 1) % G].fill_(v <= G ? 0.0 : 1.0);
      std::vector<torch::Tensor> parts;
      for (int64_t s = 0, b = 0; s < n; s += o.batch, ++b) {
        ScopedNoise noise(o.seed * 7919 + static_cast<uint64_t>(b));  // same noise per variant
        auto xb = x.narrow(0, s, std::min(o.batch, n - s));
        parts.push_back(model.elbo(xb, pass).elbo().to(torch::kCPU, torch::kDouble));
      }
      elbo[mode * variants + v] = torch::cat(parts);
      if (o.progress) o.progress(++done, total);
    }
  }
  gates->frozen.copy_(saved);

  auto mu = gates->mu().to(torch::kCPU, torch::kDouble);
  auto codes = gates->frozenCodes();
  std::vector<EdgeImportance> out(G);
  for (int64_t g = 0; g < G; ++g) {
    EdgeImportance& e = out[g];
    std::tie(e.from, e.to) = gates->pairs()[g];
    e.mu = mu[g].item<double>();
    e.frozen = codes[g];
    for (int mode = 0; mode < 2; ++mode) {
      const torch::Tensor& base = elbo[mode * variants];
      auto [off, off_se] = meanAndSe(elbo[mode * variants + 1 + g] - base);
      double on = std::nan(""), on_se = std::nan("");
      if (o.with_on) std::tie(on, on_se) = meanAndSe(elbo[mode * variants + 1 + G + g] - base);
      (mode == 0 ? e.off_relaxed : e.off_sampled) = off;
      (mode == 0 ? e.off_relaxed_se : e.off_sampled_se) = off_se;
      (mode == 0 ? e.on_relaxed : e.on_sampled) = on;
      (mode == 0 ? e.on_relaxed_se : e.on_sampled_se) = on_se;
    }
  }
  return out;
}

namespace {

std::vector<double> toVector(const torch::Tensor& t) {
  auto c = t.to(torch::kCPU, torch::kDouble).contiguous();
  return {c.data_ptr<double>(), c.data_ptr<double>() + c.numel()};
}

}  // namespace

void addGroundTruth(LatentModelImpl& model, const DataSplits& data, StructureReport* r) {
  if (data.factor_info.empty() || !data.valid.factors.defined()) return;
  Alignment a =
      alignFactors(toVector(posteriorMeans(model, data.valid.images)), toVector(data.valid.factors),
                   toVector(posteriorMeans(model, data.test.images)), toVector(data.test.factors),
                   model.nodes(), model.nodeDim(), data.factor_info);
  for (const FactorInfo& f : data.factor_info) r->factor_names.push_back(f.name);
  r->factor_r2 = a.r2;
  for (int node : a.node_of_factor) r->node_of_factor.push_back(node + 1);
  r->aligned = a.holds;
  r->alignment_verdict = a.verdict;
  if (!a.holds) return;
  for (const EdgeImportance& e : r->edges)
    if (e.mu > 0.5) r->learned_edges.emplace_back(e.from, e.to);
  r->true_edges = mapFactorDag(data.factor_dag, data.factor_info, a.node_of_factor);
}

}  // namespace gvae
