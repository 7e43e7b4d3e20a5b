// Tests of DisentanglementPanel: the scores table and the factor x latent grid of a report.
#include <QComboBox>
#include <QTableWidget>
#include <QtTest/QtTest>
#include <cmath>

#include "app/studio/disentanglement_panel.h"
#include "tests/widgets/figure_test_util.h"
#include "widgets/value_grid.h"

using namespace gvae;

namespace {

// Three latents, two factors; FactorVAE undefined.
DisentanglementReport report() {
  DisentanglementReport r;
  r.latents = 4;
  r.active_latents = 3;
  r.n_fit = 2400;
  r.n_score = 2400;
  r.factor_names = {"shape", "x"};
  r.betavae = 0.8125;
  r.factorvae = std::nan("");
  r.mig = 0.25;
  r.dci_disentanglement = 0.5;
  r.dci_completeness = 0.375;
  r.dci_informativeness = 0.75;
  // [latent][factor]
  r.mutual_information = {0.1, 0.7, 0.6, 0.05, 0.2, 0.1, 0, 0};
  r.importance = {0.2, 0.9, 0.7, 0.05, 0.1, 0.05, 0, 0};
  r.informativeness = {0.5, 1};
  return r;
}

}  // namespace

class TstDisentanglementPanel : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void showsScoresAndMatrices();
  void saysHowToMeasureWithoutAReport();
};

void TstDisentanglementPanel::showsScoresAndMatrices() {
  DisentanglementPanel p;
  p.setReport(report(), 2);
  QVERIFY2(p.summary().contains(QStringLiteral("3 of 4 latents active")), qPrintable(p.summary()));
  QTableWidget* t = p.scores();
  QCOMPARE(t->rowCount(), 6);
  QCOMPARE(t->item(0, 1)->text(), QStringLiteral("0.813"));
  QCOMPARE(t->item(1, 1)->text(), QStringLiteral("undefined"));
  QCOMPARE(t->item(5, 1)->text(), QStringLiteral("0.750"));
  // One row per factor, one column per latent, named by node and component.
  ValueGrid* g = p.grid();
  QCOMPARE(g->rowCount(), 2);
  QCOMPARE(g->columnCount(), 4);
  QCOMPARE(g->cellText(1, 2), QStringLiteral("x × z2.1: 0.10"));
  QCOMPARE(g->valueAt(0, 1), 0.6);
  QVERIFY(g->outlinedAt(0, 1) && !g->outlinedAt(0, 0));  // shape's most informative latent
  QVERIFY(g->outlinedAt(1, 0));
  // The importance instead.
  p.showMatrix(1);
  QCOMPARE(g->valueAt(0, 1), 0.7);
  QCOMPARE(g->valueAt(1, 0), 0.9);
  // Painted: the largest importance (0.9) is clearly green (green - red = 0.5 x 0.9 x 255).
  g->resize(500, 300);
  const QImage image = paintToImage(*g);
  bool green = false;
  for (int y = 0; y < image.height() && !green; ++y)
    for (int x = 0; x < image.width() && !green; ++x) {
      const QColor c = image.pixelColor(x, y);
      green = c.green() - c.red() > 100;
    }
  QVERIFY(green);
}

void TstDisentanglementPanel::saysHowToMeasureWithoutAReport() {
  DisentanglementPanel p;
  p.setReport(report());
  p.clear();
  QCOMPARE(p.scores()->rowCount(), 0);
  QCOMPARE(p.grid()->rowCount(), 0);
  QVERIFY(p.summary().contains(QStringLiteral("No disentanglement")));
  // A report whose matrices disagree with its sizes shows no grid rather than garbage.
  DisentanglementReport bad = report();
  bad.importance.pop_back();
  p.setReport(bad);
  p.showMatrix(1);
  QCOMPARE(p.grid()->rowCount(), 0);
}

QTEST_MAIN(TstDisentanglementPanel)
#include "tst_disentanglement_panel.moc"
