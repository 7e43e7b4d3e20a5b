// Link prediction's ranking metrics: ROC AUC, average precision and the ROC curve, from the
// scores of held-out edges (positives) and non-edges (negatives). Torch-free.
#pragma once

#include <cstdint>
#include <vector>

namespace gvae {

/// What a graph auto-encoder's held-out pairs measured.
struct LinkMetrics {
  /// P(a random edge scores above a random non-edge), ties counting one half (Mann-Whitney).
  double auc = 0;
  /// Average precision: sum over the distinct score thresholds, highest first, of
  /// (recall gain) x precision, ties taken together (scikit-learn's definition).
  double ap = 0;
  int64_t positives = 0, negatives = 0;
  /// The ROC curve's corners from (0, 0) to (1, 1): false- and true-positive rates, one point
  /// per distinct score.
  std::vector<double> fpr, tpr;
};

/// Needs at least one score on each side; scores must not be NaN.
LinkMetrics rankingMetrics(const std::vector<double>& positive,
                           const std::vector<double>& negative);

}  // namespace gvae
