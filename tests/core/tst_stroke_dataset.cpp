// Tests for stroke datasets in loadDataSplits, TrainingSession and RunConfig: packed splits,
// no binarization, the computed length and scale stored in the config, key/value round trips.
#include <torch/types.h>

#include <QtTest/QtTest>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/data/strokes.h"
#include "core/training/run_config.h"
#include "core/training/session.h"
#include "tests/file_fixtures.h"
#include "tests/tiny_config.h"

using gvae::DataSplits;
using gvae::RunConfig;
using gvae::Status;
using gvae::StrokeSequence;

namespace {

RunConfig strokesConfig(const std::string& dataset = "strokes") {
  RunConfig c = tinyConfig("recurrent-graph", 1);
  c.dataset = dataset;
  c.strokes_count = 500;
  c.max_steps = 0;  // auto
  return c;
}

/// Checks the packed-format invariants of one split: [n, 4T], finite, binary pen and mask,
/// real steps a prefix, padding all zero.
void checkPacked(const gvae::ImageSet& set, int64_t T) {
  QCOMPARE(set.images.dim(), int64_t{2});
  QCOMPARE(set.images.size(1), 4 * T);
  QCOMPARE(set.labels.size(0), set.images.size(0));
  QVERIFY(set.images.is_contiguous());
  QVERIFY(torch::isfinite(set.images).all().item<bool>());
  const auto steps = set.images.view({set.images.size(0), T, 4});  // [n, T, 4]
  const auto pen = steps.select(2, 2), mask = steps.select(2, 3);
  QVERIFY(((pen == 0) | (pen == 1)).all().item<bool>());
  QVERIFY(((mask == 0) | (mask == 1)).all().item<bool>());
  QVERIFY((mask.select(1, 0) == 1).all().item<bool>());  // every sequence has a step
  if (T > 1) {                                           // once padding starts it never stops
    QVERIFY((mask.narrow(1, 1, T - 1) <= mask.narrow(1, 0, T - 1)).all().item<bool>());
  }
  QVERIFY((steps.abs().sum(2).masked_select(mask == 0) == 0).all().item<bool>());
}

}  // namespace

class TstStrokeDataset : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase();
  void embeddedSplits();
  void configuredLengthAndScale();
  void strokesAreNeverBinarized();
  void omniglotFilesThroughLoadDataSplits();
  void iamFilesThroughLoadDataSplits();
  void omniglotRealData();
  void sessionStoresComputedLengthAndScale();
  void keyValuesKeepStrokeFields();
  void validateStrokeOptions_data();
  void validateStrokeOptions();
  void batchesKnowTheirLongestSequence();

 private:
  QTemporaryDir dir_;
};

void TstStrokeDataset::initTestCase() { QVERIFY2(dir_.isValid(), qPrintable(dir_.errorString())); }

void TstStrokeDataset::embeddedSplits() {
  RunConfig c = strokesConfig();
  c.strokes_count = 12000;  // the default size, timed
  QElapsedTimer timer;
  timer.start();
  DataSplits d;
  const Status st = gvae::loadDataSplits(c, torch::kCPU, &d);
  qInfo("loadDataSplits(strokes, 12000): %lld ms", timer.elapsed());
  QVERIFY2(st.ok, st.message.c_str());
  QCOMPARE(d.train.size(), int64_t{9600});
  QCOMPARE(d.valid.size(), int64_t{1200});
  QCOMPARE(d.test.size(), int64_t{1200});
  QVERIFY(d.seq_len > 0);
  QCOMPARE(d.width, int64_t{4});
  QCOMPARE(d.height, d.seq_len);
  QCOMPARE(d.train.images.size(1), 4 * d.seq_len);  // D = 4T
  for (const gvae::ImageSet* set : {&d.train, &d.valid, &d.test}) checkPacked(*set, d.seq_len);
  // T and the scale come from the training split: the first 80% of the generated glyphs.
  auto all = gvae::generateStrokes(12000, gvae::kStrokesSeed);
  const gvae::StrokeSplits s = gvae::splitStrokes(all, false, 0);
  QCOMPARE(d.seq_len, gvae::autoStrokeSteps(s.train));
  QCOMPARE(d.stroke_scale, gvae::strokeScale(s.train));
  QVERIFY(d.stroke_scale > 0);
  QCOMPARE(d.train.labels.min().item<int64_t>(), int64_t{0});
  QCOMPARE(d.train.labels.max().item<int64_t>(), gvae::kStrokeGlyphClasses - 1);
  QCOMPARE(d.test.labels[0].item<int64_t>(), all[10800].label);
  // Normalized offsets have unit spread over the real training steps.
  const auto steps = d.train.images.view({-1, 4});
  const auto real = steps.index_select(0, torch::nonzero(steps.select(1, 3)).squeeze(1));
  const double sd = real.narrow(1, 0, 2).to(torch::kDouble).std(/*unbiased=*/false).item<double>();
  QVERIFY2(std::fabs(sd - 1.0) < 1e-3, qPrintable(QString::number(sd)));
}

void TstStrokeDataset::configuredLengthAndScale() {
  RunConfig c = strokesConfig();
  c.max_steps = 15;
  c.stroke_scale = 3.0;
  DataSplits d;
  const Status st = gvae::loadDataSplits(c, torch::kCPU, &d);
  QVERIFY2(st.ok, st.message.c_str());
  QCOMPARE(d.seq_len, int64_t{15});
  QCOMPARE(d.stroke_scale, 3.0);
  checkPacked(d.valid, 15);
  // Glyphs have at least 20 points: all are cut, and each ends with a pen lift.
  const auto last = d.train.images.view({-1, 15, 4}).select(1, 14);  // [n, 4]
  QVERIFY((last.select(1, 3) == 1).all().item<bool>());
  QVERIFY((last.select(1, 2) == 1).all().item<bool>());
  const auto back = gvae::unpackStrokes(d.train.images.narrow(0, 0, 1), 3.0);
  const auto first = gvae::generateStrokes(1, gvae::kStrokesSeed);
  QVERIFY(std::fabs(back[0].dx[1] - first[0].dx[1]) < 1e-5);
}

void TstStrokeDataset::strokesAreNeverBinarized() {
  for (const char* mode : {"threshold", "stochastic"}) {
    RunConfig c = strokesConfig();
    c.binarize = mode;
    DataSplits d;
    const Status st = gvae::loadDataSplits(c, torch::kCPU, &d);
    QVERIFY2(st.ok, st.message.c_str());
    QVERIFY(d.train.images.min().item<float>() < 0);  // signed offsets survive
    QVERIFY(d.valid.images.min().item<float>() < 0);
    const auto x = gvae::binarizeTrain(d.train.images, c);
    QVERIFY(x.is_same(d.train.images));
  }
  // Images keep their behaviour: threshold is the split itself, stochastic draws 0/1.
  RunConfig images = tinyConfig();
  const auto grey = torch::full({4, 3}, 0.5);
  QVERIFY(gvae::binarizeTrain(grey, images).is_same(grey));
  images.binarize = "stochastic";
  const auto drawn = gvae::binarizeTrain(grey, images);
  QVERIFY(((drawn == 0) | (drawn == 1)).all().item<bool>());
}

void TstStrokeDataset::omniglotFilesThroughLoadDataSplits() {
  const QString dir = dir_.filePath(QStringLiteral("omni"));
  QVERIFY(QDir().mkpath(dir));
  // Train: three drawings of 2, 4 and 3 points; valid and test: one of 5 (cut at T = 4).
  const std::vector<int64_t> train{0, 0, 0, 4, 0, 1, 0, 0, 0,  1, 2, 0, -3, 0,
                                   1, 2, 2, 1, 0, 0, 0, 6, -6, 0, 1, 1, 1};
  const std::vector<int64_t> other{0, 0, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 1};
  for (const auto& [split, rows, offsets] :
       {std::tuple{"train", train, std::vector<int64_t>{0, 2, 6, 9}},
        std::tuple{"valid", other, std::vector<int64_t>{0, 5}},
        std::tuple{"test", other, std::vector<int64_t>{0, 5}}}) {
    const QString base = dir + QStringLiteral("/omniglot_") + QLatin1String(split);
    const std::string shape = "(" + std::to_string(rows.size() / 3) + ", 3)";
    QVERIFY(writeFile(base + QStringLiteral("_strokes.npy"), npyInts("<i8", shape, rows)));
    QVERIFY(writeFile(base + QStringLiteral("_offsets.npy"),
                      npyInts("<i8", "(" + std::to_string(offsets.size()) + ",)", offsets)));
  }
  RunConfig c = strokesConfig("omniglot-strokes");
  c.data_dir = dir.toStdString();
  DataSplits d;
  const Status st = gvae::loadDataSplits(c, torch::kCPU, &d);
  QVERIFY2(st.ok, st.message.c_str());
  QCOMPARE(d.seq_len, int64_t{4});  // the longest training drawing
  QCOMPARE(d.train.size(), int64_t{3});
  QCOMPARE(d.valid.size(), int64_t{1});
  std::vector<StrokeSequence> seqs;
  QVERIFY(gvae::loadOmniglotStrokes(c.data_dir, "train", &seqs).ok);
  QCOMPARE(d.stroke_scale, gvae::strokeScale(seqs));
  const auto v = d.valid.images.view({4, 4});  // 5 points cut to 4: the last lifts the pen
  QCOMPARE(v.select(1, 2).sum().item<float>(), 1.0f);
  QCOMPARE(v[3][2].item<float>(), 1.0f);
  QCOMPARE(v[1][1].item<float>(), static_cast<float>(-1.0 / d.stroke_scale));  // y flipped
  c.data_dir = dir.toStdString() + "/absent";
  QVERIFY(!gvae::loadDataSplits(c, torch::kCPU, &d).ok);
}

void TstStrokeDataset::iamFilesThroughLoadDataSplits() {
  const QString dir = dir_.filePath(QStringLiteral("iam"));
  QVERIFY(QDir().mkpath(dir));
  for (int f = 0; f < 12; ++f) {
    std::string xml = "<WhiteboardCaptureSession><StrokeSet><Stroke>";
    for (int i = 0; i <= f; ++i) xml += "<Point x='" + std::to_string(i) + "' y='0'/>";
    QVERIFY(writeFile(dir + QStringLiteral("/line-%1.xml").arg(f, 2, 10, QLatin1Char('0')),
                      xml + "</Stroke></StrokeSet></WhiteboardCaptureSession>"));
  }
  RunConfig c = strokesConfig("iam-ondb");
  c.data_dir = dir.toStdString();
  DataSplits d, again;
  Status st = gvae::loadDataSplits(c, torch::kCPU, &d);
  QVERIFY2(st.ok, st.message.c_str());
  QCOMPARE(d.train.size(), int64_t{10});
  QCOMPARE(d.valid.size(), int64_t{1});
  QCOMPARE(d.test.size(), int64_t{1});
  const auto lengths = d.train.images.view({10, -1, 4}).select(2, 3).sum(1);  // [10]
  QCOMPARE(d.seq_len, static_cast<int64_t>(lengths.max().item<float>()));     // the longest
  QVERIFY(gvae::loadDataSplits(c, torch::kCPU, &again).ok);  // the shuffle is fixed
  QVERIFY(again.train.images.equal(d.train.images));
  QVERIFY(again.test.images.equal(d.test.images));
  QVERIFY(QFile::remove(dir + QStringLiteral("/line-00.xml")));
  QFile::remove(dir + QStringLiteral("/line-01.xml"));
  QFile::remove(dir + QStringLiteral("/line-02.xml"));
  st = gvae::loadDataSplits(c, torch::kCPU, &d);
  QVERIFY2(!st.ok && st.message.find("at least 10") != std::string::npos, st.message.c_str());
}

void TstStrokeDataset::omniglotRealData() {
  const QString dir = QStringLiteral(GRAPHVAE_SHARED_DATA "/omniglot_strokes");
  if (!QDir(dir).exists()) QSKIP("shared/data/omniglot_strokes is not here");
  RunConfig c = strokesConfig("omniglot-strokes");
  c.data_dir = dir.toStdString();
  QElapsedTimer timer;
  timer.start();
  DataSplits d;
  const Status st = gvae::loadDataSplits(c, torch::kCPU, &d);
  qInfo("loadDataSplits(omniglot-strokes, all three splits): %lld ms, T = %lld, scale = %.6g",
        timer.elapsed(), static_cast<long long>(d.seq_len), d.stroke_scale);
  QVERIFY2(st.ok, st.message.c_str());
  QCOMPARE(d.train.size(), int64_t{30000});
  QCOMPARE(d.valid.size(), int64_t{1000});
  QCOMPARE(d.test.size(), int64_t{1000});
  QVERIFY(d.seq_len >= 2 && d.seq_len <= 157);
  checkPacked(d.train, d.seq_len);
}

void TstStrokeDataset::sessionStoresComputedLengthAndScale() {
  const RunConfig c = strokesConfig();
  std::unique_ptr<gvae::TrainingSession> s;
  const Status st = gvae::TrainingSession::create(c, &s);
  QVERIFY2(st.ok, st.message.c_str());
  QVERIFY(s->data().seq_len > 0);
  QCOMPARE(s->config().max_steps, s->data().seq_len);
  QCOMPARE(s->config().stroke_scale, s->data().stroke_scale);
  // A reloaded run normalizes identically from the stored values.
  RunConfig reloaded;
  QVERIFY(RunConfig::fromKeyValues(s->config().toKeyValues(), &reloaded).ok);
  DataSplits d;
  QVERIFY(gvae::loadDataSplits(reloaded, torch::kCPU, &d).ok);
  QVERIFY(d.train.images.equal(s->data().train.images));
}

void TstStrokeDataset::keyValuesKeepStrokeFields() {
  RunConfig c;
  c.dataset = "iam-ondb";
  c.data_dir = "/data/iam";
  c.max_steps = 123;
  c.stroke_scale = 0.1234567890123457;
  c.strokes_count = 777;
  RunConfig back;
  QVERIFY(RunConfig::fromKeyValues(c.toKeyValues(), &back).ok);
  QCOMPARE(back.dataset, c.dataset);
  QCOMPARE(back.max_steps, int64_t{123});
  QCOMPARE(back.stroke_scale, c.stroke_scale);  // bit-exact
  QCOMPARE(back.strokes_count, int64_t{777});
  RunConfig old_file;  // a run file written before these keys existed
  QVERIFY(RunConfig::fromKeyValues({{"dataset", "sprites"}}, &old_file).ok);
  QCOMPARE(old_file.max_steps, int64_t{0});
  QCOMPARE(old_file.stroke_scale, 0.0);
  QVERIFY(!RunConfig::fromKeyValues({{"max_steps", "ten"}}, &back).ok);
}

void TstStrokeDataset::validateStrokeOptions_data() {
  QTest::addColumn<QString>("model");
  QTest::addColumn<QString>("dataset");
  QTest::addColumn<QString>("data_dir");
  QTest::addColumn<qint64>("max_steps");
  QTest::addColumn<double>("scale");
  QTest::addColumn<QString>("problem");  // empty: valid
  const QString none;
  const QString dir = QStringLiteral("/data");
  auto s = [](const char* text) { return QString::fromLatin1(text); };
  QTest::newRow("strokes") << s("recurrent-graph") << s("strokes") << none << qint64(0) << 0.0
                           << none;
  QTest::newRow("omniglot with dir")
      << s("recurrent-graph") << s("omniglot-strokes") << dir << qint64(50) << 2.0 << none;
  QTest::newRow("iam with dir") << s("recurrent-graph") << s("iam-ondb") << dir << qint64(10000)
                                << 0.5 << none;
  QTest::newRow("omniglot without dir") << s("recurrent-graph") << s("omniglot-strokes") << none
                                        << qint64(0) << 0.0 << s("omniglot-strokes needs --data");
  QTest::newRow("iam without dir") << s("recurrent-graph") << s("iam-ondb") << none << qint64(0)
                                   << 0.0 << s("iam-ondb needs --data");
  QTest::newRow("unknown") << s("recurrent-graph") << s("stroke") << none << qint64(0) << 0.0
                           << s("one of: sprites, mnist, strokes");
  QTest::newRow("negative steps") << s("recurrent-graph") << s("strokes") << none << qint64(-1)
                                  << 0.0 << s("max-steps");
  QTest::newRow("too many steps") << s("recurrent-graph") << s("strokes") << none << qint64(10001)
                                  << 0.0 << s("max-steps");
  QTest::newRow("negative scale") << s("recurrent-graph") << s("strokes") << none << qint64(0)
                                  << -1.0 << s("stroke-scale");
  QTest::newRow("NaN scale") << s("recurrent-graph") << s("strokes") << none << qint64(0)
                             << std::nan("") << s("stroke-scale");
  QTest::newRow("infinite scale") << s("recurrent-graph") << s("strokes") << none << qint64(0)
                                  << std::numeric_limits<double>::infinity() << s("stroke-scale");
  QTest::newRow("graph on strokes")
      << s("graph") << s("strokes") << none << qint64(0) << 0.0 << s("--model recurrent-graph");
  QTest::newRow("recurrent-graph on sprites")
      << s("recurrent-graph") << s("sprites") << none << qint64(0) << 0.0 << s("pen strokes");
}

void TstStrokeDataset::validateStrokeOptions() {
  QFETCH(QString, model);
  QFETCH(QString, dataset);
  QFETCH(QString, data_dir);
  QFETCH(qint64, max_steps);
  QFETCH(double, scale);
  QFETCH(QString, problem);
  RunConfig c;
  c.dataset = dataset.toStdString();
  c.model = model.toStdString();
  c.data_dir = data_dir.toStdString();
  c.max_steps = max_steps;
  c.stroke_scale = scale;
  const Status st = c.validate();
  QCOMPARE(st.ok, problem.isEmpty());
  if (!st.ok) QVERIFY2(QString::fromStdString(st.message).contains(problem), st.message.c_str());
  c = RunConfig{};
  c.strokes_count = 99;
  QVERIFY(!c.validate().ok);
}

void TstStrokeDataset::batchesKnowTheirLongestSequence() {
  DataSplits d;
  QVERIFY(gvae::loadDataSplits(strokesConfig(), torch::kCPU, &d).ok);
  torch::manual_seed(3);
  const auto batches = gvae::trainingBatches(d, d.train.images, 32, torch::kCPU);
  QCOMPARE(int64_t(batches.size()), d.train.size() / 32);
  auto seen = torch::zeros({d.train.size()}, torch::kLong);
  for (const auto& b : batches) {
    auto lengths =
        d.train.images.index_select(0, b.index).view({32, d.seq_len, 4}).select(2, 3).sum(1);
    QCOMPARE(b.steps, lengths.max().item<int64_t>());  // known on the host, exact
    auto x = gvae::batchInputs(d.train.images, b);
    QCOMPARE(x.size(1), 4 * b.steps);  // the padding beyond the longest is cut
    seen.index_add_(0, b.index, torch::ones({32}, torch::kLong));
  }
  QVERIFY(seen.max().item<int64_t>() == 1);  // every sequence at most once per epoch
}

QTEST_GUILESS_MAIN(TstStrokeDataset)
#include "tst_stroke_dataset.moc"
