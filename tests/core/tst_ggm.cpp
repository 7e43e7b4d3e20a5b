// Tests of the sparse-precision posteriors: banded algebra against dense, covariance, the model.
#include <torch/linalg.h>
#include <torch/types.h>

#include <QtTest/QtTest>

#include "core/models/banded_precision.h"
#include "core/models/ggm_vae.h"

using namespace gvae;

namespace {
BlockBidiagonal randomFactor(int64_t batch, int64_t nb, int64_t w, uint64_t seed) {
  torch::manual_seed(seed);
  auto opts = torch::TensorOptions().dtype(torch::kDouble);
  auto diag = torch::randn({batch, nb, w, w}, opts).tril(-1) * 0.5 +
              torch::diag_embed(torch::rand({batch, nb, w}, opts) + 0.5);
  auto sub = torch::randn({batch, std::max<int64_t>(nb - 1, 0), w, w}, opts) * 0.5;
  return {diag, sub};
}
}  // namespace

class TstGgm : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void bandedOpsEqualDense_data();
  void bandedOpsEqualDense();
  void sampleCovarianceMatchesInversePrecision();
  void modelsAreConsistent_data();
  void modelsAreConsistent();
};

void TstGgm::bandedOpsEqualDense_data() {
  QTest::addColumn<int>("blocks");
  QTest::addColumn<int>("width");
  QTest::newRow("chain 7") << 7 << 1;
  QTest::newRow("grid 4x3") << 4 << 3;
  QTest::newRow("one block of 4") << 1 << 4;
}

void TstGgm::bandedOpsEqualDense() {
  QFETCH(int, blocks);
  QFETCH(int, width);
  const int64_t B = 3, M = blocks * width;
  BlockBidiagonal L = randomFactor(B, blocks, width, 5);
  auto dense = toDense(L);  // [B, M, M]
  QVERIFY(torch::equal(dense, dense.tril()));
  auto eps = torch::randn({B, M}, torch::kDouble);
  auto nu = solveTransposed(L, eps);
  QVERIFY(
      torch::allclose(dense.transpose(1, 2).matmul(nu.unsqueeze(-1)).squeeze(-1), eps, 1e-9, 1e-9));
  auto [sign, logabs] = torch::linalg::slogdet(dense);
  QVERIFY(torch::allclose(halfLogDetPrecision(L), logabs));
  auto cov = torch::linalg::inv(dense.matmul(dense.transpose(1, 2)));  // Lambda^{-1}
  auto trace = cov.diagonal(0, 1, 2).sum(1);
  QVERIFY2(torch::allclose(traceCovariance(L), trace, 1e-9, 1e-9),
           qPrintable(QString::fromStdString(torch::str(traceCovariance(L) - trace))));
  auto mu = torch::randn({B, M}, torch::kDouble);
  auto kl = 0.5 * (trace + (mu * mu).sum(1) - M + 2 * logabs);  // -log det(cov) = 2 log|L|
  QVERIFY(torch::allclose(klToStandardNormal(mu, L), kl, 1e-9, 1e-9));
}

void TstGgm::sampleCovarianceMatchesInversePrecision() {
  const int64_t n = 200000;
  BlockBidiagonal one = randomFactor(1, 3, 2, 9);
  BlockBidiagonal L{one.diag.expand({n, 3, 2, 2}), one.sub.expand({n, 2, 2, 2})};
  torch::manual_seed(10);
  auto nu = solveTransposed(L, torch::randn({n, 6}, torch::kDouble));
  auto centered = nu - nu.mean(0, true);
  auto sample_cov = centered.t().mm(centered) / (n - 1);
  auto d = toDense(one)[0];
  auto cov = torch::linalg::inv(d.mm(d.t()));
  auto err = (sample_cov - cov).abs().max().item<double>();
  QVERIFY2(err < 0.02 * cov.abs().max().item<double>() + 0.005,
           qPrintable(QStringLiteral("max deviation %1").arg(err)));
}

void TstGgm::modelsAreConsistent_data() {
  QTest::addColumn<int>("pattern");
  QTest::newRow("ggm-chain") << int(GgmPattern::kChain);
  QTest::newRow("ggm-grid") << int(GgmPattern::kGrid);
}

void TstGgm::modelsAreConsistent() {
  QFETCH(int, pattern);
  torch::manual_seed(4);
  GgmVae model(GgmVaeOptions()
                   .backbone(BackboneOptions()
                                 .input_dim(20)
                                 .nodes(3)
                                 .node_dim(4)
                                 .encoder_hidden({16})
                                 .decoder_hidden({16}))
                   .pattern(static_cast<GgmPattern>(pattern)));
  auto x = (torch::rand({5, 20}) > 0.5).to(torch::kFloat);
  ElboTerms t = model->elbo(x, {});
  QCOMPARE(t.node_kl.sizes().vec(), (std::vector<int64_t>{5, 1}));
  QVERIFY(torch::isfinite(t.elbo()).all().item<bool>());
  QVERIFY((t.kl >= 0).all().item<bool>());
  QCOMPARE(model->posteriorMean(x, {}).sizes().vec(), (std::vector<int64_t>{5, 12}));
  QCOMPARE(model->samplePrior(7, {}).sizes().vec(), (std::vector<int64_t>{7, 12}));
  // The analytic KL and the density in the importance weights describe the same posterior:
  // E[log w] at K = 1 equals the ELBO.
  model->eval();
  torch::NoGradGuard no_grad;
  const int64_t reps = 20000;
  double elbo = model->elbo(x.repeat({reps, 1}), {}).elbo().mean().item<double>();
  double iw1 = model->logImportanceWeights(x, reps, {}).mean().item<double>();
  QVERIFY2(std::abs(elbo - iw1) < 0.05,
           qPrintable(QStringLiteral("ELBO %1 vs E[log w] %2").arg(elbo).arg(iw1)));
}

QTEST_GUILESS_MAIN(TstGgm)
#include "tst_ggm.moc"
