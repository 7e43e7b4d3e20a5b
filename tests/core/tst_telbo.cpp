// Tests of TELBO: the product of experts is the normalized product of the densities, the
// sprites' attributes and held-out combinations, the 3 Cs' math on constructed cases, the triple
// ELBO's terms, and a short training whose eval reports the 3 Cs with held-out combinations
// kept out of training.
#include <torch/types.h>

#include <QtTest/QtTest>
#include <cmath>
#include <set>

#include "core/analysis/analyzer.h"
#include "core/data/attributes.h"
#include "core/data/sprites.h"
#include "core/eval/concepts.h"
#include "core/eval/evaluator.h"
#include "core/io/run_file.h"
#include "core/models/gaussian.h"
#include "core/models/noise.h"
#include "core/models/telbo.h"
#include "core/training/session.h"
#include "core/training/trainer.h"
#include "tests/tiny_config.h"
#include "tests/training_fixture.h"

using namespace gvae;

class TstTelbo : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  // p(z) e1(z) e2(z) normalized on a fine grid has the mean and variance of productOfExperts;
  // an expert marked absent changes nothing.
  void productOfExpertsIsTheNormalizedProduct() {
    Gaussian a{torch::tensor({1.5}, torch::kDouble).view({1, 1}),
               torch::tensor({std::log(0.5)}, torch::kDouble).view({1, 1})};
    Gaussian b{torch::tensor({-0.7}, torch::kDouble).view({1, 1}),
               torch::tensor({std::log(2.0)}, torch::kDouble).view({1, 1})};
    Gaussian p = productOfExperts({a, b});
    auto z = torch::linspace(-12, 12, 240001, torch::kDouble);
    const auto logpdf = [&](double m, double v) {
      return -0.5 * (z - m).pow(2) / v - 0.5 * std::log(2 * M_PI * v);
    };
    auto w = torch::exp(logpdf(0, 1) + logpdf(1.5, 0.5) + logpdf(-0.7, 2.0));
    w = w / w.sum();
    const double mean = (w * z).sum().item<double>();
    const double var = (w * (z - mean).pow(2)).sum().item<double>();
    QVERIFY(std::abs(p.mean.item<double>() - mean) < 1e-6);
    QVERIFY(std::abs(p.logvar.exp().item<double>() - var) < 1e-6);
    // By hand: precision 1 + 2 + 0.5 = 3.5, mean (1.5 * 2 - 0.7 * 0.5) / 3.5.
    QVERIFY(std::abs(p.mean.item<double>() - (3.0 - 0.35) / 3.5) < 1e-12);
    auto one = torch::ones({1, 1}, torch::kDouble), none = torch::zeros({1, 1}, torch::kDouble);
    Gaussian only_a = productOfExperts({a, b}, {one, none});
    Gaussian alone = productOfExperts({a});
    QVERIFY(torch::allclose(only_a.mean, alone.mean) &&
            torch::allclose(only_a.logvar, alone.logvar));
    Gaussian prior = productOfExperts({a, b}, {none, none});  // nothing given: the prior
    QCOMPARE(prior.mean.item<double>(), 0.0);
    QCOMPARE(prior.logvar.item<double>(), 0.0);
  }

  void spritesAttributesAndHeldOutCombinations() {
    const auto& attrs = spritesAttributes();
    QCOMPARE(attrs.size(), size_t(5));
    const SpriteSet s = generateSprites({3000, kSpritesSeed, 0});
    const std::vector<int64_t> codes = spritesAttributeCodes(s.factors);
    // The bins are the tertiles of these very sprites: a third in each, within ties.
    for (size_t k = 1; k < 5; ++k) {
      std::vector<int64_t> count(3, 0);
      for (size_t i = k; i < codes.size(); i += 5) ++count[size_t(codes[i])];
      for (int64_t c : count) QVERIFY2(c > 900 && c < 1100, qPrintable(QString::number(c)));
    }
    for (size_t i = 0; i < codes.size(); i += 5) QCOMPARE(codes[i], int64_t(s.labels[i / 5]));
    const std::vector<int64_t> all = allCombinations(attrs);
    QCOMPARE(all.size(), size_t(4 * 3 * 3 * 3 * 3 * 5));
    QCOMPARE(std::vector<int64_t>(all.end() - 5, all.end()), (std::vector<int64_t>{3, 2, 2, 2, 2}));
    const std::vector<int64_t> held = heldOutCombinations(attrs);
    QCOMPARE(held.size(), size_t(32 * 5));       // 10 % of 324
    QCOMPARE(held, heldOutCombinations(attrs));  // fixed
    const std::vector<bool> among = isAmong(all, held, 5);
    QCOMPARE(std::count(among.begin(), among.end(), true), 32L);
  }

  void conceptMathOnKnownCases() {
    QCOMPARE(jensenShannon({1, 2, 1}, {2, 4, 2}), 0.0);              // the same after normalizing
    QVERIFY(std::abs(jensenShannon({1, 0}, {0, 1}) - 1.0) < 1e-12);  // disjoint: one bit
    // JS({1/2, 1/2}, {1, 0}) = 1/2 KL(p || m) + 1/2 KL(q || m), m = {3/4, 1/4}.
    const double js = 0.5 * (0.5 * std::log2(0.5 / 0.75) + 0.5 * std::log2(0.5 / 0.25)) +
                      0.5 * std::log2(1 / 0.75);
    QVERIFY(std::abs(jensenShannon({0.5, 0.5}, {1, 0}) - js) < 1e-12);
    // Two images judged for the query (0, -1, 2): both given attributes right in the first, one
    // in the second: correctness (1 + 1/2) / 2.
    const std::vector<int64_t> judged{0, 1, 2, 0, 0, 1};
    QCOMPARE(queryCorrectness(judged, {0, -1, 2}), 0.75);
    QVERIFY(std::isnan(queryCorrectness(judged, {-1, -1, -1})));
    // The unspecified attribute 1 was judged 1 and 0 once each: uniform, as the truth says.
    const std::vector<std::vector<double>> uniform{{1, 1}, {1, 1}, {1, 1, 1}};
    QCOMPARE(queryCoverage(judged, {0, -1, 2}, uniform, {2, 2, 3}), 1.0);
    const std::vector<std::vector<double>> skewed{{1, 1}, {0, 1}, {1, 1, 1}};
    QVERIFY(std::abs(queryCoverage(judged, {0, -1, 2}, skewed, {2, 2, 3}) - (1 - js)) < 1e-12);
  }

  // extra_loss is the joint and the attribute-only bounds' negatives, with the same draws.
  void tripleElboTerms() {
    torch::manual_seed(3);
    TelboOptions o;
    o.backbone(BackboneOptions()
                   .input_dim(12)
                   .nodes(2)
                   .node_dim(2)
                   .encoder_hidden({16})
                   .decoder_hidden({16})
                   .head_hidden(8))
        .attribute_sizes({3, 2})
        .lambda(7)
        .gamma(3);
    Telbo m(o);
    m->eval();
    torch::NoGradGuard no_grad;
    auto x = torch::bernoulli(torch::full({4, 12}, 0.3));
    auto codes = torch::tensor({0, 1, 2, 0, 1, -1, 2, 1}, torch::kLong).view({4, 2});
    ElboTerms t;
    {
      ScopedNoise noise(11);
      t = m->elboWithLabels(x, codes, {}, {});
    }
    torch::Tensor want;
    {
      ScopedNoise noise(11);
      ElboTerms image = m->elbo(x, {});  // the same draws in the same order
      Gaussian joint = m->posterior(x, codes);
      auto zj = joint.sample();
      auto logits = m->decode(zj);
      auto bce =
          torch::binary_cross_entropy_with_logits(logits, x, {}, {}, at::Reduction::None).sum(1);
      Gaussian attr = m->posterior({}, codes);
      auto za = attr.sample();
      want = bce + 7 * m->attributeNll(zj, codes) + klToStandardNormal(joint) +
             3 * m->attributeNll(za, codes) + klToStandardNormal(attr);
      QVERIFY(torch::allclose(t.nll, image.nll));
    }
    QVERIFY(torch::allclose(t.extra_loss, want, 1e-4, 1e-4));
    // The attribute NLL counts only given attributes: row 2 has one.
    auto z = torch::zeros({4, 4});
    auto nll = m->attributeNll(z, codes);
    auto single =
        m->attributeNll(z, torch::tensor({1, -1}, torch::kLong).view({1, 2}).repeat({4, 1}));
    QVERIFY(std::abs(nll[2].item<double>() - single[2].item<double>()) < 1e-5);
    ElboTerms off = m->elboWithLabels(x, codes, torch::zeros({4}, torch::kBool), {});
    QCOMPARE(off.extra_loss.abs().sum().item<double>(), 0.0);
  }

  // A short training on the tiny sprites never sees a held-out combination; eval reports the
  // 3 Cs in [0, 1] and the judge recognizes the shapes.
  void trainsAndReportsTheThreeCs() {
    QTemporaryDir dir;
    RunConfig c = tinyConfig("telbo", 3);
    c.out_path = dir.filePath(QStringLiteral("t.h5")).toStdString();
    {
      std::unique_ptr<TrainingSession> s;
      QVERIFY(TrainingSession::create(c, &s).ok);
      auto codes = s->data().train.attributes.contiguous();
      const std::vector<int64_t> flat(codes.data_ptr<int64_t>(),
                                      codes.data_ptr<int64_t>() + codes.numel());
      const auto among = isAmong(flat, heldOutCombinations(spritesAttributes()), 5);
      QCOMPARE(std::count(among.begin(), among.end(), true), 0L);
      QVERIFY(s->data().train.size() < 960 && s->data().train.size() > 800);
    }
    QCOMPARE(trainToEnd(c).latest.state, TrainerState::kFinished);
    EvalOptions o;
    o.threads = 1;
    o.iw_samples = 2;
    EvalReport r;
    Status st = evaluateRun(c.out_path, o, &r);
    QVERIFY2(st.ok, st.message.c_str());
    QVERIFY(r.concepts.has_value());
    const ConceptReport& cr = *r.concepts;
    for (double v : {cr.correctness, cr.coverage, cr.compositionality, cr.abstract_correctness})
      QVERIFY2(v >= 0 && v <= 1, qPrintable(QString::number(v)));
    QCOMPARE(cr.held_out_queries, int64_t(32));
    QVERIFY(cr.seen_queries > 10 && cr.partial_queries > 10);
    QVERIFY2(cr.judge_accuracy[0] > 0.6, qPrintable(QString::number(cr.judge_accuracy[0])));
    // The samples view: one attribute query per row, full and partial in turn.
    RunRecord rec;
    QVERIFY(readRunFile(c.out_path, &rec).ok);
    std::unique_ptr<Analyzer> a;
    QVERIFY(Analyzer::create(rec.config, "", 1, &a).ok);
    QVERIFY(a->setWeights(*rec.checkpoint).ok);
    const ImageGrid g = a->samples(4, 3, 1);
    QCOMPARE(g.rows, 4);
    QCOMPARE(g.cols, 3);
    QCOMPARE(g.row_labels.size(), size_t(4));
    QVERIFY(g.row_labels[0].find("·") == std::string::npos);
    QVERIFY(g.row_labels[1].find("· · ·") != std::string::npos);
  }
};

QTEST_GUILESS_MAIN(TstTelbo)
#include "tst_telbo.moc"
