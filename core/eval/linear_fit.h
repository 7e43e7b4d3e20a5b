// Small dense linear algebra for the evaluation metrics: a row-major matrix, ridge regression
// with intercept and its held-out R^2. Torch-free, double precision, for the few-thousand-row
// fits of the factor alignment (ground_truth.h) and the disentanglement metrics.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/eval/ground_truth.h"

namespace gvae::linfit {

/// A dense row-major matrix.
struct Matrix {
  Matrix(int64_t r, int64_t c) : rows(r), cols(c), v(static_cast<size_t>(r * c), 0.0) {}
  double& operator()(int64_t r, int64_t c) { return v[r * cols + c]; }
  double operator()(int64_t r, int64_t c) const { return v[r * cols + c]; }
  int64_t rows, cols;
  std::vector<double> v;
};

/// Columns [first, first + count) of a row-major [rows * width] array.
Matrix columns(const std::vector<double>& data, int64_t rows, int64_t width, int64_t first,
               int64_t count);

/// Factor f of a row-major [rows * width] array as regression targets: its value (continuous),
/// or its one-hot indicators (categorical). Throws std::invalid_argument naming `who` and the
/// factor when a categorical value lies outside 0..classes-1.
Matrix factorTargets(const std::vector<double>& data, int64_t rows, int64_t width, int64_t f,
                     const FactorInfo& info, const std::string& who);

/// The rows of a fit and a score split of row-major codes ([n * width]) with their factors
/// ([n * factors.size()]), checked: neither split empty, codes and factors of matching sizes,
/// no negative class count. Throws std::invalid_argument naming `who` otherwise.
struct SplitRows {
  int64_t fit = 0, score = 0;
};
SplitRows checkSplits(const std::vector<double>& codes_fit, const std::vector<double>& factors_fit,
                      const std::vector<double>& codes_score,
                      const std::vector<double>& factors_score, int64_t width,
                      const std::vector<FactorInfo>& factors, const std::string& who);

std::vector<double> columnMeans(const Matrix& m);

/// Solves a x = b for symmetric positive definite a [d x d] by Cholesky; b [d x t] becomes x.
void choleskySolve(Matrix a, Matrix& b);

/// y ~ y_mean + (x - x_mean) coef: least squares with a ridge of 1e-6 * trace of the centred
/// Gram matrix (1 when x is constant, which then predicts the mean).
struct RidgeFit {
  std::vector<double> x_mean, y_mean;
  Matrix coef{0, 0};  // [x.cols x y.cols]
};
RidgeFit ridgeFit(const Matrix& x, const Matrix& y);
Matrix predict(const RidgeFit& fit, const Matrix& x);

/// 1 - SSE / SST over all columns pooled, SST about y's own column means; 0 when SST = 0.
double pooledR2(const Matrix& y, const Matrix& predicted);

}  // namespace gvae::linfit
