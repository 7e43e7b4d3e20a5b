// Tests of NodeKlBars: collapsed latent nodes (KL below the threshold) are marked in red.
#include <qcustomplot.h>

#include <QtTest/QtTest>
#include <vector>

#include "figure_test_util.h"
#include "widgets/node_kl_bars.h"

using gvae::NodeKlBars;

class TstNodeKlBars : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void nodeBarsMarkCollapsedNodes_data();
  void nodeBarsMarkCollapsedNodes();
  void nodeBarsThresholdChangeReclassifies();
  void nodeBarsPaintCollapsedInRed();
  void labelsStandUpWhenNarrow();
  void axisLabelWholeOrBrief();
  void titleNumbersInTheUsersLocale();
};

void TstNodeKlBars::nodeBarsMarkCollapsedNodes_data() {
  QTest::addColumn<QList<double>>("kl");
  QTest::addColumn<QList<double>>("collapsedKeys");
  QTest::newRow("none collapsed") << QList<double>{1.2, 0.8, 2.5} << QList<double>{};
  QTest::newRow("two collapsed") << QList<double>{0.01, 3.0, 0.0, 0.2} << QList<double>{1, 3};
  QTest::newRow("at the threshold is active") << QList<double>{0.05, 0.049} << QList<double>{2};
  QTest::newRow("all collapsed") << QList<double>{0.0, 0.0} << QList<double>{1, 2};
  QTest::newRow("no nodes") << QList<double>{} << QList<double>{};
}

void TstNodeKlBars::nodeBarsMarkCollapsedNodes() {
  QFETCH(QList<double>, kl);
  QFETCH(QList<double>, collapsedKeys);
  NodeKlBars bars;
  QCOMPARE(bars.collapseThreshold(), 0.05);
  bars.setNodeKl(std::vector<double>(kl.begin(), kl.end()));
  QCOMPARE(bars.collapsedCount(), int(collapsedKeys.size()));
  QCOMPARE(bars.collapsedBars()->dataCount(), int(collapsedKeys.size()));
  QCOMPARE(bars.activeBars()->dataCount(), int(kl.size() - collapsedKeys.size()));
  QVector<double> keys;
  for (auto it = bars.collapsedBars()->data()->constBegin();
       it != bars.collapsedBars()->data()->constEnd(); ++it)
    keys.append(it->key);
  QCOMPARE(keys, collapsedKeys);
  QVERIFY(bars.collapsedBars()->brush().color().red() > 200);
  QVERIFY(bars.activeBars()->brush().color().blue() > 150);
  QCOMPARE(bars.plot()->yAxis->label(), QStringLiteral("KL (nats)"));
  QCOMPARE(bars.figureName(), QStringLiteral("node_kl"));
}

void TstNodeKlBars::nodeBarsThresholdChangeReclassifies() {
  NodeKlBars bars;
  bars.setNodeKl({0.01, 0.3, 1.5, 4.0});
  QCOMPARE(bars.collapsedCount(), 1);
  bars.setCollapseThreshold(0.5);
  QCOMPARE(bars.collapsedCount(), 2);
  bars.setCollapseThreshold(0.001);
  QCOMPARE(bars.collapsedCount(), 0);
  bars.setNodeKl({});
  QCOMPARE(bars.collapsedCount(), 0);
}

void TstNodeKlBars::nodeBarsPaintCollapsedInRed() {
  NodeKlBars bars;
  bars.setCollapseThreshold(1.0);
  bars.setNodeKl({0.6, 2.0, 3.0});
  const QRgb red = bars.collapsedBars()->brush().color().rgb();
  const QRgb blue = bars.activeBars()->brush().color().rgb();
  const QImage image = paintToImage(bars);
  QVERIFY(pixelsOfColor(image, red) > 50);
  QVERIFY(pixelsOfColor(image, blue) > 2 * pixelsOfColor(image, red));  // two taller bars

  bars.setNodeKl({1.5, 2.0, 3.0});  // nothing collapsed: no red bar
  QCOMPARE(pixelsOfColor(paintToImage(bars), red), 0);
}

void TstNodeKlBars::labelsStandUpWhenNarrow() {
  NodeKlBars bars;
  bars.setNodeKl({1.0, 2.0, 0.5, 3.0, 0.01});
  bars.resize(500, 300);
  bars.show();
  QVERIFY(QTest::qWaitForWindowExposed(&bars));
  bars.plot()->replot();
  QCOMPARE(bars.plot()->xAxis->tickLabelRotation(), 0.0);  // room for five labels side by side
  bars.resize(90, 300);  // the width the Curves dock left it: labels ran into each other
  QTRY_COMPARE(bars.plot()->xAxis->tickLabelRotation(), -90.0);
  bars.resize(500, 300);
  QTRY_COMPARE(bars.plot()->xAxis->tickLabelRotation(), 0.0);
}

// The x label says "latent node" where the panel has room for it and "node" where it has not
// (German's "latenter Knoten" was cut at both ends in the Curves dock at 1366 x 768).
void TstNodeKlBars::axisLabelWholeOrBrief() {
  NodeKlBars bars;
  bars.setNodeKl({1.0, 2.0, 0.5});
  bars.resize(400, 300);
  bars.show();
  QVERIFY(QTest::qWaitForWindowExposed(&bars));
  bars.plot()->replot();
  QCOMPARE(bars.plot()->xAxis->label(), QStringLiteral("latent node"));
  QFont big = bars.plot()->xAxis->labelFont();
  big.setPointSizeF(big.pointSizeF() * 1.5);  // a label wider than the panel, as in German
  bars.plot()->xAxis->setLabelFont(big);
  bars.resize(100, 300);
  QTRY_COMPARE(bars.plot()->xAxis->label(), QStringLiteral("node"));
  bars.resize(400, 300);
  QTRY_COMPARE(bars.plot()->xAxis->label(), QStringLiteral("latent node"));
}

namespace {

QString titleOf(const NodeKlBars& bars) {  // the text above the bars
  auto* title = qobject_cast<QCPTextElement*>(bars.plot()->plotLayout()->element(0, 0));
  return title ? title->text() : QString();
}

}  // namespace

// The threshold in the title is written as the axes write numbers: "KL < 0,05" in German (it
// read "0.05" beside axes labelled "0,02").
void TstNodeKlBars::titleNumbersInTheUsersLocale() {
  const QLocale before;
  const auto restore = qScopeGuard([&before] { QLocale::setDefault(before); });
  QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
  NodeKlBars bars;
  bars.setNodeKl({1.0, 0.01});
  QVERIFY2(titleOf(bars).contains(QStringLiteral("KL < 0,05")), qPrintable(titleOf(bars)));
  QLocale::setDefault(QLocale::c());
  NodeKlBars english;
  english.setNodeKl({1.0, 0.01});
  QVERIFY2(titleOf(english).contains(QStringLiteral("KL < 0.05")), qPrintable(titleOf(english)));
}

QTEST_MAIN(TstNodeKlBars)
#include "tst_node_kl_bars.moc"
