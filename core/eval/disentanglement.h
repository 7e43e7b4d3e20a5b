// Disentanglement metrics of a latent code against known generative factors (the sprites'):
// the beta-VAE metric (Higgins et al. 2017), the FactorVAE metric (Kim & Mnih 2018), the mutual
// information gap MIG (Chen et al. 2018) and DCI (Eastwood & Williams 2018). Torch-free: plain
// vectors in, plain values out; evaluateRun (evaluator.h) feeds them a run's posterior means.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/eval/ground_truth.h"

namespace gvae {

struct DisentanglementOptions {
  /// Classifier examples (beta-VAE points, FactorVAE votes) drawn from each split.
  int64_t points = 2000;
  /// L: the pairs averaged into one beta-VAE point; the examples of one FactorVAE vote.
  int64_t group_size = 64;
  /// MIG: equal-width histogram bins of each latent (between its least and largest value).
  int latent_bins = 20;
  /// Continuous factors are cut into this many equal-frequency bins (edges from the fit split)
  /// wherever a factor must take "one value": beta-VAE, FactorVAE, MIG.
  int factor_bins = 10;
  /// FactorVAE: latents whose variance over the fit split is below this have collapsed to the
  /// prior and take no part (the active-unit threshold of the latent statistics).
  double active_variance = 0.01;
  uint64_t seed = 1;
};

/// Every score lies in [0, 1], higher is better; NaN where undefined (FactorVAE without an
/// active latent). Matrices are [latents * factors] row-major.
struct DisentanglementReport {
  int64_t latents = 0, active_latents = 0, n_fit = 0, n_score = 0;
  std::vector<std::string> factor_names;
  double betavae = 0, factorvae = 0, mig = 0;
  double dci_disentanglement = 0, dci_completeness = 0, dci_informativeness = 0;
  /// MI(z_j; v_k) / H(v_k) on the score split: the heatmap a factor-by-latent view shows.
  std::vector<double> mutual_information;
  /// DCI's importance R_jk of latent j for factor k (each factor's column sums to 1; a factor
  /// nothing predicts has a zero column).
  std::vector<double> importance;
  /// DCI's informativeness of each factor: held-out R^2 clamped to [0, 1].
  std::vector<double> informativeness;
};

/// Scores the codes of two splits: classifiers and regressions are fitted on the fit split and
/// judged on the score split; MIG is measured on the score split.
///
/// codes_fit / codes_score: [n * latents] row-major (posterior means); factors_fit /
/// factors_score: [n * factors.size()] row-major, categorical values 0..classes-1.
///
/// - beta-VAE: a point fixes a factor k chosen uniformly; L pairs of examples that share k's
///   value (its bin) and nothing else by design are drawn from the split, and the point is the
///   mean |z_a - z_b| with label k. A multinomial logistic regression on standardized points
///   (fit split) predicts k; the score is its accuracy on the score split's points (chance:
///   1 / factors). Drawing pairs from the data rather than from a generator is the usual
///   approximation for finite datasets.
/// - FactorVAE: latents are divided by their standard deviation over the fit split and
///   collapsed ones dropped; a vote fixes factor k, draws L examples sharing its value and
///   names the active latent of least variance among them. The majority-vote classifier
///   (latent -> its most frequent factor among the fit votes) is scored on the score votes.
/// - MIG: the mean over factors of (largest - second largest MI with one latent) / H(v_k), in
///   nats from a latent_bins x factor-values histogram (the plug-in estimate: biased up by
///   about (bins - 1)(values - 1) / 2n, 0.04 nats for 20 x 10 bins and 2,000 examples).
///   Factors constant on the split are left out.
/// - DCI: each factor (standardized; a categorical one as standardized one-hot indicators) is
///   regressed on the standardized codes by ridge least squares (linear_fit.h); R_jk is the
///   mean |coefficient| of latent j, normalized over latents. Disentanglement = sum_j rho_j
///   (1 - H_K(R_j.)) with rho_j latent j's share of all importance and H_K the entropy in base
///   K = factors; completeness = sum_k rho_k (1 - H_L(R_.k)) in base L = latents (1 for a
///   single latent or factor); informativeness = the mean over factors of the held-out R^2
///   clamped to [0, 1]. Eastwood & Williams allow any regressor with importances (they use
///   lasso and random forests): a linear one is transparent and needs no tuning here.
///
/// Deterministic for a given seed. Throws std::invalid_argument on inconsistent sizes, an empty
/// split, latents < 1, no factors, or a categorical value outside 0..classes-1.
DisentanglementReport disentanglementMetrics(const std::vector<double>& codes_fit,
                                             const std::vector<double>& factors_fit,
                                             const std::vector<double>& codes_score,
                                             const std::vector<double>& factors_score,
                                             int64_t latents,
                                             const std::vector<FactorInfo>& factors,
                                             const DisentanglementOptions& options = {});

/// The report's scores by name, as `graphvae eval --json` prints them and the run file's /eval
/// keeps them: betavae, factorvae, mig, dci_disentanglement, dci_completeness,
/// dci_informativeness.
std::vector<std::pair<std::string, double>> disentanglementScores(const DisentanglementReport& r);

/// The scores' names and report fields, in that order (one list for printing and reading back).
const std::vector<std::pair<std::string, double DisentanglementReport::*>>&
disentanglementScoreFields();

}  // namespace gvae
