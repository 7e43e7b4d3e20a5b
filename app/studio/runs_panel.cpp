// RunsPanel: a table of run files read in the background, the differing settings of a
// selection, and the file actions.
#include "app/studio/runs_panel.h"

#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QFutureWatcher>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTimer>
#include <QToolBar>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <cmath>

#include "core/io/run_file.h"

namespace gvae {
namespace {

const QString kFoldersKey = QStringLiteral("runs/folders");
enum Column { kFile, kModel, kDataset, kEpochs, kBestElbo, kTestLl, kModified, kColumns };

QString runsFolder() {
  return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
      .filePath(QStringLiteral("runs"));
}

QTableWidgetItem* numberItem(double v, int decimals) {
  auto* item = new QTableWidgetItem;
  if (std::isfinite(v))
    item->setData(Qt::DisplayRole, QString::number(v, 'f', decimals).toDouble());
  item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return item;
}

}  // namespace

RunSummary summarizeRun(const QString& path) {
  RunSummary s;
  const QFileInfo info(path);
  s.path = path;
  s.modified = info.lastModified();
  s.size = info.size();
  s.best_valid_elbo = s.test_ll = std::nan("");
  RunRecord r;
  Status st;
  try {
    st = readRunFile(path.toStdString(), &r, /*with_checkpoint=*/false);
  } catch (const std::exception& e) {
    st = Status::Error(path.toStdString() + ": " + e.what());
  }
  if (!st) {
    s.error = QString::fromStdString(st.message);
    return s;
  }
  s.model = QString::fromStdString(r.configValue("model"));
  s.dataset = QString::fromStdString(r.configValue("dataset"));
  s.epochs = static_cast<qint64>(r.epochs.size());
  s.best_valid_elbo = r.bestValidElbo();
  s.test_ll = r.evalResult("test_ll");
  s.config = std::move(r.config);
  return s;
}

std::vector<std::pair<QString, QStringList>> differingSettings(
    const std::vector<RunSummary>& runs) {
  std::vector<std::pair<QString, QStringList>> out;
  if (runs.size() < 2) return out;
  std::vector<std::string> keys;  // every key, the first run's order first
  for (const RunSummary& r : runs)
    for (const auto& kv : r.config)
      if (std::find(keys.begin(), keys.end(), kv.first) == keys.end()) keys.push_back(kv.first);
  for (const std::string& key : keys) {
    if (key == "out_path") continue;  // always differs, says nothing
    QStringList values;
    for (const RunSummary& r : runs) {
      QString v;
      for (const auto& kv : r.config)
        if (kv.first == key) v = QString::fromStdString(kv.second);
      values << v;
    }
    if (values.count(values.front()) != values.size())
      out.emplace_back(QString::fromStdString(key), values);
  }
  return out;
}

RunsPanel::RunsPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* bar = new QToolBar;
  bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
  open_ = bar->addAction(tr("Open"));
  resume_ = bar->addAction(tr("Resume"));
  overlay_ = bar->addAction(tr("Overlay"));
  overlay_->setToolTip(tr("Draw the selected runs' validation curves dashed in Curves"));
  reveal_ = bar->addAction(tr("Show in folder"));
  trash_ = bar->addAction(tr("Move to trash"));
  bar->addSeparator();
  QAction* add_folder = bar->addAction(tr("Add folder…"));
  remove_folder_ = bar->addAction(tr("Remove folder"));
  QAction* refresh = bar->addAction(tr("Refresh"));
  layout->addWidget(bar);

  auto* split = new QSplitter(Qt::Vertical);
  table_ = new QTableWidget(0, kColumns);
  table_->setObjectName(QStringLiteral("runsTable"));
  table_->setHorizontalHeaderLabels({tr("Run"), tr("Model"), tr("Dataset"), tr("Epochs"),
                                     tr("Best valid ELBO"), tr("Test log p(x)"), tr("Modified")});
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->verticalHeader()->hide();
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSortingEnabled(true);
  table_->sortByColumn(kModified, Qt::DescendingOrder);  // the newest run on top
  table_->setContextMenuPolicy(Qt::CustomContextMenu);
  split->addWidget(table_);
  auto* diff_box = new QWidget;
  auto* diff_layout = new QVBoxLayout(diff_box);
  diff_layout->setContentsMargins(0, 0, 0, 0);
  diff_label_ = new QLabel;
  diff_label_->setWordWrap(true);
  diff_ = new QTableWidget;
  diff_->setObjectName(QStringLiteral("runsDifferences"));
  diff_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  diff_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  diff_layout->addWidget(diff_label_);
  diff_layout->addWidget(diff_, 1);
  split->addWidget(diff_box);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  layout->addWidget(split, 1);

  watcher_ = new QFileSystemWatcher(this);
  rescan_ = new QTimer(this);
  rescan_->setSingleShot(true);
  rescan_->setInterval(1000);  // a training rewrites its file every epoch: one scan per second
  connect(rescan_, &QTimer::timeout, this, &RunsPanel::scan);
  // Not restarted by every change: a run saving faster than once a second would starve it.
  connect(watcher_, &QFileSystemWatcher::directoryChanged, rescan_, [this] {
    if (!rescan_->isActive()) rescan_->start();
  });

  connect(table_, &QTableWidget::itemSelectionChanged, this, &RunsPanel::onSelectionChanged);
  connect(table_, &QTableWidget::itemDoubleClicked, this, [this](QTableWidgetItem* item) {
    Q_EMIT openRequested(table_->item(item->row(), kFile)->data(Qt::UserRole).toString());
  });
  connect(open_, &QAction::triggered, this, [this] {
    if (!selectedPaths().isEmpty()) Q_EMIT openRequested(selectedPaths().front());
  });
  connect(resume_, &QAction::triggered, this, [this] {
    if (!selectedPaths().isEmpty()) Q_EMIT resumeRequested(selectedPaths().front());
  });
  connect(overlay_, &QAction::triggered, this,
          [this] { Q_EMIT overlayRequested(selectedPaths()); });
  connect(reveal_, &QAction::triggered, this, &RunsPanel::onReveal);
  connect(trash_, &QAction::triggered, this, &RunsPanel::onTrash);
  connect(refresh, &QAction::triggered, this, &RunsPanel::refresh);
  connect(add_folder, &QAction::triggered, this, [this] {
    const QString d = QFileDialog::getExistingDirectory(this, tr("Add a folder of runs"));
    if (!d.isEmpty()) addFolder(d);
  });
  connect(remove_folder_, &QAction::triggered, this, [this] {
    // The folder of the selected run, unless it is the runs folder itself.
    if (!selectedPaths().isEmpty()) removeFolder(QFileInfo(selectedPaths().front()).absolutePath());
  });
  connect(table_, &QWidget::customContextMenuRequested, this, [this](const QPoint& at) {
    if (selectedPaths().isEmpty()) return;
    QMenu menu(this);
    for (QAction* a : {open_, resume_, overlay_, reveal_, trash_}) menu.addAction(a);
    menu.exec(table_->viewport()->mapToGlobal(at));
  });
  onSelectionChanged();
  watchFolders();
  QTimer::singleShot(0, this, &RunsPanel::scan);
}

RunsPanel::~RunsPanel() = default;

QStringList RunsPanel::folders() const {
  QStringList all{runsFolder()};
  for (const QString& d : QSettings().value(kFoldersKey).toStringList())
    if (!all.contains(d)) all << d;
  return all;
}

void RunsPanel::addFolder(const QString& dir) {
  const QString clean = QDir(dir).absolutePath();
  QStringList added = QSettings().value(kFoldersKey).toStringList();
  if (!added.contains(clean) && clean != runsFolder()) added << clean;
  QSettings().setValue(kFoldersKey, added);
  watchFolders();
  scan();
}

void RunsPanel::removeFolder(const QString& dir) {
  QStringList added = QSettings().value(kFoldersKey).toStringList();
  added.removeAll(QDir(dir).absolutePath());
  QSettings().setValue(kFoldersKey, added);
  watchFolders();
  scan();
}

void RunsPanel::watchFolders() {
  if (!watcher_->directories().isEmpty()) watcher_->removePaths(watcher_->directories());
  QDir().mkpath(runsFolder());
  for (const QString& d : folders())
    if (QFileInfo(d).isDir()) watcher_->addPath(d);
}

void RunsPanel::refresh() { scan(); }

void RunsPanel::scan() {
  if (scanning_) {
    rescan_pending_ = true;
    return;
  }
  scanning_ = true;
  QStringList files;
  for (const QString& d : folders())
    for (const QFileInfo& f : QDir(d).entryInfoList({QStringLiteral("*.h5")}, QDir::Files))
      files << f.absoluteFilePath();
  // Files unchanged since the last read keep their summary; the rest are read in the pool.
  auto* watcher = new QFutureWatcher<std::vector<RunSummary>>(this);
  connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
    std::vector<RunSummary> runs = watcher->result();
    watcher->deleteLater();
    scanning_ = false;
    showRuns(std::move(runs));
    if (rescan_pending_) {
      rescan_pending_ = false;
      scan();
    }
  });
  watcher->setFuture(QtConcurrent::run([files, cache = cache_] {
    std::vector<RunSummary> runs;
    for (const QString& path : files) {
      const QFileInfo info(path);
      const auto hit = cache.constFind(path);
      if (hit != cache.constEnd() && hit->size == info.size() &&
          hit->modified == info.lastModified())
        runs.push_back(*hit);
      else
        runs.push_back(summarizeRun(path));
    }
    return runs;
  }));
}

void RunsPanel::showRuns(std::vector<RunSummary> runs) {
  const QStringList selected = selectedPaths();
  cache_.clear();
  for (const RunSummary& r : runs) cache_.insert(r.path, r);
  runs_ = std::move(runs);
  table_->setSortingEnabled(false);  // rows stay where they are put while filling
  table_->clearContents();
  table_->setRowCount(static_cast<int>(runs_.size()));
  for (int row = 0; row < static_cast<int>(runs_.size()); ++row) {
    const RunSummary& r = runs_[size_t(row)];
    auto* file = new QTableWidgetItem(QFileInfo(r.path).fileName());
    file->setData(Qt::UserRole, r.path);
    file->setToolTip(r.error.isEmpty() ? r.path : r.error);
    table_->setItem(row, kFile, file);
    table_->setItem(row, kModel,
                    new QTableWidgetItem(r.error.isEmpty() ? r.model : tr("unreadable")));
    table_->setItem(row, kDataset, new QTableWidgetItem(r.dataset));
    auto* epochs = new QTableWidgetItem;
    if (r.error.isEmpty()) epochs->setData(Qt::DisplayRole, r.epochs);
    epochs->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    table_->setItem(row, kEpochs, epochs);
    table_->setItem(row, kBestElbo, numberItem(r.best_valid_elbo, 2));
    table_->setItem(row, kTestLl, numberItem(r.test_ll, 2));
    auto* when = new QTableWidgetItem;
    when->setData(Qt::DisplayRole, r.modified);
    table_->setItem(row, kModified, when);
    if (!r.error.isEmpty())
      for (int c = 0; c < kColumns; ++c) {
        table_->item(row, c)->setForeground(Qt::gray);
        table_->item(row, c)->setToolTip(r.error);
      }
  }
  table_->setSortingEnabled(true);
  select(selected);
  onSelectionChanged();
  Q_EMIT scanned();
}

void RunsPanel::select(const QStringList& paths) {
  table_->clearSelection();
  for (int row = 0; row < table_->rowCount(); ++row)
    if (paths.contains(table_->item(row, kFile)->data(Qt::UserRole).toString()))
      table_->selectionModel()->select(table_->model()->index(row, 0),
                                       QItemSelectionModel::Select | QItemSelectionModel::Rows);
}

QStringList RunsPanel::selectedPaths() const {
  QStringList paths;
  for (const QModelIndex& index : table_->selectionModel()->selectedRows(kFile))
    paths << table_->item(index.row(), kFile)->data(Qt::UserRole).toString();
  return paths;
}

void RunsPanel::onSelectionChanged() {
  const QStringList paths = selectedPaths();
  std::vector<RunSummary> chosen;
  for (const QString& p : paths)
    if (cache_.contains(p) && cache_.value(p).error.isEmpty()) chosen.push_back(cache_.value(p));
  const bool one = paths.size() == 1 && chosen.size() == 1;
  open_->setEnabled(one);
  resume_->setEnabled(one);
  overlay_->setEnabled(!chosen.empty());
  reveal_->setEnabled(!paths.isEmpty());
  trash_->setEnabled(!paths.isEmpty());
  remove_folder_->setEnabled(!paths.isEmpty() &&
                             QFileInfo(paths.front()).absolutePath() != runsFolder());

  const auto diffs = differingSettings(chosen);
  diff_->clear();
  diff_->setRowCount(static_cast<int>(diffs.size()));
  diff_->setColumnCount(static_cast<int>(chosen.size()));
  QStringList names, keys;
  for (const RunSummary& r : chosen) names << QFileInfo(r.path).completeBaseName();
  for (const auto& d : diffs) keys << d.first;
  diff_->setHorizontalHeaderLabels(names);
  diff_->setVerticalHeaderLabels(keys);
  // A value unlike the first run's is highlighted.
  const QColor highlight(255, 236, 150);
  for (int row = 0; row < static_cast<int>(diffs.size()); ++row)
    for (int c = 0; c < diff_->columnCount(); ++c) {
      const QStringList& values = diffs[size_t(row)].second;
      auto* item = new QTableWidgetItem(values[c]);
      if (c > 0 && values[c] != values[0]) item->setBackground(highlight);
      diff_->setItem(row, c, item);
    }
  diff_->setVisible(!diffs.empty());
  diff_label_->setText(
      chosen.size() < 2 ? tr("Select two or more runs to see the settings "
                             "that differ between them.")
      : diffs.empty() ? tr("The %n selected runs share every setting.", nullptr, int(chosen.size()))
                      : tr("%n setting(s) differ between the selected runs (highlighted: "
                           "unlike the first):",
                           nullptr, int(diffs.size())));
}

void RunsPanel::onReveal() {
  const QStringList paths = selectedPaths();
  if (paths.isEmpty()) return;
  QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(paths.front()).absolutePath()));
}

void RunsPanel::onTrash() {
  const QStringList paths = selectedPaths();
  if (paths.isEmpty()) return;
  if (QMessageBox::question(this, tr("Move to trash"),
                            tr("Move %n run file(s) to the trash?", nullptr, int(paths.size()))) !=
      QMessageBox::Yes)
    return;
  const QString failed = trash(paths);
  if (!failed.isEmpty()) QMessageBox::warning(this, tr("Move to trash"), failed);
}

QString RunsPanel::trash(const QStringList& paths) {
  QStringList problems;
  for (const QString& p : paths) {
    if (busy_.contains(p)) {
      problems << tr("%1: in use by the running training or evaluation").arg(p);
      continue;
    }
    QFile file(p);
    if (!file.moveToTrash())
      problems << tr("%1: could not be moved to the trash (%2)").arg(p, file.errorString());
  }
  scan();
  return problems.join(QLatin1Char('\n'));
}

}  // namespace gvae
