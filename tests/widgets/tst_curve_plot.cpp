// Tests for CurvePlot: appended points, metric and x-axis switches, EMA, legend, overlays, export.
#include <qcustomplot.h>

#include <QCheckBox>
#include <QComboBox>
#include <QSlider>
#include <QSvgGenerator>
#include <QToolTip>
#include <QtTest/QtTest>
#include <vector>

#include "figure_test_util.h"
#include "widgets/curve_plot.h"

using gvae::CurvePlot;
using gvae::EpochMetrics;
using gvae::StepMetrics;

namespace {

/// Steps every 10, with distinct, recognisable values per metric.
std::vector<StepMetrics> makeSteps(int n, int first = 0) {
  std::vector<StepMetrics> steps;
  for (int i = first; i < first + n; ++i) {
    StepMetrics s;
    s.step = 10 * (i + 1);
    s.epoch = 1 + i / 10;
    s.elbo = -100.0 - i;
    s.nll = 90.0 + i;
    s.kl = 10.0 + 0.5 * i;
    steps.push_back(s);
  }
  return steps;
}

std::vector<EpochMetrics> makeEpochs(int n, double offset = 0) {
  std::vector<EpochMetrics> epochs;
  for (int i = 0; i < n; ++i) {
    EpochMetrics e;
    e.epoch = i + 1;
    e.step = 100 * (i + 1);
    e.train_elbo = -200.0 + i + offset;
    e.train_nll = 180.0 - i + offset;
    e.train_kl = 20.0 + i + offset;
    e.valid_elbo = -210.0 + i + offset;
    e.valid_nll = 190.0 - i + offset;
    e.valid_kl = 20.5 + i + offset;
    epochs.push_back(e);
  }
  return epochs;
}

}  // namespace

class TstCurvePlot : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void appendStepsAddsTrainPoints_data();
  void appendStepsAddsTrainPoints();
  void appendEpochsAddsValidationPoints();
  void epochAxisUsesEpochMetrics();
  void metricSwitchShowsThatMetric_data();
  void metricSwitchShowsThatMetric();
  void emaSmoothingMatchesHandComputed_data();
  void emaSmoothingMatchesHandComputed();
  void smoothingChangeRecomputes();
  void epochAxisIsNotSmoothed();
  void scheduleMetricsPlotTauAndLearningRate();
  void nodeKlDrawsOneLinePerNode();
  void linkPredictionIsAValidationCurve();
  void legendListsOnlySeriesWithPoints();
  void yLabelFitsTheAxis_data();
  void yLabelFitsTheAxis();
  void legendStaysOffTheCurves();
  void logXSwitchesScaleType();
  void legendClickTogglesSeries_data();
  void legendClickTogglesSeries();
  void overlaysAppearAndClear();
  void overlayLegendSaysWhatDiffers();
  void zoomKeepsViewUntilDoubleClick();
  void hoverShowsNearestPoint();
  void clearDropsRunDataKeepsOverlays();
  void paintFigureDrawsIntoImage();
  void paintFigureStaysVectorInSvg();
};

void TstCurvePlot::appendStepsAddsTrainPoints_data() {
  QTest::addColumn<QList<int>>("batches");
  QTest::newRow("one batch") << QList<int>{5};
  QTest::newRow("three batches") << QList<int>{2, 3, 4};
  QTest::newRow("empty batch between") << QList<int>{3, 0, 1};
}

void TstCurvePlot::appendStepsAddsTrainPoints() {
  QFETCH(QList<int>, batches);
  CurvePlot plot;
  int total = 0;
  for (int n : batches) {
    plot.appendSteps(makeSteps(n, total));
    total += n;
  }
  QCOMPARE(plot.pointCount(QStringLiteral("train")), total);
  QCOMPARE(plot.smoothedTrainGraph()->dataCount(), total);
  QCOMPARE(plot.pointCount(QStringLiteral("validation")), 0);
  const std::vector<StepMetrics> expected = makeSteps(total);
  const QVector<double> keys = keysOf(plot.rawGraph(QStringLiteral("train")));
  const QVector<double> values = valuesOf(plot.rawGraph(QStringLiteral("train")));
  for (int i = 0; i < total; ++i) {
    QCOMPARE(keys[i], double(expected[size_t(i)].step));
    QCOMPARE(values[i], expected[size_t(i)].elbo);
  }
}

void TstCurvePlot::appendEpochsAddsValidationPoints() {
  CurvePlot plot;
  plot.appendEpochs(makeEpochs(2));
  plot.appendEpochs(makeEpochs(3, 0.0));  // a second batch; values repeat, steps too
  QCOMPARE(plot.pointCount(QStringLiteral("validation")), 5);
  QCOMPARE(plot.pointCount(QStringLiteral("train")), 0);  // train comes from steps on this axis
  QCPGraph* valid = plot.rawGraph(QStringLiteral("validation"));
  QCOMPARE(valid->data()->at(0)->key, 100.0);
  QCOMPARE(valid->data()->at(0)->value, -210.0);
}

void TstCurvePlot::epochAxisUsesEpochMetrics() {
  CurvePlot plot;
  plot.appendSteps(makeSteps(30));
  plot.appendEpochs(makeEpochs(3));
  plot.setXAxis(CurvePlot::XAxis::kEpoch);
  QCOMPARE(plot.pointCount(QStringLiteral("train")), 3);
  QCOMPARE(keysOf(plot.rawGraph(QStringLiteral("train"))), (QVector<double>{1, 2, 3}));
  QCOMPARE(valuesOf(plot.rawGraph(QStringLiteral("train"))), (QVector<double>{-200, -199, -198}));
  QCOMPARE(keysOf(plot.rawGraph(QStringLiteral("validation"))), (QVector<double>{1, 2, 3}));
  QCOMPARE(plot.plot()->xAxis->label(), QStringLiteral("epoch"));

  plot.appendSteps(makeSteps(5, 30));  // kept, but not drawn on the epoch axis
  plot.appendEpochs(makeEpochs(4));
  QCOMPARE(plot.pointCount(QStringLiteral("train")), 7);

  // The combo box drives the same switch.
  auto* combo = plot.findChild<QComboBox*>(QStringLiteral("xAxisCombo"));
  QVERIFY(combo);
  combo->setCurrentIndex(0);
  QCOMPARE(plot.xAxis(), CurvePlot::XAxis::kStep);
  QCOMPARE(plot.pointCount(QStringLiteral("train")), 35);
  QCOMPARE(plot.pointCount(QStringLiteral("validation")), 7);
}

void TstCurvePlot::metricSwitchShowsThatMetric_data() {
  QTest::addColumn<int>("metric");
  QTest::addColumn<double>("trainFirst");
  QTest::addColumn<double>("validFirst");
  QTest::newRow("ELBO") << int(CurvePlot::Metric::kElbo) << -100.0 << -210.0;
  QTest::newRow("NLL") << int(CurvePlot::Metric::kNll) << 90.0 << 190.0;
  QTest::newRow("KL") << int(CurvePlot::Metric::kKl) << 10.0 << 20.5;
}

void TstCurvePlot::metricSwitchShowsThatMetric() {
  QFETCH(int, metric);
  QFETCH(double, trainFirst);
  QFETCH(double, validFirst);
  CurvePlot plot;
  plot.appendSteps(makeSteps(4));
  plot.appendEpochs(makeEpochs(2));
  auto* combo = plot.findChild<QComboBox*>(QStringLiteral("metricCombo"));
  QVERIFY(combo);
  combo->setCurrentIndex(metric);
  QCOMPARE(int(plot.metric()), metric);
  QCOMPARE(plot.pointCount(QStringLiteral("train")), 4);
  QCOMPARE(plot.rawGraph(QStringLiteral("train"))->data()->at(0)->value, trainFirst);
  QCOMPARE(plot.rawGraph(QStringLiteral("validation"))->data()->at(0)->value, validFirst);
  // Points appended after the switch carry the new metric too.
  plot.appendEpochs(makeEpochs(1));
  QCOMPARE(valuesOf(plot.rawGraph(QStringLiteral("validation"))).count(validFirst), 2);
  QVERIFY(plot.plot()->yAxis->label().startsWith(combo->currentText()));
}

void TstCurvePlot::emaSmoothingMatchesHandComputed_data() {
  QTest::addColumn<double>("weight");
  QTest::addColumn<QList<double>>("values");
  QTest::addColumn<QList<double>>("expected");
  // s_0 = y_0, s_t = w s_{t-1} + (1 - w) y_t
  QTest::newRow("w=0 is the raw trace") << 0.0 << QList<double>{1, 3, 5} << QList<double>{1, 3, 5};
  QTest::newRow("w=0.5") << 0.5 << QList<double>{1, 3, 5} << QList<double>{1, 2, 3.5};
  QTest::newRow("w=0.9") << 0.9 << QList<double>{0, 10, 10} << QList<double>{0, 1, 1.9};
  QTest::newRow("w=0.99 clamps") << 1.5 << QList<double>{100, 0} << QList<double>{100, 99};
}

void TstCurvePlot::emaSmoothingMatchesHandComputed() {
  QFETCH(double, weight);
  QFETCH(QList<double>, values);
  QFETCH(QList<double>, expected);
  CurvePlot plot;
  plot.setSmoothing(weight);
  // One step per append, as the live mailbox delivers them: the EMA must carry across batches.
  for (int i = 0; i < values.size(); ++i) {
    StepMetrics s;
    s.step = i + 1;
    s.elbo = values[i];
    plot.appendSteps({s});
  }
  const QVector<double> smoothed = valuesOf(plot.smoothedTrainGraph());
  QCOMPARE(smoothed.size(), expected.size());
  for (int i = 0; i < expected.size(); ++i)
    QVERIFY2(qAbs(smoothed[i] - expected[i]) < 1e-9, qPrintable(QString::number(smoothed[i])));
  QCOMPARE(valuesOf(plot.rawGraph(QStringLiteral("train"))), values);  // raw stays as given
}

void TstCurvePlot::smoothingChangeRecomputes() {
  CurvePlot plot;
  plot.setSmoothing(0.0);
  plot.appendSteps(makeSteps(3));  // elbo -100, -101, -102
  QCOMPARE(valuesOf(plot.smoothedTrainGraph()), (QVector<double>{-100, -101, -102}));
  auto* slider = plot.findChild<QSlider*>(QStringLiteral("smoothingSlider"));
  QVERIFY(slider);
  slider->setValue(50);
  QCOMPARE(plot.smoothing(), 0.5);
  QCOMPARE(valuesOf(plot.smoothedTrainGraph()), (QVector<double>{-100, -100.5, -101.25}));
}

void TstCurvePlot::epochAxisIsNotSmoothed() {
  CurvePlot plot;  // the default smoothing (0.6) applies to steps only
  QVERIFY(plot.smoothing() > 0);
  plot.appendEpochs(makeEpochs(3));
  plot.setXAxis(CurvePlot::XAxis::kEpoch);
  QCOMPARE(valuesOf(plot.smoothedTrainGraph()), (QVector<double>{-200, -199, -198}));
  auto* slider = plot.findChild<QSlider*>(QStringLiteral("smoothingSlider"));
  QVERIFY(slider && !slider->isEnabled());
  plot.appendEpochs(makeEpochs(4));  // appended epochs stay raw too
  QCOMPARE(valuesOf(plot.smoothedTrainGraph()).mid(3),
           valuesOf(plot.rawGraph(QStringLiteral("train"))).mid(3));
  plot.setXAxis(CurvePlot::XAxis::kStep);
  QVERIFY(slider->isEnabled());
  QVERIFY(slider->minimumWidth() >= 80);  // wide enough to drag, whatever the dock's width
}

void TstCurvePlot::scheduleMetricsPlotTauAndLearningRate() {
  CurvePlot plot;
  std::vector<EpochMetrics> epochs = makeEpochs(3);
  const double taus[] = {0.99, 0.9801, 0.970299};
  for (size_t i = 0; i < epochs.size(); ++i) {
    epochs[i].tau = taus[i];
    epochs[i].lr = 1e-3 / double(i + 1);
    epochs[i].grad_norm = 40.0 - 10.0 * double(i);
  }
  plot.appendSteps(makeSteps(30));
  plot.appendEpochs(epochs);
  auto* combo = plot.findChild<QComboBox*>(QStringLiteral("metricCombo"));
  QVERIFY(combo && combo->count() == 9);
  plot.setMetric(CurvePlot::Metric::kTau);
  // On the step axis: one point per epoch at its last step, unsmoothed, no validation series.
  QCOMPARE(keysOf(plot.rawGraph(QStringLiteral("train"))), (QVector<double>{100, 200, 300}));
  QCOMPARE(valuesOf(plot.rawGraph(QStringLiteral("train"))),
           (QVector<double>{0.99, 0.9801, 0.970299}));
  QCOMPARE(valuesOf(plot.smoothedTrainGraph()), valuesOf(plot.rawGraph(QStringLiteral("train"))));
  QCOMPARE(plot.pointCount(QStringLiteral("validation")), 0);
  QVERIFY(!plot.findChild<QSlider*>(QStringLiteral("smoothingSlider"))->isEnabled());
  QVERIFY(plot.plot()->yAxis->label().startsWith(QStringLiteral("τ")));
  plot.appendSteps(makeSteps(5, 30));  // steps add nothing to a schedule
  QCOMPARE(plot.pointCount(QStringLiteral("train")), 3);
  std::vector<EpochMetrics> more = makeEpochs(4);
  more.erase(more.begin(), more.begin() + 3);
  more[0].lr = 2.5e-4;
  plot.appendEpochs(more);
  QCOMPARE(plot.pointCount(QStringLiteral("train")), 4);
  plot.setMetric(CurvePlot::Metric::kLearningRate);
  plot.setXAxis(CurvePlot::XAxis::kEpoch);
  QCOMPARE(keysOf(plot.rawGraph(QStringLiteral("train"))), (QVector<double>{1, 2, 3, 4}));
  QCOMPARE(valuesOf(plot.rawGraph(QStringLiteral("train"))).constLast(), 2.5e-4);
  // The gradient norm: a train-only per-epoch scalar, like the schedules.
  plot.setMetric(CurvePlot::Metric::kGradNorm);
  QCOMPARE(valuesOf(plot.rawGraph(QStringLiteral("train"))).mid(0, 3),
           (QVector<double>{40, 30, 20}));
  QCOMPARE(plot.pointCount(QStringLiteral("validation")), 0);
  QVERIFY(plot.plot()->yAxis->label().startsWith(QStringLiteral("gradient norm")));
  // Back to the ELBO: train from the steps again, validation back.
  plot.setMetric(CurvePlot::Metric::kElbo);
  plot.setXAxis(CurvePlot::XAxis::kStep);
  QCOMPARE(plot.pointCount(QStringLiteral("train")), 35);
  QCOMPARE(plot.pointCount(QStringLiteral("validation")), 4);
  QVERIFY(plot.findChild<QSlider*>(QStringLiteral("smoothingSlider"))->isEnabled());
}

void TstCurvePlot::nodeKlDrawsOneLinePerNode() {
  CurvePlot plot;
  std::vector<EpochMetrics> epochs = makeEpochs(3);
  for (size_t i = 0; i < epochs.size(); ++i) epochs[i].node_kl = {1.0 + double(i), 0.01, 4.0};
  plot.appendSteps(makeSteps(30));
  plot.appendEpochs(epochs);
  const int graphs = plot.plot()->graphCount();
  plot.setMetric(CurvePlot::Metric::kNodeKl);
  QCOMPARE(plot.plot()->graphCount(), graphs + 3);  // z1, z2, z3
  QCPGraph* z1 = plot.plot()->graph(graphs);
  QCOMPARE(z1->name(), QStringLiteral("z1"));
  QCOMPARE(valuesOf(z1), (QVector<double>{1, 2, 3}));
  QCOMPARE(valuesOf(plot.plot()->graph(graphs + 1)).constFirst(), 0.01);  // a collapsing node
  QCOMPARE(plot.pointCount(QStringLiteral("train")), 0);
  QCOMPARE(plot.pointCount(QStringLiteral("validation")), 0);
  QVERIFY(plot.plot()->yAxis->label().contains(QStringLiteral("per node")));
  // A new epoch extends every node's line; another metric removes them.
  std::vector<EpochMetrics> more = makeEpochs(4);
  more.erase(more.begin(), more.begin() + 3);
  more[0].node_kl = {5.0, 0.02, 4.5};
  plot.appendEpochs(more);
  QCOMPARE(valuesOf(z1).constLast(), 5.0);
  plot.setMetric(CurvePlot::Metric::kElbo);
  QCOMPARE(plot.plot()->graphCount(), graphs);
  QCOMPARE(plot.pointCount(QStringLiteral("validation")), 4);
}

namespace {

/// The plot's legend entries, top to bottom.
QStringList legendNames(const CurvePlot& plot) {
  QStringList names;
  QCPLegend* legend = plot.plot()->legend;
  for (int i = 0; i < legend->itemCount(); ++i)
    if (auto* item = qobject_cast<QCPPlottableLegendItem*>(legend->item(i)))
      names << item->plottable()->name();
  return names;
}

/// The text items the plot shows (notes such as "measured for graph models only").
QStringList shownTexts(const CurvePlot& plot) {
  QStringList texts;
  for (int i = 0; i < plot.plot()->itemCount(); ++i)
    if (auto* text = qobject_cast<QCPItemText*>(plot.plot()->item(i)))
      if (text->visible()) texts << text->text();
  return texts;
}

}  // namespace

// A graph auto-encoder's validation AUC and AP per epoch: validation series only, overlays
// follow; a run without them says why the plot is empty.
void TstCurvePlot::linkPredictionIsAValidationCurve() {
  CurvePlot plot;
  std::vector<EpochMetrics> epochs = makeEpochs(3);
  for (size_t i = 0; i < epochs.size(); ++i) {
    epochs[i].valid_auc = 0.7 + 0.1 * double(i);
    epochs[i].valid_ap = 0.65 + 0.1 * double(i);
  }
  plot.appendSteps(makeSteps(30));
  plot.appendEpochs(epochs);
  plot.addOverlay(QStringLiteral("vgae seed 2"), epochs);
  plot.setMetric(CurvePlot::Metric::kAuc);
  QCOMPARE(keysOf(plot.rawGraph(QStringLiteral("validation"))), (QVector<double>{100, 200, 300}));
  QCOMPARE(valuesOf(plot.rawGraph(QStringLiteral("validation"))),
           (QVector<double>{epochs[0].valid_auc, epochs[1].valid_auc, epochs[2].valid_auc}));
  QCOMPARE(plot.pointCount(QStringLiteral("train")), 0);
  QCOMPARE(plot.pointCount(QStringLiteral("vgae seed 2")), 3);
  QCOMPARE(legendNames(plot), (QStringList{QStringLiteral("validation"),
                                           plot.rawGraph(QStringLiteral("vgae seed 2"))->name()}));
  QVERIFY(plot.plot()->yAxis->label().contains(QStringLiteral("AUC")));
  QVERIFY(!plot.findChild<QSlider*>(QStringLiteral("smoothingSlider"))->isEnabled());
  QVERIFY(shownTexts(plot).isEmpty());
  plot.setMetric(CurvePlot::Metric::kAp);
  QCOMPARE(valuesOf(plot.rawGraph(QStringLiteral("validation"))).constFirst(), 0.65);
  std::vector<EpochMetrics> more = makeEpochs(4);
  more.erase(more.begin(), more.begin() + 3);
  more[0].valid_auc = 0.95;
  more[0].valid_ap = 0.9;
  plot.appendEpochs(more);  // a live epoch extends the curve
  QCOMPARE(valuesOf(plot.rawGraph(QStringLiteral("validation"))).constLast(), 0.9);

  // An image model has no link prediction: no points, and a note instead of an empty frame.
  CurvePlot images;
  images.appendSteps(makeSteps(30));
  images.appendEpochs(makeEpochs(3));
  images.setMetric(CurvePlot::Metric::kAuc);
  QCOMPARE(images.pointCount(QStringLiteral("validation")), 0);
  QCOMPARE(images.pointCount(QStringLiteral("train")), 0);
  QCOMPARE(shownTexts(images).size(), 1);
  QVERIFY(shownTexts(images)[0].contains(QStringLiteral("graph models")));
  QVERIFY(!images.plot()->legend->visible());
  images.setMetric(CurvePlot::Metric::kElbo);
  QVERIFY(shownTexts(images).isEmpty());
}

// Legend entries stand for curves that are drawn: none with no run open, no "validation" for
// a schedule, and train before validation before overlays whatever order their points came in.
void TstCurvePlot::legendListsOnlySeriesWithPoints() {
  CurvePlot plot;
  QVERIFY(legendNames(plot).isEmpty());
  QVERIFY(!plot.plot()->legend->visible());
  plot.appendEpochs(makeEpochs(2));  // validation first: the step axis's train comes later
  QCOMPARE(legendNames(plot), QStringList{QStringLiteral("validation")});
  QVERIFY(plot.plot()->legend->visible());
  plot.addOverlay(QStringLiteral("other"), makeEpochs(2));
  plot.appendSteps(makeSteps(5));
  QCOMPARE(legendNames(plot), (QStringList{QStringLiteral("train"), QStringLiteral("validation"),
                                           QStringLiteral("other")}));
  plot.setMetric(CurvePlot::Metric::kTau);
  QCOMPARE(legendNames(plot), QStringList{QStringLiteral("schedule")});
  plot.setMetric(CurvePlot::Metric::kElbo);
  plot.clear();  // the run closed; the overlay stays
  QCOMPARE(legendNames(plot), QStringList{QStringLiteral("other")});
  plot.clearOverlays();
  QVERIFY(legendNames(plot).isEmpty());
  QVERIFY(!plot.plot()->legend->visible());
}

void TstCurvePlot::yLabelFitsTheAxis_data() {
  QTest::addColumn<int>("metric");
  for (auto m : {CurvePlot::Metric::kTau, CurvePlot::Metric::kGradNorm, CurvePlot::Metric::kNodeKl,
                 CurvePlot::Metric::kAuc, CurvePlot::Metric::kAp})
    QTest::addRow("metric %d", int(m)) << int(m);
}

// A long label on a short axis was cut at both ends: the plot takes the brief form there and
// the full one where it fits (inside the plot, centred on the axes).
void TstCurvePlot::yLabelFitsTheAxis() {
  QFETCH(int, metric);
  CurvePlot plot;
  plot.setMetric(CurvePlot::Metric(metric));
  const QString full = plot.plot()->yAxis->label();
  const auto inside = [&] {
    const int half = QFontMetrics(plot.plot()->yAxis->labelFont())
                         .horizontalAdvance(plot.plot()->yAxis->label()) /
                     2;
    const int center = plot.plot()->axisRect()->rect().center().y();
    return center - half >= 0 && center + half <= plot.plot()->height();
  };
  plot.resize(600, 190);  // the Curves dock at 1366 x 768
  plot.show();
  QVERIFY(QTest::qWaitForWindowExposed(&plot));
  plot.plot()->replot();
  QVERIFY2(inside(), qPrintable(plot.plot()->yAxis->label()));
  if (CurvePlot::Metric(metric) == CurvePlot::Metric::kAuc)
    QCOMPARE(plot.plot()->yAxis->label(), QStringLiteral("validation AUC"));
  plot.resize(600, 700);
  QTRY_COMPARE(plot.plot()->yAxis->label(), full);
}

void TstCurvePlot::legendStaysOffTheCurves() {
  CurvePlot plot;
  plot.resize(600, 220);
  plot.show();
  QVERIFY(QTest::qWaitForWindowExposed(&plot));
  plot.appendSteps(makeSteps(30));
  plot.appendEpochs(makeEpochs(3));
  for (int k = 0; k < 12; ++k)  // overlays add entries: the legend wraps into columns
    plot.addOverlay(QStringLiteral("run %1").arg(k), makeEpochs(3));
  plot.plot()->replot();
  const QRect axes = plot.plot()->axisRect()->outerRect();
  const QRect legend = plot.plot()->legend->outerRect();
  QVERIFY2(!axes.intersects(legend), qPrintable(QStringLiteral("legend %1,%2 %3x%4")
                                                    .arg(legend.x())
                                                    .arg(legend.y())
                                                    .arg(legend.width())
                                                    .arg(legend.height())));
  QVERIFY(legend.bottom() <= plot.plot()->height());
  QVERIFY(plot.plot()->legend->columnCount() >= 2);  // 14 entries do not fit one column
}

void TstCurvePlot::logXSwitchesScaleType() {
  CurvePlot plot;
  plot.appendSteps(makeSteps(50));
  QCOMPARE(plot.plot()->xAxis->scaleType(), QCPAxis::stLinear);
  auto* check = plot.findChild<QCheckBox*>(QStringLiteral("logXCheck"));
  QVERIFY(check);
  check->setChecked(true);
  QVERIFY(plot.logX());
  QCOMPARE(plot.plot()->xAxis->scaleType(), QCPAxis::stLogarithmic);
  QVERIFY(plot.plot()->xAxis->ticker().dynamicCast<QCPAxisTickerLog>());
  QVERIFY(plot.plot()->xAxis->range().lower > 0);
  plot.setLogX(false);
  QCOMPARE(plot.plot()->xAxis->scaleType(), QCPAxis::stLinear);
  QVERIFY(!plot.plot()->xAxis->ticker().dynamicCast<QCPAxisTickerLog>());
}

void TstCurvePlot::legendClickTogglesSeries_data() {
  QTest::addColumn<QString>("series");
  QTest::newRow("train") << QStringLiteral("train");
  QTest::newRow("validation") << QStringLiteral("validation");
}

void TstCurvePlot::legendClickTogglesSeries() {
  QFETCH(QString, series);
  CurvePlot plot;
  plot.resize(800, 500);
  plot.show();
  QVERIFY(QTest::qWaitForWindowExposed(&plot));
  plot.appendSteps(makeSteps(20));
  plot.appendEpochs(makeEpochs(2));
  plot.plot()->replot();  // lays out the legend, so its items have rects

  QCPGraph* raw = plot.rawGraph(series);
  QCPGraph* legendGraph = series == QStringLiteral("train") ? plot.smoothedTrainGraph() : raw;
  QCPPlottableLegendItem* item = plot.plot()->legend->itemWithPlottable(legendGraph);
  QVERIFY(item);
  QVERIFY(!item->rect().isEmpty());
  QTest::mouseClick(plot.plot(), Qt::LeftButton, Qt::NoModifier, item->rect().center());
  QVERIFY(!plot.isSeriesVisible(series));
  QVERIFY(!raw->visible());
  QVERIFY(!legendGraph->visible());
  QCOMPARE(item->textColor(), QColor(Qt::gray));
  // The other series is untouched.
  const QString other =
      series == QStringLiteral("train") ? QStringLiteral("validation") : QStringLiteral("train");
  QVERIFY(plot.isSeriesVisible(other));

  plot.plot()->replot();
  QTest::mouseClick(plot.plot(), Qt::LeftButton, Qt::NoModifier, item->rect().center());
  QVERIFY(plot.isSeriesVisible(series));
  QVERIFY(raw->visible());
  QCOMPARE(item->textColor(), QColor(Qt::black));
}

void TstCurvePlot::overlaysAppearAndClear() {
  CurvePlot plot;
  plot.appendEpochs(makeEpochs(3));
  const int graphsBefore = plot.plot()->graphCount();
  const int legendBefore = plot.plot()->legend->itemCount();
  plot.addOverlay(QStringLiteral("vae seed 2"), makeEpochs(4, 5.0));
  plot.addOverlay(QStringLiteral("graph-iaf"), makeEpochs(2, -5.0));
  QCOMPARE(plot.pointCount(QStringLiteral("vae seed 2")), 4);
  QCOMPARE(plot.pointCount(QStringLiteral("graph-iaf")), 2);
  QCOMPARE(plot.plot()->graphCount(), graphsBefore + 2);
  QCOMPARE(plot.plot()->legend->itemCount(), legendBefore + 2);
  QCPGraph* overlay = plot.rawGraph(QStringLiteral("vae seed 2"));
  QCOMPARE(overlay->name(), QStringLiteral("vae seed 2"));
  QCOMPARE(overlay->pen().style(), Qt::DashLine);
  QCOMPARE(overlay->data()->at(0)->value, -205.0);  // its validation ELBO
  QVERIFY(overlay->pen().color() != plot.rawGraph(QStringLiteral("graph-iaf"))->pen().color());

  plot.setMetric(CurvePlot::Metric::kNll);  // overlays follow the metric
  QCOMPARE(overlay->data()->at(0)->value, 195.0);

  plot.addOverlay(QStringLiteral("graph-iaf"), makeEpochs(5));  // same name: replaced
  QCOMPARE(plot.pointCount(QStringLiteral("graph-iaf")), 5);
  QCOMPARE(plot.plot()->graphCount(), graphsBefore + 2);

  plot.clearOverlays();
  QCOMPARE(plot.pointCount(QStringLiteral("vae seed 2")), -1);
  QCOMPARE(plot.plot()->graphCount(), graphsBefore);
  QCOMPARE(plot.plot()->legend->itemCount(), legendBefore);
  QCOMPARE(plot.pointCount(QStringLiteral("validation")), 3);
}

// A sweep's runs are named by their settings: overlaid, the legend keeps only the settings
// that differ (the whole names squeezed the axes to a sliver at 1366 x 768) and elides a label
// that is still too wide for the plot.
void TstCurvePlot::overlayLegendSaysWhatDiffers() {
  CurvePlot plot;
  plot.resize(900, 260);
  plot.show();
  QVERIFY(QTest::qWaitForWindowExposed(&plot));
  const QString a = QStringLiteral("model=graph,nodes=2,node-dim=16,seed=1");
  const QString b = QStringLiteral("model=graph,nodes=8,node-dim=4,seed=1");
  plot.addOverlay(a, makeEpochs(3));
  plot.addOverlay(b, makeEpochs(3));
  QCOMPARE(plot.rawGraph(a)->name(), QStringLiteral("nodes=2,node-dim=16"));
  QCOMPARE(plot.rawGraph(b)->name(), QStringLiteral("nodes=8,node-dim=4"));
  QCOMPARE(plot.pointCount(a), 3);  // the series keep their whole names
  const QString c = QStringLiteral("model=graph,nodes=2,node-dim=16,seed=2");
  plot.addOverlay(c, makeEpochs(3));  // the seeds differ now
  QCOMPARE(plot.rawGraph(a)->name(), QStringLiteral("nodes=2,node-dim=16,seed=1"));
  QCOMPARE(plot.rawGraph(c)->name(), QStringLiteral("nodes=2,node-dim=16,seed=2"));
  plot.addOverlay(QStringLiteral("vae seed 2"), makeEpochs(3));  // nothing shared: whole names
  QCOMPARE(plot.rawGraph(a)->name(), a);

  plot.resize(330, 260);  // a third of the plot: too narrow for a label
  QCoreApplication::processEvents();
  const QString narrow = plot.rawGraph(a)->name();
  QVERIFY2(narrow.contains(QChar(0x2026)), qPrintable(narrow));  // "…"
  QVERIFY(QFontMetrics(plot.plot()->legend->font()).horizontalAdvance(narrow) <=
          std::max(80, plot.plot()->width() / 3));
  QTest::qWait(50);  // and the narrow axes' tick labels stand apart
  const QString crowded = tickLabelsCrowded(plot.plot()->xAxis);
  QVERIFY2(crowded.isEmpty(), qPrintable(crowded));
  plot.clearOverlays();
  QCOMPARE(plot.pointCount(a), -1);
}

void TstCurvePlot::zoomKeepsViewUntilDoubleClick() {
  CurvePlot plot;
  plot.resize(800, 500);
  plot.show();
  QVERIFY(QTest::qWaitForWindowExposed(&plot));
  plot.appendSteps(makeSteps(20));  // steps 10..200
  plot.plot()->replot();
  QCOMPARE(plot.plot()->xAxis->range().upper, 200.0);

  const QPoint center = plot.plot()->axisRect()->rect().center();
  QWheelEvent wheel(center, plot.plot()->mapToGlobal(center), QPoint(), QPoint(0, 120),
                    Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
  QCoreApplication::sendEvent(plot.plot(), &wheel);
  const QCPRange zoomed = plot.plot()->xAxis->range();
  QVERIFY(zoomed.size() < 190.0);

  plot.appendSteps(makeSteps(20, 20));  // steps up to 400: the user's view stays
  QCOMPARE(plot.plot()->xAxis->range(), zoomed);

  QTest::mouseDClick(plot.plot(), Qt::LeftButton, Qt::NoModifier, center);
  QCOMPARE(plot.plot()->xAxis->range().upper, 400.0);
  plot.appendSteps(makeSteps(5, 40));  // following the data again
  QCOMPARE(plot.plot()->xAxis->range().upper, 450.0);
}

void TstCurvePlot::hoverShowsNearestPoint() {
  CurvePlot plot;
  plot.resize(800, 500);
  plot.show();
  QVERIFY(QTest::qWaitForWindowExposed(&plot));
  plot.setMetric(CurvePlot::Metric::kNll);
  plot.appendEpochs(makeEpochs(5));  // validation NLL 190..186 at steps 100..500
  plot.plot()->replot();

  QCPAxis* x = plot.plot()->xAxis;
  QCPAxis* y = plot.plot()->yAxis;
  const QPointF target(x->coordToPixel(300), y->coordToPixel(188));
  const QPointF near = target + QPointF(3, -2);
  QMouseEvent move(QEvent::MouseMove, near, plot.plot()->mapToGlobal(near), Qt::NoButton,
                   Qt::NoButton, Qt::NoModifier);
  QCoreApplication::sendEvent(plot.plot(), &move);
  QTRY_VERIFY(QToolTip::isVisible());
  const QString text = QToolTip::text();
  QVERIFY2(text.contains(QStringLiteral("validation")), qPrintable(text));
  QVERIFY2(text.contains(QStringLiteral("300")), qPrintable(text));
  QVERIFY2(text.contains(QStringLiteral("188")), qPrintable(text));

  // Hidden series are not hovered.
  Q_EMIT plot.plot()->legendClick(
      plot.plot()->legend,
      plot.plot()->legend->itemWithPlottable(plot.rawGraph(QStringLiteral("validation"))), nullptr);
  QVERIFY(!plot.isSeriesVisible(QStringLiteral("validation")));
  QCoreApplication::sendEvent(plot.plot(), &move);
  QTRY_VERIFY(!QToolTip::isVisible());
}

void TstCurvePlot::clearDropsRunDataKeepsOverlays() {
  CurvePlot plot;
  plot.appendSteps(makeSteps(10));
  plot.appendEpochs(makeEpochs(2));
  plot.addOverlay(QStringLiteral("other"), makeEpochs(3));
  plot.clear();
  QCOMPARE(plot.pointCount(QStringLiteral("train")), 0);
  QCOMPARE(plot.smoothedTrainGraph()->dataCount(), 0);
  QCOMPARE(plot.pointCount(QStringLiteral("validation")), 0);
  QCOMPARE(plot.pointCount(QStringLiteral("other")), 3);
  // The EMA restarts after a clear: the first new point is its own smoothed value.
  StepMetrics s;
  s.step = 1;
  s.elbo = 42;
  plot.appendSteps({s});
  QCOMPARE(plot.smoothedTrainGraph()->data()->at(0)->value, 42.0);
  QCOMPARE(plot.pointCount(QStringLiteral("unknown")), -1);
}

void TstCurvePlot::paintFigureDrawsIntoImage() {
  CurvePlot plot;
  plot.appendSteps(makeSteps(40));
  plot.appendEpochs(makeEpochs(4));
  QCOMPARE(plot.figureName(), QStringLiteral("curves"));
  const QSize size = plot.figureSize();
  QVERIFY(size.width() >= 200 && size.height() >= 150);

  QImage image(size + QSize(40, 40), QImage::Format_ARGB32);
  image.fill(Qt::white);
  const QRect rect(QPoint(20, 20), size);
  {
    QPainter painter(&image);
    plot.paintFigure(&painter, rect);
  }
  QVERIFY(nonWhitePixels(image) > 500);
  // Nothing outside the target rect.
  QImage margin = image.copy(0, 0, image.width(), 20);
  QCOMPARE(nonWhitePixels(margin), 0);
}

void TstCurvePlot::paintFigureStaysVectorInSvg() {
  CurvePlot plot;
  plot.appendSteps(makeSteps(40));
  plot.appendEpochs(makeEpochs(4));
  QBuffer buffer;
  buffer.open(QIODevice::WriteOnly);
  QSvgGenerator svg;
  svg.setOutputDevice(&buffer);
  svg.setSize(QSize(640, 400));
  svg.setViewBox(QRect(0, 0, 640, 400));
  {
    QPainter painter(&svg);
    plot.paintFigure(&painter, QRect(0, 0, 640, 400));
  }
  const QByteArray text = buffer.data();
  QVERIFY(text.contains("<polyline") || text.contains("<path"));
  QVERIFY(!text.contains("<image"));  // no rasterized plot inside the SVG
  QVERIFY(text.contains("ELBO"));     // axis label as text
}

QTEST_MAIN(TstCurvePlot)
#include "tst_curve_plot.moc"
