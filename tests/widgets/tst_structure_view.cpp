// Tests of StructureView: the R^2 grid of a structure report, its alignment marks and export.
#include <QtTest/QtTest>
#include <cmath>

#include "widgets/structure_view.h"

using namespace gvae;

namespace {

// Two nodes, three factors; factor 0 aligned with z2, factor 1 with z1, factor 2 with none.
StructureReport report() {
  StructureReport r;
  r.factor_names = {"shape", "scale", "x"};
  r.factor_r2 = {0.1, 0.95, 0.2,    // z1
                 0.9, 0.30, -0.4};  // z2
  r.node_of_factor = {2, 1, 0};
  r.alignment_verdict = "The nodes do not align with the factors: x has no node.";
  return r;
}

}  // namespace

class TstStructureView : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void showsTheReport();
  void cellsAreWhereTheyAreDrawn();
  void paintsAndClears();
};

void TstStructureView::showsTheReport() {
  StructureView v;
  v.setReport(report());
  QCOMPARE(v.nodes(), 2);
  QCOMPARE(v.factors(), 3);
  QCOMPARE(v.r2(0, 1), 0.95);
  QCOMPARE(v.r2(1, 2), -0.4);
  QVERIFY(std::isnan(v.r2(2, 0)));
  QVERIFY(v.aligned(1, 0));
  QVERIFY(v.aligned(0, 1));
  QVERIFY(!v.aligned(0, 0));
  QVERIFY(!v.aligned(0, 2) && !v.aligned(1, 2));
}

void TstStructureView::cellsAreWhereTheyAreDrawn() {
  StructureView v;
  v.resize(400, 300);
  v.setReport(report());
  int row = -1, col = -1;
  // z_N is the top row, as in the DAG: the top-left cell is (z2, shape).
  QVERIFY(v.cellAt(QPoint(34 + 20, 20 + 22 + 10), &row, &col));
  QCOMPARE(row, 1);
  QCOMPARE(col, 0);
  QVERIFY(!v.cellAt(QPoint(2, 2), &row, &col));
}

void TstStructureView::paintsAndClears() {
  StructureView v;
  v.setReport(report());
  QCOMPARE(v.figureName(), QStringLiteral("structure"));
  QImage image(v.figureSize(), QImage::Format_ARGB32);
  image.fill(Qt::transparent);
  QPainter p(&image);
  v.paintFigure(&p, image.rect());
  p.end();
  // The aligned (z1, scale) cell is green: some pixel is clearly greener than it is red.
  bool green = false;
  for (int y = 0; y < image.height() && !green; ++y)
    for (int x = 0; x < image.width() && !green; ++x) {
      const QColor c = image.pixelColor(x, y);
      green = c.green() - c.red() > 120;
    }
  QVERIFY(green);
  v.clear();
  QCOMPARE(v.nodes(), 0);
  QCOMPARE(v.factors(), 0);
}

QTEST_MAIN(TstStructureView)
#include "tst_structure_view.moc"
