// Evaluation of a saved run: test ELBO / NLL / KL, importance-weighted log-likelihood, latent
// statistics. Torch-free API for the CLI and the workbench.
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/eval/concepts.h"
#include "core/eval/disentanglement.h"
#include "core/io/run_file.h"
#include "core/util/status.h"

namespace gvae {

struct EvalOptions {
  int64_t iw_samples = 1000;   // K of the importance-weighted bound (up to 5000)
  int64_t eval_n = 0;          // first n examples of the split; 0: all
  std::string split = "test";  // test | valid
  /// sampled: c ~ Bernoulli(mu) per sample; relaxed: at the run's last tau; hard: gates at
  /// round(mu); empty: the run's eval_gates setting (what its validation used)
  std::string gates;
  std::string device = "auto";
  int threads = 0;
  std::string data_dir;  // overrides the data folder stored in the run
  uint64_t seed = 1;
  bool write_back = true;  // store results and latent statistics in the run file
  /// Also score disentanglement against the dataset's known factors (disentanglement.h): fitted
  /// on the other of valid / test, judged on `split`. An error for data without known factors.
  bool disentanglement = false;
  DisentanglementOptions disentanglement_options;
  /// Polled between batches; true ends the evaluation early with EvalReport::stopped set and
  /// nothing written (a Ctrl-C, the workbench's Stop). Called on the evaluating thread.
  std::function<bool()> should_stop;
  /// Called after each batch of the importance-weighted pass (the long part) with the images
  /// done and the split's total. Called on the evaluating thread.
  std::function<void(int64_t done, int64_t total)> progress;
};

struct EvalReport {
  std::string split, gate_setting;
  std::string gates;  // sampled | relaxed | hard: the setting's short name
  int64_t n = 0, iw_samples = 0, epoch = 0;
  double elbo = 0, nll = 0, kl = 0, log_likelihood = 0;
  /// Standard error of log_likelihood over the examples (their spread / sqrt(n)): two models
  /// evaluated on the same examples differ by less than this when it says little.
  double log_likelihood_se = 0;
  LatentStatistics stats;
  /// Free gates whose mu lies in (0.05, 0.95) that hard gates round: the ELBO then judges a
  /// structure the training objective never saw (0 for other settings).
  int64_t unconverged_rounded = 0;
  std::optional<DisentanglementReport> disentanglement;  // when asked for
  /// A model with a class (ssvae): the share of the split's examples whose label is the argmax
  /// of q(y | x); NaN for other models.
  double accuracy = std::nan("");
  /// A graph model: ROC AUC and average precision of the split's held-out edges against as
  /// many non-edges (link_prediction.h); NaN for other models. A graph's log-likelihood does not
  /// factor over its nodes: log_likelihood is then NaN and no importance samples are drawn.
  double auc = std::nan(""), ap = std::nan("");
  /// A model of images and attributes (telbo): correctness, coverage, compositionality of the
  /// images it generates from attribute queries, judged by a classifier (concepts.h).
  std::optional<ConceptReport> concepts;
  bool stopped = false;  // should_stop ended it: the other fields are not filled
};

/// The report as the run file's /eval stores it: "<split>_elbo", "_nll", "_kl", "_ll",
/// "_ll_se", "iw_samples", "n", "epoch", "active_units", "dims", "gates_sampled",
/// "gates_relaxed" (RunRecord::eval_results), then "accuracy" for a model with a class, "auc"
/// and "ap" for a graph model, "correctness", "coverage", "abstract_correctness" and
/// "compositionality" for a model of attributes, and the disentanglement scores when measured.
std::vector<std::pair<std::string, double>> evalResults(const EvalReport& report);

/// Loads the run's checkpoint and data, evaluates, and (write_back) stores the results in the
/// file atomically. Errors name the file and the problem. A stop returns ok with
/// report->stopped set and the file untouched.
Status evaluateRun(const std::string& path, const EvalOptions& options, EvalReport* report);

}  // namespace gvae
