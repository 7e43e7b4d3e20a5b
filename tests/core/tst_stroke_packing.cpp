// Tests for the packed stroke format: packStrokes / unpackStrokes round trips, padding and
// masks, cut sequences, bad input, and the normalizing scale.
#include <torch/types.h>

#include <QtTest/QtTest>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "core/data/strokes.h"

using gvae::Status;
using gvae::StrokeSequence;

namespace {
QString qs(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

class TstStrokePacking : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void packUnpackRoundTrip_data();
  void packUnpackRoundTrip();
  void packRejectsBadInput();
  void scaleIsStandardDeviation();
};

void TstStrokePacking::packUnpackRoundTrip_data() {
  QTest::addColumn<qint64>("T");
  QTest::addColumn<double>("scale");
  QTest::newRow("padded, T 70") << qint64(70) << 2.5;
  QTest::newRow("exact, T 60") << qint64(60) << 1.0;
  QTest::newRow("cut, T 12") << qint64(12) << 0.3;
  QTest::newRow("cut, T 1") << qint64(1) << 7.0;
}

void TstStrokePacking::packUnpackRoundTrip() {
  QFETCH(qint64, T);
  QFETCH(double, scale);
  const auto seqs = gvae::generateStrokes(40, 3);
  gvae::ImageSet set;
  const Status st = gvae::packStrokes(seqs, T, scale, &set);
  QVERIFY2(st.ok, st.message.c_str());
  QCOMPARE(set.images.size(0), int64_t{40});  // [n, 4T]
  QCOMPARE(set.images.size(1), 4 * T);
  QCOMPARE(set.images.scalar_type(), torch::kFloat32);
  QCOMPARE(set.labels.scalar_type(), torch::kInt64);
  const auto x = set.images.accessor<float, 2>();
  for (int64_t i = 0; i < 40; ++i) {
    const StrokeSequence& s = seqs[static_cast<size_t>(i)];
    QCOMPARE(set.labels[i].item<int64_t>(), s.label);
    const int64_t len = std::min<int64_t>(s.size(), T);
    for (int64_t t = 0; t < T; ++t) {
      if (t >= len) {  // padding: all zero, masked
        for (int k = 0; k < 4; ++k) QCOMPARE(x[i][4 * t + k], 0.0f);
        continue;
      }
      QCOMPARE(x[i][4 * t], static_cast<float>(s.dx[t] / scale));
      QCOMPARE(x[i][4 * t + 1], static_cast<float>(s.dy[t] / scale));
      const bool cut_end = s.size() > T && t == T - 1;
      QCOMPARE(x[i][4 * t + 2], cut_end ? 1.0f : static_cast<float>(s.pen[t]));
      QCOMPARE(x[i][4 * t + 3], 1.0f);
    }
  }
  const auto back = gvae::unpackStrokes(set.images, scale);
  QCOMPARE(back.size(), seqs.size());
  for (size_t i = 0; i < back.size(); ++i) {
    const int64_t len = std::min<int64_t>(seqs[i].size(), T);
    QCOMPARE(back[i].size(), len);
    QCOMPARE(back[i].pen.back(), uint8_t{1});
    for (int64_t t = 0; t < len; ++t) {
      QVERIFY(std::fabs(back[i].dx[t] - seqs[i].dx[t]) <= 1e-5f * (1 + std::fabs(seqs[i].dx[t])));
      QVERIFY(std::fabs(back[i].dy[t] - seqs[i].dy[t]) <= 1e-5f * (1 + std::fabs(seqs[i].dy[t])));
      if (t < len - 1) QCOMPARE(back[i].pen[t], seqs[i].pen[t]);
    }
  }
}

void TstStrokePacking::packRejectsBadInput() {
  const auto good = gvae::generateStrokes(3, 1);
  gvae::ImageSet set;
  QVERIFY(!gvae::packStrokes(good, 0, 1.0, &set).ok);
  QVERIFY(!gvae::packStrokes(good, 10, 0.0, &set).ok);
  QVERIFY(!gvae::packStrokes(good, 10, std::nan(""), &set).ok);
  QVERIFY(!gvae::packStrokes(good, 10, std::numeric_limits<double>::infinity(), &set).ok);
  auto uneven = good;
  uneven[1].pen.pop_back();
  QVERIFY(qs(gvae::packStrokes(uneven, 10, 1.0, &set).message).contains(QStringLiteral("1:")));
  auto empty = good;
  empty[2] = StrokeSequence{};
  QVERIFY(qs(gvae::packStrokes(empty, 10, 1.0, &set).message).contains(QStringLiteral("no steps")));
  auto nan = good;
  nan[0].dy[3] = std::nanf("");
  QVERIFY(qs(gvae::packStrokes(nan, 10, 1.0, &set).message).contains(QStringLiteral("step 3")));
  QVERIFY(!set.images.defined());
  bool threw = false;
  try {
    gvae::unpackStrokes(torch::zeros({2, 7}), 1.0);  // not [n, 4T]
  } catch (const std::exception&) {
    threw = true;
  }
  QVERIFY(threw);
  QVERIFY(gvae::unpackStrokes(torch::zeros({2, 8}), 1.0)[1].dx.empty());  // all padding
}

void TstStrokePacking::scaleIsStandardDeviation() {
  StrokeSequence s;
  s.dx = {1, 3};
  s.dy = {-1, 1};
  s.pen = {0, 1};
  // Values 1, 3, -1, 1: mean 1, deviations 0, 2, -2, 0: variance 2.
  QCOMPARE(gvae::strokeScale({s}), std::sqrt(2.0));
  QCOMPARE(gvae::strokeScale({s, s}), std::sqrt(2.0));
  QCOMPARE(gvae::strokeScale({}), 1.0);  // no data, no spread: 1
  s.dx = {0, 0};
  s.dy = {0, 0};
  QCOMPARE(gvae::strokeScale({s}), 1.0);
  QCOMPARE(gvae::autoStrokeSteps({}), int64_t{1});
  QCOMPARE(gvae::autoStrokeSteps({s}), int64_t{2});
  s.dx.resize(500);
  QCOMPARE(gvae::autoStrokeSteps({s}), gvae::kMaxAutoSteps);
}

QTEST_GUILESS_MAIN(TstStrokePacking)
#include "tst_stroke_packing.moc"
