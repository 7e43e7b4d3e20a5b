// Tests of RecurrentGraphVae: shapes, masking (padding changes neither the ELBO nor its
// gradient), the importance-weighted bound, self and recurrent gates, prior samples.
#include <torch/types.h>

#include <QtTest/QtTest>

#include "core/models/recurrent_graph_vae.h"

using namespace gvae;

namespace {
constexpr int64_t kT = 12, kN = 3, kD = 2;

RecurrentGraphVae smallModel() {
  return RecurrentGraphVae(RecurrentGraphVaeOptions().steps(kT).nodes(kN).node_dim(kD).hidden(16));
}

// Packed sequences [n, 4T] with the given real lengths; padding all zero.
torch::Tensor packedData(const std::vector<int64_t>& lengths, uint64_t seed) {
  torch::manual_seed(seed);
  const int64_t n = static_cast<int64_t>(lengths.size());
  auto x = torch::zeros({n, kT, 4});
  for (int64_t i = 0; i < n; ++i) {
    const int64_t L = lengths[i];
    x[i].narrow(0, 0, L).narrow(1, 0, 2).copy_(torch::randn({L, 2}));
    x[i].narrow(0, 0, L).select(1, 2).copy_((torch::rand({L}) > 0.8).to(torch::kFloat));
    x[i][L - 1][2] = 1;  // the pen lifts at the end
    x[i].narrow(0, 0, L).select(1, 3).fill_(1);
  }
  return x.view({n, 4 * kT});
}
}  // namespace

class TstRecurrentGraphVae : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void shapesAndGates();
  void paddingChangesNothing_data();
  void paddingChangesNothing();
  void importanceWeightedBound();
  void frozenGatesGetNoGradient_data();
  void frozenGatesGetNoGradient();
  void priorSamplesDecodeToStrokes();
};

void TstRecurrentGraphVae::shapesAndGates() {
  torch::manual_seed(1);
  auto model = smallModel();
  auto x = packedData({12, 5, 1, 8}, 2);
  ElboTerms t = model->elbo(x, {});
  QCOMPARE(t.nll.sizes().vec(), (std::vector<int64_t>{4}));
  QCOMPARE(t.node_kl.sizes().vec(), (std::vector<int64_t>{4, kN}));
  QVERIFY(torch::isfinite(t.elbo()).all().item<bool>());
  QVERIFY((t.node_kl >= -1e-5).all().item<bool>());
  QCOMPARE(model->latentSteps(), kT);
  QCOMPARE(model->posteriorMeanPath(x, {}).sizes().vec(), (std::vector<int64_t>{4, kT * kN * kD}));
  QCOMPARE(model->posteriorMean(x, {}).sizes().vec(), (std::vector<int64_t>{4, kN * kD}));
  // Self gates z_i^t -> z_j^t (i > j) and recurrent gates z_i^{t-1} -> z_j^t (written -i).
  GatesImpl* g = model->gates();
  QCOMPARE(g->count(), kN * (kN - 1) / 2 + kN * kN);
  QVERIFY(g->index(3, 1) >= 0 && g->index(-1, 1) >= 0 && g->index(-3, 3) >= 0);
  QCOMPARE(g->index(1, 3), int64_t(-1));
  // A one-step sequence costs about a twelfth of a twelve-step one.
  QVERIFY(t.nll[2].item<double>() != 0 && t.kl[2].item<double>() < t.kl[0].item<double>());
}

void TstRecurrentGraphVae::paddingChangesNothing_data() {
  QTest::addColumn<bool>("training");
  QTest::newRow("training pass") << true;
  QTest::newRow("importance weights") << false;
}

void TstRecurrentGraphVae::paddingChangesNothing() {
  QFETCH(bool, training);
  torch::manual_seed(3);
  auto model = smallModel();
  auto clean = packedData({7, 3, 12}, 4);
  // Garbage in the padded steps' values (their mask stays 0).
  auto dirty = clean.clone().view({3, kT, 4});
  auto pad = dirty.select(2, 3) == 0;
  for (int k = 0; k < 3; ++k)
    dirty.select(2, k).masked_scatter_(pad, torch::randn({pad.sum().item<int64_t>()}) * 3);
  dirty = dirty.view({3, 4 * kT}).requires_grad_(true);
  auto run = [&](const torch::Tensor& x) {
    torch::manual_seed(10);
    model->zero_grad();
    torch::Tensor value =
        training ? model->elbo(x, {}).elbo().sum() : model->logImportanceWeights(x, 3, {}).sum();
    value.backward();
    std::vector<torch::Tensor> grads;
    for (const auto& p : model->parameters())
      grads.push_back(p.grad().defined() ? p.grad().clone() : torch::zeros_like(p));
    return std::make_pair(value.item<double>(), grads);
  };
  auto [a, ga] = run(clean);
  auto [b, gb] = run(dirty);
  QVERIFY2(a == b, qPrintable(QStringLiteral("%1 vs %2").arg(a, 0, 'g', 17).arg(b, 0, 'g', 17)));
  for (size_t i = 0; i < ga.size(); ++i) QVERIFY(torch::equal(ga[i], gb[i]));
  // Nothing flows back into the padded inputs either.
  auto gx = dirty.grad().view({3, kT, 4});
  QCOMPARE(gx.masked_select(pad.unsqueeze(2).expand({3, kT, 4})).abs().sum().item<double>(), 0.0);
}

void TstRecurrentGraphVae::importanceWeightedBound() {
  torch::manual_seed(11);
  auto model = smallModel();
  model->eval();
  torch::NoGradGuard no_grad;
  auto x = packedData({6, 12}, 12);
  PassOptions pass;
  pass.gates = GateMode::kHard;
  // E[log w] at K = 1 equals the ELBO (analytic KL) in expectation.
  const int64_t reps = 4000;
  double elbo =
      model->elbo(x.repeat({reps, 1}), pass).elbo().view({reps, 2}).mean(0).mean().item<double>();
  double iw1 = model->logImportanceWeights(x, reps, pass).mean().item<double>();
  QVERIFY2(std::abs(elbo - iw1) < 0.1,
           qPrintable(QStringLiteral("ELBO %1 vs E[log w] %2").arg(elbo).arg(iw1)));
}

void TstRecurrentGraphVae::frozenGatesGetNoGradient_data() {
  QTest::addColumn<int>("i");
  QTest::addColumn<int>("j");
  QTest::newRow("self z3 -> z1") << 3 << 1;
  QTest::newRow("recurrent z2(t-1) -> z2") << -2 << 2;
}

void TstRecurrentGraphVae::frozenGatesGetNoGradient() {
  QFETCH(int, i);
  QFETCH(int, j);
  torch::manual_seed(4);
  auto model = smallModel();
  GatesImpl* gates = model->gates();
  const int64_t g = gates->index(i, j);
  QVERIFY(g >= 0);
  gates->freeze(g, 1.0);
  model->elbo(packedData({12, 9, 4, 12}, 5), {}).elbo().mean().backward();
  auto grad = gates->weight.grad();
  QCOMPARE(grad[g].item<double>(), 0.0);
  QVERIFY(grad.abs().sum().item<double>() > 0);  // the free gates learn
}

void TstRecurrentGraphVae::priorSamplesDecodeToStrokes() {
  torch::manual_seed(6);
  auto model = smallModel();
  model->eval();
  torch::NoGradGuard no_grad;
  auto z = model->samplePrior(5, {});
  QCOMPARE(z.sizes().vec(), (std::vector<int64_t>{5, kT * kN * kD}));
  auto x = model->decodeMean(z).view({5, kT, 4});
  QVERIFY(torch::isfinite(x).all().item<bool>());
  auto pen = x.select(2, 2);
  QVERIFY((pen > 0).all().item<bool>() && (pen < 1).all().item<bool>());
  QVERIFY(torch::equal(x.select(2, 3), torch::ones({5, kT})));
}

QTEST_GUILESS_MAIN(TstRecurrentGraphVae)
#include "tst_recurrent_graph_vae.moc"
