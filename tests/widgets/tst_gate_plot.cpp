// Tests for GatePlot: one line per edge, gate means per epoch, frozen stretches drawn dashed.
#include <qcustomplot.h>

#include <QtTest/QtTest>
#include <cmath>
#include <utility>
#include <vector>

#include "figure_test_util.h"
#include "widgets/edge_palette.h"
#include "widgets/gate_plot.h"

using gvae::EpochMetrics;
using gvae::GatePlot;

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

}  // namespace

class TstGatePlot : public QObject {
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
  void recurrentGateLegend();
  void legendWrapsToTheHeight();
  void manyGatesHideTheLegendAndHoverNamesThem();
  void legendStaysInsideThePlot();
};

void TstGatePlot::setGatePairsMakesOneLinePerEdge() {
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

void TstGatePlot::noGatesShowsText() {
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

void TstGatePlot::appendEpochsAddsPoints() {
  GatePlot plot;
  plot.setGatePairs(kThreeEdges);
  plot.appendEpochs(makeEpochs(1, 2, 3));
  plot.appendEpochs(makeEpochs(3, 3, 3));
  // A run from epoch 1 starts every line at epoch 0, at the initial mean.
  for (int g = 0; g < 3; ++g) {
    QCOMPARE(plot.pointCount(g), 6);
    QCOMPARE(plot.frozenPointCount(g), 0);
    QCOMPARE(plot.frozenGraph(g)->dataCount(), 0);
    QCOMPARE(keysOf(plot.freeGraph(g)), (QVector<double>{0, 1, 2, 3, 4, 5}));
    QCOMPARE(plot.freeGraph(g)->data()->at(0)->value, gvae::kGateInitialMu);
  }
  QCOMPARE(plot.freeGraph(1)->data()->at(4)->value, 0.2 + 0.04);
  QCOMPARE(plot.plot()->yAxis->range().lower, -0.02);
  QCOMPARE(plot.plot()->yAxis->range().upper, 1.02);
  QCOMPARE(plot.plot()->xAxis->range().lower, 0.0);
  QCOMPARE(plot.plot()->xAxis->range().upper, 5.0);
}

void TstGatePlot::frozenSegmentStartsAtFreezeEpoch_data() {
  QTest::addColumn<int>("freezeEpoch");  // 0: never frozen
  QTest::addColumn<int>("epochs");
  QTest::addColumn<int>("code");
  QTest::newRow("frozen on at 3 of 6") << 3 << 6 << int(gvae::kGateFrozenOn);
  QTest::newRow("frozen off at 2 of 4") << 2 << 4 << int(gvae::kGateFrozenOff);
  QTest::newRow("frozen from the first epoch") << 1 << 3 << int(gvae::kGateFrozenOn);
  QTest::newRow("frozen in the last epoch") << 5 << 5 << int(gvae::kGateFrozenOff);
  QTest::newRow("never frozen") << 0 << 4 << int(gvae::kGateFrozenOn);
}

void TstGatePlot::frozenSegmentStartsAtFreezeEpoch() {
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
  QCOMPARE(plot.pointCount(gate), epochs + 1);  // and the start at epoch 0
  QCOMPARE(plot.frozenPointCount(gate), frozenEpochs);
  QCOMPARE(plot.frozenPointCount(0), 0);
  QCOMPARE(plot.frozenPointCount(2), 0);
  const QCPGraph* frozen = plot.frozenGraph(gate);
  const QCPGraph* free = plot.freeGraph(gate);
  QCOMPARE(frozen->dataCount(), frozenEpochs);
  if (freezeEpoch == 0) {
    QCOMPARE(free->dataCount(), epochs + 1);
    return;
  }
  QCOMPARE(frozen->data()->constBegin()->key, double(freezeEpoch));
  QCOMPARE(frozen->data()->constBegin()->value, code == gvae::kGateFrozenOn ? 1.0 : 0.0);
  QCOMPARE((frozen->data()->constEnd() - 1)->key, double(epochs));
  // The solid line runs from epoch 0 (every gate starts free) up to the freeze epoch, where
  // the dashed one takes over; frozen in epoch 1, only that first stretch is solid.
  QCOMPARE((free->data()->constEnd() - 1)->key, double(freezeEpoch));
  QCOMPARE(free->dataCount(), freezeEpoch + 1);
}

void TstGatePlot::unfreezeResumesSolidLine() {
  GatePlot plot;
  plot.setGatePairs({{1, 2}});
  std::vector<EpochMetrics> data = makeEpochs(1, 6, 1);
  data[1].gate_frozen[0] = gvae::kGateFrozenOn;  // epochs 2, 3 frozen; free again from 4
  data[2].gate_frozen[0] = gvae::kGateFrozenOn;
  plot.appendEpochs(data);
  QCOMPARE(plot.pointCount(0), 7);
  QCOMPARE(plot.frozenPointCount(0), 2);
  QCOMPARE(keysOf(plot.frozenGraph(0)), (QVector<double>{2, 3, 4}));
  const QVector<double> freeKeys = keysOf(plot.freeGraph(0));
  QCOMPARE(freeKeys, (QVector<double>{0, 1, 2, 3.5, 4, 5, 6}));
  // The solid graph is broken (NaN) across the frozen stretch instead of jumping over it.
  QVERIFY(std::isnan(plot.freeGraph(0)->data()->at(3)->value));
}

void TstGatePlot::missingGateEntriesAreSkipped() {
  GatePlot plot;
  plot.setGatePairs(kThreeEdges);
  std::vector<EpochMetrics> data = makeEpochs(1, 2, 3);
  data[1].gate_mu.resize(2);    // gate 2 missing in epoch 2
  data[1].gate_frozen.clear();  // no freeze codes: free
  plot.appendEpochs(data);
  QCOMPARE(plot.pointCount(0), 3);
  QCOMPARE(plot.pointCount(2), 2);
  QCOMPARE(plot.frozenPointCount(0), 0);
}

void TstGatePlot::setGatePairsResets() {
  GatePlot plot;
  plot.setGatePairs(kThreeEdges);
  plot.appendEpochs(makeEpochs(1, 4, 3));
  plot.setGatePairs({{1, 2}, {2, 3}});
  QCOMPARE(plot.gateCount(), 2);
  QCOMPARE(plot.plot()->graphCount(), 4);
  QCOMPARE(plot.pointCount(0), 0);
  plot.appendEpochs(makeEpochs(1, 1, 2));
  QCOMPARE(plot.pointCount(1), 2);  // epoch 0 and epoch 1: one epoch already draws a line
  // A resumed run's rows start later: no invented start point.
  plot.setGatePairs({{1, 2}});
  plot.appendEpochs(makeEpochs(7, 2, 1));
  QCOMPARE(keysOf(plot.freeGraph(0)), (QVector<double>{7, 8}));
}

void TstGatePlot::gatePaintFigureDrawsEdgeColors() {
  GatePlot plot;
  plot.setGatePairs(kThreeEdges);
  plot.appendEpochs(makeEpochs(1, 8, 3));
  const QImage image = paintToImage(plot);
  QVERIFY(nonWhitePixels(image) > 500);
  for (int g = 0; g < 3; ++g)
    QVERIFY2(pixelsOfColor(image, gvae::edgeColor(g).rgb()) > 10, qPrintable(QString::number(g)));
}

void TstGatePlot::recurrentGateLegend() {
  GatePlot plot;
  plot.setGatePairs({{2, 1}, {-3, 1}, {-1, 1}, {-12, 2}});
  QCOMPARE(plot.gateCount(), 4);
  QCOMPARE(plot.plot()->legend->itemCount(), 4);
  QCOMPARE(plot.freeGraph(0)->name(), QString::fromUtf8("z\u2082\u2192z\u2081"));
  QCOMPARE(plot.freeGraph(1)->name(), QString::fromUtf8("z\u2083(t\u22121)\u2192z\u2081"));
  QCOMPARE(plot.freeGraph(3)->name(), QString::fromUtf8("z\u2081\u2082(t\u22121)\u2192z\u2082"));
  for (int g = 1; g < 4; ++g) {
    QVERIFY(plot.freeGraph(g)->name().contains(QString::fromUtf8("(t\u22121)")));
    QCOMPARE(plot.freeGraph(g)->pen().color(), gvae::edgeColor(g));
    QCOMPARE(plot.frozenGraph(g)->pen().color(), gvae::edgeColor(g));
  }
  QVERIFY(!plot.freeGraph(0)->name().contains(QStringLiteral("(t")));
}

void TstGatePlot::legendStaysInsideThePlot() {
  // Ten edges of five nodes, at the least width the plot asks for: the legend's frame ran to the
  // last pixel column and its right edge was cut off.
  std::vector<std::pair<int, int>> pairs;
  for (int i = 5; i >= 2; --i)
    for (int j = i - 1; j >= 1; --j) pairs.emplace_back(i, j);
  GatePlot plot;
  plot.setGatePairs(pairs);
  plot.appendEpochs(makeEpochs(1, 3, int(pairs.size())));
  plot.resize(plot.minimumSizeHint().expandedTo(QSize(200, 250)));
  plot.show();
  QVERIFY(QTest::qWaitForWindowExposed(&plot));
  plot.plot()->replot();
  const QRect legend = plot.plot()->legend->outerRect();
  QVERIFY2(legend.right() < plot.plot()->width() - 2 && legend.bottom() < plot.plot()->height(),
           qPrintable(QStringLiteral("legend to x %1 in a plot %2 wide")
                          .arg(legend.right())
                          .arg(plot.plot()->width())));
  QVERIFY(plot.plot()->axisRect()->width() >= 100);  // and the axes keep room to draw
}

QTEST_MAIN(TstGatePlot)
void TstGatePlot::legendWrapsToTheHeight() {
  // Ten edges in a 150-pixel plot: the legend goes into columns instead of being clipped.
  GatePlot plot;
  std::vector<std::pair<int, int>> pairs;
  for (int i = 2; i <= 5; ++i)
    for (int j = 1; j < i; ++j) pairs.emplace_back(i, j);
  plot.setGatePairs(pairs);
  QCPLegend* legend = plot.plot()->legend;
  plot.resize(600, 150);
  plot.show();
  QVERIFY(QTest::qWaitForWindowExposed(&plot));
  plot.plot()->replot();
  QVERIFY2(legend->columnCount() >= 2, qPrintable(QString::number(legend->columnCount())));
  QVERIFY(legend->outerRect().bottom() <= plot.plot()->height());
  plot.resize(600, 500);
  QCoreApplication::processEvents();
  plot.plot()->replot();
  QCOMPARE(legend->columnCount(), 1);
  QCOMPARE(legend->rowCount(), 10);
}

void TstGatePlot::manyGatesHideTheLegendAndHoverNamesThem() {
  // recurrent-graph's 35 gates: a legend of 35 names would squeeze the plot to a strip.
  GatePlot plot;
  std::vector<std::pair<int, int>> pairs;
  for (int i = 2; i <= 5; ++i)
    for (int j = 1; j < i; ++j) pairs.emplace_back(i, j);
  for (int i = 1; i <= 5; ++i)
    for (int j = 1; j <= 5; ++j) pairs.emplace_back(-i, j);
  plot.setGatePairs(pairs);
  plot.resize(700, 220);
  plot.show();
  QVERIFY(QTest::qWaitForWindowExposed(&plot));
  std::vector<EpochMetrics> epochs(3);
  for (int e = 0; e < 3; ++e) {
    epochs[e].epoch = e + 1;
    for (size_t g = 0; g < pairs.size(); ++g) epochs[e].gate_mu.push_back(0.02 * double(g));
    epochs[e].gate_frozen.assign(pairs.size(), gvae::kGateFree);
  }
  plot.appendEpochs(epochs);
  plot.plot()->replot();
  QVERIFY(!plot.legendShown());
  QVERIFY2(plot.plot()->axisRect()->width() > 500,
           qPrintable(QString::number(plot.plot()->axisRect()->width())));
  // Hover over gate 30's line (μ = 0.6 at epoch 2) names it.
  const QPointF at(plot.plot()->xAxis->coordToPixel(2), plot.plot()->yAxis->coordToPixel(0.6));
  QCOMPARE(plot.hoverText(at), QStringLiteral("z₅(t−1)→z₁: μ = 0.600 at epoch 2"));
  QVERIFY(plot.hoverText(QPointF(5, 5)).isEmpty());
  // Ten gates keep their legend.
  plot.setGatePairs(std::vector<std::pair<int, int>>(pairs.begin(), pairs.begin() + 10));
  plot.resize(700, 300);
  QCoreApplication::processEvents();
  QVERIFY(plot.legendShown());
}

#include "tst_gate_plot.moc"
