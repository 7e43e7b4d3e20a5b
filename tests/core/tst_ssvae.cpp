// Tests of the semi-supervised VAE: the unlabelled bound is the class mixture of the labelled
// ones plus the class posterior's entropy, importance weights average to it, labelled rows are
// balanced by class, and a few labels teach the classifier the sprites' shapes.
#include <torch/types.h>

#include <QtTest/QtTest>
#include <cmath>

#include "core/eval/evaluator.h"
#include "core/eval/metrics.h"
#include "core/models/noise.h"
#include "core/models/ssvae.h"
#include "core/training/session.h"
#include "core/training/trainer.h"
#include "tests/tiny_config.h"

using namespace gvae;

namespace {

SsVae tinyModel() {
  torch::manual_seed(5);
  SsVae m(SsVaeOptions()
              .backbone(BackboneOptions()
                            .input_dim(12)
                            .nodes(2)
                            .node_dim(3)
                            .encoder_hidden({16})
                            .decoder_hidden({16}))
              .classes(3));
  m->eval();
  return m;
}

torch::Tensor binaryInputs(int64_t n) {
  torch::manual_seed(6);
  return torch::bernoulli(torch::full({n, 12}, 0.4));
}

}  // namespace

class TstSsVae : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  // U(x) = sum_c q(c|x) L(x, c) + H(q(y|x)), with the same z draws.
  void unlabelledBoundIsTheClassMixture() {
    SsVae m = tinyModel();
    torch::NoGradGuard no_grad;
    auto x = binaryInputs(5);
    PassOptions pass;
    torch::Tensor u;
    {
      ScopedNoise noise(9);
      u = m->elbo(x, pass).elbo();
    }
    auto q = torch::softmax(m->classLogits(x), 1);  // [5, 3]
    auto mixture = -(q * torch::log(q)).sum(1);     // the entropy
    for (int64_t c = 0; c < 3; ++c) {
      ScopedNoise noise(9);  // the enumeration draws every class's z at once: the same draws
      auto labels = torch::full({5}, c, torch::kLong);
      auto all = torch::ones({5}, torch::kBool);
      ElboTerms t = m->elboWithLabels(x, labels, all, pass);
      QVERIFY(torch::allclose(t.kl - t.node_kl.sum(1),
                              torch::full({5}, std::log(3.0), torch::kFloat)));  // -log p(y)
      mixture = mixture + q.select(1, c) * t.elbo();
    }
    QVERIFY2(torch::allclose(u, mixture, 1e-4, 1e-4),
             qPrintable(QString::number((u - mixture).abs().max().item<double>())));
  }

  // E over y ~ q(y|x), z ~ q(z|x,y) of log w is U(x).
  void importanceWeightsAverageToTheBound() {
    SsVae m = tinyModel();
    torch::NoGradGuard no_grad;
    auto x = binaryInputs(4);
    PassOptions pass;
    ScopedNoise noise(11);
    auto mean_log_w = m->logImportanceWeights(x, 20000, pass).mean(0);
    torch::Tensor u = torch::zeros({4});
    for (int r = 0; r < 400; ++r) u = u + m->elbo(x, pass).elbo() / 400;
    QVERIFY2(torch::allclose(mean_log_w, u, 0, 0.1),
             qPrintable(QString::number((mean_log_w - u).abs().max().item<double>())));
    // The bound log mean w lies above it.
    auto bound = torch::logsumexp(m->logImportanceWeights(x, 200, pass), 0) - std::log(200.0);
    QVERIFY((bound >= u - 0.05).all().item<bool>());
  }

  void labelledRowsAreBalanced() {
    auto labels = torch::arange(40, torch::kLong).remainder(4);
    torch::Tensor rows;
    QVERIFY(balancedLabelledRows(labels, 10, 4, 1, &rows).ok);
    QCOMPARE(rows.size(0), int64_t(10));
    auto counts = torch::bincount(labels.index_select(0, rows), {}, 4);
    QCOMPARE(counts[0].item<int64_t>(), int64_t(3));  // 10 = 3 + 3 + 2 + 2
    QCOMPARE(counts[1].item<int64_t>(), int64_t(3));
    QCOMPARE(counts[2].item<int64_t>(), int64_t(2));
    QCOMPARE(counts[3].item<int64_t>(), int64_t(2));
    QCOMPARE(std::get<0>(at::_unique(rows)).size(0), int64_t(10));
    torch::Tensor again, other;
    QVERIFY(balancedLabelledRows(labels, 10, 4, 1, &again).ok);
    QVERIFY(torch::equal(rows, again));  // fixed by the seed
    QVERIFY(balancedLabelledRows(labels, 10, 4, 2, &other).ok);
    QVERIFY(!torch::equal(rows, other));
    Status too_many = balancedLabelledRows(labels, 41, 4, 1, &rows);
    QVERIFY(!too_many.ok && too_many.message.find("--labels 41") != std::string::npos);
    auto skewed = torch::zeros({40}, torch::kLong);
    skewed[0] = 1;  // class 1 has one example, 5 wanted
    Status short_class = balancedLabelledRows(skewed, 20, 4, 1, &rows);
    QVERIFY2(!short_class.ok && short_class.message.find("class 1 has only 1") != std::string::npos,
             short_class.message.c_str());
  }

  // 120 labels (30 per shape) of 960 training sprites: the classifier learns the shapes far
  // above chance (0.25), and the evaluation reports its accuracy.
  void fewLabelsTeachTheShapes() {
    QTemporaryDir dir;
    RunConfig c = tinyConfig("ssvae", 8);
    c.encoder_hidden = {128, 64};
    c.labels = 120;
    c.out_path = dir.filePath(QStringLiteral("ss.h5")).toStdString();
    Trainer trainer(c);
    trainer.start();
    trainer.wait();
    QCOMPARE(trainer.state(), TrainerState::kFinished);
    EvalOptions o;
    o.iw_samples = 5;
    o.threads = 1;
    o.device = "cpu";
    EvalReport r;
    QVERIFY(evaluateRun(c.out_path, o, &r).ok);
    QVERIFY2(r.accuracy > 0.6, qPrintable(QString::number(r.accuracy)));
    bool stored = false;
    for (const auto& [name, value] : evalResults(r))
      stored |= name == "accuracy" && value == r.accuracy;
    QVERIFY(stored);
  }
};

QTEST_APPLESS_MAIN(TstSsVae)
#include "tst_ssvae.moc"
