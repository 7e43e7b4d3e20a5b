// Plain value types that carry training progress across threads and into run files (no tensors).
#pragma once

#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace gvae {

/// Gate state codes used in `gate_frozen` vectors and run files.
enum GateFrozen : int8_t { kGateFree = -1, kGateFrozenOff = 0, kGateFrozenOn = 1 };
/// Every gate's mean before the first step (logit 0, or 0.5 under --gate-param prob), free:
/// the trajectory's point at epoch 0.
constexpr double kGateInitialMu = 0.5;

/// Training-batch metrics, averaged over the last K steps (K = RunConfig::log_every).
/// ELBO, NLL and KL in nats per example; KL is unweighted (the bound, not the loss).
struct StepMetrics {
  int64_t step = 0;
  int64_t epoch = 0;
  double elbo = 0, nll = 0, kl = 0;
};

struct StructureReport;

/// One epoch's summary. `gate_mu[g]` / `gate_frozen[g]` follow RunRecord::gate_pairs.
struct EpochMetrics {
  int64_t epoch = 0;  // 1-based
  int64_t step = 0;   // global step at the end of the epoch
  double train_elbo = 0, train_nll = 0, train_kl = 0;
  double valid_elbo = 0, valid_nll = 0, valid_kl = 0;
  double tau = 0, lr = 0, kl_weight = 0;
  double seconds = 0, samples_per_s = 0;
  /// Mean global L2 norm of the gradients before clipping over the epoch's updates (NaN in
  /// run files written before it was recorded).
  double grad_norm = 0;
  int64_t skipped_steps = 0;  // non-finite steps skipped in this epoch
  /// A graph model: link prediction on the validation split's held-out edges and as many
  /// non-edges (ROC AUC, average precision; link_prediction.h). NaN for other models and in
  /// run files written before it was recorded.
  double valid_auc = std::nan(""), valid_ap = std::nan("");
  std::vector<double> node_kl;      // [N] validation KL per latent node
  std::vector<double> gate_mu;      // [G] Bernoulli means after the epoch
  std::vector<int8_t> gate_frozen;  // [G] GateFrozen codes after the epoch
  /// [G] mean change of the validation ELBO with each gate forced off, under relaxed gates at
  /// the epoch's tau and under sampled gates (see EdgeImportance); empty when not computed.
  std::vector<double> importance_relaxed, importance_sampled;
  /// Gates of the validation pass: sampled | relaxed | hard (run files keep it in /config as
  /// eval_gates; files written before it existed validated with hard gates); "" without gates.
  std::string valid_gates;
  /// The epoch's ground truth (datasets with known factors, models with learned gates): the
  /// alignment and DAGs of a StructureReport whose edges hold only the off-changes; null else.
  /// Not stored per epoch in run files (graphvae structure stores one).
  std::shared_ptr<const StructureReport> structure;
};

/// How much one edge of the latent DAG matters: the mean change of the per-example ELBO (nats)
/// when its gate is forced off or on, against the gates as they are, with standard errors; a
/// negative off-change means the ELBO needs the edge. "relaxed": binary Concrete gates at the
/// run's tau; "sampled": c ~ Bernoulli(mu).
struct EdgeImportance {
  int from = 0, to = 0;  // edge z_from -> z_to; from < 0: z_|from| at the previous step
  double mu = 0;
  int8_t frozen = kGateFree;
  double off_relaxed = 0, off_relaxed_se = 0, on_relaxed = 0, on_relaxed_se = 0;
  double off_sampled = 0, off_sampled_se = 0, on_sampled = 0, on_sampled_se = 0;
};

/// What `graphvae structure` measured (stored as /structure in the run file).
struct StructureReport {
  int64_t epoch = 0;  // of the checkpoint analysed
  int64_t n = 0;      // validation examples
  double tau = 0;     // of the relaxed setting
  std::vector<EdgeImportance> edges;
  /// Ground truth (datasets with known factors, else empty): R^2 of each factor from each
  /// node's posterior means [N * K], fitted on validation and scored on test, the best
  /// one-to-one alignment (node of each factor, 1-based; 0 when none), whether it holds and
  /// why, in one sentence.
  std::vector<std::string> factor_names;
  std::vector<double> factor_r2;
  std::vector<int> node_of_factor;
  bool aligned = false;
  std::string alignment_verdict;
  /// When aligned: the learned DAG (edges with mu > 0.5) and the true factor DAG mapped onto
  /// the nodes, as (from, to) node edges; compareDags (core/eval/ground_truth.h) gives their
  /// structural Hamming distance, precision and recall.
  std::vector<std::pair<int, int>> learned_edges, true_edges;
  bool stopped = false;  // a stop ended the analysis: nothing else is filled (not stored)
};

/// Something that happened: "nan_skip", "rollback", "freeze", "unfreeze", "resume", "error"...
struct TrainingEvent {
  int64_t step = 0;
  int64_t epoch = 0;
  std::string kind;
  std::string message;
};

}  // namespace gvae
