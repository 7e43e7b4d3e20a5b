// Bernoulli gates c_ij (edge z_i -> z_j, i > j) with a binary Concrete relaxation.
#pragma once

#include <torch/nn/module.h>
#include <torch/types.h>

#include <utility>
#include <vector>

namespace gvae {

struct RunConfig;

/// How gate values are chosen for a forward pass.
enum class GateMode {
  kRelaxed,  // training: c = sigmoid((theta + g1 - g2) / tau), g ~ Gumbel(0, 1)
  kHard,     // evaluation: c = 1[mu > 0.5]
  kSampled,  // evaluation: c ~ Bernoulli(mu), exact binary samples
};

/// What the gates' parameter is (docs/models.md, "Learning a sparse structure").
enum class GateParam {
  kLogit,  // theta, mu = sigmoid(theta): unconstrained; Adam's steps in theta shrink in mu
           // near 0 and 1 (the default, as in the paper)
  kProb,   // mu itself, kept in [kGateProbMin, 1 - kGateProbMin] by project() after each
           // update: Adam moves mu at a steady rate, so an edge can reach the clamp
};
/// The clamp of a kProb gate: mu stays in [kGateProbMin, 1 - kGateProbMin], so log mu and the
/// relaxation stay finite.
constexpr double kGateProbMin = 1e-3;

/// The N(N-1)/2 gates of an N-node DAG, parameterized by logits theta (mu = sigmoid(theta),
/// theta = 0 at init) or by mu itself (GateParam::kProb, mu = 0.5 at init). A frozen gate
/// takes its frozen value in every mode and gets no gradient.
///
///   Gates gates(5);             // 10 gates, all free, mu = 0.5
///   gates->freeze(gates->index(2, 1), 1.0);
///   auto c = gates->sample(GateMode::kRelaxed, 0.5, 1);   // [1, 10]
class GatesImpl : public torch::nn::Module {
 public:
  explicit GatesImpl(int64_t nodes, GateParam param = GateParam::kLogit);
  /// Gates on explicit edges (e.g. the self and recurrent gates of a sequence model, where a
  /// negative i names z_i at the previous time step).
  GatesImpl(int64_t nodes, std::vector<std::pair<int, int>> pairs,
            GateParam param = GateParam::kLogit);

  int64_t nodes() const { return nodes_; }
  int64_t count() const { return static_cast<int64_t>(pairs_.size()); }
  /// (i, j) of every gate, 1-based, edge z_i -> z_j. Ordered by child j = N-1..1, then i = j+1..N,
  /// so the gates of one child are contiguous: the parents of node j, in order.
  const std::vector<std::pair<int, int>>& pairs() const { return pairs_; }
  /// Index of gate (i, j), or -1.
  int64_t index(int i, int j) const;

  /// Gate values [rows, G] with rows = 1 (one structure per minibatch) or the batch size.
  /// `straight_through` (kRelaxed only): the forward pass uses the exact binary draw
  /// 1[theta + logistic noise > 0] ~ Bernoulli(mu), the backward pass the relaxed gradient.
  torch::Tensor sample(GateMode mode, double tau, int64_t rows, bool straight_through = false);

  /// Logits theta [G] with their gradient (kProb: the logit of the clamped mu).
  torch::Tensor theta() const;
  /// Bernoulli means [G] (detached); frozen gates report their frozen value.
  torch::Tensor mu() const;
  /// Bernoulli means [G] with their gradient, 0 for frozen gates: the expected number of free
  /// edges, which an edge cost charges.
  torch::Tensor freeMu() const;
  /// After an optimizer update: a kProb parameter back inside its clamp (no-op for kLogit).
  void project();
  GateParam param() const { return param_; }
  /// Frozen codes per gate: -1 free, 0 frozen off, 1 frozen on.
  std::vector<int8_t> frozenCodes() const;

  void freeze(int64_t gate, double value);
  void unfreeze(int64_t gate);
  /// Freezes every free gate whose mu lies within eps of 0 or 1; returns the gates frozen.
  std::vector<int64_t> freezeConverged(double eps);

  torch::Tensor weight;  // [G] parameter: theta ("logits") or mu ("probs"), by param()
  torch::Tensor frozen;  // [G] buffer: -1 free, else the frozen value (0 or 1)

 private:
  GateParam param_;
  int64_t nodes_;
  std::vector<std::pair<int, int>> pairs_;
};
TORCH_MODULE(Gates);

/// The gate parameterization a run's config names (gate_param "logit" or "prob").
GateParam gateParamOf(const RunConfig& config);

}  // namespace gvae
