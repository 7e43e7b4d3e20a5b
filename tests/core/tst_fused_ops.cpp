// Tests that the fused CPU kernels equal autograd on the reference tensor math, values and grads.
#include <torch/nn/functional/loss.h>
#include <torch/types.h>

#include <QtTest/QtTest>

#include "core/models/fused_ops.h"
#include "core/models/gaussian.h"

using namespace gvae;

class TstFusedOps : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void nodeMatchesReference_data();
  void nodeMatchesReference();
  void bernoulliNllMatchesReference();
};

void TstFusedOps::nodeMatchesReference_data() {
  QTest::addColumn<double>("scale");
  QTest::newRow("typical") << 1.0;
  QTest::newRow("wide") << 4.0;
  QTest::newRow("saturated log-variances") << 40.0;
}

void TstFusedOps::nodeMatchesReference() {
  QFETCH(double, scale);
  torch::manual_seed(17);
  const int64_t B = 37, d = 5;
  const double L = 10.0;
  auto raw0 = torch::randn({B, 2 * d}) * scale, mb0 = torch::randn({B, d}),
       lb0 = torch::randn({B, d}).clamp(-3, 3) * std::min(scale, 3.0), eps = torch::randn({B, d});
  auto gz = torch::randn({B, d}), gk = torch::randn({B});

  auto raw = raw0.clone().requires_grad_(), mb = mb0.clone().requires_grad_(),
       lb = lb0.clone().requires_grad_();
  auto [z, kl] = fusedNodeSampleKl(raw, mb, lb, eps, L);
  ((z * gz).sum() + (kl * gk).sum()).backward();

  auto raw_r = raw0.clone().requires_grad_(), mb_r = mb0.clone().requires_grad_(),
       lb_r = lb0.clone().requires_grad_();
  Gaussian p = gaussianFromRaw(raw_r, L);
  Gaussian q = fusePrecisionWeighted(p, {mb_r, lb_r});
  auto z_r = q.mean + torch::exp(0.5 * q.logvar) * eps;
  auto kl_r = klDivergence(q, p);
  ((z_r * gz).sum() + (kl_r * gk).sum()).backward();

  auto close = [](const torch::Tensor& a, const torch::Tensor& b) {
    return torch::allclose(a, b, 1e-4, 1e-4);
  };
  QVERIFY(close(z, z_r));
  QVERIFY2(close(kl, kl_r), qPrintable(QString::number((kl - kl_r).abs().max().item<double>())));
  QVERIFY2(close(raw.grad(), raw_r.grad()),
           qPrintable(QString::number((raw.grad() - raw_r.grad()).abs().max().item<double>())));
  QVERIFY(close(mb.grad(), mb_r.grad()));
  QVERIFY2(close(lb.grad(), lb_r.grad()),
           qPrintable(QString::number((lb.grad() - lb_r.grad()).abs().max().item<double>())));
  QVERIFY(torch::isfinite(raw.grad()).all().item<bool>());
}

void TstFusedOps::bernoulliNllMatchesReference() {
  namespace F = torch::nn::functional;
  torch::manual_seed(3);
  auto l0 = torch::randn({9, 50}) * 30;  // includes large logits (softplus overflow branch)
  auto x = (torch::rand({9, 50}) > 0.5).to(torch::kFloat);
  auto g = torch::randn({9});
  auto l = l0.clone().requires_grad_(), l_r = l0.clone().requires_grad_();
  auto nll = bernoulliNll(l, x);
  (nll * g).sum().backward();
  auto ref = F::binary_cross_entropy_with_logits(
                 l_r, x, F::BinaryCrossEntropyWithLogitsFuncOptions().reduction(torch::kNone))
                 .sum(-1);
  (ref * g).sum().backward();
  QVERIFY(torch::allclose(nll, ref, 1e-4, 1e-3));
  QVERIFY(torch::allclose(l.grad(), l_r.grad(), 1e-4, 1e-5));
}

QTEST_GUILESS_MAIN(TstFusedOps)
#include "tst_fused_ops.moc"
