// Tests Adam against LibTorch's torch::optim::Adam, the one-pass gradient norm, released
// gradients and the optimizer state round trip.
#include <ATen/Parallel.h>
#include <torch/optim/adam.h>
#include <torch/types.h>

#include <QtTest/QtTest>
#include <cmath>
#include <limits>

#include "core/training/adam.h"

using namespace gvae;

class TstAdam : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { at::set_num_threads(2); }  // the fused loops split over threads
  void matchesLibTorchAdam_data();
  void matchesLibTorchAdam();
  void gradNormIsTheJointNorm();
  void gradNormPropagatesNonFinite();
  void zeroGradReleasesGradients();
  void stateRoundTrip();
};

namespace {
// A large matrix (split over threads), a vector and a scalar, as a model's parameters are.
std::vector<torch::Tensor> makeParams(uint64_t seed) {
  torch::manual_seed(seed);
  return {torch::randn({300, 257}).requires_grad_(), torch::randn({33}).requires_grad_(),
          torch::randn({}).requires_grad_()};
}
torch::Tensor loss(const std::vector<torch::Tensor>& p, int step) {
  return (p[0].sin() * (step + 1)).pow(2).sum() + (p[1] * p[1]).sum() * 3 + p[2].exp();
}
}  // namespace

void TstAdam::matchesLibTorchAdam_data() {
  QTest::addColumn<double>("scale");
  QTest::newRow("no clipping") << 1.0;
  QTest::newRow("clipped gradients") << 0.25;
}

void TstAdam::matchesLibTorchAdam() {
  QFETCH(double, scale);
  auto ours = makeParams(1), ref = makeParams(1);
  Adam adam({{"w", ours[0]}, {"v", ours[1]}, {"s", ours[2]}}, 1e-2);
  torch::optim::Adam torch_adam(ref, torch::optim::AdamOptions(1e-2));
  for (int step = 0; step < 5; ++step) {
    // Adam is invariant to one constant scale: clip every other step so the scale matters.
    const double s = step % 2 ? scale : 1.0;
    adam.zeroGrad();
    loss(ours, step).backward();
    adam.step(s);
    torch_adam.zero_grad();
    loss(ref, step).backward();
    {
      torch::NoGradGuard no_grad;  // LibTorch's Adam has no clipping argument: scale by hand
      for (auto& p : ref) p.mutable_grad().mul_(s);
    }
    torch_adam.step();
  }
  QCOMPARE(adam.steps(), int64_t{5});
  for (size_t k = 0; k < ours.size(); ++k)
    QVERIFY2(torch::allclose(ours[k], ref[k], 1e-5, 1e-6),
             qPrintable(QString::number((ours[k] - ref[k]).abs().max().item<double>())));
}

void TstAdam::gradNormIsTheJointNorm() {
  auto p = makeParams(2);
  Adam adam({{"w", p[0]}, {"v", p[1]}, {"s", p[2]}}, 1e-3);
  loss(p, 1).backward();
  double expected = 0;
  for (const auto& t : p) expected += t.grad().to(torch::kDouble).pow(2).sum().item<double>();
  const double norm = adam.gradNorm().item<double>();
  QVERIFY2(std::abs(norm - std::sqrt(expected)) <= 1e-6 * std::sqrt(expected),
           qPrintable(QString("%1 vs %2").arg(norm).arg(std::sqrt(expected))));
}

void TstAdam::gradNormPropagatesNonFinite() {
  auto p = makeParams(3);
  Adam adam({{"w", p[0]}, {"v", p[1]}, {"s", p[2]}}, 1e-3);
  loss(p, 0).backward();
  {
    torch::NoGradGuard no_grad;
    p[0].mutable_grad()[299][256] = std::numeric_limits<float>::quiet_NaN();  // the last element
  }
  QVERIFY(std::isnan(adam.gradNorm().item<double>()));
  p[0].mutable_grad()[299][256] = std::numeric_limits<float>::infinity();
  QVERIFY(!std::isfinite(adam.gradNorm().item<double>()));
}

void TstAdam::zeroGradReleasesGradients() {
  auto p = makeParams(4);
  Adam adam({{"w", p[0]}, {"v", p[1]}, {"s", p[2]}}, 1e-3);
  loss(p, 0).backward();
  QVERIFY(p[0].grad().defined());
  adam.zeroGrad();
  for (const auto& t : p) QVERIFY(!t.grad().defined());
  QCOMPARE(adam.gradNorm().item<double>(), 0.0);
  // The next backward pass starts from nothing: the gradient is that pass's alone.
  loss(p, 0).backward();
  auto first = p[1].grad().clone();
  adam.zeroGrad();
  loss(p, 0).backward();
  QVERIFY(torch::equal(p[1].grad(), first));
}

void TstAdam::stateRoundTrip() {
  auto p = makeParams(5), q = makeParams(5);
  Adam a({{"w", p[0]}, {"v", p[1]}, {"s", p[2]}}, 1e-2);
  Adam b({{"w", q[0]}, {"v", q[1]}, {"s", q[2]}}, 1e-2);
  for (int step = 0; step < 3; ++step) {
    a.zeroGrad();
    loss(p, step).backward();
    a.step();
  }
  {
    torch::NoGradGuard no_grad;
    for (size_t k = 0; k < p.size(); ++k) q[k].copy_(p[k]);
  }
  QVERIFY(b.loadState(a.state()));
  QCOMPARE(b.steps(), int64_t{3});
  for (auto* opt : {&a, &b}) {  // the same next step from the restored state
    opt->zeroGrad();
    loss(opt == &a ? p : q, 3).backward();
    opt->step();
  }
  for (size_t k = 0; k < p.size(); ++k) QVERIFY(torch::equal(p[k], q[k]));
  QVERIFY(!b.loadState({}));  // no step count: an error, not a crash
}

QTEST_GUILESS_MAIN(TstAdam)
#include "tst_adam.moc"
