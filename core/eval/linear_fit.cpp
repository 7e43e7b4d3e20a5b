// Ridge regression and held-out R^2 for the evaluation metrics (linear_fit.h).
#include "core/eval/linear_fit.h"

#include <cmath>
#include <stdexcept>

namespace gvae::linfit {

Matrix columns(const std::vector<double>& data, int64_t rows, int64_t width, int64_t first,
               int64_t count) {
  Matrix m(rows, count);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < count; ++c) m(r, c) = data[r * width + first + c];
  return m;
}

Matrix factorTargets(const std::vector<double>& data, int64_t rows, int64_t width, int64_t f,
                     const FactorInfo& info, const std::string& who) {
  if (info.classes == 0) return columns(data, rows, width, f, 1);
  Matrix m(rows, info.classes);
  for (int64_t r = 0; r < rows; ++r) {
    const double value = std::round(data[r * width + f]);
    if (!(value >= 0 && value < info.classes))
      throw std::invalid_argument(who + ": factor " + info.name +
                                  " has a value outside 0..classes-1");
    m(r, static_cast<int64_t>(value)) = 1;
  }
  return m;
}

SplitRows checkSplits(const std::vector<double>& codes_fit, const std::vector<double>& factors_fit,
                      const std::vector<double>& codes_score,
                      const std::vector<double>& factors_score, int64_t width,
                      const std::vector<FactorInfo>& factors, const std::string& who) {
  const auto require = [&who](bool ok, const std::string& what) {
    if (!ok) throw std::invalid_argument(who + ": " + what);
  };
  const int64_t K = static_cast<int64_t>(factors.size());
  SplitRows n;
  n.fit = static_cast<int64_t>(codes_fit.size()) / width;
  n.score = static_cast<int64_t>(codes_score.size()) / width;
  require(n.fit > 0 && n.score > 0, "a split is empty");
  require(static_cast<int64_t>(codes_fit.size()) == n.fit * width &&
              static_cast<int64_t>(codes_score.size()) == n.score * width &&
              static_cast<int64_t>(factors_fit.size()) == n.fit * K &&
              static_cast<int64_t>(factors_score.size()) == n.score * K,
          "codes and factors disagree in size");
  for (const FactorInfo& info : factors)
    require(info.classes >= 0, "factor " + info.name + " has negative classes");
  return n;
}

std::vector<double> columnMeans(const Matrix& m) {
  std::vector<double> mean(m.cols, 0.0);
  for (int64_t r = 0; r < m.rows; ++r)
    for (int64_t c = 0; c < m.cols; ++c) mean[c] += m(r, c);
  for (double& x : mean) x /= static_cast<double>(m.rows);
  return mean;
}

void choleskySolve(Matrix a, Matrix& b) {
  const int64_t d = a.rows;
  for (int64_t j = 0; j < d; ++j) {  // a's lower triangle becomes L, a = L L^T
    for (int64_t k = 0; k < j; ++k) a(j, j) -= a(j, k) * a(j, k);
    a(j, j) = std::sqrt(a(j, j));
    for (int64_t i = j + 1; i < d; ++i) {
      for (int64_t k = 0; k < j; ++k) a(i, j) -= a(i, k) * a(j, k);
      a(i, j) /= a(j, j);
    }
  }
  for (int64_t c = 0; c < b.cols; ++c) {
    for (int64_t i = 0; i < d; ++i) {  // L y = b
      for (int64_t k = 0; k < i; ++k) b(i, c) -= a(i, k) * b(k, c);
      b(i, c) /= a(i, i);
    }
    for (int64_t i = d - 1; i >= 0; --i) {  // L^T x = y
      for (int64_t k = i + 1; k < d; ++k) b(i, c) -= a(k, i) * b(k, c);
      b(i, c) /= a(i, i);
    }
  }
}

RidgeFit ridgeFit(const Matrix& x, const Matrix& y) {
  const int64_t d = x.cols, t = y.cols;
  RidgeFit fit;
  fit.x_mean = columnMeans(x);
  fit.y_mean = columnMeans(y);
  const std::vector<double>&mx = fit.x_mean, &my = fit.y_mean;
  Matrix gram(d, d), coef(d, t);  // coef holds X^T Y until solved
  for (int64_t r = 0; r < x.rows; ++r) {
    for (int64_t i = 0; i < d; ++i) {
      const double xi = x(r, i) - mx[i];
      for (int64_t j = 0; j <= i; ++j) gram(i, j) += xi * (x(r, j) - mx[j]);
      for (int64_t c = 0; c < t; ++c) coef(i, c) += xi * (y(r, c) - my[c]);
    }
  }
  double trace = 0;
  for (int64_t i = 0; i < d; ++i) trace += gram(i, i);
  const double ridge = trace > 0 ? 1e-6 * trace : 1.0;  // a constant x predicts the mean
  for (int64_t i = 0; i < d; ++i) {
    gram(i, i) += ridge;
    for (int64_t j = 0; j < i; ++j) gram(j, i) = gram(i, j);
  }
  choleskySolve(gram, coef);
  fit.coef = std::move(coef);
  return fit;
}

Matrix predict(const RidgeFit& fit, const Matrix& x) {
  const int64_t d = fit.coef.rows, t = fit.coef.cols;
  Matrix out(x.rows, t);
  for (int64_t r = 0; r < x.rows; ++r)
    for (int64_t c = 0; c < t; ++c) {
      double value = fit.y_mean[c];
      for (int64_t i = 0; i < d; ++i) value += (x(r, i) - fit.x_mean[i]) * fit.coef(i, c);
      out(r, c) = value;
    }
  return out;
}

double pooledR2(const Matrix& y, const Matrix& predicted) {
  const std::vector<double> mean = columnMeans(y);
  double sse = 0, sst = 0;
  for (int64_t r = 0; r < y.rows; ++r)
    for (int64_t c = 0; c < y.cols; ++c) {
      sse += (y(r, c) - predicted(r, c)) * (y(r, c) - predicted(r, c));
      sst += (y(r, c) - mean[c]) * (y(r, c) - mean[c]);
    }
  return sst == 0 ? 0.0 : 1.0 - sse / sst;
}

}  // namespace gvae::linfit
