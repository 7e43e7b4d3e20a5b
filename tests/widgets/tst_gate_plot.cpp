// Tests for GatePlot (gate means, frozen stretches) and NodeKlBars (collapsed latent nodes).
#include <qcustomplot.h>

#include <QtTest/QtTest>
#include <cmath>
#include <utility>
#include <vector>

#include "widgets/edge_palette.h"
#include "widgets/gate_plot.h"
#include "widgets/node_kl_bars.h"

using gvae::EpochMetrics;
using gvae::GatePlot;
using gvae::NodeKlBars;

namespace {

const std::vector<std::pair<int, int>> kThreeEdges{{1, 2}, {1, 3}, {2, 3}};

/// Epochs first..first+n-1 with gate g's mean 0.1 * (g + 1) + 0.01 * epoch, all gates free.
std::vector<EpochMetrics> makeEpochs(int first, int n, int gates) {
  std::vector<EpochMetrics> epochs;
  for (int epoch = first; epoch < first + n; ++epoch) {
    EpochMetrics e;
    e.epoch = epoch;
    e.step = 100 * epoch;
    for (int g = 0; g < gates; ++g) {
      e.gate_mu.push_back(0.1 * (g + 1) + 0.01 * epoch);
      e.gate_frozen.push_back(gvae::kGateFree);
    }
    epochs.push_back(e);
  }
  return epochs;
}

QVector<double> keysOf(const QCPGraph* graph) {
  QVector<double> keys;
  for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it)
    keys.append(it->key);
  return keys;
}

int pixelsOfColor(const QImage& image, QRgb rgb) {
  int count = 0;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x)
      if ((image.pixel(x, y) & 0xffffff) == (rgb & 0xffffff)) ++count;
  return count;
}

int nonWhitePixels(const QImage& image) {
  return image.width() * image.height() - pixelsOfColor(image, 0xffffff);
}

QImage paintToImage(gvae::Figure& figure) {
  QImage image(figure.figureSize(), QImage::Format_ARGB32);
  image.fill(Qt::white);
  QPainter painter(&image);
  figure.paintFigure(&painter, image.rect());
  return image;
}

}  // namespace

class TestGatePlot : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void setGatePairsMakesOneLinePerEdge();
  void noGatesShowsText();
  void appendEpochsAddsPoints();
  void frozenSegmentStartsAtFreezeEpoch_data();
  void frozenSegmentStartsAtFreezeEpoch();
  void unfreezeResumesSolidLine();
  void missingGateEntriesAreSkipped();
  void setGatePairsResets();
  void gatePaintFigureDrawsEdgeColors();
  void nodeBarsMarkCollapsedNodes_data();
  void nodeBarsMarkCollapsedNodes();
  void nodeBarsThresholdChangeReclassifies();
  void nodeBarsPaintCollapsedInRed();
};

void TestGatePlot::setGatePairsMakesOneLinePerEdge() {
  GatePlot plot;
  plot.setGatePairs(kThreeEdges);
  QCOMPARE(plot.gateCount(), 3);
  QCOMPARE(plot.plot()->graphCount(), 6);  // a solid and a dashed graph per edge
  QCOMPARE(plot.plot()->legend->itemCount(), 3);
  QVERIFY(plot.plot()->legend->visible());
  QVERIFY(!plot.emptyText()->visible());
  QCOMPARE(plot.freeGraph(0)->name(), QString::fromUtf8("z\u2081\u2192z\u2082"));
  QCOMPARE(plot.freeGraph(2)->name(), QString::fromUtf8("z\u2082\u2192z\u2083"));
  for (int g = 0; g < 3; ++g) {
    QCOMPARE(plot.freeGraph(g)->pen().color(), gvae::edgeColor(g));
    QCOMPARE(plot.frozenGraph(g)->pen().color(), gvae::edgeColor(g));
    QCOMPARE(plot.frozenGraph(g)->pen().style(), Qt::DashLine);
    QVERIFY(plot.frozenGraph(g)->pen().widthF() > plot.freeGraph(g)->pen().widthF());
    QCOMPARE(plot.pointCount(g), 0);
  }
  QCOMPARE(plot.pointCount(3), -1);
  QCOMPARE(plot.figureName(), QStringLiteral("gates"));
}

void TestGatePlot::noGatesShowsText() {
  GatePlot plot;
  QVERIFY(!plot.emptyText()->visible());  // nothing loaded yet: no claim about the model
  plot.setGatePairs({});
  QVERIFY(plot.emptyText()->visible());
  QCOMPARE(plot.emptyText()->text(), QStringLiteral("No learned gates in this model"));
  QVERIFY(!plot.plot()->legend->visible());
  plot.appendEpochs(makeEpochs(1, 3, 0));
  QCOMPARE(plot.plot()->graphCount(), 0);
  QCOMPARE(plot.pointCount(0), -1);
  QVERIFY(nonWhitePixels(paintToImage(plot)) > 0);  // the text (and axes) are drawn
}

void TestGatePlot::appendEpochsAddsPoints() {
  GatePlot plot;
  plot.setGatePairs(kThreeEdges);
  plot.appendEpochs(makeEpochs(1, 2, 3));
  plot.appendEpochs(makeEpochs(3, 3, 3));
  for (int g = 0; g < 3; ++g) {
    QCOMPARE(plot.pointCount(g), 5);
    QCOMPARE(plot.frozenPointCount(g), 0);
    QCOMPARE(plot.frozenGraph(g)->dataCount(), 0);
    QCOMPARE(keysOf(plot.freeGraph(g)), (QVector<double>{1, 2, 3, 4, 5}));
  }
  QCOMPARE(plot.freeGraph(1)->data()->at(3)->value, 0.2 + 0.04);
  QCOMPARE(plot.plot()->yAxis->range().lower, -0.02);
  QCOMPARE(plot.plot()->yAxis->range().upper, 1.02);
  QCOMPARE(plot.plot()->xAxis->range().lower, 1.0);
  QCOMPARE(plot.plot()->xAxis->range().upper, 5.0);
}

void TestGatePlot::frozenSegmentStartsAtFreezeEpoch_data() {
  QTest::addColumn<int>("freezeEpoch");  // 0: never frozen
  QTest::addColumn<int>("epochs");
  QTest::addColumn<int>("code");
  QTest::newRow("frozen on at 3 of 6") << 3 << 6 << int(gvae::kGateFrozenOn);
  QTest::newRow("frozen off at 2 of 4") << 2 << 4 << int(gvae::kGateFrozenOff);
  QTest::newRow("frozen from the first epoch") << 1 << 3 << int(gvae::kGateFrozenOn);
  QTest::newRow("frozen in the last epoch") << 5 << 5 << int(gvae::kGateFrozenOff);
  QTest::newRow("never frozen") << 0 << 4 << int(gvae::kGateFrozenOn);
}

void TestGatePlot::frozenSegmentStartsAtFreezeEpoch() {
  QFETCH(int, freezeEpoch);
  QFETCH(int, epochs);
  QFETCH(int, code);
  GatePlot plot;
  plot.setGatePairs(kThreeEdges);
  const int gate = 1;
  std::vector<EpochMetrics> data = makeEpochs(1, epochs, 3);
  for (EpochMetrics& e : data) {
    if (freezeEpoch > 0 && e.epoch >= freezeEpoch) {
      e.gate_frozen[gate] = int8_t(code);
      e.gate_mu[gate] = code == gvae::kGateFrozenOn ? 1.0 : 0.0;
    }
  }
  // Fed one epoch at a time, as the live run does.
  for (const EpochMetrics& e : data) plot.appendEpochs({e});

  const int frozenEpochs = freezeEpoch > 0 ? epochs - freezeEpoch + 1 : 0;
  QCOMPARE(plot.pointCount(gate), epochs);
  QCOMPARE(plot.frozenPointCount(gate), frozenEpochs);
  QCOMPARE(plot.frozenPointCount(0), 0);
  QCOMPARE(plot.frozenPointCount(2), 0);
  const QCPGraph* frozen = plot.frozenGraph(gate);
  const QCPGraph* free = plot.freeGraph(gate);
  QCOMPARE(frozen->dataCount(), frozenEpochs);
  if (freezeEpoch == 0) {
    QCOMPARE(free->dataCount(), epochs);
    return;
  }
  QCOMPARE(frozen->data()->constBegin()->key, double(freezeEpoch));
  QCOMPARE(frozen->data()->constBegin()->value, code == gvae::kGateFrozenOn ? 1.0 : 0.0);
  QCOMPARE((frozen->data()->constEnd() - 1)->key, double(epochs));
  if (freezeEpoch == 1) {
    QCOMPARE(free->dataCount(), 0);  // frozen from the start: no solid stretch at all
  } else {
    // The solid line runs up to the freeze epoch, where the dashed one takes over.
    QCOMPARE((free->data()->constEnd() - 1)->key, double(freezeEpoch));
    QCOMPARE(free->dataCount(), freezeEpoch);
  }
}

void TestGatePlot::unfreezeResumesSolidLine() {
  GatePlot plot;
  plot.setGatePairs({{1, 2}});
  std::vector<EpochMetrics> data = makeEpochs(1, 6, 1);
  data[1].gate_frozen[0] = gvae::kGateFrozenOn;  // epochs 2, 3 frozen; free again from 4
  data[2].gate_frozen[0] = gvae::kGateFrozenOn;
  plot.appendEpochs(data);
  QCOMPARE(plot.pointCount(0), 6);
  QCOMPARE(plot.frozenPointCount(0), 2);
  QCOMPARE(keysOf(plot.frozenGraph(0)), (QVector<double>{2, 3, 4}));
  const QVector<double> freeKeys = keysOf(plot.freeGraph(0));
  QCOMPARE(freeKeys, (QVector<double>{1, 2, 3.5, 4, 5, 6}));
  // The solid graph is broken (NaN) across the frozen stretch instead of jumping over it.
  QVERIFY(std::isnan(plot.freeGraph(0)->data()->at(2)->value));
}

void TestGatePlot::missingGateEntriesAreSkipped() {
  GatePlot plot;
  plot.setGatePairs(kThreeEdges);
  std::vector<EpochMetrics> data = makeEpochs(1, 2, 3);
  data[1].gate_mu.resize(2);    // gate 2 missing in epoch 2
  data[1].gate_frozen.clear();  // no freeze codes: free
  plot.appendEpochs(data);
  QCOMPARE(plot.pointCount(0), 2);
  QCOMPARE(plot.pointCount(2), 1);
  QCOMPARE(plot.frozenPointCount(0), 0);
}

void TestGatePlot::setGatePairsResets() {
  GatePlot plot;
  plot.setGatePairs(kThreeEdges);
  plot.appendEpochs(makeEpochs(1, 4, 3));
  plot.setGatePairs({{1, 2}, {2, 3}});
  QCOMPARE(plot.gateCount(), 2);
  QCOMPARE(plot.plot()->graphCount(), 4);
  QCOMPARE(plot.pointCount(0), 0);
  plot.appendEpochs(makeEpochs(1, 1, 2));
  QCOMPARE(plot.pointCount(1), 1);
}

void TestGatePlot::gatePaintFigureDrawsEdgeColors() {
  GatePlot plot;
  plot.setGatePairs(kThreeEdges);
  plot.appendEpochs(makeEpochs(1, 8, 3));
  const QImage image = paintToImage(plot);
  QVERIFY(nonWhitePixels(image) > 500);
  for (int g = 0; g < 3; ++g)
    QVERIFY2(pixelsOfColor(image, gvae::edgeColor(g).rgb()) > 10, qPrintable(QString::number(g)));
}

void TestGatePlot::nodeBarsMarkCollapsedNodes_data() {
  QTest::addColumn<QList<double>>("kl");
  QTest::addColumn<QList<double>>("collapsedKeys");
  QTest::newRow("none collapsed") << QList<double>{1.2, 0.8, 2.5} << QList<double>{};
  QTest::newRow("two collapsed") << QList<double>{0.01, 3.0, 0.0, 0.2} << QList<double>{1, 3};
  QTest::newRow("at the threshold is active") << QList<double>{0.05, 0.049} << QList<double>{2};
  QTest::newRow("all collapsed") << QList<double>{0.0, 0.0} << QList<double>{1, 2};
  QTest::newRow("no nodes") << QList<double>{} << QList<double>{};
}

void TestGatePlot::nodeBarsMarkCollapsedNodes() {
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

void TestGatePlot::nodeBarsThresholdChangeReclassifies() {
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

void TestGatePlot::nodeBarsPaintCollapsedInRed() {
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

QTEST_MAIN(TestGatePlot)
#include "tst_gate_plot.moc"
