// Tests of the Gaussian algebra: analytic KL vs Monte Carlo, fusion = normalized product.
#include <torch/types.h>

#include <QtTest/QtTest>

#include "core/models/gaussian.h"

using namespace gvae;

class TstGaussian : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void klMatchesMonteCarlo_data();
  void klMatchesMonteCarlo();
  void fusionIsNormalizedProduct();
  void logvarIsBounded();
};

void TstGaussian::klMatchesMonteCarlo_data() {
  QTest::addColumn<double>("shift");
  QTest::addColumn<double>("scale");
  QTest::newRow("same") << 0.0 << 0.0;
  QTest::newRow("shifted") << 1.5 << 0.0;
  QTest::newRow("wider prior") << 0.3 << 1.2;
  QTest::newRow("narrower prior") << -0.7 << -0.8;
}

void TstGaussian::klMatchesMonteCarlo() {
  QFETCH(double, shift);
  QFETCH(double, scale);
  torch::manual_seed(7);
  const int64_t d = 4, samples = 400000;
  Gaussian q{torch::randn({1, d}) * 0.5, torch::randn({1, d}) * 0.3};
  Gaussian p{q.mean + shift, q.logvar + scale + torch::randn({1, d}) * 0.1};
  double analytic = klDivergence(q, p).item<double>();
  Gaussian qs{q.mean.expand({samples, d}), q.logvar.expand({samples, d})};
  Gaussian ps{p.mean.expand({samples, d}), p.logvar.expand({samples, d})};
  auto z = qs.sample();
  double mc = (qs.logDensity(z) - ps.logDensity(z)).mean().item<double>();
  QVERIFY2(std::abs(analytic - mc) < 0.02 + 0.01 * analytic,
           qPrintable(QStringLiteral("analytic %1, Monte Carlo %2").arg(analytic).arg(mc)));
  // The standard-normal special case agrees with the general formula.
  Gaussian std_normal{torch::zeros({1, d}), torch::zeros({1, d})};
  QVERIFY(std::abs(klToStandardNormal(q).item<double>() -
                   klDivergence(q, std_normal).item<double>()) < 1e-5);
  QVERIFY(analytic >= 0);
}

void TstGaussian::fusionIsNormalizedProduct() {
  // N(z; q) must equal N(z; p) N(z; b) / Z: log p + log b - log q is the same for every z.
  torch::manual_seed(3);
  Gaussian p{torch::randn({1, 3}), torch::randn({1, 3})};
  Gaussian b{torch::randn({1, 3}), torch::randn({1, 3}) * 2};
  Gaussian q = fusePrecisionWeighted(p, b);
  auto z = torch::randn({50, 3}) * 3;
  Gaussian pe{p.mean.expand({50, 3}), p.logvar.expand({50, 3})};
  Gaussian be{b.mean.expand({50, 3}), b.logvar.expand({50, 3})};
  Gaussian qe{q.mean.expand({50, 3}), q.logvar.expand({50, 3})};
  auto diff = pe.logDensity(z) + be.logDensity(z) - qe.logDensity(z);
  QVERIFY2((diff - diff.mean()).abs().max().item<double>() < 1e-4, "fusion is not the product");
  // Precisions add; the mean is the precision-weighted mean.
  auto prec = torch::exp(-p.logvar) + torch::exp(-b.logvar);
  QVERIFY(torch::allclose(torch::exp(-q.logvar), prec, 1e-4, 1e-5));
  auto mean = (p.mean * torch::exp(-p.logvar) + b.mean * torch::exp(-b.logvar)) / prec;
  QVERIFY(torch::allclose(q.mean, mean, 1e-4, 1e-5));
  // Extreme log-variances stay finite.
  Gaussian sharp{torch::zeros({1, 2}), torch::full({1, 2}, -10.0)};
  Gaussian flat{torch::ones({1, 2}), torch::full({1, 2}, 10.0)};
  Gaussian f = fusePrecisionWeighted(flat, sharp);
  QVERIFY(torch::isfinite(f.mean).all().item<bool>() &&
          torch::isfinite(f.logvar).all().item<bool>());
}

void TstGaussian::logvarIsBounded() {
  auto raw = torch::tensor({0.0, 0.0, 1e6, -1e6}).view({1, 4});
  Gaussian g = gaussianFromRaw(raw, 10.0);
  QCOMPARE(g.mean.size(1), 2);
  QVERIFY(g.logvar.abs().max().item<double>() <= 10.0);
  QVERIFY(torch::isfinite(klToStandardNormal(g)).all().item<bool>());
}

QTEST_GUILESS_MAIN(TstGaussian)
#include "tst_gaussian.moc"
