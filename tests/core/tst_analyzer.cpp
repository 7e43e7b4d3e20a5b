// Tests of the Analyzer (samples, reconstructions, traversals, latent statistics) and of weight
// snapshots taken from a running trainer.
#include <QtTest/QtTest>
#include <cmath>

#include "core/analysis/analyzer.h"
#include "core/data/dataset.h"
#include "core/io/run_file.h"
#include "core/training/trainer.h"
#include "tests/tiny_config.h"

using namespace gvae;

namespace {

// Largest absolute difference between two cells of a grid.
float cellDifference(const ImageGrid& g, int r1, int c1, int r2, int c2) {
  float d = 0;
  for (int y = 0; y < g.height; ++y)
    for (int x = 0; x < g.width; ++x)
      d = std::max(d, std::abs(g.at(r1, c1, y, x) - g.at(r2, c2, y, x)));
  return d;
}

bool inUnitRange(const ImageGrid& g) {
  for (float p : g.pixels)
    if (!(p >= 0.f && p <= 1.f)) return false;
  return true;
}

}  // namespace

class TstAnalyzer : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase();
  void traversalGrid_data();
  void traversalGrid();
  void samplesAreSeeded();
  void analysisLeavesTheGlobalGeneratorAlone();
  void reconstructionsPairInputs();
  void latentsHaveStatistics();
  void semiSupervisedSamplesAndTraversal();
  void missingWeightsAreNamed();
  void snapshotOfARunningTrainer();
  void validationSplitAloneEqualsTheFullLoad_data();
  void validationSplitAloneEqualsTheFullLoad();

 private:
  QTemporaryDir dir_;
  RunRecord record_;
  std::unique_ptr<Analyzer> analyzer_;
};

void TstAnalyzer::initTestCase() {
  RunConfig c = tinyConfig("graph", 2, 7);
  c.out_path = dir_.filePath(QStringLiteral("run.h5")).toStdString();
  Trainer t(c);
  t.start();
  t.wait();
  QCOMPARE(t.state(), TrainerState::kFinished);
  Status st = readRunFile(c.out_path, &record_);
  QVERIFY2(st.ok, st.message.c_str());
  st = Analyzer::create(record_.config, "", 1, &analyzer_);
  QVERIFY2(st.ok, st.message.c_str());
  st = analyzer_->setWeights(*record_.checkpoint);
  QVERIFY2(st.ok, st.message.c_str());
  QCOMPARE(analyzer_->nodes(), int64_t(3));
  QCOMPARE(analyzer_->nodeDim(), int64_t(2));
}

void TstAnalyzer::traversalGrid_data() {
  QTest::addColumn<int>("node");
  QTest::addColumn<int>("dim");
  QTest::addColumn<int>("steps");
  QTest::addColumn<int>("input");
  QTest::addColumn<int>("rows");
  QTest::newRow("all dims of z1 at the prior") << 1 << 0 << 7 << -1 << 2;
  QTest::newRow("z3.2 at an input") << 3 << 2 << 5 << 4 << 1;
  QTest::newRow("all dims of z2 at an input") << 2 << 0 << 9 << 0 << 2;
}

void TstAnalyzer::traversalGrid() {
  QFETCH(int, node);
  QFETCH(int, dim);
  QFETCH(int, steps);
  QFETCH(int, input);
  QFETCH(int, rows);
  TraversalRequest r;
  r.node = node;
  r.dim = dim;
  r.steps = steps;
  r.input_index = input;
  r.range = 3;
  ImageGrid g = analyzer_->traversal(r);
  QCOMPARE(g.rows, rows);
  QCOMPARE(g.cols, steps);
  QCOMPARE(g.row_labels.size(), size_t(rows));
  QCOMPARE(g.col_labels.front(), std::string("-3.0"));
  QCOMPARE(g.col_labels.back(), std::string("+3.0"));
  QCOMPARE(g.pixels.size(), size_t(rows) * steps * g.height * g.width);
  QVERIFY(inUnitRange(g));
  for (int row = 0; row < rows; ++row)  // sweeping a unit changes the decoded image
    QVERIFY2(cellDifference(g, row, 0, row, steps - 1) > 1e-3, g.row_labels[row].c_str());
}

void TstAnalyzer::samplesAreSeeded() {
  ImageGrid a = analyzer_->samples(2, 3, 11), b = analyzer_->samples(2, 3, 11);
  ImageGrid c = analyzer_->samples(2, 3, 12);
  QCOMPARE(a.rows, 2);
  QCOMPARE(a.cols, 3);
  QVERIFY(inUnitRange(a));
  QVERIFY(a.pixels == b.pixels);
  QVERIFY(a.pixels != c.pixels);
  QVERIFY(cellDifference(a, 0, 0, 1, 2) > 1e-3);
}

void TstAnalyzer::analysisLeavesTheGlobalGeneratorAlone() {
  // The analysis thread draws from its own generator: the trainer's stream (the global one)
  // is neither reseeded nor consumed, and other draws do not change the analysis' pictures.
  torch::manual_seed(5);
  const auto expected = torch::rand({4});
  torch::manual_seed(5);
  ImageGrid a = analyzer_->samples(1, 3, 11);
  TraversalRequest prior;
  prior.input_index = -1;
  analyzer_->traversal(prior);
  QVERIFY(torch::equal(torch::rand({4}), expected));
  torch::randn({1000});
  QVERIFY(analyzer_->samples(1, 3, 11).pixels == a.pixels);
}

void TstAnalyzer::reconstructionsPairInputs() {
  ImageGrid g = analyzer_->reconstructions(2, 3, 10);
  QCOMPARE(g.rows, 2);
  QCOMPARE(g.cols, 6);
  ImageGrid in = analyzer_->inputs({10, 11, 12, 13, 14, 15});
  const size_t cell = size_t(g.height) * g.width;
  for (int k = 0; k < 6; ++k) {  // input k sits at row k / 3, column 2 (k % 3), its recon beside
    auto input = in.pixels.begin() + k * cell;
    auto at = g.pixels.begin() + (size_t(k / 3) * g.cols + 2 * (k % 3)) * cell;
    QVERIFY(std::equal(input, input + cell, at));
    QVERIFY(!std::equal(input, input + cell, at + cell));
  }
  QCOMPARE(g.col_labels[1], std::string("recon"));
}

void TstAnalyzer::latentsHaveStatistics() {
  LatentAnalysis a = analyzer_->latents(100);
  QCOMPARE(a.n, int64_t(100));
  QCOMPARE(a.dims, int64_t(6));
  QCOMPARE(a.means.size(), size_t(600));
  QCOMPARE(a.stats.mean_correlation.size(), size_t(36));
  for (int u = 0; u < 6; ++u) QCOMPARE(a.stats.mean_correlation[u * 6 + u], 1.0);
  for (size_t k = 1; k < a.stats.pca_eigenvalues.size(); ++k)
    QVERIFY(a.stats.pca_eigenvalues[k - 1] >= a.stats.pca_eigenvalues[k]);
  for (float m : a.means) QVERIFY(std::isfinite(m));
  // The sprites' shapes colour the embedding.
  QCOMPARE(a.class_names.size(), size_t(4));
  QCOMPARE(a.labels.size(), size_t(100));
  for (int label : a.labels) QVERIFY(label >= 0 && label < 4);
}

// A model with a class: samples hold the class along each row and the style along each column;
// traversals and reconstructions read its [z, y] path.
void TstAnalyzer::semiSupervisedSamplesAndTraversal() {
  QTemporaryDir dir;
  RunConfig c = tinyConfig("ssvae", 1, 7);
  c.labels = 40;
  c.out_path = dir.filePath(QStringLiteral("ss.h5")).toStdString();
  Trainer t(c);
  t.start();
  t.wait();
  QCOMPARE(t.state(), TrainerState::kFinished);
  RunRecord record;
  QVERIFY(readRunFile(c.out_path, &record).ok);
  std::unique_ptr<Analyzer> a;
  QVERIFY(Analyzer::create(record.config, "", 1, &a).ok);
  QVERIFY(a->setWeights(*record.checkpoint).ok);
  ImageGrid g = a->samples(4, 3, 5);
  QCOMPARE(g.rows, 4);
  QCOMPARE(g.cols, 3);
  const size_t cell = g.pixels.size() / 12;
  const auto image = [&](int row, int col) {
    return std::vector<float>(g.pixels.begin() + (size_t(row) * 3 + col) * cell,
                              g.pixels.begin() + (size_t(row) * 3 + col + 1) * cell);
  };
  QVERIFY(image(0, 0) != image(1, 0));  // another class, the same style
  QVERIFY(image(0, 0) != image(0, 1));  // another style, the same class
  QCOMPARE(g.row_labels, (std::vector<std::string>{"square", "ellipse", "triangle", "cross"}));
  TraversalRequest request;
  request.steps = 5;
  ImageGrid tr = a->traversal(request);
  QCOMPARE(tr.rows, 2);  // node_dim 2: both dimensions
  QCOMPARE(tr.cols, 5);
  QCOMPARE(a->reconstructions(2, 2, 0).cols, 4);
}

void TstAnalyzer::missingWeightsAreNamed() {
  Checkpoint c = *record_.checkpoint;
  const std::string dropped = c.model.front().name;
  c.model.erase(c.model.begin());
  Status st = analyzer_->setWeights(c);
  QVERIFY(!st.ok);
  QVERIFY2(st.message.find(dropped) != std::string::npos, st.message.c_str());
}

void TstAnalyzer::snapshotOfARunningTrainer() {
  RunConfig c = tinyConfig("graph", 1000, 7);
  c.log_every = 1;
  Trainer t(c);
  t.start();
  QTRY_VERIFY_WITH_TIMEOUT(t.state() == TrainerState::kRunning, 30000);
  t.pause();  // a paused trainer serves snapshots too
  QTRY_VERIFY_WITH_TIMEOUT(t.state() == TrainerState::kPaused, 30000);
  t.requestSnapshot();
  std::shared_ptr<const ModelSnapshot> snap;
  // QTRY re-evaluates its expression after success: keep the first snapshot drained.
  auto take = [&] { return snap ? snap : (snap = t.mailbox().drain().snapshot); };
  QTRY_VERIFY_WITH_TIMEOUT(take() != nullptr, 10000);
  t.requestStop();
  t.wait();
  QVERIFY(snap->weights.optimizer.empty());
  QVERIFY(!snap->weights.model.empty());
  std::unique_ptr<Analyzer> a;
  Status st = Analyzer::create(snap->config, "", 1, &a);
  QVERIFY2(st.ok, st.message.c_str());
  st = a->setWeights(snap->weights);
  QVERIFY2(st.ok, st.message.c_str());
  QCOMPARE(a->samples(1, 2, 3).cols, 2);
}

void TstAnalyzer::validationSplitAloneEqualsTheFullLoad_data() {
  QTest::addColumn<QString>("model");
  QTest::newRow("sprites") << QStringLiteral("graph");
  QTest::newRow("pen strokes") << QStringLiteral("recurrent-graph");
}

// What the analysis views load (the validation split alone) is the training's validation split.
void TstAnalyzer::validationSplitAloneEqualsTheFullLoad() {
  QFETCH(QString, model);
  RunConfig c = tinyConfig(model.toStdString());
  c.max_steps = 0;  // the length and the scale still come from the training split
  DataSplits all, valid;
  QVERIFY(loadDataSplits(c, torch::kCPU, &all).ok);
  QVERIFY(loadValidationSplit(c, torch::kCPU, &valid).ok);
  QVERIFY(!valid.train.images.defined() && !valid.test.images.defined());
  QVERIFY(torch::equal(all.valid.images, valid.valid.images));
  QVERIFY(torch::equal(all.valid.labels, valid.valid.labels));
  QCOMPARE(valid.valid.factors.defined(), all.valid.factors.defined());
  if (all.valid.factors.defined()) QVERIFY(torch::equal(all.valid.factors, valid.valid.factors));
  QCOMPARE(valid.seq_len, all.seq_len);
  QCOMPARE(valid.stroke_scale, all.stroke_scale);
  QCOMPARE(valid.factor_dag, all.factor_dag);
}

QTEST_GUILESS_MAIN(TstAnalyzer)
#include "tst_analyzer.moc"
