// The workbench on a sweep folder: the Sweep dock's ablation figure and summary, its runs in the
// Runs dock, the figure among those exported, and a folder that is no sweep.
#include <QDir>
#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest/QtTest>
#include <cmath>

#include "app/studio/main_window.h"
#include "app/studio/runs_panel.h"
#include "app/studio/sweep_panel.h"
#include "core/eval/sweep.h"
#include "core/io/run_file.h"
#include "widgets/ablation_plot.h"
#include "widgets/figure_export.h"

using namespace gvae;

namespace {

bool writeRun(const QString& path, const std::string& model, int nodes, int dim, double elbo) {
  RunRecord r;
  r.config = {{"model", model},
              {"dataset", "sprites"},
              {"nodes", std::to_string(nodes)},
              {"node_dim", std::to_string(dim)},
              {"epochs", "2"}};
  for (int e = 1; e <= 2; ++e) {
    EpochMetrics m;
    m.epoch = e;
    m.valid_elbo = elbo - (2 - e);
    r.epochs.push_back(m);
  }
  return writeRunFile(path.toStdString(), r).ok;
}

}  // namespace

class TstSweepPanel : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
  void opensASweepFolder();
  void aFolderThatIsNoSweep();
};

void TstSweepPanel::opensASweepFolder() {
  QTemporaryDir dir;
  const QString d = dir.path();
  QVERIFY(writeSweepManifest(d.toStdString(),
                             {"model=vae,graph;nodes=2,4;nodes*node-dim=8", {"--epochs", "2"}, 0})
              .ok);
  QVERIFY(writeRun(d + QStringLiteral("/model=vae,nodes=2,node-dim=4.h5"), "vae", 2, 4, -120));
  QVERIFY(writeRun(d + QStringLiteral("/model=vae,nodes=4,node-dim=2.h5"), "vae", 4, 2, -118));
  QVERIFY(writeRun(d + QStringLiteral("/model=graph,nodes=2,node-dim=4.h5"), "graph", 2, 4, -117));
  // The fourth point (graph, N = 4) is missing: not trained yet.
  MainWindow w;
  w.show();
  QSignalSpy loaded(w.sweep(), &SweepPanel::loaded);
  QSignalSpy scanned(w.runs(), &RunsPanel::scanned);
  w.openSweep(d);
  QVERIFY(loaded.wait(30000));
  QCOMPARE(w.sweep()->rows().size(), size_t{4});
  QCOMPARE(w.sweep()->plot()->lineCount(), 2);  // vae and graph at M = 8
  const QString summary = w.sweep()->summary()->text();
  QVERIFY2(summary.contains(QStringLiteral("3 finished")) &&
               summary.contains(QStringLiteral("1 missing")),
           qPrintable(summary));
  // Its runs are listed (to open, resume, overlay).
  QVERIFY(w.runs()->folders().contains(d));
  QTRY_VERIFY_WITH_TIMEOUT(
      [&] {
        int n = 0;
        for (const auto& r : w.runs()->runs()) n += r.path.startsWith(d);
        return n == 3;
      }(),
      30000);
  // The ablation figure is exported with the others once a sweep is open.
  QTemporaryDir out;
  QVERIFY(
      exportFigures({w.sweep()->plot()}, out.path(), {QStringLiteral("png"), QStringLiteral("svg")})
          .ok);
  QVERIFY(QFileInfo(out.filePath(QStringLiteral("ablation.png"))).size() > 1000);
  QVERIFY(QFileInfo(out.filePath(QStringLiteral("ablation.svg"))).size() > 1000);
  // A run finishing later shows after Refresh.
  QVERIFY(writeRun(d + QStringLiteral("/model=graph,nodes=4,node-dim=2.h5"), "graph", 4, 2, -116));
  w.sweep()->openFolder(d);
  QVERIFY(loaded.wait(30000));
  QVERIFY(w.sweep()->summary()->text().contains(QStringLiteral("4 finished")));
}

void TstSweepPanel::aFolderThatIsNoSweep() {
  QTemporaryDir dir;
  SweepPanel panel;
  QSignalSpy loaded(&panel, &SweepPanel::loaded);
  panel.openFolder(dir.path());
  QVERIFY(loaded.wait(30000));
  QVERIFY(panel.summary()->text().contains(QStringLiteral("not a sweep folder (no sweep.json)")));
  QCOMPARE(panel.plot()->lineCount(), 0);
}

QTEST_MAIN(TstSweepPanel)
#include "tst_sweep_panel.moc"
