// Edge importance: the change of the ELBO when one gate of the latent DAG is forced off or on,
// measured with common random numbers against the model's own gates. Internal to core.
#pragma once

#include <torch/types.h>

#include <functional>
#include <vector>

#include "core/data/image_set.h"
#include "core/io/run_file.h"
#include "core/models/latent_model.h"

namespace gvae {

/// What edgeImportance measures.
struct ImportanceOptions {
  double tau = 1.0;     // temperature of the relaxed setting
  bool with_on = true;  // also force each gate on (the off deltas alone otherwise)
  uint64_t seed = 1;    // of the noise shared by every variant of one batch
  int64_t batch = 500;
  /// Polled between passes; true ends early (the result is then empty).
  std::function<bool()> should_stop;
  /// Called after each pass with the passes done and their total.
  std::function<void(int64_t done, int64_t total)> progress;
};

/// For every gate of `model` (learnable gates: model.gates() non-null), the mean change of the
/// per-example ELBO on `x` [n, D] when the gate is forced to 0 (and to 1), and its standard
/// error, under two gate settings: relaxed (binary Concrete at `tau`) and sampled
/// (c ~ Bernoulli(mu)); one gate draw per example. Each variant of a batch sees the same noise
/// (ScopedNoise), so a difference measures the edge, not the draw. The model is put in eval
/// mode and its gates' frozen states are restored on return. Negative off-deltas mean the edge
/// carries information the ELBO needs. Runs without autograd, on the calling thread.
std::vector<EdgeImportance> edgeImportance(LatentModelImpl& model, const torch::Tensor& x,
                                           const ImportanceOptions& options);

/// On a dataset with known factors (else nothing): the node <-> factor alignment of `model`
/// (R^2 fitted on validation, scored on test) into `r`, and when it holds the learned DAG
/// (r->edges with mu > 0.5) and the true factor DAG mapped onto the nodes.
void addGroundTruth(LatentModelImpl& model, const DataSplits& data, StructureReport* r);

}  // namespace gvae
