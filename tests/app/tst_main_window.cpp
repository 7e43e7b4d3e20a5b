// Tests of the workbench window: live curves, click-to-freeze on the running trainer, traversal,
// a corrupt file, closing mid-training, and the headless figure export.
#include <QAction>
#include <QCheckBox>
#include <QDockWidget>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QtTest/QtTest>

#include "app/studio/analysis_panels.h"
#include "app/studio/compare_panel.h"
#include "app/studio/disentanglement_panel.h"
#include "app/studio/evaluate_panel.h"
#include "app/studio/main_window.h"
#include "app/studio/run_setup_panel.h"
#include "app/studio/runs_panel.h"
#include "app/studio/training_controller.h"
#include "core/io/run_file.h"
#include "core/io/run_file_inspector.h"
#include "core/training/trainer.h"
#include "tests/tiny_config.h"
#include "tests/training_fixture.h"
#include "widgets/curve_plot.h"
#include "widgets/dag_panel.h"
#include "widgets/dag_view.h"
#include "widgets/image_grid_view.h"
#include "widgets/roc_view.h"
#include "widgets/value_grid.h"

using namespace gvae;

namespace {

// Clicks the button of the next modal message box as soon as it appears.
void answerNextQuestion(QMessageBox::StandardButton button) {
  QTimer::singleShot(50, [button] {
    if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget()))
      box->button(button)->click();
    else
      answerNextQuestion(button);
  });
}

}  // namespace

class TstMainWindow : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase();
  void curvesGrowWhileTraining();
  void dagClickFreezesGateInRunningTrainer_data();
  void dagClickFreezesGateInRunningTrainer();
  void traversalShowsStepsByDimensions();
  void corruptFileShowsErrorAndWindowStaysUsable_data();
  void corruptFileShowsErrorAndWindowStaysUsable();
  void closingMidTrainingLeavesReadableRunFile();
  void headlessExportWritesEveryFigure();
  void compareWritesTheTableAndOverlaysCurves();
  void resumeContinuesAnOpenedRun();
  void droppingARunFileOpensIt();
  void overlayAndSaveAsReadAndWriteInTheBackground();
  void fileThatCrashesHdf5LeavesTheTrainingRunning();
  void dagSaysWhatTheStructureIs_data();
  void dagSaysWhatTheStructureIs();
  void helpAndVersionNeedNoDisplay();
  void runSetupIsKeptAndResets();
  void headlessExportAtAChosenSize();
  void fitsASmallScreen();
  void exportAllAsksForTheSize();
  void evaluateStoresTheResultInTheFile();
  void evaluateShowsTheModelsFigures_data();
  void evaluateShowsTheModelsFigures();
  void graphRunShowsItsLinkPrediction();
  void runsDockOpensAndResumes();
  void theLastArrangementIsKept();

 private:
  QTemporaryDir dir_;
  QString trained_;  // a finished tiny run
};

void TstMainWindow::initTestCase() {
  QStandardPaths::setTestModeEnabled(true);  // settings and runs go to a test location
  // ... and those of the graphvae-studio processes the tests start: a home of their own.
  qputenv("HOME", dir_.filePath(QStringLiteral("home")).toUtf8());
  qputenv("XDG_CONFIG_HOME", dir_.filePath(QStringLiteral("home/.config")).toUtf8());
  qputenv("XDG_DATA_HOME", dir_.filePath(QStringLiteral("home/.local/share")).toUtf8());
  qputenv("XDG_CACHE_HOME", dir_.filePath(QStringLiteral("home/.cache")).toUtf8());
  RunConfig c = tinyConfig("graph", 2);
  trained_ = dir_.filePath(QStringLiteral("trained.h5"));
  c.out_path = trained_.toStdString();
  Trainer t(c);
  t.start();
  t.wait();
  QCOMPARE(t.state(), TrainerState::kFinished);
}

void TstMainWindow::curvesGrowWhileTraining() {
  MainWindow w;
  w.setup()->setConfig(tinyConfig("graph", 2));
  const QString path = dir_.filePath(QStringLiteral("live.h5"));
  QSignalSpy ended(w.training(), &TrainingController::ended);
  QVERIFY(w.startTraining(path));
  QTRY_VERIFY_WITH_TIMEOUT(w.curves()->pointCount(QStringLiteral("train")) > 0, 30000);
  QVERIFY(w.training()->active());  // points arrive while the run is still going
  QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 60000);
  QCOMPARE(ended.first().first().value<TrainerState>(), TrainerState::kFinished);
  QCOMPARE(w.curves()->pointCount(QStringLiteral("validation")), 2);
  QVERIFY(w.curves()->pointCount(QStringLiteral("train")) >= 10);  // 60 steps, one point per 5
  QCOMPARE(w.runPath(), path);
  auto* eta = w.findChild<QLabel*>(QStringLiteral("eta"));
  QVERIFY(eta);
  QVERIFY2(eta->text().isEmpty(), qPrintable(eta->text()));  // no ETA once the run has ended
  // The finished run's pictures arrive; a new run starts without them.
  QTRY_VERIFY_WITH_TIMEOUT(w.findChild<SamplesPanel*>()->samples()->rows() > 0, 60000);
  QVERIFY(w.startTraining(dir_.filePath(QStringLiteral("live2.h5"))));
  QVERIFY(!w.findChild<SamplesPanel*>()->samples()->rows() > 0);
  w.training()->stopAndWait();
}

void TstMainWindow::dagClickFreezesGateInRunningTrainer_data() {
  QTest::addColumn<int>("gate");
  QTest::addColumn<QString>("action");
  QTest::addColumn<int>("expected");
  QTest::newRow("first edge on") << 0 << QStringLiteral("freezeOn") << 1;
  QTest::newRow("last edge off") << 2 << QStringLiteral("freezeOff") << 0;
}

void TstMainWindow::dagClickFreezesGateInRunningTrainer() {
  QFETCH(int, gate);
  QFETCH(QString, action);
  QFETCH(int, expected);
  MainWindow w;
  w.show();
  w.setup()->setConfig(tinyConfig("graph", 1000));
  QVERIFY(w.startTraining(dir_.filePath(QStringLiteral("freeze.h5"))));
  DagView* dag = w.dagPanel()->view();
  QTRY_VERIFY_WITH_TIMEOUT(dag->pairs().size() == 3 && !dag->gateMu().empty(), 30000);
  QCOMPARE(dag->gateFrozen()[gate], int8_t(kGateFree));
  QTest::mouseClick(dag, Qt::LeftButton, {}, dag->edgeAnchor(gate).toPoint());
  auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
  QVERIFY(menu);
  QAction* a = menu->findChild<QAction*>(action);
  QVERIFY(a);
  a->trigger();
  // The state shown comes back from the trainer's own status: the running trainer froze it.
  QTRY_COMPARE_WITH_TIMEOUT(int(dag->gateFrozen()[gate]), expected, 20000);
  QVERIFY(w.training()->active());
  w.training()->stopAndWait();
}

void TstMainWindow::traversalShowsStepsByDimensions() {
  MainWindow w;
  w.openRun(trained_);
  QVERIFY(w.waitForAnalysis(60000));
  ImageGridView* grid = w.traversal()->grid();
  TraversalRequest r = w.traversal()->request();
  QCOMPARE(grid->rows(), 2);  // one row per dimension of z1 (N' = 2)
  QCOMPARE(grid->cols(), r.steps);
  // Each row sweeps one unit: its first and last image differ.
  const QImage img = grid->image();
  const int cell_w = (img.width() - 2) / r.steps, cell_h = (img.height() - 2) / 2;
  for (int row = 0; row < 2; ++row) {
    const QImage first = img.copy(2, 2 + row * cell_h, cell_w - 2, cell_h - 2);
    const QImage last =
        img.copy(2 + (r.steps - 1) * cell_w, 2 + row * cell_h, cell_w - 2, cell_h - 2);
    QVERIFY2(first != last, qPrintable(QStringLiteral("row %1").arg(row)));
  }
  // Another node and fewer steps: the grid follows without blocking.
  r.node = 3;
  r.dim = 1;
  r.steps = 5;
  w.traversal()->setRequest(r);
  QTRY_COMPARE_WITH_TIMEOUT(grid->cols(), 5, 20000);
  QCOMPARE(grid->rows(), 1);
}

void TstMainWindow::corruptFileShowsErrorAndWindowStaysUsable_data() {
  QTest::addColumn<QByteArray>("content");
  QTest::newRow("garbage") << QByteArray("this is not an HDF5 file at all");
  QTest::newRow("empty") << QByteArray();
}

void TstMainWindow::corruptFileShowsErrorAndWindowStaysUsable() {
  QFETCH(QByteArray, content);
  const QString bad = dir_.filePath(QStringLiteral("corrupt.h5"));
  {
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(content);
  }
  MainWindow w;
  w.show();
  QSignalSpy failed(&w, &MainWindow::runFailedToLoad);
  w.openRun(bad);
  QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
  QVERIFY2(w.lastError().contains(bad), qPrintable(w.lastError()));
  auto* box = w.findChild<QMessageBox*>(QStringLiteral("errorDialog"));
  QVERIFY(box && box->isVisible());
  QVERIFY2(box->text().contains(bad), qPrintable(box->text()));
  box->accept();
  // The window goes on: a good file opens.
  QSignalSpy loaded(&w, &MainWindow::runLoaded);
  w.openRun(trained_);
  QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
  QCOMPARE(w.runPath(), trained_);
  QCOMPARE(w.curves()->pointCount(QStringLiteral("validation")), 2);
}

void TstMainWindow::closingMidTrainingLeavesReadableRunFile() {
  const QString path = dir_.filePath(QStringLiteral("closed.h5"));
  auto* w = new MainWindow;
  w->show();
  w->setup()->setConfig(tinyConfig("graph", 1000));
  QVERIFY(w->startTraining(path));
  QTRY_VERIFY_WITH_TIMEOUT(w->curves()->pointCount(QStringLiteral("validation")) >= 1, 60000);
  answerNextQuestion(QMessageBox::Yes);  // "Training is running: stop and close?"
  QVERIFY(w->close());
  QVERIFY(!w->training()->active());
  delete w;
  RunRecord r;
  Status st = readRunFile(path.toStdString(), &r);
  QVERIFY2(st.ok, st.message.c_str());
  QVERIFY(r.checkpoint.has_value());
  QVERIFY(r.epochs.size() >= 1);
  QCOMPARE(r.checkpoint->epoch, r.epochs.back().epoch);
}

void TstMainWindow::headlessExportWritesEveryFigure() {
  const QString out = dir_.filePath(QStringLiteral("figures"));
  const QString shot = dir_.filePath(QStringLiteral("window.png"));
  QProcess p;
  p.start(QStringLiteral(GRAPHVAE_STUDIO),
          {QStringLiteral("--run"), trained_, QStringLiteral("--export-figures"), out,
           QStringLiteral("--screenshot"), shot});
  QVERIFY(p.waitForFinished(120000));
  QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
  // The opened run went into the recent list of the tests' own home, not the user's.
  QFile conf(dir_.filePath(QStringLiteral("home/.config/graphvae/graphvae-studio.conf")));
  QVERIFY2(conf.open(QIODevice::ReadOnly), qPrintable(conf.fileName()));
  QVERIFY(conf.readAll().contains(QFileInfo(trained_).fileName().toUtf8()));
  const QStringList names{QStringLiteral("curves"),     QStringLiteral("gates"),
                          QStringLiteral("dag"),        QStringLiteral("correlation"),
                          QStringLiteral("traversal"),  QStringLiteral("samples"),
                          QStringLiteral("gate_matrix")};
  const QList<QPair<QString, QByteArray>> formats{{QStringLiteral("png"), "\x89PNG"},
                                                  {QStringLiteral("svg"), "<svg"},
                                                  {QStringLiteral("pdf"), "%PDF-"}};
  for (const QString& n : names)
    for (const auto& [fmt, magic] : formats) {
      QFile f(out + QLatin1Char('/') + n + QLatin1Char('.') + fmt);
      QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
      QVERIFY2(f.readAll().left(400).contains(magic), qPrintable(f.fileName()));
    }
  // Views in background tabs export at their natural size, not as collapsed on screen.
  for (const QString& n : {QStringLiteral("samples"), QStringLiteral("reconstructions")}) {
    const QImage fig(out + QLatin1Char('/') + n + QStringLiteral(".png"));
    QVERIFY2(fig.width() >= 200 && fig.height() >= 200, qPrintable(n));
  }
  // metrics.csv: a row per epoch with the gates; steps.csv: the per-step curve.
  QFile metrics(out + QStringLiteral("/metrics.csv"));
  QVERIFY(metrics.open(QIODevice::ReadOnly));
  const QList<QByteArray> rows = metrics.readAll().trimmed().split('\n');
  QCOMPARE(rows.size(), 3);  // the header and the tiny run's two epochs
  QVERIFY2(rows[0].contains("mu_z2_z1") && rows[0].contains("kl_z1") && rows[0].contains(",tau,"),
           rows[0].constData());
  QVERIFY(QFile::exists(out + QStringLiteral("/steps.csv")));
  QVERIFY(QFile::exists(out + QStringLiteral("/dag.dot")));
  QImage img(shot);
  QVERIFY(img.width() > 600 && img.height() > 400);
  // A run whose data folder is gone: the views cannot decode, and the export says so.
  RunRecord moved;
  QVERIFY(readRunFile(trained_.toStdString(), &moved).ok);
  for (auto& [key, value] : moved.config) {
    if (key == "dataset") value = "mnist";
    if (key == "data_dir") value = "/nonexistent/mnist";
  }
  const QString moved_path = dir_.filePath(QStringLiteral("moved.h5"));
  QVERIFY(writeRunFile(moved_path.toStdString(), moved).ok);
  QProcess missing;
  missing.start(QStringLiteral(GRAPHVAE_STUDIO),
                {QStringLiteral("--run"), moved_path, QStringLiteral("--export-figures"), out});
  QVERIFY(missing.waitForFinished(60000));
  QCOMPARE(missing.exitCode(), 1);
  QVERIFY2(missing.readAllStandardError().contains("/nonexistent/mnist"), "names the folder");
  // A corrupt run is a clear failure, not a crash.
  QProcess bad;
  bad.start(QStringLiteral(GRAPHVAE_STUDIO),
            {QStringLiteral("--run"), shot, QStringLiteral("--export-figures"), out});
  QVERIFY(bad.waitForFinished(60000));
  QCOMPARE(bad.exitCode(), 1);
  QVERIFY(bad.readAllStandardError().contains(shot.toUtf8()));
}

void TstMainWindow::compareWritesTheTableAndOverlaysCurves() {
  MainWindow w;
  w.setup()->setConfig(tinyConfig("graph", 1));
  const QString out = dir_.filePath(QStringLiteral("comparison"));
  w.compare()->setModels({QStringLiteral("vae"), QStringLiteral("graph")});
  w.compare()->setBudget(1, 5, 40);
  w.compare()->setOutputFolder(out);
  QVERIFY(w.compare()->start(w.setup()->config()));
  QVERIFY(!w.startTraining());  // one training at a time
  QTRY_VERIFY_WITH_TIMEOUT(!w.compare()->running(), 120000);
  QVERIFY2(w.compare()->status().contains(out), qPrintable(w.compare()->status()));
  QCOMPARE(w.compare()->table()->rowCount(), 2);
  QCOMPARE(w.compare()->table()->item(1, 0)->text(), QStringLiteral("graph"));
  QFile md(out + QStringLiteral("/results.md"));
  QVERIFY(md.open(QIODevice::ReadOnly));
  const QByteArray table = md.readAll();
  QVERIFY(table.contains("| vae |") && table.contains("| graph |"));
  QCOMPARE(w.curves()->pointCount(QStringLiteral("vae")), 1);  // overlaid, one epoch
  QCOMPARE(w.curves()->pointCount(QStringLiteral("graph")), 1);
  QVERIFY(QFile::exists(out + QStringLiteral("/graph.h5")));
}

void TstMainWindow::overlayAndSaveAsReadAndWriteInTheBackground() {
  MainWindow w;
  w.overlayRun(trained_);  // read off the GUI thread
  QTRY_COMPARE_WITH_TIMEOUT(w.curves()->pointCount(QStringLiteral("trained")), 2, 10000);
  const QString bad = dir_.filePath(QStringLiteral("not-a-run.h5"));
  {
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("garbage");
  }
  w.overlayRun(bad);
  QTRY_VERIFY_WITH_TIMEOUT(w.lastError().contains(bad), 10000);
  QCOMPARE(w.curves()->pointCount(QStringLiteral("not-a-run")), -1);
  // Save as: a complete copy, never a partial file at the destination.
  w.openRun(trained_);
  QTRY_COMPARE_WITH_TIMEOUT(w.runPath(), trained_, 10000);
  const QString copy = dir_.filePath(QStringLiteral("copy.h5"));
  w.saveCopy(copy);
  QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(copy), 10000);
  RunRecord r;
  QVERIFY(readRunFile(copy.toStdString(), &r).ok);
  QCOMPARE(r.epochs.size(), size_t(2));
  QVERIFY(!QFile::exists(copy + QStringLiteral(".part")));
}

void TstMainWindow::fileThatCrashesHdf5LeavesTheTrainingRunning() {
  // The schema-1 fixture with one byte changed: HDF5 1.10 dies with SIGSEGV parsing it (see
  // tst_run_file_inspector). The window hands it to `graphvae inspect` in a child process.
  QVERIFY(MainWindow::useRunFileChecker(QStringLiteral(GRAPHVAE_CLI_DIR)));
  QFile fixture(QStringLiteral(GRAPHVAE_TEST_DATA "/run_schema1.h5"));
  QVERIFY(fixture.open(QIODevice::ReadOnly));
  QByteArray bytes = fixture.readAll();
  bytes[3374] = static_cast<char>(0xfe);
  const QString bad = dir_.filePath(QStringLiteral("crashes-hdf5.h5"));
  {
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size());
  }
  MainWindow w;
  w.show();
  w.setup()->setConfig(tinyConfig("graph", 1000));
  QVERIFY(w.startTraining(dir_.filePath(QStringLiteral("survives.h5"))));
  QTRY_VERIFY_WITH_TIMEOUT(w.curves()->pointCount(QStringLiteral("validation")) >= 1, 60000);
  w.overlayRun(bad);
  QTRY_VERIFY_WITH_TIMEOUT(w.lastError().contains(bad), 30000);
  QVERIFY2(w.lastError().contains(QStringLiteral("crashed")), qPrintable(w.lastError()));
  const int epochs = w.curves()->pointCount(QStringLiteral("validation"));
  QVERIFY(w.training()->active());
  QTRY_VERIFY_WITH_TIMEOUT(w.curves()->pointCount(QStringLiteral("validation")) > epochs, 60000);
  w.training()->stop();
  QTRY_VERIFY_WITH_TIMEOUT(!w.training()->active(), 30000);
  gvae::setRunFileInspector("");
}

void TstMainWindow::resumeContinuesAnOpenedRun() {
  const QString path = dir_.filePath(QStringLiteral("resumed.h5"));
  QVERIFY(QFile::copy(trained_, path));  // 2 epochs done
  MainWindow w;
  QSignalSpy loaded(&w, &MainWindow::runLoaded);
  w.openRun(path);
  QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
  RunConfig c = tinyConfig("graph", 3);  // the panel's Epochs: continue to 3
  w.setup()->setConfig(c);
  auto* resume = w.findChild<QAction*>(QStringLiteral("resumeAction"));
  QVERIFY(resume && resume->isEnabled());
  QSignalSpy ended(w.training(), &TrainingController::ended);
  resume->trigger();
  QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 60000);
  QCOMPARE(ended.first().first().value<TrainerState>(), TrainerState::kFinished);
  RunRecord r;
  QVERIFY(readRunFile(path.toStdString(), &r).ok);
  QCOMPARE(r.epochs.size(), size_t(3));
  QCOMPARE(r.checkpoint->epoch, int64_t(3));
  QTRY_COMPARE_WITH_TIMEOUT(w.curves()->pointCount(QStringLiteral("validation")), 3, 10000);
}

void TstMainWindow::droppingARunFileOpensIt() {
  MainWindow w;
  QSignalSpy loaded(&w, &MainWindow::runLoaded);
  QMimeData other;
  other.setUrls({QUrl::fromLocalFile(dir_.filePath(QStringLiteral("notes.txt")))});
  QDragEnterEvent refused(QPoint(10, 10), Qt::CopyAction, &other, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(&w, &refused);
  QVERIFY(!refused.isAccepted());  // only run files are taken
  QMimeData run;
  run.setUrls({QUrl::fromLocalFile(trained_)});
  QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &run, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(&w, &enter);
  QVERIFY(enter.isAccepted());
  QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &run, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(&w, &drop);
  QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
  QCOMPARE(w.runPath(), trained_);
}

void TstMainWindow::dagSaysWhatTheStructureIs_data() {
  QTest::addColumn<QString>("model");
  QTest::addColumn<QString>("says");
  QTest::newRow("vae") << QStringLiteral("vae") << QStringLiteral("no explicit graph");
  QTest::newRow("lstm") << QStringLiteral("lstm") << QStringLiteral("one LSTM");
  QTest::newRow("ladder") << QStringLiteral("ladder") << QStringLiteral("fixed chain");
  QTest::newRow("graph") << QStringLiteral("graph") << QString();
}

void TstMainWindow::dagSaysWhatTheStructureIs() {
  QFETCH(QString, model);
  QFETCH(QString, says);
  RunConfig c = tinyConfig(model.toStdString(), 1);
  c.out_path = dir_.filePath(model + QStringLiteral(".h5")).toStdString();
  { QCOMPARE(trainToEnd(c).latest.state, TrainerState::kFinished); }
  MainWindow w;
  QSignalSpy loaded(&w, &MainWindow::runLoaded);
  w.openRun(QString::fromStdString(c.out_path));
  QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
  if (says.isEmpty())
    QVERIFY(w.dagPanel()->note().isEmpty());
  else
    QVERIFY2(w.dagPanel()->note().contains(says), qPrintable(w.dagPanel()->note()));
}

void TstMainWindow::helpAndVersionNeedNoDisplay() {
  // No display and the X11 plugin asked for: a QApplication would abort with the xcb error.
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.remove(QStringLiteral("DISPLAY"));
  env.remove(QStringLiteral("WAYLAND_DISPLAY"));
  env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
  for (const QString& arg : {QStringLiteral("--help"), QStringLiteral("--version")}) {
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(GRAPHVAE_STUDIO), {arg});
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 0);
    const QByteArray out = p.readAllStandardOutput();
    QVERIFY2(out.contains(arg == QLatin1String("--help") ? "--export-figures" : "graphvae-studio"),
             out.constData());
  }
}

void TstMainWindow::runSetupIsKeptAndResets() {
  QSettings().remove(QStringLiteral("setup"));
  {
    MainWindow w;
    QCOMPARE(w.setup()->config().model, RunConfig().model);  // nothing kept: the default
    QCOMPARE(w.setup()->config().model, std::string("graph"));
    QCOMPARE(w.setup()->config().dataset, std::string("sprites"));
    RunConfig c;
    c.model = "ladder";
    c.epochs = 7;
    c.lr = 0.0025;
    w.setup()->setConfig(c);
    w.close();  // keeps the setup
  }
  {
    MainWindow w;
    const RunConfig c = w.setup()->config();
    QCOMPARE(c.model, std::string("ladder"));
    QCOMPARE(c.epochs, int64_t{7});
    QCOMPARE(c.lr, 0.0025);
    auto* reset = w.setup()->findChild<QPushButton*>(QStringLiteral("resetDefaults"));
    QVERIFY(reset);
    QTest::mouseClick(reset, Qt::LeftButton);
    QCOMPARE(w.setup()->config().toKeyValues(), RunConfig().withApplicableOnly().toKeyValues());
  }
  // A kept setup that no longer parses falls back to the defaults.
  QSettings().setValue(QStringLiteral("setup/epochs"), QStringLiteral("many"));
  {
    MainWindow w;
    QCOMPARE(w.setup()->config().epochs, RunConfig().epochs);
  }
  QSettings().remove(QStringLiteral("setup"));
}

void TstMainWindow::headlessExportAtAChosenSize() {
  const QString out = dir_.filePath(QStringLiteral("sized"));
  QProcess p;
  p.start(QStringLiteral(GRAPHVAE_STUDIO),
          {QStringLiteral("--run"), trained_, QStringLiteral("--export-figures"), out,
           QStringLiteral("--figure-size"), QStringLiteral("800x500"), QStringLiteral("--dpi"),
           QStringLiteral("150")});
  QVERIFY(p.waitForFinished(120000));
  QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
  const QStringList pngs = QDir(out).entryList({QStringLiteral("*.png")});
  QVERIFY(pngs.size() >= 6);
  for (const QString& name : pngs) {  // every figure, whatever its size on screen
    const QImage image(QDir(out).filePath(name));
    QCOMPARE(image.size(), QSize(800, 500));
    QCOMPARE(image.dotsPerMeterX(), static_cast<int>(std::lround(150 / 0.0254)));
  }
  QProcess bad;
  bad.start(QStringLiteral(GRAPHVAE_STUDIO),
            {QStringLiteral("--run"), trained_, QStringLiteral("--export-figures"), out,
             QStringLiteral("--figure-size"), QStringLiteral("800by500")});
  QVERIFY(bad.waitForFinished(120000));
  QCOMPARE(bad.exitCode(), 1);
  QVERIFY(bad.readAllStandardError().contains("800by500"));
}

void TstMainWindow::fitsASmallScreen() {
  // 1366 x 768 with a 40-pixel panel: the window must be able to shrink into what is left, or
  // the window system places part of it off screen (it came up 1366 x 1060).
  MainWindow w;
  const QSize least = w.minimumSizeHint().expandedTo(w.minimumSize());
  QString docks;
  for (const QDockWidget* d : w.findChildren<QDockWidget*>())
    docks += QStringLiteral(" %1:%2x%3")
                 .arg(d->objectName())
                 .arg(d->minimumSizeHint().width())
                 .arg(d->minimumSizeHint().height());
  QVERIFY2(least.width() <= 1366 && least.height() <= 728,
           qPrintable(QStringLiteral("window at least %1 x %2;%3")
                          .arg(least.width())
                          .arg(least.height())
                          .arg(docks)));
}

void TstMainWindow::exportAllAsksForTheSize() {
  QSettings().remove(QStringLiteral("export"));
  MainWindow w;
  // Answers the dialog once it is up: one size for every PNG, 900 x 600 at 150 dpi.
  auto answer = [](bool same, bool accept) {
    QTimer::singleShot(0, [same, accept] {
      auto* d = qobject_cast<QDialog*>(QApplication::activeModalWidget());
      QVERIFY(d && d->objectName() == QLatin1String("exportAllDialog"));
      d->findChild<QCheckBox*>(QStringLiteral("sameSize"))->setChecked(same);
      d->findChild<QSpinBox*>(QStringLiteral("pngWidth"))->setValue(900);
      d->findChild<QSpinBox*>(QStringLiteral("pngHeight"))->setValue(600);
      d->findChild<QSpinBox*>(QStringLiteral("pngDpi"))->setValue(150);
      accept ? d->accept() : d->reject();
    });
  };
  ExportOptions options;
  answer(true, true);
  QVERIFY(w.chooseExportAllOptions(&options));
  QCOMPARE(options.pixels, QSize(900, 600));
  QCOMPARE(options.dpi, 150.0);
  const QString out = dir_.filePath(QStringLiteral("export-all"));
  QVERIFY(w.exportAllFigures(out, options).ok);
  QCOMPARE(QImage(out + QStringLiteral("/gates.png")).size(), QSize(900, 600));
  answer(false, true);  // each view at its own size, at 150 dpi
  QVERIFY(w.chooseExportAllOptions(&options));
  QVERIFY(options.pixels.isEmpty());
  QCOMPARE(options.dpi, 150.0);
  answer(true, false);  // cancelled
  QVERIFY(!w.chooseExportAllOptions(&options));
  // The last accepted choice comes back next time.
  QCOMPARE(QSettings().value(QStringLiteral("export/sameSize")).toBool(), false);
  QSettings().remove(QStringLiteral("export"));
}

void TstMainWindow::evaluateStoresTheResultInTheFile() {
  const QString path = dir_.filePath(QStringLiteral("evaluated.h5"));
  QVERIFY(QFile::copy(trained_, path));
  QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
  MainWindow w;
  w.setup()->setConfig(tinyConfig("graph", 2));  // one thread on the CPU
  EvaluatePanel* panel = w.evaluation();
  auto* button = panel->findChild<QPushButton*>(QStringLiteral("evaluateButton"));
  QVERIFY(button && !button->isEnabled());  // nothing opened yet
  QSignalSpy loaded(&w, &MainWindow::runLoaded);
  w.openRun(path);
  QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
  QCOMPARE(panel->resultText(), QStringLiteral("Not evaluated yet."));
  QVERIFY(button->isEnabled());

  // Stop at once: nothing is written.
  const QDateTime before = QFileInfo(path).lastModified();
  panel->setOptions(5000, 0);
  QSignalSpy running(panel, &EvaluatePanel::runningChanged);
  button->click();
  QVERIFY(panel->running());
  QVERIFY(!w.findChild<QAction*>(QStringLiteral("resumeAction"))->isEnabled());
  panel->stop();
  QTRY_VERIFY_WITH_TIMEOUT(!panel->running(), 60000);
  QVERIFY2(panel->status().contains(QStringLiteral("unchanged")), qPrintable(panel->status()));
  QCOMPARE(QFileInfo(path).lastModified(), before);

  // K = 20 on the first 60 test images: shown, and stored in the file.
  panel->setOptions(20, 60, QStringLiteral("sampled"));
  QSignalSpy evaluated(panel, &EvaluatePanel::evaluated);
  button->click();
  QTRY_COMPARE_WITH_TIMEOUT(evaluated.count(), 1, 120000);
  QVERIFY2(panel->resultText().contains(QStringLiteral("K = 20")), qPrintable(panel->resultText()));
  RunRecord r;
  QVERIFY(readRunFile(path.toStdString(), &r, false).ok);
  const auto value = [&r](const char* key) {
    for (const auto& [name, v] : r.eval_results)
      if (name == key) return v;
    return std::nan("");
  };
  QCOMPARE(value("iw_samples"), 20.0);
  QCOMPARE(value("n"), 60.0);
  QCOMPARE(value("gates_sampled"), 1.0);
  QVERIFY(std::isfinite(value("test_ll")) && value("test_ll") < 0);
  QVERIFY(panel->resultText().contains(QString::number(value("test_ll"), 'f', 2)));
  // The sprites' factors are known: disentanglement was scored too, shown and stored.
  QVERIFY(panel->scoresDisentanglement());
  QVERIFY(r.disentanglement.has_value());
  QVERIFY(std::isfinite(value("mig")));
  QVERIFY2(panel->resultText().contains(QStringLiteral("MIG")), qPrintable(panel->resultText()));
  QCOMPARE(w.disentanglement()->scores()->rowCount(), 6);
  QCOMPARE(w.disentanglement()->grid()->rowCount(), 5);  // the sprites' factors
  // Reopened, the panel shows what the file holds.
  MainWindow again;
  QSignalSpy reloaded(&again, &MainWindow::runLoaded);
  again.openRun(path);
  QTRY_COMPARE_WITH_TIMEOUT(reloaded.count(), 1, 10000);
  QVERIFY(again.evaluation()->resultText().contains(QString::number(value("test_ll"), 'f', 2)));
  QVERIFY(again.evaluation()->resultText().contains(QStringLiteral("Active units")));
  QCOMPARE(again.disentanglement()->grid()->rowCount(), 5);
  QCOMPARE(again.disentanglement()->scores()->item(2, 1)->text(),
           QString::number(value("mig"), 'f', 3));
}

// A model's own figures in the Evaluate dock: the class accuracy (ssvae), the 3 Cs (telbo).
void TstMainWindow::evaluateShowsTheModelsFigures_data() {
  QTest::addColumn<QString>("model");
  QTest::addColumn<QString>("figure");
  QTest::newRow("ssvae") << QStringLiteral("ssvae") << QStringLiteral("Class accuracy of q(y|x)");
  QTest::newRow("telbo") << QStringLiteral("telbo") << QStringLiteral("compositionality");
}

void TstMainWindow::evaluateShowsTheModelsFigures() {
  QFETCH(QString, model);
  QFETCH(QString, figure);
  RunConfig c = tinyConfig(model.toStdString(), 1);
  if (model == QLatin1String("ssvae")) c.labels = 40;
  const QString path = dir_.filePath(model + QStringLiteral(".h5"));
  c.out_path = path.toStdString();
  QCOMPARE(trainToEnd(c).latest.state, TrainerState::kFinished);
  MainWindow w;
  w.setup()->setConfig(c);
  QSignalSpy loaded(&w, &MainWindow::runLoaded);
  w.openRun(path);
  QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
  EvaluatePanel* panel = w.evaluation();
  panel->setOptions(2, 50);
  QSignalSpy evaluated(panel, &EvaluatePanel::evaluated);
  panel->findChild<QPushButton*>(QStringLiteral("evaluateButton"))->click();
  QTRY_COMPARE_WITH_TIMEOUT(evaluated.count(), 1, 120000);
  QVERIFY2(panel->resultText().contains(figure), qPrintable(panel->resultText()));
}

// A graph model: the Link prediction dock draws the validation ROC, the image views say why
// they stay empty, Evaluate reports AUC / AP, and the ROC exports with the figures.
void TstMainWindow::graphRunShowsItsLinkPrediction() {
  RunConfig c = tinyConfig("vgae", 2);
  const QString path = dir_.filePath(QStringLiteral("vgae.h5"));
  c.out_path = path.toStdString();
  { QCOMPARE(trainToEnd(c).latest.state, TrainerState::kFinished); }
  MainWindow w;
  QSignalSpy loaded(&w, &MainWindow::runLoaded);
  w.openRun(path);
  QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
  QTRY_VERIFY_WITH_TIMEOUT(w.roc()->pointCount() > 2, 30000);
  QVERIFY2(w.roc()->title().contains(QStringLiteral("AUC")), qPrintable(w.roc()->title()));
  std::vector<Figure*> figures = w.figures();
  QVERIFY(std::find(figures.begin(), figures.end(), static_cast<Figure*>(w.roc())) !=
          figures.end());
  EvaluatePanel* panel = w.evaluation();
  QSignalSpy evaluated(panel, &EvaluatePanel::evaluated);
  panel->findChild<QPushButton*>(QStringLiteral("evaluateButton"))->click();
  QTRY_COMPARE_WITH_TIMEOUT(evaluated.count(), 1, 60000);
  QVERIFY2(panel->resultText().contains(QStringLiteral("AUC")), qPrintable(panel->resultText()));
  // An image run afterwards: no curve, and the dock says why.
  w.openRun(trained_);
  QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 2, 10000);
  QTRY_VERIFY_WITH_TIMEOUT(w.roc()->pointCount() == 0, 30000);
  QVERIFY(w.roc()->title().contains(QStringLiteral("gae, vgae")));
}

void TstMainWindow::runsDockOpensAndResumes() {
  const QString folder = dir_.filePath(QStringLiteral("listed"));
  QVERIFY(QDir().mkpath(folder));
  const QString path = folder + QStringLiteral("/listed.h5");
  QVERIFY(QFile::copy(trained_, path));  // 2 epochs done
  QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
  MainWindow w;
  w.setup()->setConfig(tinyConfig("graph", 2));
  w.runs()->addFolder(folder);
  QTRY_VERIFY_WITH_TIMEOUT(w.runs()->table()->rowCount() > 0 && !w.runs()->runs().empty(), 10000);
  // Double-click opens; Resume (here up to 3 epochs) opens and continues.
  QSignalSpy loaded(&w, &MainWindow::runLoaded);
  QTableWidget* table = w.runs()->table();
  int row = -1;
  for (int r = 0; r < table->rowCount(); ++r)
    if (table->item(r, 0)->data(Qt::UserRole).toString() == path) row = r;
  QVERIFY(row >= 0);
  Q_EMIT table->itemDoubleClicked(table->item(row, 1));
  QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
  QCOMPARE(w.runPath(), path);
  QSignalSpy ended(w.training(), &TrainingController::ended);
  w.resumeRun(path, 3);
  QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 60000);
  QCOMPARE(ended.first().first().value<TrainerState>(), TrainerState::kFinished);
  RunRecord r;
  QVERIFY(readRunFile(path.toStdString(), &r, false).ok);
  QCOMPARE(r.epochs.size(), size_t(3));
  // The table follows the rewritten file (the folder is watched).
  QTRY_VERIFY_WITH_TIMEOUT(!w.runs()->runs().empty() && w.runs()->runs().front().epochs == 3,
                           10000);
  w.runs()->removeFolder(folder);
}

void TstMainWindow::theLastArrangementIsKept() {
  int height = 0;
  {
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QTest::qWait(100);  // the layout's sizes land after the show
    auto* curves = w.findChild<QDockWidget*>(QStringLiteral("curves"));
    w.resizeDocks({curves}, {curves->height() + 60}, Qt::Vertical);
    QCoreApplication::processEvents();
    height = curves->height();
    QVERIFY(w.close());  // saves the window and its docks
  }
  MainWindow again;
  again.show();
  QVERIFY(QTest::qWaitForWindowExposed(&again));
  QTest::qWait(200);  // past the moment a pending layout would have resized the docks
  QCOMPARE(again.findChild<QDockWidget*>(QStringLiteral("curves"))->height(), height);
  QSettings().remove(QStringLiteral("window"));  // the next tests start from the layout
}

QTEST_MAIN(TstMainWindow)
#include "tst_main_window.moc"
