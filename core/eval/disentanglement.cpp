// The beta-VAE, FactorVAE, MIG and DCI metrics (disentanglement.h).
#include "core/eval/disentanglement.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>

#include "core/data/splitmix.h"
#include "core/eval/linear_fit.h"

namespace gvae {
namespace {

using linfit::Matrix;

void requireInput(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument("disentanglementMetrics: " + what);
}

// One split: its codes [n x latents] and every factor's discrete value per row.
struct Split {
  Matrix z{0, 0};
  std::vector<std::vector<int>> value;                // [factor][row]
  std::vector<std::vector<std::vector<int64_t>>> by;  // [factor][value]: rows with that value
};

// Equal-frequency bin edges of each continuous factor from the fit split (empty: categorical).
std::vector<std::vector<double>> binEdges(const std::vector<double>& f, int64_t n,
                                          const std::vector<FactorInfo>& infos, int bins) {
  const int64_t K = static_cast<int64_t>(infos.size());
  std::vector<std::vector<double>> edges(K);
  for (int64_t k = 0; k < K; ++k) {
    if (infos[k].classes > 0) continue;
    std::vector<double> v(n);
    for (int64_t r = 0; r < n; ++r) v[r] = f[r * K + k];
    std::sort(v.begin(), v.end());
    for (int b = 1; b < bins; ++b) {
      const double edge = v[std::min<int64_t>(n - 1, b * n / bins)];
      if (edges[k].empty() || edge > edges[k].back()) edges[k].push_back(edge);
    }
  }
  return edges;
}

Split makeSplit(const std::vector<double>& codes, const std::vector<double>& f, int64_t n,
                int64_t latents, const std::vector<FactorInfo>& infos,
                const std::vector<std::vector<double>>& edges) {
  const int64_t K = static_cast<int64_t>(infos.size());
  Split s;
  s.z = linfit::columns(codes, n, latents, 0, latents);
  s.value.assign(K, std::vector<int>(n));
  s.by.resize(K);
  for (int64_t k = 0; k < K; ++k) {
    const int values =
        infos[k].classes > 0 ? infos[k].classes : static_cast<int>(edges[k].size()) + 1;
    s.by[k].resize(values);
    for (int64_t r = 0; r < n; ++r) {
      const double x = f[r * K + k];
      int v;
      if (infos[k].classes > 0) {
        const double rounded = std::round(x);
        requireInput(rounded >= 0 && rounded < infos[k].classes,
                     "factor " + infos[k].name + " has a value outside 0..classes-1");
        v = static_cast<int>(rounded);
      } else {
        v = static_cast<int>(std::upper_bound(edges[k].begin(), edges[k].end(), x) -
                             edges[k].begin());
      }
      s.value[k][r] = v;
      s.by[k][v].push_back(r);
    }
  }
  return s;
}

// A row sharing factor k's value with a random row of the split (the draw that fixes k).
int64_t partner(const Split& s, int64_t k, int64_t row, SplitMix64& rng) {
  const std::vector<int64_t>& rows = s.by[k][s.value[k][row]];
  return rows[rng.below(rows.size())];
}

// beta-VAE points of a split: mean |z_a - z_b| over L pairs sharing factor eligible[label].
void betaVaePoints(const Split& s, const std::vector<int64_t>& eligible, int64_t points,
                   int64_t group, SplitMix64& rng, Matrix* x, std::vector<int>* labels) {
  const int64_t L = s.z.cols, n = s.z.rows;
  *x = Matrix(points, L);
  labels->assign(points, 0);
  for (int64_t p = 0; p < points; ++p) {
    const int label = static_cast<int>(rng.below(eligible.size()));
    (*labels)[p] = label;
    for (int64_t l = 0; l < group; ++l) {
      const int64_t a = static_cast<int64_t>(rng.below(n));
      const int64_t b = partner(s, eligible[label], a, rng);
      for (int64_t j = 0; j < L; ++j) (*x)(p, j) += std::abs(s.z(a, j) - s.z(b, j)) / group;
    }
  }
}

// Multinomial logistic regression (with intercept, L2 1e-3) by accelerated gradient descent
// at the step 1 / smoothness bound; returns the accuracy on (x_test, y_test). Features are
// standardized with the training points' statistics.
double logisticAccuracy(Matrix x, const std::vector<int>& y, Matrix x_test,
                        const std::vector<int>& y_test, int classes) {
  const int64_t n = x.rows, d = x.cols + 1;  // last feature: the intercept
  const std::vector<double> mean = linfit::columnMeans(x);
  std::vector<double> sd(x.cols, 0.0);
  for (int64_t r = 0; r < n; ++r)
    for (int64_t j = 0; j < x.cols; ++j) sd[j] += (x(r, j) - mean[j]) * (x(r, j) - mean[j]);
  for (double& s : sd) s = s > 0 ? std::sqrt(s / n) : 1.0;
  const auto standardized = [&](const Matrix& m) {
    Matrix out(m.rows, d);
    for (int64_t r = 0; r < m.rows; ++r) {
      for (int64_t j = 0; j < m.cols; ++j) out(r, j) = (m(r, j) - mean[j]) / sd[j];
      out(r, d - 1) = 1.0;
    }
    return out;
  };
  x = standardized(x);
  x_test = standardized(x_test);
  // Smoothness of the mean cross-entropy <= lambda_max(X^T X / n) / 2: power iteration.
  std::vector<double> u(d, 1.0), w(d);
  double lambda = 1.0;
  for (int it = 0; it < 30; ++it) {
    std::fill(w.begin(), w.end(), 0.0);
    for (int64_t r = 0; r < n; ++r) {
      double dot = 0;
      for (int64_t j = 0; j < d; ++j) dot += x(r, j) * u[j];
      for (int64_t j = 0; j < d; ++j) w[j] += x(r, j) * dot / n;
    }
    double norm = 0;
    for (double v : w) norm += v * v;
    norm = std::sqrt(norm);
    if (norm == 0) break;
    lambda = norm;
    for (int64_t j = 0; j < d; ++j) u[j] = w[j] / norm;
  }
  const double l2 = 1e-3, step = 1.0 / (0.5 * lambda * 1.01 + l2);
  Matrix W(d, classes), V(d, classes), grad(d, classes);  // V: the look-ahead point
  std::vector<double> p(classes);
  const auto softmax = [&](const Matrix& m, const Matrix& weights, int64_t r) {
    double top = -std::numeric_limits<double>::infinity();
    for (int c = 0; c < classes; ++c) {
      double s = 0;
      for (int64_t j = 0; j < d; ++j) s += m(r, j) * weights(j, c);
      p[c] = s;
      top = std::max(top, s);
    }
    double sum = 0;
    for (int c = 0; c < classes; ++c) sum += (p[c] = std::exp(p[c] - top));
    for (int c = 0; c < classes; ++c) p[c] /= sum;
  };
  double t = 1;
  for (int it = 0; it < 400; ++it) {
    for (int64_t j = 0; j < d; ++j)
      for (int c = 0; c < classes; ++c) grad(j, c) = l2 * V(j, c);
    for (int64_t r = 0; r < n; ++r) {
      softmax(x, V, r);
      p[y[r]] -= 1.0;
      for (int64_t j = 0; j < d; ++j)
        for (int c = 0; c < classes; ++c) grad(j, c) += x(r, j) * p[c] / n;
    }
    const double t_next = (1 + std::sqrt(1 + 4 * t * t)) / 2;
    for (size_t i = 0; i < W.v.size(); ++i) {
      const double w_next = V.v[i] - step * grad.v[i];
      V.v[i] = w_next + (t - 1) / t_next * (w_next - W.v[i]);
      W.v[i] = w_next;
    }
    t = t_next;
  }
  int64_t correct = 0;
  for (int64_t r = 0; r < x_test.rows; ++r) {
    softmax(x_test, W, r);
    correct += std::max_element(p.begin(), p.end()) - p.begin() == y_test[r];
  }
  return static_cast<double>(correct) / static_cast<double>(x_test.rows);
}

// FactorVAE votes of a split: (latent of least normalized variance, label) per vote.
std::vector<std::pair<int64_t, int>> factorVaeVotes(const Split& s,
                                                    const std::vector<int64_t>& eligible,
                                                    const std::vector<int64_t>& active,
                                                    const std::vector<double>& sd, int64_t votes,
                                                    int64_t group, SplitMix64& rng) {
  std::vector<std::pair<int64_t, int>> out;
  std::vector<int64_t> rows(group);
  for (int64_t v = 0; v < votes; ++v) {
    const int label = static_cast<int>(rng.below(eligible.size()));
    const int64_t a = static_cast<int64_t>(rng.below(s.z.rows));
    for (int64_t& row : rows) row = partner(s, eligible[label], a, rng);
    double least = std::numeric_limits<double>::infinity();
    int64_t arg = 0;
    for (int64_t j : active) {
      double m = 0, m2 = 0;
      for (int64_t row : rows) {
        const double x = s.z(row, j) / sd[j];
        m += x;
        m2 += x * x;
      }
      m /= group;
      const double var = m2 / group - m * m;
      if (var < least) least = var, arg = j;
    }
    out.emplace_back(arg, label);
  }
  return out;
}

double entropy(const std::vector<double>& counts, double total) {
  double h = 0;
  for (double c : counts)
    if (c > 0) h -= c / total * std::log(c / total);
  return h;
}

// 1 - entropy of the distribution w (not normalized) in base `base`; 1 when base < 2.
double oneMinusEntropy(const std::vector<double>& w, int64_t base) {
  double total = 0;
  for (double x : w) total += x;
  if (base < 2 || total <= 0) return 1.0;
  return 1.0 - entropy(w, total) / std::log(static_cast<double>(base));
}

}  // namespace

DisentanglementReport disentanglementMetrics(
    const std::vector<double>& codes_fit, const std::vector<double>& factors_fit,
    const std::vector<double>& codes_score, const std::vector<double>& factors_score,
    int64_t latents, const std::vector<FactorInfo>& factors, const DisentanglementOptions& o) {
  requireInput(latents >= 1, "latents must be positive");
  requireInput(!factors.empty(), "no factors");
  requireInput(o.points >= 1 && o.group_size >= 1 && o.latent_bins >= 1 && o.factor_bins >= 1,
               "points, group size and bins must be positive");
  const int64_t K = static_cast<int64_t>(factors.size()), L = latents;
  const auto [n_fit, n_score] = linfit::checkSplits(
      codes_fit, factors_fit, codes_score, factors_score, L, factors, "disentanglementMetrics");

  const auto edges = binEdges(factors_fit, n_fit, factors, o.factor_bins);
  const Split fit = makeSplit(codes_fit, factors_fit, n_fit, L, factors, edges);
  const Split score = makeSplit(codes_score, factors_score, n_score, L, factors, edges);

  DisentanglementReport r;
  r.latents = L;
  r.n_fit = n_fit;
  r.n_score = n_score;
  for (const FactorInfo& info : factors) r.factor_names.push_back(info.name);
  const double nan = std::numeric_limits<double>::quiet_NaN();

  // Factors that take more than one value on the fit split: fixing a constant one means nothing.
  std::vector<int64_t> eligible;
  for (int64_t k = 0; k < K; ++k) {
    int values = 0;
    for (const auto& rows : fit.by[k]) values += !rows.empty();
    if (values > 1) eligible.push_back(k);
  }
  SplitMix64 rng(SplitMix64::mix(o.seed));

  // beta-VAE.
  if (eligible.empty()) {
    r.betavae = nan;
  } else {
    Matrix x_fit(0, 0), x_score(0, 0);
    std::vector<int> y_fit, y_score;
    betaVaePoints(fit, eligible, o.points, o.group_size, rng, &x_fit, &y_fit);
    betaVaePoints(score, eligible, o.points, o.group_size, rng, &x_score, &y_score);
    r.betavae = logisticAccuracy(x_fit, y_fit, x_score, y_score, static_cast<int>(eligible.size()));
  }

  // FactorVAE.
  std::vector<double> mean = linfit::columnMeans(fit.z), sd(L, 0.0);
  for (int64_t row = 0; row < n_fit; ++row)
    for (int64_t j = 0; j < L; ++j) sd[j] += (fit.z(row, j) - mean[j]) * (fit.z(row, j) - mean[j]);
  std::vector<int64_t> active;
  for (int64_t j = 0; j < L; ++j) {
    const double var = sd[j] / std::max<int64_t>(1, n_fit - 1);
    sd[j] = std::sqrt(var);
    if (var >= o.active_variance) active.push_back(j);
  }
  r.active_latents = static_cast<int64_t>(active.size());
  if (active.empty() || eligible.empty()) {
    r.factorvae = nan;
  } else {
    std::vector<std::vector<int64_t>> counts(L, std::vector<int64_t>(eligible.size(), 0));
    for (auto [j, label] : factorVaeVotes(fit, eligible, active, sd, o.points, o.group_size, rng))
      ++counts[j][label];
    int64_t correct = 0;
    const auto votes = factorVaeVotes(score, eligible, active, sd, o.points, o.group_size, rng);
    for (auto [j, label] : votes)
      correct += std::max_element(counts[j].begin(), counts[j].end()) - counts[j].begin() == label;
    r.factorvae = static_cast<double>(correct) / static_cast<double>(votes.size());
  }

  // MIG on the score split.
  std::vector<std::vector<int>> zbin(L, std::vector<int>(n_score, 0));
  for (int64_t j = 0; j < L; ++j) {
    double lo = score.z(0, j), hi = lo;
    for (int64_t row = 0; row < n_score; ++row) {
      lo = std::min(lo, score.z(row, j));
      hi = std::max(hi, score.z(row, j));
    }
    if (hi > lo)
      for (int64_t row = 0; row < n_score; ++row)
        zbin[j][row] = std::min(o.latent_bins - 1, static_cast<int>((score.z(row, j) - lo) /
                                                                    (hi - lo) * o.latent_bins));
  }
  r.mutual_information.assign(L * K, 0.0);
  double gap_sum = 0;
  int64_t gaps = 0;
  for (int64_t k = 0; k < K; ++k) {
    const int64_t V = static_cast<int64_t>(score.by[k].size());
    std::vector<double> pv(V, 0.0);
    for (int64_t v = 0; v < V; ++v) pv[v] = static_cast<double>(score.by[k][v].size());
    const double h = entropy(pv, static_cast<double>(n_score));
    if (h <= 0) continue;
    std::vector<double> mi(L, 0.0);
    for (int64_t j = 0; j < L; ++j) {
      std::vector<double> joint(o.latent_bins * V, 0.0), pz(o.latent_bins, 0.0);
      for (int64_t row = 0; row < n_score; ++row) {
        joint[zbin[j][row] * V + score.value[k][row]] += 1;
        pz[zbin[j][row]] += 1;
      }
      for (int b = 0; b < o.latent_bins; ++b)
        for (int64_t v = 0; v < V; ++v)
          if (const double c = joint[b * V + v]; c > 0)
            mi[j] += c / n_score * std::log(c * n_score / (pz[b] * pv[v]));
      r.mutual_information[j * K + k] = mi[j] / h;
    }
    std::sort(mi.begin(), mi.end(), std::greater<double>());
    gap_sum += (mi[0] - (L > 1 ? mi[1] : 0.0)) / h;
    ++gaps;
  }
  r.mig = gaps > 0 ? gap_sum / gaps : nan;

  // DCI: ridge regressions of standardized factors on standardized codes.
  const auto standardize = [](Matrix m, const std::vector<double>& mu,
                              const std::vector<double>& s) {
    for (int64_t row = 0; row < m.rows; ++row)
      for (int64_t c = 0; c < m.cols; ++c) m(row, c) = (m(row, c) - mu[c]) / (s[c] > 0 ? s[c] : 1);
    return m;
  };
  const auto stats = [](const Matrix& m, std::vector<double>* mu, std::vector<double>* s) {
    *mu = linfit::columnMeans(m);
    s->assign(m.cols, 0.0);
    for (int64_t row = 0; row < m.rows; ++row)
      for (int64_t c = 0; c < m.cols; ++c)
        (*s)[c] += (m(row, c) - (*mu)[c]) * (m(row, c) - (*mu)[c]);
    for (double& v : *s) v = std::sqrt(v / m.rows);
  };
  std::vector<double> zmu, zsd;
  stats(fit.z, &zmu, &zsd);
  const Matrix zs_fit = standardize(fit.z, zmu, zsd), zs_score = standardize(score.z, zmu, zsd);
  std::vector<double> raw(L * K, 0.0);
  r.informativeness.assign(K, 0.0);
  for (int64_t k = 0; k < K; ++k) {
    const Matrix y_fit =
        linfit::factorTargets(factors_fit, n_fit, K, k, factors[k], "disentanglementMetrics");
    const Matrix y_score =
        linfit::factorTargets(factors_score, n_score, K, k, factors[k], "disentanglementMetrics");
    std::vector<double> ymu, ysd;
    stats(y_fit, &ymu, &ysd);
    const linfit::RidgeFit f = linfit::ridgeFit(zs_fit, standardize(y_fit, ymu, ysd));
    for (int64_t j = 0; j < L; ++j) {
      double s = 0;
      for (int64_t c = 0; c < f.coef.cols; ++c) s += std::abs(f.coef(j, c));
      raw[j * K + k] = s / static_cast<double>(f.coef.cols);
    }
    const double r2 =
        linfit::pooledR2(standardize(y_score, ymu, ysd), linfit::predict(f, zs_score));
    r.informativeness[k] = std::clamp(std::isfinite(r2) ? r2 : 0.0, 0.0, 1.0);
  }
  double total = 0;
  for (double v : raw) total += v;
  r.importance.assign(L * K, 0.0);
  r.dci_informativeness = 0;
  for (double v : r.informativeness) r.dci_informativeness += v / K;
  if (total > 0) {
    for (int64_t j = 0; j < L; ++j) {
      std::vector<double> row(raw.begin() + j * K, raw.begin() + (j + 1) * K);
      double share = 0;
      for (double v : row) share += v;
      r.dci_disentanglement += share / total * oneMinusEntropy(row, K);
    }
    for (int64_t k = 0; k < K; ++k) {
      std::vector<double> column(L);
      double share = 0;
      for (int64_t j = 0; j < L; ++j) share += (column[j] = raw[j * K + k]);
      r.dci_completeness += share / total * oneMinusEntropy(column, L);
      for (int64_t j = 0; j < L; ++j) r.importance[j * K + k] = share > 0 ? column[j] / share : 0.0;
    }
  }
  return r;
}

const std::vector<std::pair<std::string, double DisentanglementReport::*>>&
disentanglementScoreFields() {
  using R = DisentanglementReport;
  static const std::vector<std::pair<std::string, double R::*>> fields = {
      {"betavae", &R::betavae},
      {"factorvae", &R::factorvae},
      {"mig", &R::mig},
      {"dci_disentanglement", &R::dci_disentanglement},
      {"dci_completeness", &R::dci_completeness},
      {"dci_informativeness", &R::dci_informativeness}};
  return fields;
}

std::vector<std::pair<std::string, double>> disentanglementScores(const DisentanglementReport& r) {
  std::vector<std::pair<std::string, double>> out;
  for (const auto& [name, field] : disentanglementScoreFields()) out.emplace_back(name, r.*field);
  return out;
}

}  // namespace gvae
