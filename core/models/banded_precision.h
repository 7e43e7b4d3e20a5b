// Sparse Cholesky factors of a precision matrix: lower block-bidiagonal L (Lambda = L L^T).
// Every operation walks the blocks once: time linear in the dimension, no dense M x M matrix.
#pragma once

#include <torch/types.h>

namespace gvae {

/// L in blocks of width w: diagonal blocks D_i [B, nb, w, w] (lower-triangular, positive
/// diagonal) and sub-diagonal blocks S_i = L[i+1, i] [B, nb-1, w, w]. w = 1 is a chain
/// (lower-bidiagonal L, tridiagonal precision); w > 1 a grid of nb rows of w units.
struct BlockBidiagonal {
  torch::Tensor diag, sub;
  int64_t blocks() const { return diag.size(1); }
  int64_t width() const { return diag.size(2); }
  int64_t dim() const { return blocks() * width(); }
};

/// Solves L^T nu = eps by block back-substitution: [B, M] -> [B, M]. With eps ~ N(0, I),
/// nu ~ N(0, Lambda^{-1}).
torch::Tensor solveTransposed(const BlockBidiagonal& L, const torch::Tensor& eps);
/// log |L| = sum of log diagonal entries = log det(Lambda) / 2: -> [B].
torch::Tensor halfLogDetPrecision(const BlockBidiagonal& L);
/// tr(Lambda^{-1}) = ||L^{-1}||_F^2 by the recursion P_i = D_i^{-1} (I + S P_{i-1} S^T) D_i^{-T},
/// tr = sum_i tr(P_i): -> [B].
torch::Tensor traceCovariance(const BlockBidiagonal& L);
/// KL(N(mu, Lambda^{-1}) || N(0, I)) = (tr(Lambda^{-1}) + |mu|^2 - M) / 2 + log |L|: -> [B].
torch::Tensor klToStandardNormal(const torch::Tensor& mu, const BlockBidiagonal& L);
/// The dense L [B, M, M], for tests on small sizes only.
torch::Tensor toDense(const BlockBidiagonal& L);

}  // namespace gvae
