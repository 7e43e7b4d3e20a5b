// Tests of the latent-statistics views: HeatmapView (clicks, color map), SpectrumView, ScatterView.
#include <qcustomplot.h>

#include <QSignalSpy>
#include <QToolTip>
#include <QtTest>
#include <cmath>
#include <limits>
#include <vector>

#include "figure_test_util.h"
#include "widgets/heatmap_view.h"
#include "widgets/scatter_view.h"
#include "widgets/spectrum_view.h"

using gvae::HeatmapView;
using gvae::ScatterView;
using gvae::SpectrumView;

namespace {

// A symmetric matrix with unit diagonal and a distinct value in every off-diagonal pair.
std::vector<double> testCorrelation(int dims) {
  std::vector<double> corr(static_cast<size_t>(dims) * dims);
  for (int a = 0; a < dims; ++a) {
    for (int b = 0; b < dims; ++b) {
      const int lo = std::min(a, b), hi = std::max(a, b);
      corr[a * dims + b] = a == b ? 1.0 : std::sin(1.0 + lo * dims + hi) * 0.9;
    }
  }
  return corr;
}

QCPColorMap* colorMap(HeatmapView& view) {
  auto* plot = view.findChild<QCustomPlot*>();
  return plot ? qobject_cast<QCPColorMap*>(plot->plottable(0)) : nullptr;
}

}  // namespace

class TstHeatmapView : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void clickEmitsCell_data();
  void clickEmitsCell();
  void clickOutsideEmitsNothing();
  void cellsStaySquareAndZoom_data();
  void cellsStaySquareAndZoom();
  void titleFitsAboveAShortMatrix();
  void hoverShowsTooltip();
  void fillsColorMap();
  void drawsSignAsHue();
  void namesUnits_data();
  void namesUnits();
  void wrongSizeClears();
  void paintsFigure();
  void spectrumTitleCountsActiveUnits_data();
  void spectrumTitleCountsActiveUnits();
  void spectrumLegendWrapsWhenNarrow();
  void spectrumPowersOfTenInAnyLocale();
  void spectrumThresholdInTheUsersLocale();
  void scatterCountsPoints_data();
  void scatterCountsPoints();
  void scatterColoursByClass();
  void scatterTickLabelsApart();
};

void TstHeatmapView::cellsStaySquareAndZoom_data() {
  QTest::addColumn<QSize>("size");
  QTest::newRow("wide dock") << QSize(900, 200);
  QTest::newRow("tall dock") << QSize(260, 700);
  QTest::newRow("square") << QSize(500, 500);
}

void TstHeatmapView::cellsStaySquareAndZoom() {
  QFETCH(QSize, size);
  HeatmapView view;
  view.resize(size);
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
  view.setCorrelation(80, testCorrelation(80), 16);
  view.resize(size);
  QCoreApplication::processEvents();
  // The matrix's extent in pixels along x and along y, from two opposite cells' centres.
  const auto extent = [&view] {
    const QPoint a = view.cellCenter(0, 0), b = view.cellCenter(79, 79);
    return QSize(std::abs(b.x() - a.x()), std::abs(b.y() - a.y()));
  };
  QSize e = extent();
  QVERIFY2(std::abs(e.width() - e.height()) <= 2,
           qPrintable(QStringLiteral("%1 x %2 pixels").arg(e.width()).arg(e.height())));
  int a = -1, b = -1;  // the corners stay on screen (the whole matrix shows)
  QVERIFY(view.cellAt(view.cellCenter(0, 0), &a, &b) && a == 0 && b == 0);
  QVERIFY(view.cellAt(view.cellCenter(79, 79), &a, &b) && a == 79 && b == 79);

  // Wheel up over the middle zooms in, cells still square; a double-click shows the whole.
  QWidget* plot = view.childAt(view.cellCenter(40, 40));
  QVERIFY(plot);
  const QPointF at = plot->mapFrom(&view, view.cellCenter(40, 40));
  QWheelEvent wheel(at, plot->mapToGlobal(at), QPoint(), QPoint(0, 240), Qt::NoButton,
                    Qt::NoModifier, Qt::NoScrollPhase, false);
  QCoreApplication::sendEvent(plot, &wheel);
  QCoreApplication::processEvents();
  QVERIFY(view.zoomed());
  const QSize zoomed = extent();
  QVERIFY2(zoomed.width() > e.width() * 1.2, qPrintable(QString::number(zoomed.width())));
  QVERIFY(std::abs(zoomed.width() - zoomed.height()) <= 2);
  view.setCorrelation(80, testCorrelation(80), 16);  // new data (the next epoch) keeps the zoom
  QCoreApplication::processEvents();
  QCOMPARE(extent(), zoomed);
  // Sent directly: QTest's mouseDClick leaves its button state pressed for later tests.
  QMouseEvent dclick(QEvent::MouseButtonDblClick, at, plot->mapToGlobal(at), Qt::LeftButton,
                     Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(plot, &dclick);
  QCoreApplication::processEvents();
  QVERIFY(!view.zoomed());
  QCOMPARE(extent(), e);
}

// A wide, short view: the matrix is small, its title still whole (the plot at least as wide
// as its least size, which the title sets), the cells still square.
void TstHeatmapView::titleFitsAboveAShortMatrix() {
  HeatmapView view;
  view.resize(420, 150);
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
  view.setCorrelation(80, testCorrelation(80), 16);
  QTest::qWait(50);  // the plot is placed anew once its margins are known
  const QWidget* plot = view.findChild<QCustomPlot*>();
  QVERIFY(plot);
  QVERIFY2(plot->width() >= plot->minimumSizeHint().width(),
           qPrintable(QStringLiteral("%1 wide, the title needs %2")
                          .arg(plot->width())
                          .arg(plot->minimumSizeHint().width())));
  const QPoint a = view.cellCenter(0, 0), b = view.cellCenter(79, 79);
  QVERIFY(std::abs(std::abs(b.x() - a.x()) - std::abs(b.y() - a.y())) <= 2);
}

void TstHeatmapView::clickEmitsCell_data() {
  QTest::addColumn<int>("dims");
  QTest::addColumn<int>("nodeDim");
  QTest::addColumn<int>("a");
  QTest::addColumn<int>("b");
  QTest::newRow("1x1") << 1 << 1 << 0 << 0;
  QTest::newRow("3x3 top left") << 3 << 1 << 0 << 0;
  QTest::newRow("3x3 bottom middle") << 3 << 1 << 2 << 1;
  QTest::newRow("8 units in 4 nodes") << 8 << 2 << 5 << 6;
  QTest::newRow("12 units, bottom left") << 12 << 4 << 11 << 0;
  QTest::newRow("40 units, top right") << 40 << 1 << 0 << 39;
}

void TstHeatmapView::clickEmitsCell() {
  QFETCH(int, dims);
  QFETCH(int, nodeDim);
  QFETCH(int, a);
  QFETCH(int, b);
  HeatmapView view;
  view.resize(520, 480);
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
  view.setCorrelation(dims, testCorrelation(dims), nodeDim);
  QCOMPARE(view.dims(), dims);

  const QPoint center = view.cellCenter(a, b);
  {
    // An export lays the plot out at another size; the screen layout must come back.
    QImage figure(300, 200, QImage::Format_RGB32);
    QPainter painter(&figure);
    view.paintFigure(&painter, figure.rect());
  }
  QCOMPARE(view.cellCenter(a, b), center);
  int row = -1, column = -1;
  QVERIFY(view.cellAt(center, &row, &column));
  QCOMPARE(row, a);
  QCOMPARE(column, b);

  QSignalSpy spy(&view, &HeatmapView::cellClicked);
  QWidget* target = view.childAt(center);
  QVERIFY(target != nullptr);
  QTest::mouseClick(target, Qt::LeftButton, Qt::NoModifier, target->mapFrom(&view, center));
  QCOMPARE(spy.count(), 1);
  QCOMPARE(spy.at(0).at(0).toInt(), a);
  QCOMPARE(spy.at(0).at(1).toInt(), b);
}

void TstHeatmapView::clickOutsideEmitsNothing() {
  HeatmapView view;
  view.resize(520, 480);
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
  view.setCorrelation(4, testCorrelation(4), 1);
  QSignalSpy spy(&view, &HeatmapView::cellClicked);
  QWidget* target = view.findChild<QCustomPlot*>();
  QVERIFY(target != nullptr);
  const QPoint corner = target->mapTo(&view, QPoint(2, 2));  // the plot's margin, no cell
  int row = -1, column = -1;
  QVERIFY(!view.cellAt(corner, &row, &column));
  QTest::mouseClick(target, Qt::LeftButton, Qt::NoModifier, target->mapFrom(&view, corner));
  QCOMPARE(spy.count(), 0);
}

void TstHeatmapView::hoverShowsTooltip() {
  HeatmapView view;
  view.resize(520, 480);
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
  std::vector<double> corr(16, 0.0);
  corr[2 * 4 + 1] = -0.25;
  view.setCorrelation(4, corr, 2);
  const QPoint center = view.cellCenter(2, 1);
  QWidget* target = view.childAt(center);
  QVERIFY(target != nullptr);
  QTest::mouseMove(target, target->mapFrom(&view, center));
  QTRY_COMPARE(QToolTip::text(), QStringLiteral("z2.1 × z1.2: r = -0.25"));
}

void TstHeatmapView::fillsColorMap() {
  HeatmapView view;
  const int dims = 6;
  const std::vector<double> corr = testCorrelation(dims);
  view.setCorrelation(dims, corr, 3);
  QCPColorMap* map = colorMap(view);
  QVERIFY(map != nullptr);
  QCOMPARE(map->data()->keySize(), dims);
  QCOMPARE(map->data()->valueSize(), dims);
  QCOMPARE(map->dataRange().lower, -1.0);
  QCOMPARE(map->dataRange().upper, 1.0);
  for (int a = 0; a < dims; ++a) {
    for (int b = 0; b < dims; ++b) {
      QCOMPARE(map->data()->cell(b, a), corr[a * dims + b]);  // key = column, value = row
      QCOMPARE(view.correlation(a, b), corr[a * dims + b]);
    }
  }
  QVERIFY(std::isnan(view.correlation(dims, 0)));
}

void TstHeatmapView::drawsSignAsHue() {
  HeatmapView view;
  view.resize(420, 380);
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
  // r = +1 on the diagonal, -1 off it.
  view.setCorrelation(2, {1.0, -1.0, -1.0, 1.0}, 1);
  const QImage shot = view.grab().toImage();
  const qreal dpr = shot.devicePixelRatio();
  const QColor positive = shot.pixelColor(view.cellCenter(0, 0) * dpr);
  const QColor negative = shot.pixelColor(view.cellCenter(0, 1) * dpr);
  QVERIFY2(positive.red() > positive.blue() + 50, qPrintable(positive.name()));
  QVERIFY2(negative.blue() > negative.red() + 50, qPrintable(negative.name()));
}

void TstHeatmapView::namesUnits_data() {
  QTest::addColumn<int>("nodeDim");
  QTest::addColumn<QString>("text");
  QTest::newRow("nodes of 3") << 3 << QStringLiteral("z3.2 × z1.3: r = 0.41");
  QTest::newRow("single units") << 1 << QStringLiteral("z8 × z3: r = 0.41");
}

void TstHeatmapView::namesUnits() {
  QFETCH(int, nodeDim);
  QFETCH(QString, text);
  const int dims = 9;
  std::vector<double> corr(dims * dims, 0.0);
  corr[7 * dims + 2] = 0.4123;
  HeatmapView view;
  view.setCorrelation(dims, corr, nodeDim);
  QCOMPARE(view.cellText(7, 2), text);
}

void TstHeatmapView::wrongSizeClears() {
  HeatmapView view;
  view.setCorrelation(3, testCorrelation(3), 1);
  QCOMPARE(view.dims(), 3);
  view.setCorrelation(3, std::vector<double>(8, 0.0), 1);
  QCOMPARE(view.dims(), 0);
  QCOMPARE(colorMap(view)->data()->keySize(), 0);
}

void TstHeatmapView::paintsFigure() {
  HeatmapView view;
  view.setCorrelation(4, testCorrelation(4), 2);
  QCOMPARE(view.figureName(), QStringLiteral("correlation"));
  const QSize size = view.figureSize();
  QVERIFY(!size.isEmpty());
  QImage image(size, QImage::Format_RGB32);
  image.fill(Qt::white);
  {
    QPainter painter(&image);
    view.paintFigure(&painter, image.rect());
  }
  int colored = 0;
  for (int y = 0; y < image.height(); ++y) {
    for (int x = 0; x < image.width(); ++x) {
      const QColor c = image.pixelColor(x, y);
      if (std::abs(c.red() - c.blue()) > 80) ++colored;
    }
  }
  QVERIFY2(colored > 1000, qPrintable(QString::number(colored)));
}

void TstHeatmapView::spectrumTitleCountsActiveUnits_data() {
  QTest::addColumn<int>("units");
  QTest::addColumn<int>("active");
  QTest::addColumn<QString>("title");
  QTest::newRow("12 of 80") << 80 << 12 << QStringLiteral("12 of 80 units active");
  QTest::newRow("none") << 5 << 0 << QStringLiteral("0 of 5 units active");
  QTest::newRow("all") << 3 << 3 << QStringLiteral("3 of 3 units active");
}

void TstHeatmapView::spectrumTitleCountsActiveUnits() {
  QFETCH(int, units);
  QFETCH(int, active);
  QFETCH(QString, title);
  std::vector<double> eigenvalues, variance;
  for (int u = 0; u < units; ++u) {
    // Active units well above the threshold, collapsed ones far below (one exactly zero).
    const double v = u < active ? 1.0 / (u + 1) : (u == units - 1 ? 0.0 : 1e-5);
    variance.push_back(v);
    eigenvalues.push_back(v * 1.1);
  }
  SpectrumView view;
  view.setStatistics(eigenvalues, variance, active);
  QCOMPARE(view.title(), title);
  QCOMPARE(view.barCount(), units);
  QCOMPARE(view.figureName(), QStringLiteral("pca"));
  // The legend sits outside the axes, never over the bars.
  view.resize(420, 300);
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
  view.plot()->replot();
  const QRect axes = view.plot()->axisRect()->rect();
  const QRect legend = view.plot()->legend->outerRect();
  QVERIFY(view.plot()->legend->visible() && legend.height() > 0);
  QVERIFY2(!axes.intersects(legend), qPrintable(QStringLiteral("legend %1,%2 %3x%4 over the axes")
                                                    .arg(legend.x())
                                                    .arg(legend.y())
                                                    .arg(legend.width())
                                                    .arg(legend.height())));
  view.clear();
  QCOMPARE(view.barCount(), 0);
}

void TstHeatmapView::scatterCountsPoints_data() {
  QTest::addColumn<int>("xs");
  QTest::addColumn<int>("ys");
  QTest::addColumn<bool>("withNan");
  QTest::addColumn<int>("expected");
  QTest::newRow("500 points") << 500 << 500 << false << 500;
  QTest::newRow("one NaN is left out") << 500 << 500 << true << 499;
  QTest::newRow("lengths differ") << 30 << 20 << false << 20;
  QTest::newRow("empty") << 0 << 0 << false << 0;
}

void TstHeatmapView::scatterCountsPoints() {
  QFETCH(int, xs);
  QFETCH(int, ys);
  QFETCH(bool, withNan);
  QFETCH(int, expected);
  std::vector<float> x(xs), y(ys);
  for (int i = 0; i < xs; ++i) x[i] = std::cos(0.1f * i);
  for (int i = 0; i < ys; ++i) y[i] = std::sin(0.37f * i);
  if (withNan) y[3] = std::numeric_limits<float>::quiet_NaN();
  ScatterView view;
  view.setPoints(QStringLiteral("z1.1"), QStringLiteral("z2.1"), x, y);
  QCOMPARE(view.pointCount(), expected);
  QCOMPARE(view.figureName(), QStringLiteral("scatter"));
  view.clear();
  QCOMPARE(view.pointCount(), 0);
}

void TstHeatmapView::scatterColoursByClass() {
  std::vector<float> x(30), y(30);
  std::vector<int> classes(30);
  for (int i = 0; i < 30; ++i) {
    x[i] = float(i);
    y[i] = float(i % 7);
    classes[i] = i % 3;
  }
  classes[29] = 5;  // outside the named classes: left out
  ScatterView view;
  view.setPoints(QStringLiteral("z1"), QStringLiteral("z2"), x, y, classes,
                 {QStringLiteral("square"), QStringLiteral("ellipse"), QStringLiteral("cross")});
  QCOMPARE(view.classCount(), 3);
  QCOMPARE(view.pointCount(), 29);
  // Without names, one colour again.
  view.setPoints(QStringLiteral("z1"), QStringLiteral("z2"), x, y);
  QCOMPARE(view.classCount(), 0);
  QCOMPARE(view.pointCount(), 30);
}

// Beside the matrix the scatter may get 250 pixels, half of it legend: its tick labels stay apart
// (they had run together: "-3.532.521.510.5").
void TstHeatmapView::scatterTickLabelsApart() {
  std::vector<float> x(400), y(400);
  std::vector<int> classes(400);
  for (int i = 0; i < 400; ++i) {
    x[i] = -3.5f + 3.0f * float(i) / 399.0f;
    y[i] = -20.0f + 30.0f * float((i * 37) % 400) / 399.0f;
    classes[i] = i % 4;
  }
  ScatterView view;
  view.resize(250, 180);
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
  view.setPoints(QStringLiteral("z1.1"), QStringLiteral("z1.2"), x, y, classes,
                 {QStringLiteral("square"), QStringLiteral("ellipse"), QStringLiteral("triangle"),
                  QStringLiteral("cross")});
  auto* plot = view.findChild<QCustomPlot*>();
  QVERIFY(plot);
  QTest::qWait(50);  // the plot replots once more when its layout changed the tick count
  for (const QCPAxis* axis : {plot->xAxis, plot->yAxis}) {
    const QString crowded = tickLabelsCrowded(axis);
    QVERIFY2(crowded.isEmpty(), qPrintable(crowded));
  }
}

QTEST_MAIN(TstHeatmapView)
// The variance axis reads 10⁰, 10⁻² in German as in English: it showed "1E+00", "1E-02"
// (QCustomPlot turns only a lowercase 'e' into a power). The two drawings are the same pixels
// (no threshold: its legend entry writes 0,01 in German).
void TstHeatmapView::spectrumPowersOfTenInAnyLocale() {
  const QLocale before;
  const auto restore = qScopeGuard([&before] { QLocale::setDefault(before); });
  QImage images[2];
  const QLocale locales[] = {QLocale::c(), QLocale(QLocale::German, QLocale::Germany)};
  for (int k = 0; k < 2; ++k) {
    QLocale::setDefault(locales[k]);
    SpectrumView view;
    view.setStatistics({4, 2, 1, 0.05, 0.001}, {3, 1, 0.01, 2, 0.0001}, 3, /*threshold=*/0);
    view.resize(420, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.plot()->replot();
    QCOMPARE(view.plot()->locale().language(), locales[k].language());
    images[k] = view.plot()->toPixmap(420, 300).toImage();
  }
  QVERIFY(images[0] == images[1]);
}

// The threshold in the legend is written as the axes write numbers: 0,01 in German.
void TstHeatmapView::spectrumThresholdInTheUsersLocale() {
  const QLocale before;
  const auto restore = qScopeGuard([&before] { QLocale::setDefault(before); });
  QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
  SpectrumView view;
  view.setStatistics({4, 2, 1}, {3, 1, 0.001}, 2, 0.01);
  QStringList names;
  for (int i = 0; i < view.plot()->legend->itemCount(); ++i)
    if (auto* item = qobject_cast<QCPPlottableLegendItem*>(view.plot()->legend->item(i)))
      names << item->plottable()->name();
  QVERIFY2(names.contains(QStringLiteral("active: variance > 0,01")),
           qPrintable(names.join(QLatin1Char('|'))));
}

void TstHeatmapView::spectrumLegendWrapsWhenNarrow() {
  // The three legend entries share a row when there is room, else wrap (they were cut off).
  SpectrumView view;
  view.setStatistics({4, 2, 1, 0.5}, {3, 1, 0.001, 2}, 3);
  view.resize(900, 300);
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
  QCPLegend* legend = view.plot()->legend;
  QCOMPARE(legend->columnCount(), 3);
  view.resize(260, 300);
  QCoreApplication::processEvents();
  view.plot()->replot();
  QVERIFY(legend->columnCount() < 3);
  // At every width the legend stays inside: its third entry, in the first column of the
  // second row, is wider than the first (a 310-pixel plot cut off "per-unit variance"). The
  // least size as the latent panel sets it, below the legend's.
  view.setMinimumSize(200, 140);
  for (int width = 200; width <= 640; width += 10) {
    view.resize(width, 300);
    QCoreApplication::processEvents();
    view.plot()->replot();
    for (int i = 0; i < legend->itemCount(); ++i) {
      QCPAbstractLegendItem* item = legend->item(i);
      if (!item) continue;
      const QRect r = item->outerRect();
      QVERIFY2(
          r.right() <= view.plot()->width() && r.width() >= item->minimumOuterSizeHint().width(),
          qPrintable(QStringLiteral("%1 pixels wide: '%2' gets %3 of %4 pixels, ends at %5")
                         .arg(width)
                         .arg(static_cast<QCPPlottableLegendItem*>(item)->plottable()->name())
                         .arg(r.width())
                         .arg(item->minimumOuterSizeHint().width())
                         .arg(r.right())));
    }
  }
}

#include "tst_heatmap_view.moc"
