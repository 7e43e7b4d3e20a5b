// Block-bidiagonal Cholesky algebra: back-substitution, products, log det, trace of the inverse.
#include "core/models/banded_precision.h"

#include <torch/linalg.h>

namespace gvae {
namespace {
// A^{-1} b for a batch of triangular A (left side, non-unit diagonal).
torch::Tensor triangularSolve(const torch::Tensor& a, const torch::Tensor& b, bool upper) {
  return torch::linalg::solve_triangular(a, b, upper, /*left=*/true, /*unitriangular=*/false);
}
}  // namespace

torch::Tensor solveTransposed(const BlockBidiagonal& L, const torch::Tensor& eps) {
  const int64_t B = eps.size(0), nb = L.blocks(), w = L.width();
  auto e = eps.view({B, nb, w, 1});
  std::vector<torch::Tensor> nu(nb);
  // Block row i of L^T: D_i^T nu_i + S_i^T nu_{i+1} = eps_i, solved from the last block up.
  for (int64_t i = nb - 1; i >= 0; --i) {
    auto rhs = e.select(1, i);
    if (i + 1 < nb) rhs = rhs - L.sub.select(1, i).transpose(1, 2).matmul(nu[i + 1]);
    nu[i] = triangularSolve(L.diag.select(1, i).transpose(1, 2), rhs, /*upper=*/true);
  }
  return torch::stack(nu, 1).view({B, nb * w});
}

torch::Tensor halfLogDetPrecision(const BlockBidiagonal& L) {
  return torch::log(L.diag.diagonal(0, 2, 3)).sum({1, 2});
}

torch::Tensor traceCovariance(const BlockBidiagonal& L) {
  const int64_t nb = L.blocks(), w = L.width();
  auto eye = torch::eye(w, L.diag.options()).expand({L.diag.size(0), w, w});
  torch::Tensor P, trace;
  for (int64_t i = 0; i < nb; ++i) {
    auto D = L.diag.select(1, i);
    auto A = eye;
    if (i > 0) {
      auto S = L.sub.select(1, i - 1);
      A = eye + S.matmul(P).matmul(S.transpose(1, 2));
    }
    auto Y = triangularSolve(D, A, /*upper=*/false);             // D^{-1} A
    P = triangularSolve(D, Y.transpose(1, 2), /*upper=*/false);  // D^{-1} A D^{-T}
    auto t = P.diagonal(0, 1, 2).sum(1);
    trace = trace.defined() ? trace + t : t;
  }
  return trace;
}

torch::Tensor klToStandardNormal(const torch::Tensor& mu, const BlockBidiagonal& L) {
  return 0.5 * (traceCovariance(L) + (mu * mu).sum(1) - static_cast<double>(L.dim())) +
         halfLogDetPrecision(L);
}

torch::Tensor toDense(const BlockBidiagonal& L) {
  const int64_t B = L.diag.size(0), nb = L.blocks(), w = L.width();
  auto dense = torch::zeros({B, nb * w, nb * w}, L.diag.options());
  for (int64_t i = 0; i < nb; ++i) {
    dense.narrow(1, i * w, w).narrow(2, i * w, w).copy_(L.diag.select(1, i));
    if (i + 1 < nb) dense.narrow(1, (i + 1) * w, w).narrow(2, i * w, w).copy_(L.sub.select(1, i));
  }
  return dense;
}

}  // namespace gvae
