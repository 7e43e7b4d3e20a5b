// Loops of the fused CPU kernels on plain float arrays: the Graph VAE node (posterior fusion,
// sample, KL), BatchNorm followed by ELU, the Bernoulli likelihood, and Adam's update with its
// gradient norm. No LibTorch here: this file compiles without errno semantics so the loops
// vectorize; the callers (fused_ops.cpp, adam.cpp) split the work over threads.
#pragma once

#include <cstdint>

namespace gvae {

/// Rows [b0, b1) of the node forward pass. raw [B, 2d] holds the prior mean and the raw prior
/// log-variance (bounded by L tanh(raw / L)); mb, lb [B, d] the bottom-up mean and log-variance
/// (|lb| < 80); eps [B, d] the noise. Writes z [B, d] and kl [B] (KL summed over d).
void nodeForwardRows(int64_t b0, int64_t b1, int64_t d, float L, const float* raw, const float* mb,
                     const float* lb, const float* eps, float* z, float* kl);

/// Rows [b0, b1) of the node backward pass: from the upstream gradients gz [B, d] and gk [B],
/// the gradients of raw [B, 2d], mb and lb [B, d].
void nodeBackwardRows(int64_t b0, int64_t b1, int64_t d, float L, const float* raw, const float* mb,
                      const float* lb, const float* eps, const float* gz, const float* gk,
                      float* g_raw, float* g_mb, float* g_lb);

/// Columns [f0, f1) of BatchNorm with batch statistics followed by ELU (alpha 1) on x [B, F]
/// (row-major, B > 1): mean and biased variance per column, xhat = (x - mean) / sqrt(var +
/// eps), y = elu(gamma xhat + beta). Writes xhat, y [B, F] and invstd [F]; moves the running
/// statistics [F] toward the batch's (unbiased variance) by `momentum`.
void bnEluForwardCols(int64_t B, int64_t F, int64_t f0, int64_t f1, const float* x,
                      const float* gamma, const float* beta, float eps, float momentum,
                      float* running_mean, float* running_var, float* xhat, float* y,
                      float* invstd);

/// Columns [f0, f1) of the backward pass: from gy [B, F], the saved xhat and y and invstd [F]
/// (1 / sqrt(var + eps)), the gradients gx [B, F], ggamma and gbeta [F].
void bnEluBackwardCols(int64_t B, int64_t F, int64_t f0, int64_t f1, const float* gy,
                       const float* xhat, const float* y, const float* gamma, const float* invstd,
                       float* gx, float* ggamma, float* gbeta);

/// Rows [b0, b1) of the Bernoulli negative log-likelihood of x [B, D] under logits l [B, D]:
/// nll[b] = sum_j softplus(l) - x l.
void bernoulliNllRows(int64_t b0, int64_t b1, int64_t D, const float* logits, const float* x,
                      float* nll);
/// Its backward: gl = g[b] (sigmoid(l) - x).
void bernoulliNllBackwardRows(int64_t b0, int64_t b1, int64_t D, const float* logits,
                              const float* x, const float* g, float* gl);

/// Adam's update of elements [begin, end) of one parameter, its gradient scaled by
/// `grad_scale` (clipping): m, v move toward g and g^2; p -= step_size m / (sqrt(v) ib + eps).
struct AdamCoefficients {
  float beta1, beta2, grad_scale, step_size, inv_sqrt_bc2, eps;
};
void adamUpdate(int64_t begin, int64_t end, const AdamCoefficients& c, float* p, const float* g,
                float* m, float* v);

/// Sum of g[i]^2 over [begin, end), accumulated in double across blocks (NaN and inf propagate).
double sumOfSquares(int64_t begin, int64_t end, const float* g);

/// exp and log in float, written so a loop that calls them vectorizes (Cephes' range reduction
/// and polynomials; relative error below 3e-7). exp clamps its argument to [-87, 88] and returns
/// NaN for NaN; log expects a positive normal number. Exposed for the accuracy test.
float vecExp(float x);
float vecLog(float x);

}  // namespace gvae
