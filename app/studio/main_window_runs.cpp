// MainWindow: starting, opening, resuming, saving and closing runs.
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QtConcurrent/QtConcurrentRun>

#include "app/studio/analysis_controller.h"
#include "app/studio/analysis_panels.h"
#include "app/studio/compare_panel.h"
#include "app/studio/evaluate_panel.h"
#include "app/studio/main_window.h"
#include "app/studio/run_setup_panel.h"
#include "app/studio/runs_panel.h"
#include "app/studio/training_controller.h"
#include "app/studio/training_panel.h"
#include "core/io/run_file_inspector.h"
#include "widgets/curve_plot.h"

namespace gvae {
namespace {

const QString kRecentKey = QStringLiteral("runs/recent");

// Where a new run's file goes unless the user names one: <app data>/runs/<model>-<time>.h5.
QString newRunPath(const RunConfig& c) {
  QDir dir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation));
  dir.mkpath(QStringLiteral("runs"));
  const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
  return dir.filePath(
      QStringLiteral("runs/%1-%2-%3.h5")
          .arg(QString::fromStdString(c.model), QString::fromStdString(c.dataset), stamp));
}

}  // namespace

void MainWindow::showError(const QString& title, const QString& text) {
  last_error_ = text;
  statusBar()->showMessage(text);
  // Window-modal but not blocking: the window (and a running training) go on.
  auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
  box->setObjectName(QStringLiteral("errorDialog"));
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
}

void MainWindow::onStart() { startTraining(); }

void MainWindow::showRunFile(const QString& path) {
  // The file's name, the whole path as tool tip: a label holding the path set the window's
  // least width (a run under ~/.local/share/... pushed it past a 1366-pixel screen).
  status_file_->setText(QFileInfo(path).fileName());
  status_file_->setToolTip(path);
}

bool MainWindow::startTraining(const QString& out_path) {
  if (training_->active()) return false;
  if (compare_->running() || evaluate_->running()) {
    showError(tr("Cannot start"), compare_->running() ? tr("A model comparison is running.")
                                                      : tr("An evaluation is running."));
    return false;
  }
  const QString err = setup_->validationError();
  if (!err.isEmpty()) {
    showError(tr("Cannot start"), err);
    return false;
  }
  setup_->saveSettings();  // what was last started is what the next launch shows
  RunConfig c = setup_->config();
  c.out_path = (out_path.isEmpty() ? newRunPath(c) : out_path).toStdString();
  run_path_ = QString::fromStdString(c.out_path);
  batch_size_ = c.batch;
  record_ = {};
  checkpoint_.reset();
  snapshot_epoch_ = -1;
  resetViews(record_);
  evaluate_->setRun({}, {});  // evaluated once the run's file is whole
  setDagGraph(static_cast<int>(c.nodes), {});
  describeStructure(QString::fromStdString(c.model));
  setup_->setEditable(false);
  training_->start(c, /*resume=*/false);
  showRunFile(run_path_);
  updateActions();
  return true;
}

void MainWindow::onResume() {
  if (training_->active() || run_path_.isEmpty() || !checkpoint_) return;
  if (compare_->running() || evaluate_->running()) {
    showError(tr("Cannot resume"), compare_->running() ? tr("A model comparison is running.")
                                                       : tr("An evaluation is running."));
    return;
  }
  RunConfig file_cfg;
  RunConfig::fromKeyValues(record_.config, &file_cfg);
  RunConfig c = setup_->config();  // epochs, device and threads come from the panel
  const int64_t done = checkpoint_->epoch;
  if (c.epochs <= done) {
    showError(tr("Cannot resume"),
              tr("%1 has trained %2 epochs: set Epochs in the run setup above %2 to continue.")
                  .arg(run_path_)
                  .arg(done));
    return;
  }
  c.out_path = run_path_.toStdString();
  batch_size_ = file_cfg.batch;
  // The trainer continues from the checkpoint: rows after it belong to no saved state.
  while (!record_.steps.empty() && record_.steps.back().step > checkpoint_->step)
    record_.steps.pop_back();
  while (!record_.epochs.empty() && record_.epochs.back().epoch > checkpoint_->epoch)
    record_.epochs.pop_back();
  resetViews(record_);
  describeStructure(QString::fromStdString(file_cfg.model));
  snapshot_epoch_ = -1;
  setup_->setEditable(false);
  training_->start(c, /*resume=*/true);
  updateActions();
}

void MainWindow::resumeRun(const QString& path, int total_epochs) {
  resume_after_load_ = path;
  resume_epochs_ = total_epochs;
  if (path == run_path_ && checkpoint_ && !loading_)
    resumeOpened();
  else
    openRun(path);
}

void MainWindow::resumeOpened() {
  resume_after_load_.clear();
  if (!checkpoint_) return;
  const int done = static_cast<int>(checkpoint_->epoch);
  RunConfig c = setup_->config();
  if (resume_epochs_ > 0) {
    c.epochs = resume_epochs_;
  } else if (c.epochs <= done) {
    bool ok = false;
    const int total = QInputDialog::getInt(this, tr("Resume training"),
                                           tr("%1 has trained %2 epochs. Train up to epoch:")
                                               .arg(QFileInfo(run_path_).fileName())
                                               .arg(done),
                                           done + 10, done + 1, 1000000, 1, &ok);
    if (!ok) return;
    c.epochs = total;
  }
  setup_->setConfig(c);
  onResume();
}

bool MainWindow::useRunFileChecker(const QString& folder) {
  const QFileInfo cli(QDir(folder).filePath(QStringLiteral("graphvae")));
  if (!cli.isFile() || !cli.isExecutable()) return false;
  setRunFileInspector(cli.absoluteFilePath().toStdString());
  return true;
}

void MainWindow::readInBackground(
    const QString& path, bool with_checkpoint,
    std::function<void(const Status&, std::shared_ptr<RunRecord>)> done) {
  // The file is read on a pool thread (HDF5 calls are serialized inside core); `done` runs on
  // the GUI thread.
  auto* watcher = new QFutureWatcher<std::pair<Status, std::shared_ptr<RunRecord>>>(this);
  connect(watcher, &QFutureWatcherBase::finished, this, [watcher, done] {
    auto [st, record] = watcher->result();
    watcher->deleteLater();
    done(st, record);
  });
  watcher->setFuture(QtConcurrent::run([p = path.toStdString(), with_checkpoint] {
    auto record = std::make_shared<RunRecord>();
    Status st;
    try {  // nothing may escape into the event loop through result()
      st = readRunFile(p, record.get(), with_checkpoint);
    } catch (const std::exception& e) {
      st = Status::Error(p + ": " + e.what());
    }
    return std::make_pair(st, record);
  }));
}

void MainWindow::openRun(const QString& path) {
  if (training_->active()) {
    showError(tr("Cannot open"), tr("Stop the running training before opening another run."));
    return;
  }
  loading_ = true;
  const int generation = ++load_generation_;
  statusBar()->showMessage(tr("Reading %1…").arg(path));
  readInBackground(path, /*with_checkpoint=*/true,
                   [this, path, generation](const Status& st, std::shared_ptr<RunRecord> record) {
                     // A newer open, or a training started meanwhile, owns the window now.
                     if (generation != load_generation_ || training_->active()) return;
                     onRunRead(path, st, record);
                   });
}

void MainWindow::onRunRead(const QString& path, const Status& st,
                           std::shared_ptr<RunRecord> record) {
  loading_ = false;
  if (!st) {
    resume_after_load_.clear();
    showError(tr("Cannot open run"), QString::fromStdString(st.message));
    Q_EMIT runFailedToLoad(QString::fromStdString(st.message));
    return;
  }
  run_path_ = path;
  checkpoint_.reset();
  if (record->checkpoint) checkpoint_ = std::make_shared<const Checkpoint>(*record->checkpoint);
  record->checkpoint.reset();
  record_ = std::move(*record);
  RunConfig cfg;
  if (RunConfig::fromKeyValues(record_.config, &cfg)) {
    batch_size_ = cfg.batch;
    setup_->setConfig(cfg);
  }
  describeStructure(QString::fromStdString(cfg.model));
  resetViews(record_);
  evaluate_->setRun(path, record_.eval_results);
  evaluate_->setFactorsKnown(hasKnownFactors(cfg.dataset));
  if (checkpoint_) {
    analysis_->setSource({record_.config, checkpoint_, {}});
    requestAnalysis();
  }
  showRunFile(path);
  statusBar()->showMessage(tr("Opened %1: %2 epochs").arg(path).arg(record_.epochs.size()));
  addRecent(path);
  updateActions();
  Q_EMIT runLoaded(path);
  if (resume_after_load_ == path) resumeOpened();
}

void MainWindow::overlayRun(const QString& path) {
  readInBackground(path, /*with_checkpoint=*/false,
                   [this, path](const Status& st, std::shared_ptr<RunRecord> other) {
                     if (!st) {
                       showError(tr("Cannot overlay run"), QString::fromStdString(st.message));
                       return;
                     }
                     curves_->addOverlay(QFileInfo(path).completeBaseName(), other->epochs);
                   });
}

void MainWindow::onOpen() {
  const QString path =
      QFileDialog::getOpenFileName(this, tr("Open run"), {}, tr("Run files (*.h5);;All files (*)"));
  if (!path.isEmpty()) openRun(path);
}

void MainWindow::onOpenOverlay() {
  const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Overlay runs"), {},
                                                          tr("Run files (*.h5);;All files (*)"));
  for (const QString& p : paths) overlayRun(p);
}

void MainWindow::onSaveAs() {
  if (run_path_.isEmpty()) return;
  const QString dest =
      QFileDialog::getSaveFileName(this, tr("Save run as"), {}, tr("Run files (*.h5)"));
  if (dest.isEmpty() || dest == run_path_) return;
  saveCopy(dest);
}

void MainWindow::saveCopy(const QString& dest) {
  // Copied on a pool thread (run files hold every weight). The trainer replaces the file
  // atomically, so the copy is a complete file; it is renamed into place only when whole.
  auto* watcher = new QFutureWatcher<bool>(this);
  connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, dest] {
    const bool ok = watcher->result();
    watcher->deleteLater();
    if (!ok) {
      showError(tr("Cannot save run"), tr("%1: could not be written").arg(dest));
      return;
    }
    statusBar()->showMessage(tr("Saved a copy of the run as %1").arg(dest));
    addRecent(dest);
  });
  watcher->setFuture(QtConcurrent::run([src = run_path_, dest] {
    const QString part = dest + QStringLiteral(".part");
    QFile::remove(part);
    const bool ok = QFile::copy(src, part) && (!QFile::exists(dest) || QFile::remove(dest)) &&
                    QFile::rename(part, dest);
    if (!ok) QFile::remove(part);
    return ok;
  }));
}

void MainWindow::closeEvent(QCloseEvent* event) {
  const auto declined = [&](const QString& title, const QString& text) {
    if (QMessageBox::question(this, title, text) == QMessageBox::Yes) return false;
    event->ignore();
    return true;
  };
  if (compare_->running()) {
    if (declined(tr("A model comparison is running"),
                 tr("Stop the comparison and close? The models trained so far keep their run "
                    "files.")))
      return;
    compare_->stop();
  }
  if (training_->active()) {
    if (declined(tr("Training is running"),
                 tr("Stop the training and close? The run file keeps every finished epoch and "
                    "can be resumed.")))
      return;
    training_->stopAndWait();
  }
  QSettings settings;
  settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
  settings.setValue(QStringLiteral("window/state"), saveState());
  settings.setValue(QStringLiteral("window/layout"), layout_);
  setup_->saveSettings();
  event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  for (const QUrl& u : event->mimeData()->urls())
    if (u.isLocalFile() && u.toLocalFile().endsWith(QLatin1String(".h5"))) {
      event->acceptProposedAction();
      return;
    }
}

void MainWindow::dropEvent(QDropEvent* event) {
  for (const QUrl& u : event->mimeData()->urls())
    if (u.isLocalFile() && u.toLocalFile().endsWith(QLatin1String(".h5"))) {
      openRun(u.toLocalFile());
      return;
    }
}

void MainWindow::updateActions() {
  const bool active = training_->active();
  if (resume_action_)
    resume_action_->setEnabled(!active && !compare_->running() && !evaluate_->running() &&
                               !run_path_.isEmpty() && checkpoint_);
  if (save_as_action_) save_as_action_->setEnabled(!run_path_.isEmpty());
  compare_->setBlocked(active || evaluate_->running());  // two at once would halve both
  runs_->setBusyFiles(active || evaluate_->running() ? QStringList{run_path_} : QStringList{});
  evaluate_->setBlocked(active || compare_->running(),
                        active ? tr("A training is running (it rewrites the run file).")
                               : tr("A model comparison is running."));
  if (!active) {
    QString err = setup_->validationError();
    if (err.isEmpty() && compare_->running()) err = tr("A model comparison is running.");
    if (err.isEmpty() && evaluate_->running()) err = tr("An evaluation is running.");
    controls_->setIdle(err.isEmpty(), err);
  }
}

void MainWindow::addRecent(const QString& path) {
  if (path.isEmpty()) return;
  QSettings settings;
  QStringList recent = settings.value(kRecentKey).toStringList();
  recent.removeAll(path);
  recent.prepend(path);
  while (recent.size() > 10) recent.removeLast();
  settings.setValue(kRecentKey, recent);
  rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
  if (!recent_menu_) return;
  recent_menu_->clear();
  const QStringList recent = QSettings().value(kRecentKey).toStringList();
  for (const QString& p : recent) recent_menu_->addAction(p, this, [this, p] { openRun(p); });
  recent_menu_->setEnabled(!recent.isEmpty());
}

}  // namespace gvae
