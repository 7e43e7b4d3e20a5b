// Tests that the fused CPU kernels equal autograd on the reference tensor math, values and grads.
#include <ATen/Parallel.h>
#include <torch/nn/functional/loss.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/types.h>

#include <QtTest/QtTest>
#include <cmath>
#include <limits>

#include "core/models/fused_kernels.h"
#include "core/models/fused_ops.h"
#include "core/models/gaussian.h"
#include "core/models/layers.h"

using namespace gvae;

class TstFusedOps : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { at::set_num_threads(2); }  // so the kernels' row and column chunks split
  void nodeMatchesReference_data();
  void nodeMatchesReference();
  void bernoulliNllMatchesReference();
  void batchNormEluMatchesModules_data();
  void batchNormEluMatchesModules();
  void mlpForwardMatchesSequential();
  void vectorExpAndLogAreAccurate();
};

void TstFusedOps::nodeMatchesReference_data() {
  QTest::addColumn<double>("scale");
  QTest::addColumn<int>("rows");
  QTest::newRow("typical") << 1.0 << 37;
  QTest::newRow("wide") << 4.0 << 37;
  QTest::newRow("saturated log-variances") << 40.0 << 37;
  QTest::newRow("rows split over threads") << 2.0 << 1500;
}

void TstFusedOps::nodeMatchesReference() {
  QFETCH(double, scale);
  QFETCH(int, rows);
  torch::manual_seed(17);
  const int64_t B = rows, d = 5;
  const double L = 10.0;
  auto raw0 = torch::randn({B, 2 * d}) * scale, mb0 = torch::randn({B, d}),
       lb0 = torch::randn({B, d}).clamp(-3, 3) * std::min(scale, 3.0), eps = torch::randn({B, d});
  auto gz = torch::randn({B, d}), gk = torch::randn({B});

  auto raw = raw0.clone().requires_grad_(), mb = mb0.clone().requires_grad_(),
       lb = lb0.clone().requires_grad_();
  auto [z, kl] = fusedNodeSampleKl(raw, mb, lb, eps, L);
  ((z * gz).sum() + (kl * gk).sum()).backward();

  // The reference runs the tensor math in double: in float, mq - mp cancels where the prior
  // variance is tiny and the KL's (mq - mp)^2 / vp is only good to a few 1e-4.
  auto dbl = [](const torch::Tensor& t) { return t.to(torch::kDouble).requires_grad_(); };
  auto raw_r = dbl(raw0), mb_r = dbl(mb0), lb_r = dbl(lb0);
  Gaussian p = gaussianFromRaw(raw_r, L);
  Gaussian q = fusePrecisionWeighted(p, {mb_r, lb_r});
  auto z_r = q.mean + torch::exp(0.5 * q.logvar) * eps.to(torch::kDouble);
  auto kl_r = klDivergence(q, p);
  ((z_r * gz.to(torch::kDouble)).sum() + (kl_r * gk.to(torch::kDouble)).sum()).backward();

  auto close = [](const torch::Tensor& a, const torch::Tensor& b) {
    return torch::allclose(a.to(torch::kDouble), b, 1e-4, 1e-4);
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
  // Large logits included (softplus overflow branch); 100 rows of 784 split over threads.
  auto l0 = torch::randn({100, 784}) * 30;
  auto x = (torch::rand({100, 784}) > 0.5).to(torch::kFloat);
  auto g = torch::randn({100});
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

void TstFusedOps::batchNormEluMatchesModules_data() {
  QTest::addColumn<int>("rows");
  QTest::addColumn<int>("features");
  QTest::newRow("training layer, columns split over threads") << 128 << 512;
  QTest::newRow("small") << 7 << 3;
  QTest::newRow("two rows") << 2 << 40;
}

void TstFusedOps::batchNormEluMatchesModules() {
  QFETCH(int, rows);
  QFETCH(int, features);
  torch::manual_seed(5);
  torch::nn::BatchNorm1d bn(features), ref(features);
  {
    torch::NoGradGuard no_grad;
    bn->weight.uniform_(0.5, 2.0);
    bn->bias.uniform_(-1.0, 1.0);
    ref->weight.copy_(bn->weight);
    ref->bias.copy_(bn->bias);
  }
  for (int step = 0; step < 2; ++step) {  // the second step starts from updated running stats
    auto x0 = torch::randn({rows, features}) * 3 + 1;
    auto gy = torch::randn({rows, features});
    auto x = x0.clone().requires_grad_(), x_r = x0.clone().requires_grad_();
    auto y = batchNormElu(x, *bn);
    auto y_r = torch::elu(ref->forward(x_r));
    (y * gy).sum().backward();
    (y_r * gy).sum().backward();
    QVERIFY2(torch::allclose(y, y_r, 1e-4, 1e-5),
             qPrintable(QString::number((y - y_r).abs().max().item<double>())));
    QVERIFY2(torch::allclose(x.grad(), x_r.grad(), 1e-3, 1e-5),
             qPrintable(QString::number((x.grad() - x_r.grad()).abs().max().item<double>())));
  }
  QVERIFY(torch::allclose(bn->weight.grad(), ref->weight.grad(), 1e-3, 1e-4));
  QVERIFY(torch::allclose(bn->bias.grad(), ref->bias.grad(), 1e-3, 1e-4));
  QVERIFY(torch::allclose(bn->running_mean, ref->running_mean, 1e-5, 1e-6));
  QVERIFY(torch::allclose(bn->running_var, ref->running_var, 1e-5, 1e-6));
  QCOMPARE(bn->num_batches_tracked.item<int64_t>(), int64_t{2});

  bn->eval();  // evaluation uses the running statistics (the module's own ops)
  ref->eval();
  auto x = torch::randn({rows, features});
  QVERIFY(torch::allclose(batchNormElu(x, *bn), torch::elu(ref->forward(x)), 1e-5, 1e-6));
}

void TstFusedOps::mlpForwardMatchesSequential() {
  torch::manual_seed(8);
  auto stack = mlpStack(20, {32, 16}, true);
  torch::nn::Sequential copy(std::dynamic_pointer_cast<torch::nn::SequentialImpl>(stack->clone()));
  auto x = torch::randn({64, 20});
  auto fused = mlpForward(stack, x);
  auto plain = copy->forward(x);
  QCOMPARE(fused.sizes(), (torch::IntArrayRef{64, 16}));
  QVERIFY(torch::allclose(fused, plain, 1e-4, 1e-5));
  for (int layer : {1, 4}) {  // the BatchNorms of both layers updated their running statistics
    auto a = stack[layer]->as<torch::nn::BatchNorm1d>(),
         b = copy[layer]->as<torch::nn::BatchNorm1d>();
    QVERIFY(a && b);
    QVERIFY(torch::allclose(a->running_var, b->running_var, 1e-5, 1e-6));
    QVERIFY(!torch::allclose(a->running_var, torch::ones_like(a->running_var)));
  }
}

void TstFusedOps::vectorExpAndLogAreAccurate() {
  for (float x = -80.0f; x <= 80.0f; x += 0.0137f) {
    const double e = std::exp(static_cast<double>(x));
    QVERIFY2(std::abs(vecExp(x) - e) <= 3e-7 * e, qPrintable(QString::number(x)));
    const double y = std::exp(static_cast<double>(x) / 4);  // log over 1e-9 .. 5e8
    const float yf = static_cast<float>(y);
    QVERIFY2(std::abs(vecLog(yf) - std::log(static_cast<double>(yf))) <=
                 3e-7 * std::max(1.0, std::abs(std::log(y))),
             qPrintable(QString::number(yf)));
  }
  // A diverging step feeds NaN and infinities (the NaN-skip test): NaN stays NaN, the ends
  // clamp (UBSan once found NaN cast to int here).
  QVERIFY(std::isnan(vecExp(std::numeric_limits<float>::quiet_NaN())));
  QVERIFY(vecExp(-std::numeric_limits<float>::infinity()) < 1e-37f);
  QVERIFY(vecExp(std::numeric_limits<float>::infinity()) > 1e38f);
  QVERIFY(vecExp(-1e30f) >= 0.0f);
}

QTEST_GUILESS_MAIN(TstFusedOps)
#include "tst_fused_ops.moc"
