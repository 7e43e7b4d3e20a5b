// Tests of StructurePanel: the learned DAG against the true one, marked, with its scores.
#include <QtTest/QtTest>

#include "app/studio/structure_panel.h"
#include "widgets/dag_view.h"
#include "widgets/structure_view.h"

using namespace gvae;

class TstStructurePanel : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void alignedReportMarksTheEdges();
  void unalignedReportShowsNoDag();
};

void TstStructurePanel::alignedReportMarksTheEdges() {
  StructurePanel p;
  StructureReport r;
  r.factor_names = {"a", "b", "c"};
  r.factor_r2 = std::vector<double>(9, 0.2);
  r.node_of_factor = {3, 2, 1};
  r.aligned = true;
  r.alignment_verdict = "Each factor is predicted best by its own node.";
  r.true_edges = {{3, 2}, {2, 1}};
  r.learned_edges = {{3, 2}, {3, 1}};  // one correct, one extra; 2 -> 1 missing
  p.setReport(r);
  QVERIFY2(p.summary().contains(QStringLiteral("SHD 2")), qPrintable(p.summary()));
  QVERIFY(p.summary().contains(QStringLiteral("precision 0.50")));
  QVERIFY(p.summary().contains(QStringLiteral("recall 0.50")));
  QCOMPARE(p.dag()->nodeCount(), 3);
  QCOMPARE(p.dag()->pairs().size(), size_t(3));  // correct, extra, missing
  QCOMPARE(p.grid()->nodes(), 3);
}

void TstStructurePanel::unalignedReportShowsNoDag() {
  StructurePanel p;
  StructureReport r;
  r.factor_names = {"a", "b"};
  r.factor_r2 = {0.1, 0.2, 0.3, 0.4};
  r.node_of_factor = {1, 2};
  r.alignment_verdict = "The nodes do not align with the factors.";
  p.setReport(r);
  QVERIFY(p.summary().contains(QStringLiteral("No comparison")));
  QCOMPARE(p.dag()->nodeCount(), 0);
  QCOMPARE(p.grid()->factors(), 2);
  p.clear();
  QVERIFY(p.summary().contains(QStringLiteral("known generative factors")));
}

QTEST_MAIN(TstStructurePanel)
#include "tst_structure_panel.moc"
