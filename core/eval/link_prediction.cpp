// ROC AUC, average precision and the ROC curve by one sort of the pooled scores.
#include "core/eval/link_prediction.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace gvae {

LinkMetrics rankingMetrics(const std::vector<double>& positive,
                           const std::vector<double>& negative) {
  if (positive.empty() || negative.empty())
    throw std::invalid_argument("link prediction needs held-out edges and non-edges");
  std::vector<std::pair<double, bool>> all;  // (score, is an edge)
  for (double s : positive) all.emplace_back(s, true);
  for (double s : negative) all.emplace_back(s, false);
  for (const auto& [s, edge] : all)
    if (s != s) throw std::invalid_argument("a link score is NaN");
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  LinkMetrics m;
  m.positives = static_cast<int64_t>(positive.size());
  m.negatives = static_cast<int64_t>(negative.size());
  const auto P = static_cast<double>(m.positives), N = static_cast<double>(m.negatives);
  m.fpr.push_back(0);
  m.tpr.push_back(0);
  double tp = 0, fp = 0;
  for (size_t i = 0; i < all.size();) {  // one threshold per distinct score, highest first
    double dtp = 0, dfp = 0;
    const double score = all[i].first;
    for (; i < all.size() && all[i].first == score; ++i) (all[i].second ? dtp : dfp) += 1;
    // The pairs of this tie group: negatives passed before it rank below every new positive,
    // those within it count one half.
    m.auc += dtp * (N - fp - dfp) + 0.5 * dtp * dfp;
    tp += dtp;
    fp += dfp;
    if (dtp > 0) m.ap += (dtp / P) * (tp / (tp + fp));
    m.fpr.push_back(fp / N);
    m.tpr.push_back(tp / P);
  }
  m.auc /= P * N;
  return m;
}

}  // namespace gvae
