// Tests the disentanglement metrics (beta-VAE, FactorVAE, MIG, DCI) on constructed codes whose
// answers are known: codes that copy the factors, codes that rotate them, codes independent of
// them, and exact small cases.
#include <QtTest/QtTest>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "core/data/splitmix.h"
#include "core/eval/disentanglement.h"

using namespace gvae;

namespace {

// splitmix64: the same stream with every standard library (unlike <random>'s distributions).
using TestRng = SplitMix64;

const std::vector<FactorInfo> kSprites = {{"shape", 4}, {"scale"}, {"rotation"}, {"x"}, {"y"}};

struct Data {
  std::vector<double> codes, factors;
};

// n examples of the sprites' five independent factors (shape uniform over 4 classes, the rest
// uniform in [0, 1)) and `latents` codes made by `code` from the factors and an rng.
template <class Code>
Data make(int64_t n, uint64_t seed, Code code) {
  TestRng rng(seed);
  Data d;
  for (int64_t i = 0; i < n; ++i) {
    std::vector<double> f = {static_cast<double>(rng.next() % 4), rng.uniform(), rng.uniform(),
                             rng.uniform(), rng.uniform()};
    d.factors.insert(d.factors.end(), f.begin(), f.end());
    for (double z : code(f, rng)) d.codes.push_back(z);
  }
  return d;
}

DisentanglementReport score(const Data& fit, const Data& test, int64_t latents,
                            const std::vector<FactorInfo>& factors = kSprites) {
  return disentanglementMetrics(fit.codes, fit.factors, test.codes, test.factors, latents, factors);
}

// One latent per factor (shape as its class index), small noise, and one latent of pure noise.
std::vector<double> faithful(const std::vector<double>& f, TestRng& rng) {
  std::vector<double> z;
  for (double v : f) z.push_back(v + 0.01 * (rng.uniform() - 0.5));
  z.push_back(rng.uniform());
  return z;
}

}  // namespace

class TestDisentanglement : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  // A code that copies each factor into its own latent is disentangled by every metric.
  void faithfulCodesScoreHigh() {
    const auto r = score(make(3000, 1, faithful), make(3000, 2, faithful), 6);
    QCOMPARE(r.latents, int64_t(6));
    QCOMPARE(r.active_latents, int64_t(6));
    QVERIFY2(r.betavae > 0.98, qPrintable(QString::number(r.betavae)));
    QVERIFY2(r.factorvae > 0.98, qPrintable(QString::number(r.factorvae)));
    QVERIFY2(r.mig > 0.8, qPrintable(QString::number(r.mig)));
    QVERIFY2(r.dci_disentanglement > 0.9, qPrintable(QString::number(r.dci_disentanglement)));
    QVERIFY2(r.dci_completeness > 0.9, qPrintable(QString::number(r.dci_completeness)));
    // Shape's indicators are not linear in its class index: informativeness stays below 1.
    QVERIFY(r.informativeness[0] < 0.9);
    for (int k = 1; k < 5; ++k) QVERIFY(r.informativeness[k] > 0.99);
    // Each factor's importance and normalized MI peak at its own latent.
    for (int k = 0; k < 5; ++k) {
      for (int j = 0; j < 6; ++j) {
        if (j == k) continue;
        QVERIFY(r.importance[k * 5 + k] > r.importance[j * 5 + k] + 0.5);
        QVERIFY(r.mutual_information[k * 5 + k] > r.mutual_information[j * 5 + k] + 0.5);
      }
    }
  }

  // Two latents that mix two factors equally (a 45-degree rotation) carry all their information
  // yet disentangle nothing: MIG and DCI's D and C vanish, beta-VAE and FactorVAE fall to chance.
  void rotatedCodesScoreLow() {
    const std::vector<FactorInfo> two = {{"x"}, {"y"}};
    const auto code = [](TestRng& rng, int64_t n, uint64_t) {
      Data d;
      for (int64_t i = 0; i < n; ++i) {
        const double x = rng.uniform(), y = rng.uniform();
        d.factors.insert(d.factors.end(), {x, y});
        d.codes.insert(d.codes.end(), {x + y, x - y});
      }
      return d;
    };
    TestRng a(3), b(4);
    const Data fit = code(a, 3000, 0), test = code(b, 3000, 0);
    const auto r = score(fit, test, 2, two);
    QVERIFY2(r.mig < 0.1, qPrintable(QString::number(r.mig)));
    QVERIFY2(r.dci_disentanglement < 0.01, qPrintable(QString::number(r.dci_disentanglement)));
    QVERIFY2(r.dci_completeness < 0.01, qPrintable(QString::number(r.dci_completeness)));
    QVERIFY2(r.dci_informativeness > 0.99, qPrintable(QString::number(r.dci_informativeness)));
    QVERIFY2(r.betavae < 0.6, qPrintable(QString::number(r.betavae)));
    QVERIFY2(r.factorvae < 0.6, qPrintable(QString::number(r.factorvae)));
  }

  // Codes independent of the factors score at chance (1/5 for five factors) or near zero.
  void independentCodesScoreAtChance() {
    const auto noise = [](const std::vector<double>&, TestRng& rng) {
      return std::vector<double>{rng.uniform(), rng.uniform(), rng.uniform(), rng.uniform()};
    };
    const auto r = score(make(3000, 5, noise), make(3000, 6, noise), 4);
    QVERIFY2(r.betavae < 0.3, qPrintable(QString::number(r.betavae)));
    QVERIFY2(r.factorvae < 0.3, qPrintable(QString::number(r.factorvae)));
    QVERIFY2(r.mig < 0.03, qPrintable(QString::number(r.mig)));
    QVERIFY2(r.dci_informativeness < 0.01, qPrintable(QString::number(r.dci_informativeness)));
  }

  // A latent equal to a balanced binary factor carries MI = H = log 2; a constant latent none:
  // MIG is exactly 1. DCI on codes equal to the factors is exactly disentangled and complete.
  void exactCases() {
    const std::vector<FactorInfo> bit = {{"bit", 2}};
    std::vector<double> codes, factors;
    for (int i = 0; i < 200; ++i) {
      factors.push_back(i % 2);
      codes.insert(codes.end(), {double(i % 2), 0.5});
    }
    const auto r = disentanglementMetrics(codes, factors, codes, factors, 2, bit);
    QCOMPARE(r.mutual_information[0], 1.0);
    QCOMPARE(r.mutual_information[1] + 1.0, 1.0);
    QCOMPARE(r.mig, 1.0);
    QCOMPARE(r.active_latents, int64_t(1));  // the constant latent has collapsed
    QCOMPARE(r.factorvae, 1.0);
    QCOMPARE(r.betavae, 1.0);  // one eligible factor: the classifier cannot err

    const std::vector<FactorInfo> three = {{"a"}, {"b"}, {"c"}};
    TestRng rng(7);
    std::vector<double> f;
    for (int i = 0; i < 3 * 500; ++i) f.push_back(rng.uniform());
    const auto d = disentanglementMetrics(f, f, f, f, 3, three);
    // The ridge (1e-6 of the trace) leaks ~1e-8 of importance onto the other latents.
    QVERIFY2(std::abs(d.dci_disentanglement - 1) < 1e-5,
             qPrintable(QString::number(d.dci_disentanglement - 1)));
    QVERIFY(std::abs(d.dci_completeness - 1) < 1e-5);
    QVERIFY(std::abs(d.dci_informativeness - 1) < 1e-6);
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 3; ++k) QVERIFY(std::abs(d.importance[j * 3 + k] - (j == k)) < 1e-6);
  }

  // The same inputs and seed give the same report.
  void deterministic() {
    const Data fit = make(1000, 8, faithful), test = make(1000, 9, faithful);
    const auto a = score(fit, test, 6), b = score(fit, test, 6);
    QCOMPARE(a.betavae, b.betavae);
    QCOMPARE(a.factorvae, b.factorvae);
    QCOMPARE(a.mig, b.mig);
    QCOMPARE(a.importance, b.importance);
  }

  void rejectsInconsistentInput() {
    const Data d = make(100, 10, faithful);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             disentanglementMetrics(d.codes, d.factors, d.codes, d.factors, 5,
                                                    kSprites));  // 6 latents given
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             disentanglementMetrics({}, {}, d.codes, d.factors, 6, kSprites));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             disentanglementMetrics(d.codes, d.factors, d.codes, d.factors, 6, {}));
    std::vector<double> bad = d.factors;
    bad[0] = 7;  // shape has 4 classes
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             disentanglementMetrics(d.codes, bad, d.codes, d.factors, 6, kSprites));
  }
};

QTEST_APPLESS_MAIN(TestDisentanglement)
#include "tst_disentanglement.moc"
