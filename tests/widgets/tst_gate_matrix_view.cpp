// GateMatrixView: μ of self and recurrent gates as a targets-by-sources matrix, and the DAG
// panel's switch to it for models with many gates.
#include <qcustomplot.h>

#include <QComboBox>
#include <QToolTip>
#include <QtTest/QtTest>
#include <cmath>
#include <utility>
#include <vector>

#include "widgets/dag_panel.h"
#include "widgets/gate_matrix_view.h"

using gvae::DagPanel;
using gvae::GateMatrixView;

namespace {

// recurrent-graph's gates over n nodes: z_i -> z_j (i > j), then z_i(t-1) -> z_j for all i, j.
std::vector<std::pair<int, int>> recurrentPairs(int n) {
  std::vector<std::pair<int, int>> pairs;
  for (int i = 2; i <= n; ++i)
    for (int j = 1; j < i; ++j) pairs.emplace_back(i, j);
  for (int i = 1; i <= n; ++i)
    for (int j = 1; j <= n; ++j) pairs.emplace_back(-i, j);
  return pairs;
}

QCPColorMap* colorMap(GateMatrixView& view) {
  auto* plot = view.findChild<QCustomPlot*>();
  return plot ? qobject_cast<QCPColorMap*>(plot->plottable(0)) : nullptr;
}

}  // namespace

class TstGateMatrixView : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void placesSelfAndRecurrentGates();
  void showsMeansAndFrozenGates();
  void hoverNamesTheGate();
  void dagPanelShowsTheMatrixForManyGates();
};

void TstGateMatrixView::placesSelfAndRecurrentGates() {
  GateMatrixView view;
  const auto pairs = recurrentPairs(3);  // 3 self + 9 recurrent gates
  view.setGraph(3, pairs);
  QCOMPARE(view.rows(), 3);
  QCOMPARE(view.columns(), 6);                 // z1..z3, then z1(t-1)..z3(t-1)
  QCOMPARE(view.gateAt(0, 1), 0);              // (2, 1): source z2 (column 1), target z1 (row 0)
  QCOMPARE(view.gateAt(1, 2), 2);              // (3, 2)
  QCOMPARE(view.gateAt(0, 0), -1);             // no self-loop within a step
  QCOMPARE(view.gateAt(1, 0), -1);             // z1 -> z2 would point up the order: no gate
  QCOMPARE(view.gateAt(2, 4), 3 + 1 * 3 + 2);  // (-2, 3): z2(t-1) -> z3
  QCOMPARE(view.cellText(2, 4).left(12), QStringLiteral("z2(t−1) → z3"));
  // Without recurrent gates: N columns.
  view.setGraph(4, {{2, 1}, {4, 3}});
  QCOMPARE(view.columns(), 4);
  QCOMPARE(view.gateAt(2, 3), 1);
}

void TstGateMatrixView::showsMeansAndFrozenGates() {
  GateMatrixView view;
  view.setGraph(3, recurrentPairs(3));
  QCPColorMap* map = colorMap(view);
  QVERIFY(map);
  QVERIFY(std::isnan(map->data()->cell(1, 0)));  // known only after setGates()
  std::vector<double> mu(12, 0.5);
  mu[0] = 0.9;
  mu[5] = 0.1;
  std::vector<signed char> frozen(12, -1);
  frozen[0] = 1;
  view.setGates(mu, frozen);
  QCOMPARE(map->data()->cell(1, 0), 0.9);        // gate 0 at column 1, row 0
  QVERIFY(std::isnan(map->data()->cell(0, 0)));  // no gate: grey
  auto* plot = view.findChild<QCustomPlot*>();
  QCOMPARE(plot->itemCount(), 12);
  QCOMPARE(static_cast<QCPItemText*>(plot->item(0))->text(), QStringLiteral("0.90*"));
  QCOMPARE(static_cast<QCPItemText*>(plot->item(5))->text(), QStringLiteral("0.10"));
  QVERIFY(view.cellText(0, 1).contains(QStringLiteral("frozen on")));
  QVERIFY(view.cellText(0, 1).contains(QStringLiteral("0.900")));
}

void TstGateMatrixView::hoverNamesTheGate() {
  GateMatrixView view;
  view.resize(600, 360);
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
  view.setGraph(3, recurrentPairs(3));
  view.setGates(std::vector<double>(12, 0.25), std::vector<signed char>(12, -1));
  view.findChild<QCustomPlot*>()->replot();
  const QPoint at = view.cellCenter(2, 4);
  int r = -1, c = -1;
  QVERIFY(view.cellAt(at, &r, &c));
  QCOMPARE(r, 2);
  QCOMPARE(c, 4);
  QWidget* target = view.childAt(at);
  QVERIFY(target);
  QTest::mouseMove(target, target->mapFrom(&view, at));
  QTRY_VERIFY(QToolTip::text().startsWith(QStringLiteral("z2(t−1) → z3: μ = 0.250")));
}

void TstGateMatrixView::dagPanelShowsTheMatrixForManyGates() {
  DagPanel panel;
  panel.setGraph(5, recurrentPairs(5));  // 10 + 25 = 35 gates
  QVERIFY(panel.showingMatrix());
  QCOMPARE(panel.matrix()->columns(), 10);
  panel.setGraph(5, {{2, 1}, {3, 1}, {3, 2}});
  QVERIFY(!panel.showingMatrix());
  panel.showMatrix(true);  // the user's choice
  QVERIFY(panel.showingMatrix());
  std::vector<int8_t> frozen{-1, 0, 1};
  panel.setGates({0.2, 0.0, 1.0}, frozen);  // both views get the means
  QVERIFY(panel.matrix()->cellText(1, 2).contains(QStringLiteral("1.000")));
}

QTEST_MAIN(TstGateMatrixView)
#include "tst_gate_matrix_view.moc"
