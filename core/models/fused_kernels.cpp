// Fused CPU kernels. The node: 4 transcendental functions per element (3 exp, 1 log) in place
// of 7 libm calls. BatchNorm + ELU: column statistics and the elementwise pass in two sweeps.
// Bernoulli likelihood: softplus and its sum per row. Adam: one pass over parameter, gradient
// and moments. Every inner loop runs along contiguous memory and vectorizes; exp and log are
// Cephes' single-precision algorithms (S. Moshier) written without calls or branches.
#include "core/models/fused_kernels.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

// Each kernel is compiled for AVX2 + FMA and for the baseline (SSE2); the loader picks the best
// one the CPU has, so one binary serves every x86-64 machine.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(GRAPHVAE_SANITIZER)
#define GVAE_VECTOR_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define GVAE_VECTOR_CLONES
#endif

namespace gvae {
namespace {

inline float bitsToFloat(int32_t i) {
  float f;
  std::memcpy(&f, &i, sizeof f);
  return f;
}
inline int32_t floatToBits(float f) {
  int32_t i;
  std::memcpy(&i, &f, sizeof i);
  return i;
}

inline float expInline(float x) {
  const float in = x;
  x = std::min(std::max(x, -87.0f), 88.0f);
  // NaN passes the clamp; computing on it would cast NaN to int (undefined behaviour, UBSan's
  // find): compute on 0 instead and hand the NaN back at the end. Branch-free, still vectorizes.
  x = x == x ? x : 0.0f;
  // n = round(x / ln 2) by the 1.5 * 2^23 trick (no rounding call, so the loop vectorizes).
  const float shifted = x * 1.44269504088896341f + 12582912.0f;
  const float n = shifted - 12582912.0f;
  const float r = x - n * 0.693359375f - n * -2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  const float y = p * r * r + r + 1.0f;
  // n is in [-126, 127] after the clamp: the biased exponent e in [1, 254] fits the field.
  const uint32_t e = static_cast<uint32_t>(static_cast<int32_t>(n) + 127);
  const float out = y * bitsToFloat(static_cast<int32_t>(e << 23));
  return in == in ? out : in;
}

inline float logInline(float x) {
  const int32_t bits = floatToBits(x);
  float e = static_cast<float>(((bits >> 23) & 0xff) - 126);
  float m = bitsToFloat((bits & 0x807fffff) | 0x3f000000);  // x = m 2^e, m in [0.5, 1)
  const bool small = m < 0.707106781186547524f;
  e = small ? e - 1.0f : e;
  m = small ? m + m - 1.0f : m - 1.0f;
  const float z = m * m;
  float y = 7.0376836292e-2f;
  y = y * m - 1.1514610310e-1f;
  y = y * m + 1.1676998740e-1f;
  y = y * m - 1.2420140846e-1f;
  y = y * m + 1.4249322787e-1f;
  y = y * m - 1.6668057665e-1f;
  y = y * m + 2.0000714765e-1f;
  y = y * m - 2.4999993993e-1f;
  y = y * m + 3.3333331174e-1f;
  y = y * m * z;
  y += -2.12194440e-4f * e - 0.5f * z;
  return m + y + 0.693359375f * e;
}

// Per element, in terms of the variances vp = exp(lp), vb = exp(lb) and s = vp + vb:
// w = vb / s (weight of the prior mean), vq = vp vb / s, mq = mb + w (mp - mb), lp - lq =
// log s - lb, kl = (lp - lq + (vq + (mq - mp)^2) / vp - 1) / 2, tanh(u) = 1 - 2 / (e^{2u} + 1).
// Where the prior variance is tiny, (mq - mp)^2 / vp dominates the KL: mq - mp and 1 - w are
// formed as products, never as differences of nearly equal numbers.
struct Element {
  float t, dt, lp, vp, vb, w, w_b, vq, mq, diff;
  Element(float mp, float rv, float m_b, float l_b, float L) {
    const float a = expInline(2.0f * rv / L), inv_a1 = 1.0f / (a + 1.0f);
    t = 1.0f - 2.0f * inv_a1;
    dt = 4.0f * a * inv_a1 * inv_a1;  // 1 - t^2 without its cancellation near |t| = 1
    lp = L * t;
    vp = expInline(lp);
    vb = expInline(l_b);
    const float inv_s = 1.0f / (vp + vb);
    w = vb * inv_s;    // weight of the prior mean
    w_b = vp * inv_s;  // 1 - w, weight of the bottom-up mean, computed without cancellation
    vq = vp * vb * inv_s;
    diff = (m_b - mp) * w_b;  // mq - mp, likewise
    mq = mp + diff;
  }
};

}  // namespace

float vecExp(float x) { return expInline(x); }
float vecLog(float x) { return logInline(x); }

GVAE_VECTOR_CLONES
void nodeForwardRows(int64_t b0, int64_t b1, int64_t d, float L, const float* raw, const float* mb,
                     const float* lb, const float* eps, float* z, float* kl) {
  std::vector<float> term(d);
  for (int64_t b = b0; b < b1; ++b) {
    const float *R = raw + b * 2 * d, *MB = mb + b * d, *LB = lb + b * d, *E = eps + b * d;
    float* __restrict__ Z = z + b * d;
    for (int64_t j = 0; j < d; ++j) {
      const Element el(R[j], R[d + j], MB[j], LB[j], L);
      Z[j] = el.mq + std::sqrt(el.vq) * E[j];
      term[j] = logInline(el.vp + el.vb) - LB[j] + (el.vq + el.diff * el.diff) / el.vp - 1.0f;
    }
    double acc = 0;
    for (int64_t j = 0; j < d; ++j) acc += term[j];
    kl[b] = static_cast<float>(0.5 * acc);
  }
}

GVAE_VECTOR_CLONES
void nodeBackwardRows(int64_t b0, int64_t b1, int64_t d, float L, const float* raw, const float* mb,
                      const float* lb, const float* eps, const float* gz, const float* gk,
                      float* g_raw, float* g_mb, float* g_lb) {
  for (int64_t b = b0; b < b1; ++b) {
    const float* __restrict__ R = raw + b * 2 * d;
    const float* __restrict__ MB = mb + b * d;
    const float* __restrict__ LB = lb + b * d;
    const float* __restrict__ E = eps + b * d;
    const float* __restrict__ GZ = gz + b * d;
    float* __restrict__ GR_mean = g_raw + b * 2 * d;
    float* __restrict__ GR_var = GR_mean + d;
    float* __restrict__ GMB = g_mb + b * d;
    float* __restrict__ GLB = g_lb + b * d;
    const float gk_ = gk[b];
#pragma GCC ivdep  // outputs never alias inputs (too many pointers for a runtime check)
    for (int64_t j = 0; j < d; ++j) {
      const float mp = R[j];
      const Element el(mp, R[d + j], MB[j], LB[j], L);
      const float sq = std::sqrt(el.vq), inv_vp = 1.0f / el.vp, gz_ = GZ[j];
      // Upstream gradients of mq and lq (through z and through the KL); dd = lb - lp.
      const float g_mq = gz_ + gk_ * el.diff * inv_vp;
      const float g_lq = gz_ * 0.5f * sq * E[j] - gk_ * 0.5f * el.w_b;  // vq / vp - 1 = -w_b
      const float g_dd = g_mq * el.w * el.w_b * (mp - MB[j]) - g_lq * el.w;
      const float g_mp = g_mq * el.w - gk_ * el.diff * inv_vp;
      const float g_lp = -g_dd + gk_ * 0.5f * (el.w_b - el.diff * el.diff * inv_vp);
      GR_mean[j] = g_mp;
      GR_var[j] = g_lp * el.dt;
      GMB[j] = g_mq * el.w_b;
      GLB[j] = g_lq + g_dd;
    }
  }
}

GVAE_VECTOR_CLONES
void bnEluForwardCols(int64_t B, int64_t F, int64_t f0, int64_t f1, const float* x,
                      const float* gamma, const float* beta, float eps, float momentum,
                      float* running_mean, float* running_var, float* xhat, float* y,
                      float* invstd) {
  const int64_t n = f1 - f0;
  std::vector<float> mean(n, 0.0f), var(n, 0.0f);
  float* __restrict__ mu = mean.data();
  float* __restrict__ v = var.data();
  for (int64_t b = 0; b < B; ++b) {
    const float* __restrict__ X = x + b * F + f0;
    for (int64_t f = 0; f < n; ++f) mu[f] += X[f];
  }
  const float inv_b = 1.0f / static_cast<float>(B);
  for (int64_t f = 0; f < n; ++f) mu[f] *= inv_b;
  for (int64_t b = 0; b < B; ++b) {  // two passes: no cancellation in E[x^2] - E[x]^2
    const float* __restrict__ X = x + b * F + f0;
    for (int64_t f = 0; f < n; ++f) v[f] += (X[f] - mu[f]) * (X[f] - mu[f]);
  }
  float* __restrict__ IS = invstd + f0;
  float* __restrict__ RM = running_mean + f0;
  float* __restrict__ RV = running_var + f0;
  const float unbias = static_cast<float>(B) / static_cast<float>(B - 1);
  for (int64_t f = 0; f < n; ++f) {
    v[f] *= inv_b;
    IS[f] = 1.0f / std::sqrt(v[f] + eps);
    RM[f] += momentum * (mu[f] - RM[f]);
    RV[f] += momentum * (v[f] * unbias - RV[f]);
  }
  const float* __restrict__ G = gamma + f0;
  const float* __restrict__ Bt = beta + f0;
  for (int64_t b = 0; b < B; ++b) {
    const float* __restrict__ X = x + b * F + f0;
    float* __restrict__ XH = xhat + b * F + f0;
    float* __restrict__ Y = y + b * F + f0;
    for (int64_t f = 0; f < n; ++f) {
      const float xh = (X[f] - mu[f]) * IS[f];
      const float a = G[f] * xh + Bt[f];
      XH[f] = xh;
      Y[f] = a > 0.0f ? a : expInline(a) - 1.0f;
    }
  }
}

GVAE_VECTOR_CLONES
void bnEluBackwardCols(int64_t B, int64_t F, int64_t f0, int64_t f1, const float* gy,
                       const float* xhat, const float* y, const float* gamma, const float* invstd,
                       float* gx, float* ggamma, float* gbeta) {
  const int64_t n = f1 - f0;
  float* __restrict__ gg = ggamma + f0;
  float* __restrict__ gb = gbeta + f0;
  for (int64_t f = 0; f < n; ++f) gg[f] = gb[f] = 0.0f;
  // ELU'(a) is 1 for a > 0, else exp(a) = y + 1; y > 0 exactly where a > 0.
  for (int64_t b = 0; b < B; ++b) {
    const float* __restrict__ GY = gy + b * F + f0;
    const float* __restrict__ XH = xhat + b * F + f0;
    const float* __restrict__ Y = y + b * F + f0;
    for (int64_t f = 0; f < n; ++f) {
      const float ga = Y[f] > 0.0f ? GY[f] : GY[f] * (Y[f] + 1.0f);
      gb[f] += ga;
      gg[f] += ga * XH[f];
    }
  }
  // gx = gamma invstd / B (B ga - sum ga - xhat sum(ga xhat)).
  const float inv_b = 1.0f / static_cast<float>(B);
  const float* __restrict__ G = gamma + f0;
  const float* __restrict__ IS = invstd + f0;
  for (int64_t b = 0; b < B; ++b) {
    const float* __restrict__ GY = gy + b * F + f0;
    const float* __restrict__ XH = xhat + b * F + f0;
    const float* __restrict__ Y = y + b * F + f0;
    float* __restrict__ GX = gx + b * F + f0;
    for (int64_t f = 0; f < n; ++f) {
      const float ga = Y[f] > 0.0f ? GY[f] : GY[f] * (Y[f] + 1.0f);
      GX[f] = G[f] * IS[f] * (ga - inv_b * (gb[f] + XH[f] * gg[f]));
    }
  }
}

namespace {
// Sum of n floats: eight lanes (vectorizes), then the lanes and the tail in double.
inline double sumFloats(const float* v, int64_t n) {
  float lane[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int64_t i = 0;
  for (; i + 8 <= n; i += 8)
    for (int l = 0; l < 8; ++l) lane[l] += v[i + l];
  double total = 0;
  for (; i < n; ++i) total += v[i];
  for (float x : lane) total += x;
  return total;
}
}  // namespace

GVAE_VECTOR_CLONES
void bernoulliNllRows(int64_t b0, int64_t b1, int64_t D, const float* logits, const float* x,
                      float* nll) {
  std::vector<float> term(D);
  float* __restrict__ T = term.data();
  for (int64_t b = b0; b < b1; ++b) {
    const float* __restrict__ L = logits + b * D;
    const float* __restrict__ X = x + b * D;
    for (int64_t j = 0; j < D; ++j) {
      // softplus(l) = max(l, 0) + log1p(e), e = exp(-|l|) in (0, 1]; log1p(e) as
      // log(u) e / (u - 1) with u = 1 + e, exact where u rounds to 1.
      const float l = L[j], e = expInline(-std::fabs(l)), u = 1.0f + e;
      const float log1p_e = u == 1.0f ? e : logInline(u) * e / (u - 1.0f);
      T[j] = std::max(l, 0.0f) + log1p_e - X[j] * l;
    }
    nll[b] = static_cast<float>(sumFloats(T, D));
  }
}

GVAE_VECTOR_CLONES
void bernoulliNllBackwardRows(int64_t b0, int64_t b1, int64_t D, const float* logits,
                              const float* x, const float* g, float* gl) {
  for (int64_t b = b0; b < b1; ++b) {
    const float* __restrict__ L = logits + b * D;
    const float* __restrict__ X = x + b * D;
    float* __restrict__ GL = gl + b * D;
    const float gb = g[b];
    for (int64_t j = 0; j < D; ++j) {
      const float l = L[j], e = expInline(-std::fabs(l)), r = 1.0f / (1.0f + e);
      const float sigmoid = l >= 0.0f ? r : e * r;
      GL[j] = gb * (sigmoid - X[j]);
    }
  }
}

GVAE_VECTOR_CLONES
void adamUpdate(int64_t begin, int64_t end, const AdamCoefficients& c, float* p, const float* g,
                float* m, float* v) {
  float* __restrict__ P = p;
  const float* __restrict__ G = g;
  float* __restrict__ M = m;
  float* __restrict__ V = v;
  for (int64_t i = begin; i < end; ++i) {
    const float gi = G[i] * c.grad_scale;
    const float mi = c.beta1 * M[i] + (1.0f - c.beta1) * gi;
    const float vi = c.beta2 * V[i] + (1.0f - c.beta2) * gi * gi;
    M[i] = mi;
    V[i] = vi;
    P[i] -= c.step_size * mi / (std::sqrt(vi) * c.inv_sqrt_bc2 + c.eps);
  }
}

GVAE_VECTOR_CLONES
double sumOfSquares(int64_t begin, int64_t end, const float* g) {
  // Blocks of 1024 squares summed in float lanes, the blocks added up in double.
  float sq[1024];
  double total = 0;
  for (int64_t block = begin; block < end; block += 1024) {
    const int64_t n = std::min<int64_t>(end - block, 1024);
    for (int64_t i = 0; i < n; ++i) sq[i] = g[block + i] * g[block + i];
    total += sumFloats(sq, n);
  }
  return total;
}

}  // namespace gvae
