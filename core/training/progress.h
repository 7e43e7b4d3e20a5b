// Plain value types that carry training progress across threads and into run files (no tensors).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gvae {

/// Gate state codes used in `gate_frozen` vectors and run files.
enum GateFrozen : int8_t { kGateFree = -1, kGateFrozenOff = 0, kGateFrozenOn = 1 };

/// Training-batch metrics, averaged over the last K steps (K = RunConfig::log_every).
/// ELBO, NLL and KL in nats per example; KL is unweighted (the bound, not the loss).
struct StepMetrics {
  int64_t step = 0;
  int64_t epoch = 0;
  double elbo = 0, nll = 0, kl = 0;
};

/// One epoch's summary. `gate_mu[g]` / `gate_frozen[g]` follow RunRecord::gate_pairs.
struct EpochMetrics {
  int64_t epoch = 0;  // 1-based
  int64_t step = 0;   // global step at the end of the epoch
  double train_elbo = 0, train_nll = 0, train_kl = 0;
  double valid_elbo = 0, valid_nll = 0, valid_kl = 0;
  double tau = 0, lr = 0, kl_weight = 0;
  double seconds = 0, samples_per_s = 0;
  int64_t skipped_steps = 0;        // non-finite steps skipped in this epoch
  std::vector<double> node_kl;      // [N] validation KL per latent node
  std::vector<double> gate_mu;      // [G] Bernoulli means after the epoch
  std::vector<int8_t> gate_frozen;  // [G] GateFrozen codes after the epoch
};

/// Something that happened: "nan_skip", "rollback", "freeze", "unfreeze", "resume", "error"...
struct TrainingEvent {
  int64_t step = 0;
  int64_t epoch = 0;
  std::string kind;
  std::string message;
};

}  // namespace gvae
