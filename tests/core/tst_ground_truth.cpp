// Tests the ground-truth judge: node <-> factor alignment by held-out R^2 on constructed latents,
// DAG comparison, the factor DAG mapped onto nodes, and the root-first factor order.
#include <QtTest/QtTest>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/data/splitmix.h"
#include "core/eval/ground_truth.h"

using namespace gvae;

namespace {

// splitmix64: the same stream with every standard library (unlike <random>'s distributions).
using TestRng = SplitMix64;

const std::vector<FactorInfo> kSprites = {{"shape", 4}, {"scale"}, {"rotation"}, {"x"}, {"y"}};
// The sprites' factor DAG (parent -> child).
const std::vector<std::pair<std::string, std::string>> kSpritesDag = {
    {"shape", "scale"}, {"scale", "y"}, {"x", "y"}, {"shape", "rotation"}};
// Shape's four one-hot indicators need three dimensions to be a linear function of a node.
constexpr int64_t kNodeDim = 3;
constexpr int kNoise = -1;       // factor_of_node: a node coding no factor
constexpr int kAllFactors = -2;  // factor_of_node: a node coding the sum of every factor's code

struct Split {
  std::vector<double> means;    // [n * nodes * kNodeDim]
  std::vector<double> factors;  // [n * 5]
};

// n examples of independent factors (shape uniform over its 4 classes, the rest uniform in
// [0, 1)); node k's means code factor factor_of_node[k], plus uniform noise in [-0.1, 0.1).
// Shape's code is its one-hot without class 0; a continuous factor's is 2 v - 1 in dimension 0.
Split makeSplit(int64_t n, uint64_t seed, const std::vector<int>& factor_of_node) {
  TestRng rng(seed);
  Split split;
  for (int64_t i = 0; i < n; ++i) {
    double f[5];
    f[0] = static_cast<double>(rng.next() % 4);
    for (int k = 1; k < 5; ++k) f[k] = rng.uniform();
    split.factors.insert(split.factors.end(), f, f + 5);
    for (const int coded : factor_of_node) {
      double dims[kNodeDim] = {0, 0, 0};
      for (int k = 0; k < 5; ++k) {
        if (coded != k && coded != kAllFactors) continue;
        if (k == 0 && f[0] > 0) dims[static_cast<int>(f[0]) - 1] += 1;
        if (k > 0) dims[0] += 2 * f[k] - 1;
      }
      for (double& d : dims) d += 0.2 * rng.uniform() - 0.1;
      split.means.insert(split.means.end(), dims, dims + kNodeDim);
    }
  }
  return split;
}

// The alignment of nodes coding factor_of_node, fitted on 400 examples, scored on 400 others.
Alignment align(const std::vector<int>& factor_of_node, uint64_t seed) {
  const Split fit = makeSplit(400, seed, factor_of_node);
  const Split score = makeSplit(400, seed + 1, factor_of_node);
  return alignFactors(fit.means, fit.factors, score.means, score.factors,
                      static_cast<int64_t>(factor_of_node.size()), kNodeDim, kSprites);
}

double r2(const Alignment& a, int64_t node, int64_t factor) {
  return a.r2[node * a.factors + factor];
}

std::vector<int> toVector(const QList<int>& list) { return {list.begin(), list.end()}; }

// "3>1 2>1" <-> {{3, 1}, {2, 1}}.
NodeEdges parseEdges(const QString& text) {
  NodeEdges edges;
  for (const QString& edge : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
    const QStringList ends = edge.split(QLatin1Char('>'));
    edges.emplace_back(ends[0].toInt(), ends[1].toInt());
  }
  return edges;
}
QString formatEdges(const NodeEdges& edges) {
  QStringList parts;
  for (const auto& [from, to] : edges)
    parts << QString::number(from) + QLatin1Char('>') + QString::number(to);
  return parts.join(QLatin1Char(' '));
}

// "shape>scale scale>y" -> factor edges.
std::vector<std::pair<std::string, std::string>> parseFactorEdges(const QString& text) {
  std::vector<std::pair<std::string, std::string>> edges;
  for (const QString& edge : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
    const QStringList ends = edge.split(QLatin1Char('>'));
    edges.emplace_back(ends[0].toStdString(), ends[1].toStdString());
  }
  return edges;
}

}  // namespace

class TstGroundTruth : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void recoversAKnownAlignment_data();
  void recoversAKnownAlignment();
  void refusesScrambledLatents_data();
  void refusesScrambledLatents();
  void leavesFactorsWithoutANodeUnassigned();
  void categoricalFactorUsesItsIndicators();
  void refusesInconsistentInput();
  void comparesDags_data();
  void comparesDags();
  void mapsTheFactorDagThroughAnAlignment();
  void rootFirstOrderOfTheSpritesDag();
  void rootFirstOrderRefusesBadGraphs_data();
  void rootFirstOrderRefusesBadGraphs();
};

void TstGroundTruth::recoversAKnownAlignment_data() {
  QTest::addColumn<QList<int>>("factor_of_node");
  QTest::newRow("identity") << QList<int>{0, 1, 2, 3, 4};
  QTest::newRow("permuted") << QList<int>{2, 0, 4, 1, 3};
  QTest::newRow("reversed") << QList<int>{4, 3, 2, 1, 0};
}

void TstGroundTruth::recoversAKnownAlignment() {
  QFETCH(QList<int>, factor_of_node);
  const Alignment a = align(toVector(factor_of_node), 11);
  QCOMPARE(a.nodes, int64_t{5});
  QCOMPARE(a.factors, int64_t{5});
  QCOMPARE(a.r2.size(), size_t{25});
  std::vector<int> expected(5);
  for (int k = 0; k < 5; ++k) expected[factor_of_node[k]] = k;
  QCOMPARE(a.node_of_factor, expected);
  QVERIFY2(a.holds, a.verdict.c_str());
  QVERIFY2(QString::fromStdString(a.verdict).startsWith(QStringLiteral("Each factor")),
           a.verdict.c_str());
  for (int k = 0; k < 5; ++k) {
    for (int f = 0; f < 5; ++f) {
      const bool own = factor_of_node[k] == f;
      QVERIFY2(
          own ? r2(a, k, f) > 0.9 : r2(a, k, f) < 0.1,
          qPrintable(QStringLiteral("z%1, factor %2: R^2 %3").arg(k + 1).arg(f).arg(r2(a, k, f))));
    }
  }
}

void TstGroundTruth::refusesScrambledLatents_data() {
  QTest::addColumn<QList<int>>("factor_of_node");
  QTest::addColumn<QStringList>("mentions");  // what the verdict names
  QTest::newRow("every node mixes all factors")
      << QList<int>(5, kAllFactors) << QStringList{QStringLiteral("predicted poorly")};
  QTest::newRow("pure noise") << QList<int>(5, kNoise)
                              << QStringList{QStringLiteral("predicted poorly")};
  // Rotation coded twice (z1 and z6): high R^2 but no margin.
  QTest::newRow("a factor coded by two nodes")
      << QList<int>{2, 0, 4, 1, 3, 2}
      << QStringList{QStringLiteral("rotation is predicted nearly as well by"),
                     QStringLiteral("z1"), QStringLiteral("z6")};
}

void TstGroundTruth::refusesScrambledLatents() {
  QFETCH(QList<int>, factor_of_node);
  QFETCH(QStringList, mentions);
  const Alignment a = align(toVector(factor_of_node), 21);
  QVERIFY2(!a.holds, a.verdict.c_str());
  const QString verdict = QString::fromStdString(a.verdict);
  QVERIFY(verdict.startsWith(QStringLiteral("The nodes do not align with the factors: ")));
  QVERIFY(verdict.endsWith(QLatin1Char('.')));
  for (const QString& m : mentions) QVERIFY2(verdict.contains(m), qPrintable(verdict));
}

void TstGroundTruth::leavesFactorsWithoutANodeUnassigned() {
  const Alignment a = align({1, 3, 0}, 41);  // scale, x, shape
  QCOMPARE(a.node_of_factor, (std::vector<int>{2, 0, -1, 1, -1}));
  QVERIFY(!a.holds);
  QVERIFY2(a.verdict.find("rotation and y have no node") != std::string::npos, a.verdict.c_str());
}

void TstGroundTruth::categoricalFactorUsesItsIndicators() {
  // A node coding only shape's one-hot predicts shape, not the others.
  const Alignment a = align({0, kNoise}, 31);
  QVERIFY2(r2(a, 0, 0) > 0.95, qPrintable(QString::number(r2(a, 0, 0))));
  QVERIFY2(r2(a, 1, 0) < 0.1, qPrintable(QString::number(r2(a, 1, 0))));
  for (int f = 1; f < 5; ++f) QVERIFY(r2(a, 0, f) < 0.1);

  // A node coding only "shape is class 0" (balanced classes): over the four indicators it
  // explains 1/3 of the variance; regressing the class id as a number would give 0.6.
  TestRng rng(5);
  std::vector<double> means[2], shapes[2];
  for (int split = 0; split < 2; ++split) {
    for (int i = 0; i < 4000; ++i) {
      const int shape = static_cast<int>(rng.next() % 4);
      shapes[split].push_back(shape);
      means[split].push_back((shape == 0 ? 1.0 : 0.0) + 0.01 * rng.uniform());
    }
  }
  const Alignment b = alignFactors(means[0], shapes[0], means[1], shapes[1], 1, 1, {{"shape", 4}});
  QVERIFY2(std::abs(b.r2[0] - 1.0 / 3) < 0.03, qPrintable(QString::number(b.r2[0])));
  QVERIFY(!b.holds);  // below min_r2
}

void TstGroundTruth::refusesInconsistentInput() {
  const std::vector<FactorInfo> shape = {{"shape", 4}};
  // A class outside 0..3.
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                           alignFactors({1, 2}, {4}, {1, 2}, {0}, 1, 2, shape));
  // Two examples of means, one of factors.
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                           alignFactors({1, 2}, {0, 1}, {1, 2}, {0}, 1, 2, shape));
}

void TstGroundTruth::comparesDags_data() {
  QTest::addColumn<QString>("learned");
  QTest::addColumn<QString>("truth");
  QTest::addColumn<int>("shd");
  QTest::addColumn<double>("precision");
  QTest::addColumn<double>("recall");
  QTest::addColumn<QString>("missing");  // edge lists in sorted order
  QTest::addColumn<QString>("extra");
  QTest::addColumn<QString>("reversed");
  const QString truth = QStringLiteral("3>1 3>2 2>1");
  const QString none;
  QTest::newRow("identical") << truth << truth << 0 << 1.0 << 1.0 << none << none << none;
  QTest::newRow("one missing edge") << QStringLiteral("3>1 2>1") << truth << 1 << 1.0 << 2.0 / 3
                                    << QStringLiteral("3>2") << none << none;
  QTest::newRow("one extra edge") << QStringLiteral("3>1 3>2 2>1 4>1") << truth << 1 << 0.75 << 1.0
                                  << none << QStringLiteral("4>1") << none;
  QTest::newRow("one reversed edge") << QStringLiteral("3>1 2>3 2>1") << truth << 1 << 2.0 / 3
                                     << 2.0 / 3 << none << none << QStringLiteral("2>3");
  QTest::newRow("empty learned graph")
      << none << truth << 3 << 1.0 << 0.0 << QStringLiteral("2>1 3>1 3>2") << none << none;
  QTest::newRow("empty truth") << QStringLiteral("3>1") << none << 1 << 0.0 << 1.0 << none
                               << QStringLiteral("3>1") << none;
  QTest::newRow("both empty") << none << none << 0 << 1.0 << 1.0 << none << none << none;
  QTest::newRow("duplicate learned edge") << QStringLiteral("3>1 3>1") << QStringLiteral("3>1") << 0
                                          << 1.0 << 1.0 << none << none << none;
}

void TstGroundTruth::comparesDags() {
  QFETCH(QString, learned);
  QFETCH(QString, truth);
  QFETCH(int, shd);
  QFETCH(double, precision);
  QFETCH(double, recall);
  QFETCH(QString, missing);
  QFETCH(QString, extra);
  QFETCH(QString, reversed);
  const DagComparison c = compareDags(parseEdges(learned), parseEdges(truth));
  QCOMPARE(c.shd, int64_t{shd});
  QCOMPARE(c.precision, precision);
  QCOMPARE(c.recall, recall);
  QCOMPARE(formatEdges(c.missing), missing);
  QCOMPARE(formatEdges(c.extra), extra);
  QCOMPARE(formatEdges(c.reversed), reversed);
}

void TstGroundTruth::mapsTheFactorDagThroughAnAlignment() {
  // shape -> z5, scale -> z3, rotation -> z1, x unassigned, y -> z2.
  const NodeEdges edges = mapFactorDag(kSpritesDag, kSprites, {4, 2, 0, -1, 1});
  QCOMPARE(formatEdges(edges), QStringLiteral("5>3 3>2 5>1"));  // x -> y dropped
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                           mapFactorDag({{"shape", "colour"}}, kSprites, {4, 2, 0, -1, 1}));
  // The true DAG mapped through a recovered alignment compares perfectly with itself.
  const Alignment a = align({2, 0, 4, 1, 3}, 11);
  const NodeEdges truth = mapFactorDag(kSpritesDag, kSprites, a.node_of_factor);
  QCOMPARE(truth.size(), kSpritesDag.size());
  QCOMPARE(compareDags(truth, truth).shd, int64_t{0});
}

void TstGroundTruth::rootFirstOrderOfTheSpritesDag() {
  const std::vector<std::string> order = rootFirstFactorOrder(kSpritesDag, kSprites);
  QCOMPARE(order.size(), kSprites.size());
  const auto position = [&](const std::string& name) {
    return std::find(order.begin(), order.end(), name) - order.begin();
  };
  QVERIFY(position("shape") < position("scale"));
  QVERIFY(position("shape") < position("rotation"));
  QVERIFY(position("scale") < position("y"));
  QVERIFY(position("x") < position("y"));
  // Ties go to the listed order.
  QCOMPARE(order, (std::vector<std::string>{"shape", "scale", "rotation", "x", "y"}));

  // The first factor on z5, the next on z4, ...: every true edge runs from a higher to a lower
  // node, as the model's edges do.
  std::vector<int> node_of_factor(kSprites.size());
  for (size_t f = 0; f < kSprites.size(); ++f)
    node_of_factor[f] = static_cast<int>(kSprites.size() - 1 - position(kSprites[f].name));
  const NodeEdges edges = mapFactorDag(kSpritesDag, kSprites, node_of_factor);
  QCOMPARE(edges.size(), kSpritesDag.size());
  for (const auto& [from, to] : edges)
    QVERIFY2(from > to, qPrintable(QStringLiteral("z%1 -> z%2").arg(from).arg(to)));
}

void TstGroundTruth::rootFirstOrderRefusesBadGraphs_data() {
  QTest::addColumn<QString>("edges");
  QTest::newRow("two-cycle") << QStringLiteral("shape>scale scale>shape");
  QTest::newRow("three-cycle") << QStringLiteral("x>y y>scale scale>x shape>x");
  QTest::newRow("self-loop") << QStringLiteral("rotation>rotation");
  QTest::newRow("unknown factor") << QStringLiteral("shape>colour");
}

void TstGroundTruth::rootFirstOrderRefusesBadGraphs() {
  QFETCH(QString, edges);
  QVERIFY(rootFirstFactorOrder(parseFactorEdges(edges), kSprites).empty());
}

QTEST_GUILESS_MAIN(TstGroundTruth)
#include "tst_ground_truth.moc"
