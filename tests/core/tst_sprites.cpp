// Tests for the embedded sprites dataset: shapes, invariants, determinism and the ground-truth DAG.
#include <QtTest/QtTest>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/data/sprites.h"

namespace {

constexpr int kSide = 28;
constexpr int kPixels = kSide * kSide;
constexpr int kShapes = 4;
// Factor columns, in the documented order.
constexpr int kShape = 0, kScale = 1, kRotation = 2, kX = 3, kY = 4;

/// Pearson correlation of two equally long samples.
double correlation(const std::vector<double>& a, const std::vector<double>& b) {
  const double n = static_cast<double>(a.size());
  double ma = 0, mb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  double sab = 0, saa = 0, sbb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  return sab / std::sqrt(saa * sbb);
}

}  // namespace

class TstSprites : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase();
  void sizes_data();
  void sizes();
  void pixelsAreBinaryNonEmptyAndUnclipped();
  void factorsStayInDocumentedRanges();
  void imageMatchesItsFactors();
  void sameSeedIsByteIdentical();
  void differentSeedsDiffer();
  void smallerCountIsPrefix();
  void rangeIsASliceOfTheSet();
  void negativeCountThrows();
  void dagIsAcyclicOverFactorNames();
  void shapesAreBalanced();
  void edgeShapeToScale();
  void edgeShapeToRotation();
  void edgeScaleToY();
  void edgeXToY();
  void nonEdgesAreIndependent();

 private:
  /// Column `k` of the default set's factors.
  std::vector<double> column(int k) const;
  /// Mean of factor `k` over the sprites of shape `shape`.
  double meanForShape(int k, int shape) const;

  gvae::SpriteSet set_;  // the default dataset: 24000 sprites, seed 1
};

void TstSprites::initTestCase() {
  set_ = gvae::generateSprites(gvae::SpritesOptions{});
  QCOMPARE(set_.count, int64_t{24000});
}

std::vector<double> TstSprites::column(int k) const {
  const size_t nf = set_.factor_names.size();
  std::vector<double> out(static_cast<size_t>(set_.count));
  for (size_t i = 0; i < out.size(); ++i) out[i] = set_.factors[i * nf + k];
  return out;
}

double TstSprites::meanForShape(int k, int shape) const {
  const size_t nf = set_.factor_names.size();
  double sum = 0;
  int n = 0;
  for (size_t i = 0; i < static_cast<size_t>(set_.count); ++i) {
    if (set_.labels[i] != shape) continue;
    sum += set_.factors[i * nf + k];
    ++n;
  }
  return n > 0 ? sum / n : std::nan("");
}

void TstSprites::sizes_data() {
  QTest::addColumn<qint64>("count");
  QTest::addColumn<quint64>("seed");
  QTest::newRow("empty") << qint64(0) << quint64(1);
  QTest::newRow("one") << qint64(1) << quint64(1);
  QTest::newRow("hundred, seed 0") << qint64(100) << quint64(0);
  QTest::newRow("odd count, huge seed") << qint64(777) << quint64(~0ull);
}

void TstSprites::sizes() {
  QFETCH(qint64, count);
  QFETCH(quint64, seed);
  const gvae::SpriteSet s = gvae::generateSprites({count, seed});
  const auto n = static_cast<size_t>(count);
  QCOMPARE(s.count, int64_t{count});
  QCOMPARE(s.pixels.size(), n * kPixels);
  QCOMPARE(s.labels.size(), n);
  const std::vector<std::string> names = {"shape", "scale", "rotation", "x", "y"};
  QVERIFY(s.factor_names == names);
  QCOMPARE(s.factors.size(), n * names.size());
}

void TstSprites::pixelsAreBinaryNonEmptyAndUnclipped() {
  for (int64_t i = 0; i < set_.count; ++i) {
    const uint8_t* img = &set_.pixels[static_cast<size_t>(i) * kPixels];
    int on = 0;
    bool on_border = false;
    for (int r = 0; r < kSide; ++r) {
      for (int c = 0; c < kSide; ++c) {
        const uint8_t p = img[r * kSide + c];
        if (p > 1) QFAIL(qPrintable(QStringLiteral("sprite %1 has pixel value %2").arg(i).arg(p)));
        on += p;
        if (p && (r == 0 || c == 0 || r == kSide - 1 || c == kSide - 1)) on_border = true;
      }
    }
    // A set pixel on the outermost ring would mean the shape may have been cut by the canvas.
    if (on == 0 || on_border) {
      QFAIL(qPrintable(
          QStringLiteral("sprite %1: %2 pixels on, on border: %3").arg(i).arg(on).arg(on_border)));
    }
  }
}

void TstSprites::factorsStayInDocumentedRanges() {
  const size_t nf = set_.factor_names.size();
  for (size_t i = 0; i < static_cast<size_t>(set_.count); ++i) {
    const float* f = &set_.factors[i * nf];
    QVERIFY(std::isfinite(f[kScale]) && std::isfinite(f[kRotation]));
    QCOMPARE(static_cast<int64_t>(f[kShape]), set_.labels[i]);
    QCOMPARE(static_cast<float>(set_.labels[i]), f[kShape]);
    QVERIFY(set_.labels[i] >= 0 && set_.labels[i] < kShapes);
    QVERIFY(f[kScale] >= 0.5f && f[kScale] <= 1.0f);
    QVERIFY(f[kRotation] >= -40.0f && f[kRotation] <= 40.0f);
    QVERIFY(f[kX] >= 9.0f && f[kX] <= 19.0f);
    // The whole covering disc (radius 8 * scale) plus a one-pixel margin fits the canvas.
    const double radius = 8.0 * f[kScale];
    QVERIFY(f[kY] >= radius + 1.0 && f[kY] <= kSide - radius - 1.0);
  }
}

void TstSprites::imageMatchesItsFactors() {
  // Every shape's centroid is its centre, and its area grows with scale^2: the stored factors
  // are the ones that were drawn.
  std::vector<std::vector<double>> area(kShapes), scale_sq(kShapes);
  const size_t nf = set_.factor_names.size();
  for (size_t i = 0; i < static_cast<size_t>(set_.count); ++i) {
    const uint8_t* img = &set_.pixels[i * kPixels];
    const float* f = &set_.factors[i * nf];
    double n = 0, sx = 0, sy = 0;
    for (int r = 0; r < kSide; ++r) {
      for (int c = 0; c < kSide; ++c) {
        if (!img[r * kSide + c]) continue;
        n += 1;
        sx += c + 0.5;
        sy += r + 0.5;
      }
    }
    QVERIFY2(std::fabs(sx / n - f[kX]) < 1.0 && std::fabs(sy / n - f[kY]) < 1.0,
             qPrintable(QStringLiteral("sprite %1: centroid far from (x, y)").arg(i)));
    area[set_.labels[i]].push_back(n);
    scale_sq[set_.labels[i]].push_back(double(f[kScale]) * f[kScale]);
  }
  for (int s = 0; s < kShapes; ++s) QVERIFY(correlation(area[s], scale_sq[s]) > 0.9);
}

void TstSprites::sameSeedIsByteIdentical() {
  const gvae::SpriteSet a = gvae::generateSprites({2000, 42});
  const gvae::SpriteSet b = gvae::generateSprites({2000, 42});
  QVERIFY(a.pixels == b.pixels);
  QVERIFY(a.labels == b.labels);
  QCOMPARE(a.factors.size(), b.factors.size());
  QVERIFY(std::memcmp(a.factors.data(), b.factors.data(), a.factors.size() * sizeof(float)) == 0);
}

void TstSprites::differentSeedsDiffer() {
  const gvae::SpriteSet a = gvae::generateSprites({2000, 42});
  const gvae::SpriteSet b = gvae::generateSprites({2000, 43});
  QVERIFY(a.pixels != b.pixels);
  QVERIFY(a.labels != b.labels);
  QVERIFY(a.factors != b.factors);
  // Not just a shifted copy: most individual images differ.
  int same = 0;
  for (size_t i = 0; i < 2000; ++i) {
    same += std::equal(a.pixels.begin() + i * kPixels, a.pixels.begin() + (i + 1) * kPixels,
                       b.pixels.begin() + i * kPixels);
  }
  QVERIFY(same < 20);
}

void TstSprites::smallerCountIsPrefix() {
  const gvae::SpriteSet small = gvae::generateSprites({300, 1});
  QVERIFY(std::equal(small.pixels.begin(), small.pixels.end(), set_.pixels.begin()));
  QVERIFY(std::equal(small.labels.begin(), small.labels.end(), set_.labels.begin()));
  QVERIFY(std::equal(small.factors.begin(), small.factors.end(), set_.factors.begin()));
}

// `first` makes sprites first .. first + count - 1 alone, exactly as in the whole set.
void TstSprites::rangeIsASliceOfTheSet() {
  const gvae::SpriteSet range = gvae::generateSprites({200, 1, 1000});
  QCOMPARE(range.count, int64_t{200});
  QVERIFY(
      std::equal(range.pixels.begin(), range.pixels.end(), set_.pixels.begin() + 1000 * kPixels));
  QVERIFY(std::equal(range.labels.begin(), range.labels.end(), set_.labels.begin() + 1000));
  QVERIFY(std::equal(range.factors.begin(), range.factors.end(),
                     set_.factors.begin() + 1000 * range.factor_names.size()));
  QVERIFY(!std::equal(range.pixels.begin(), range.pixels.end(), set_.pixels.begin()));
}

void TstSprites::negativeCountThrows() {
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, gvae::generateSprites({-1, 1}));
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, gvae::generateSprites({10, 1, -1}));
}

void TstSprites::dagIsAcyclicOverFactorNames() {
  const auto dag = gvae::spritesGroundTruthDag();
  QVERIFY(dag.size() >= 4 && dag.size() <= 6);
  const std::set<std::string> names(set_.factor_names.begin(), set_.factor_names.end());
  std::map<std::string, int> indegree;
  for (const auto& n : names) indegree[n] = 0;
  std::set<std::pair<std::string, std::string>> unique;
  for (const auto& [parent, child] : dag) {
    QVERIFY2(names.count(parent) && names.count(child), (parent + " -> " + child).c_str());
    QVERIFY(parent != child);
    QVERIFY(unique.insert({parent, child}).second);
    ++indegree[child];
  }
  // Kahn's algorithm: every node gets removed iff the graph is acyclic.
  std::vector<std::string> ready;
  for (const auto& [n, d] : indegree) {
    if (d == 0) ready.push_back(n);
  }
  size_t removed = 0;
  while (!ready.empty()) {
    const std::string n = ready.back();
    ready.pop_back();
    ++removed;
    for (const auto& [parent, child] : dag) {
      if (parent == n && --indegree[child] == 0) ready.push_back(child);
    }
  }
  QCOMPARE(removed, names.size());
}

void TstSprites::shapesAreBalanced() {
  std::vector<int> n(kShapes, 0);
  for (int64_t label : set_.labels) ++n[label];
  for (int s = 0; s < kShapes; ++s) {
    QVERIFY2(std::abs(n[s] - 6000) < 300,
             qPrintable(QStringLiteral("shape %1: %2").arg(s).arg(n[s])));
  }
}

void TstSprites::edgeShapeToScale() {
  // Documented order of mean scale: triangle (2) > cross (3) > square (0) > ellipse (1).
  const double tri = meanForShape(kScale, 2), cross = meanForShape(kScale, 3);
  const double square = meanForShape(kScale, 0), ellipse = meanForShape(kScale, 1);
  QVERIFY(tri > cross + 0.05);
  QVERIFY(cross > square + 0.05);
  QVERIFY(square > ellipse + 0.05);
}

void TstSprites::edgeShapeToRotation() {
  // Documented order of mean rotation: square (0) > cross (3) > triangle (2) > ellipse (1).
  const double square = meanForShape(kRotation, 0), cross = meanForShape(kRotation, 3);
  const double tri = meanForShape(kRotation, 2), ellipse = meanForShape(kRotation, 1);
  QVERIFY(square > cross + 10.0);
  QVERIFY(cross > tri + 10.0);
  QVERIFY(tri > ellipse + 10.0);
}

void TstSprites::edgeScaleToY() {
  // Bigger sprites sit lower (y grows downwards).
  QVERIFY(correlation(column(kScale), column(kY)) > 0.4);
}

void TstSprites::edgeXToY() {
  // Sprites further right sit lower.
  QVERIFY(correlation(column(kX), column(kY)) > 0.3);
}

void TstSprites::nonEdgesAreIndependent() {
  // x is a root whose only child is y: it is independent of shape, scale and rotation.
  const std::vector<double> x = column(kX);
  for (int s = 0; s < kShapes; ++s) {
    std::vector<double> is_shape(x.size());
    for (size_t i = 0; i < x.size(); ++i) is_shape[i] = set_.labels[i] == s ? 1.0 : 0.0;
    QVERIFY(std::fabs(correlation(x, is_shape)) < 0.03);
  }
  QVERIFY(std::fabs(correlation(x, column(kScale))) < 0.03);
  QVERIFY(std::fabs(correlation(x, column(kRotation))) < 0.03);
  // scale and rotation share the parent shape but no edge: independent given shape.
  const std::vector<double> scale = column(kScale), rotation = column(kRotation);
  for (int s = 0; s < kShapes; ++s) {
    std::vector<double> a, b;
    for (size_t i = 0; i < scale.size(); ++i) {
      if (set_.labels[i] != s) continue;
      a.push_back(scale[i]);
      b.push_back(rotation[i]);
    }
    QVERIFY(std::fabs(correlation(a, b)) < 0.05);
  }
}

QTEST_GUILESS_MAIN(TstSprites)
#include "tst_sprites.moc"
