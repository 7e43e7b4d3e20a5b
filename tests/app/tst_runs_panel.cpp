// RunsPanel: the table of run files, the settings that differ between selected runs, and the
// file actions (overlay, trash), against run files written here.
#include <QAction>
#include <QDir>
#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QtTest/QtTest>
#include <cmath>

#include "app/studio/runs_panel.h"
#include "core/io/run_file.h"

using namespace gvae;

namespace {

// A run file of `epochs` epochs whose validation ELBO peaks at `best`; evaluated when `test_ll`
// is finite.
bool writeRun(const QString& path, const std::string& model, const std::string& lr,
              const std::string& seed, int epochs, double best, double test_ll) {
  RunRecord r;
  r.config = {{"model", model}, {"dataset", "sprites"}, {"lr", lr},
              {"seed", seed},   {"nodes", "5"},         {"out_path", path.toStdString()}};
  for (int k = 1; k <= epochs; ++k) {
    EpochMetrics e;
    e.epoch = k;
    e.step = 10 * k;
    e.valid_elbo = k == epochs / 2 + 1 ? best : best - 5.0 - k;
    e.node_kl = {0.1, 0.2, 0.3, 0.4, 0.5};
    r.epochs.push_back(e);
  }
  if (std::isfinite(test_ll)) r.eval_results = {{"test_elbo", -90.0}, {"test_ll", test_ll}};
  return writeRunFile(path.toStdString(), r).ok;
}

int rowOf(const QTableWidget* table, const QString& path) {
  for (int row = 0; row < table->rowCount(); ++row)
    if (table->item(row, 0)->data(Qt::UserRole).toString() == path) return row;
  return -1;
}

}  // namespace

class TstRunsPanel : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase();
  void listsTheRunsOfAddedFolders();
  void showsTheSettingsThatDiffer();
  void overlayAndTrash();

 private:
  QTemporaryDir dir_;
  QString folder_, a_, b_, c_, broken_;
};

void TstRunsPanel::initTestCase() {
  QStandardPaths::setTestModeEnabled(true);
  // The trash of this test's own data folder (the same file system as the runs).
  qputenv("XDG_DATA_HOME", dir_.filePath(QStringLiteral("data")).toUtf8());
  QSettings().clear();
  folder_ = dir_.filePath(QStringLiteral("runs"));
  QVERIFY(QDir().mkpath(folder_));
  a_ = folder_ + QStringLiteral("/a.h5");
  b_ = folder_ + QStringLiteral("/b.h5");
  c_ = folder_ + QStringLiteral("/c.h5");
  broken_ = folder_ + QStringLiteral("/broken.h5");
  QVERIFY(writeRun(a_, "graph", "0.001", "1", 4, -80.5, -84.25));
  QTest::qWait(20);  // distinct modification times: the table lists the newest first
  QVERIFY(writeRun(b_, "graph", "0.0005", "2", 6, -79.75, std::nan("")));
  QTest::qWait(20);
  QVERIFY(writeRun(c_, "vae", "0.001", "1", 3, -88.0, std::nan("")));
  QFile broken(broken_);
  QVERIFY(broken.open(QIODevice::WriteOnly));
  broken.write("not an HDF5 file");
}

void TstRunsPanel::listsTheRunsOfAddedFolders() {
  RunsPanel panel;
  QSignalSpy scanned(&panel, &RunsPanel::scanned);
  panel.addFolder(folder_);
  QTRY_VERIFY_WITH_TIMEOUT(rowOf(panel.table(), broken_) >= 0, 10000);
  QVERIFY(panel.folders().contains(QDir(folder_).absolutePath()));
  QTableWidget* t = panel.table();
  const int a = rowOf(t, a_), b = rowOf(t, b_), broken = rowOf(t, broken_);
  QVERIFY(a >= 0 && b >= 0);
  QCOMPARE(t->item(a, 1)->text(), QStringLiteral("graph"));
  QCOMPARE(t->item(a, 2)->text(), QStringLiteral("sprites"));
  QCOMPARE(t->item(a, 3)->text(), QStringLiteral("4"));
  QCOMPARE(t->item(a, 4)->data(Qt::DisplayRole).toDouble(), -80.5);  // the best epoch's
  QCOMPARE(t->item(a, 5)->data(Qt::DisplayRole).toDouble(), -84.25);
  QVERIFY(t->item(b, 5)->text().isEmpty());  // not evaluated
  QCOMPARE(t->item(broken, 1)->text(), QStringLiteral("unreadable"));
  QVERIFY2(t->item(broken, 0)->toolTip().contains(broken_),
           qPrintable(t->item(broken, 0)->toolTip()));
  // Kept for the next window; removing the folder empties the table of its runs.
  RunsPanel again;
  QVERIFY(again.folders().contains(QDir(folder_).absolutePath()));
  again.removeFolder(folder_);
  QTRY_VERIFY_WITH_TIMEOUT(rowOf(again.table(), a_) < 0 && !again.folders().contains(folder_),
                           10000);
}

void TstRunsPanel::showsTheSettingsThatDiffer() {
  QCOMPARE(differingSettings({summarizeRun(a_)}).size(), size_t(0));
  const auto diffs = differingSettings({summarizeRun(a_), summarizeRun(b_), summarizeRun(c_)});
  QStringList keys;
  for (const auto& d : diffs) keys << d.first;
  QCOMPARE(keys, (QStringList{QStringLiteral("model"), QStringLiteral("lr"),
                              QStringLiteral("seed")}));  // not dataset, nodes, out_path
  QCOMPARE(diffs[1].second, (QStringList{QStringLiteral("0.001"), QStringLiteral("0.0005"),
                                         QStringLiteral("0.001")}));

  RunsPanel panel;
  panel.addFolder(folder_);
  QTRY_VERIFY_WITH_TIMEOUT(rowOf(panel.table(), c_) >= 0, 10000);
  panel.select({a_, b_});
  QTableWidget* d = panel.differences();
  QCOMPARE(d->columnCount(), 2);
  QCOMPARE(d->rowCount(), 2);  // lr and seed
  QCOMPARE(d->verticalHeaderItem(0)->text(), QStringLiteral("lr"));
  // Columns in table order (newest first): b, then a; b's values unlike a's are highlighted.
  QCOMPARE(d->horizontalHeaderItem(0)->text(), QStringLiteral("b"));
  QCOMPARE(d->item(0, 0)->text(), QStringLiteral("0.0005"));
  QCOMPARE(d->item(0, 1)->text(), QStringLiteral("0.001"));
  QVERIFY(d->item(0, 1)->background() != d->item(0, 0)->background());
  panel.select({a_});
  QCOMPARE(d->rowCount(), 0);
}

void TstRunsPanel::overlayAndTrash() {
  RunsPanel panel;
  panel.addFolder(folder_);
  QTRY_VERIFY_WITH_TIMEOUT(rowOf(panel.table(), c_) >= 0, 10000);
  QSignalSpy overlay(&panel, &RunsPanel::overlayRequested);
  panel.select({a_, c_});
  const auto action = [&panel](const QString& text) {
    for (QAction* a : panel.findChildren<QAction*>())
      if (a->text() == text) return a;
    return static_cast<QAction*>(nullptr);
  };
  QVERIFY(!action(QStringLiteral("Open"))->isEnabled());  // two selected: open one at a time
  action(QStringLiteral("Overlay"))->trigger();
  QCOMPARE(overlay.count(), 1);
  QCOMPARE(overlay.first().first().toStringList().size(), 2);

  panel.setBusyFiles({a_});
  QVERIFY(panel.trash({a_}).contains(QStringLiteral("in use")));
  QVERIFY(QFile::exists(a_));
  panel.setBusyFiles({});
  const QString failed = panel.trash({c_});
  QVERIFY2(failed.isEmpty(), qPrintable(failed));
  QVERIFY(!QFile::exists(c_));
  QTRY_VERIFY_WITH_TIMEOUT(rowOf(panel.table(), c_) < 0, 10000);
  QVERIFY(rowOf(panel.table(), a_) >= 0);
}

QTEST_MAIN(TstRunsPanel)
#include "tst_runs_panel.moc"
