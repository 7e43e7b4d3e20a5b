// Correctness, coverage and the Jensen-Shannon divergence (concepts.h).
#include "core/eval/concepts.h"

#include <cmath>

namespace gvae {
namespace {

std::vector<double> normalized(std::vector<double> p) {
  double s = 0;
  for (double v : p) s += v;
  for (double& v : p) v = s > 0 ? v / s : 0;
  return p;
}

}  // namespace

double jensenShannon(const std::vector<double>& p_in, const std::vector<double>& q_in) {
  const std::vector<double> p = normalized(p_in), q = normalized(q_in);
  double js = 0;
  for (size_t i = 0; i < p.size() && i < q.size(); ++i) {
    const double m = 0.5 * (p[i] + q[i]);
    if (p[i] > 0) js += 0.5 * p[i] * std::log2(p[i] / m);
    if (q[i] > 0) js += 0.5 * q[i] * std::log2(q[i] / m);
  }
  return js;
}

double queryCorrectness(const std::vector<int64_t>& judged, const std::vector<int64_t>& query) {
  const size_t K = query.size();
  int64_t given = 0;
  for (int64_t v : query) given += v >= 0;
  if (given == 0 || judged.size() < K) return std::nan("");
  double sum = 0;
  const size_t S = judged.size() / K;
  for (size_t s = 0; s < S; ++s) {
    int64_t hit = 0;
    for (size_t k = 0; k < K; ++k) hit += query[k] >= 0 && judged[s * K + k] == query[k];
    sum += static_cast<double>(hit) / static_cast<double>(given);
  }
  return sum / static_cast<double>(S);
}

double queryCoverage(const std::vector<int64_t>& judged, const std::vector<int64_t>& query,
                     const std::vector<std::vector<double>>& truth,
                     const std::vector<int64_t>& sizes) {
  const size_t K = query.size();
  double sum = 0;
  int64_t missing = 0;
  for (size_t k = 0; k < K; ++k) {
    if (query[k] >= 0) continue;
    std::vector<double> hist(static_cast<size_t>(sizes[k]), 0.0);
    for (size_t s = 0; s + K <= judged.size(); s += K)
      hist[static_cast<size_t>(judged[s + k])] += 1;
    sum += 1 - jensenShannon(truth[k], hist);
    ++missing;
  }
  return missing == 0 ? std::nan("") : sum / static_cast<double>(missing);
}

}  // namespace gvae
