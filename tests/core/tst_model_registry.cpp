// The model contract, checked for every row of the registry: shapes, a finite ELBO, gates by
// gate kind, checkpoint round trip and bit-identical resume. A new model's row is tested here
// without a line of test code.
#include <QtTest/QtTest>
#include <cmath>

#include "core/io/run_file.h"
#include "core/models/model_registry.h"
#include "core/models/noise.h"
#include "core/training/session.h"
#include "core/training/trainer.h"
#include "tests/tiny_config.h"
#include "tests/training_fixture.h"

using namespace gvae;

namespace {

std::unique_ptr<TrainingSession> session(const std::string& model) {
  std::unique_ptr<TrainingSession> s;
  Status st = TrainingSession::create(tinyConfig(model), &s);
  if (!st) qFatal("%s", st.message.c_str());
  return s;
}

}  // namespace

class TstModelRegistry : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void rowsAreComplete();
  void contract_data();
  void contract();
  void resumeIsBitIdentical_data() { contract_data(); }
  void resumeIsBitIdentical();
};

void TstModelRegistry::rowsAreComplete() {
  QVERIFY(modelRegistry().size() >= 10);
  for (const ModelInfo& m : modelRegistry()) {
    QVERIFY(!m.name.empty() && !m.summary.empty() && m.make);
    QCOMPARE(findModel(m.name), &m);
    QVERIFY(modelChoices().find(m.name) != std::string::npos);
  }
  QVERIFY(!findModel("gan"));
  // A model trains on its data kind's embedded default where no dataset is named.
  for (const ModelInfo& m : modelRegistry()) {
    RunConfig d;
    d.model = m.name;
    d.dataset = defaultDataset(m.name);
    QVERIFY2(d.validate().ok, m.name.c_str());
    QCOMPARE(isGraphDataset(d.dataset), m.data == DataKind::kGraph);
    QCOMPARE(isStrokeDataset(d.dataset), m.data == DataKind::kStrokes);
  }
  RunConfig c;
  c.model = "vae";
  QCOMPARE(c.effectiveWarmup(), findModel("vae")->default_warmup);
  c.model = "graph";
  QCOMPARE(c.effectiveWarmup(), findModel("graph")->default_warmup);
}

void TstModelRegistry::contract_data() {
  QTest::addColumn<QString>("model");
  for (const ModelInfo& m : modelRegistry())
    QTest::newRow(m.name.c_str()) << QString::fromStdString(m.name);
}

void TstModelRegistry::contract() {
  QFETCH(QString, model);
  const ModelInfo& info = *findModel(model.toStdString());
  auto s = session(info.name);
  LatentModelImpl& m = s->model();
  const auto& x_all = s->data().valid.images;
  const int64_t B = 8, D = x_all.size(1), M = m.latentDim(), T = m.latentSteps();
  auto x = x_all.narrow(0, 0, B);
  m.eval();
  torch::NoGradGuard no_grad;
  PassOptions pass;

  ElboTerms t = m.elbo(x, pass);
  QCOMPARE(t.nll.sizes().vec(), (std::vector<int64_t>{B}));
  QCOMPARE(t.kl.sizes().vec(), (std::vector<int64_t>{B}));
  QCOMPARE(t.node_kl.sizes().vec(), (std::vector<int64_t>{B, m.nodes()}));
  QVERIFY(torch::isfinite(t.elbo()).all().item<bool>());
  QCOMPARE(m.logImportanceWeights(x, 3, pass).sizes().vec(), (std::vector<int64_t>{3, B}));
  QCOMPARE(m.posteriorMean(x, pass).sizes().vec(), (std::vector<int64_t>{B, M}));
  auto path = m.posteriorMeanPath(x, pass);
  const int64_t W = m.pathWidth();  // M, plus the one-hot class of a model with classes
  QCOMPARE(W, M + m.classes());
  QCOMPARE(path.sizes().vec(), (std::vector<int64_t>{B, T * W}));
  auto z = m.samplePrior(4, pass);
  QCOMPARE(z.sizes().vec(), (std::vector<int64_t>{4, T * W}));
  // Terms outside node_kl are in kl too; a model with classes classifies, the others do not.
  auto outside = t.kl - t.node_kl.sum(1);
  if (t.extra_loss.defined())
    QVERIFY(torch::allclose(outside, t.extra_loss, 1e-4, 1e-4));
  else
    QVERIFY(torch::allclose(outside, torch::zeros_like(outside), 1e-4, 1e-4));
  QCOMPARE(info.labels, m.classes() > 0);
  if (m.classes() > 0)
    QCOMPARE(m.classLogits(x).sizes().vec(), (std::vector<int64_t>{B, m.classes()}));
  else
    QVERIFY(!m.classLogits(x).defined());
  // decodeMean is in data space; decode is the likelihood's raw parameters (latent_model.h).
  // A graph model's data row is a node id; it decodes edge logits to every node of the graph.
  const int64_t data_width = info.data == DataKind::kGraph ? s->data().graph->target.size(0) : D;
  QCOMPARE(m.decodeMean(z).sizes().vec(), (std::vector<int64_t>{4, data_width}));
  const int64_t raw = info.data == DataKind::kStrokes ? 5 * T : data_width;
  QCOMPARE(m.decode(z).sizes().vec(), (std::vector<int64_t>{4, raw}));

  // Gates by gate kind.
  const int64_t N = m.nodes();
  switch (info.gates) {
    case GateKind::kNone:
      QVERIFY(!m.gates());
      QVERIFY(!m.gatesLearnable());
      break;
    case GateKind::kFixed:
      QVERIFY(m.gates() && !m.gatesLearnable());
      QCOMPARE(m.gates()->count(), N * (N - 1) / 2);
      for (int8_t code : m.gates()->frozenCodes()) QVERIFY(code >= 0);
      break;
    case GateKind::kLearned:
      QVERIFY(m.gates() && m.gatesLearnable());
      QCOMPARE(m.gates()->count(), N * (N - 1) / 2 + (info.data == DataKind::kStrokes ? N * N : 0));
      for (int8_t code : m.gates()->frozenCodes()) QCOMPARE(int(code), -1);
      break;
  }

  // Checkpoint round trip: a fresh model of another seed, restored, computes the same ELBO.
  Checkpoint c = s->checkpoint(0, 0);
  RunConfig other = tinyConfig(info.name);
  other.seed = 777;
  std::unique_ptr<TrainingSession> s2;
  QVERIFY(TrainingSession::create(other, &s2).ok);
  QVERIFY(s2->restore(c).ok);
  s2->model().eval();
  torch::Tensor a, b;
  {
    ScopedNoise noise(3);
    a = m.elbo(x, pass).elbo();
  }
  {
    ScopedNoise noise(3);
    b = s2->model().elbo(x, pass).elbo();
  }
  QVERIFY(torch::equal(a, b));
}

void TstModelRegistry::resumeIsBitIdentical() {
  QFETCH(QString, model);
  QTemporaryDir dir;
  RunConfig whole = tinyConfig(model.toStdString(), 2);
  whole.out_path = dir.filePath(QStringLiteral("whole.h5")).toStdString();
  RunRecord ra, rb;
  QVERIFY(trainWholeAndResumed(whole, 1, dir.filePath(QStringLiteral("part.h5")).toStdString(), &ra,
                               &rb));
  QCOMPARE(rb.epochs.back().valid_elbo, ra.epochs.back().valid_elbo);
  QCOMPARE(rb.checkpoint->model.size(), ra.checkpoint->model.size());
  for (size_t k = 0; k < ra.checkpoint->model.size(); ++k)
    QCOMPARE(rb.checkpoint->model[k].values, ra.checkpoint->model[k].values);
}

QTEST_GUILESS_MAIN(TstModelRegistry)
#include "tst_model_registry.moc"
