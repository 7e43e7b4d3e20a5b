// RunsPanel: the run files of the runs folder and of folders the user adds, as a table; the
// settings that differ between the selected runs; open, resume, overlay, reveal, trash.
#pragma once

#include <QDateTime>
#include <QHash>
#include <QString>
#include <QStringList>
#include <QWidget>
#include <string>
#include <utility>
#include <vector>

class QAction;
class QFileSystemWatcher;
class QLabel;
class QTableWidget;
class QTimer;

namespace gvae {

/// What the table shows of one run file (read off the GUI thread).
struct RunSummary {
  QString path;
  QDateTime modified;
  qint64 size = 0;
  QString error;  // unreadable: why (the other fields are empty)
  QString model, dataset;
  qint64 epochs = 0;
  double best_valid_elbo = 0;  // NaN without epochs
  double test_ll = 0;          // NaN until evaluated
  std::vector<std::pair<std::string, std::string>> config;
};

/// Reads the summary of one run file (no weights); any thread.
RunSummary summarizeRun(const QString& path);

/// The settings (config keys) whose values differ between `runs`, with each run's value ("" when
/// a run lacks the key), in the first run's key order.
std::vector<std::pair<QString, QStringList>> differingSettings(const std::vector<RunSummary>& runs);

/// GUI thread only. Files are read on a pool thread; a folder's changes (a run saved, a file
/// copied in) rescan it after a second, reading again only files whose size or time changed.
class RunsPanel : public QWidget {
  Q_OBJECT
 public:
  explicit RunsPanel(QWidget* parent = nullptr);
  ~RunsPanel() override;

  /// The folders listed: the runs folder of new runs first, then those added (kept in
  /// QSettings).
  QStringList folders() const;
  void addFolder(const QString& dir);
  void removeFolder(const QString& dir);
  /// Reads the folders again (changed files only).
  void refresh();
  /// The runs in table order (after the last scan finished).
  const std::vector<RunSummary>& runs() const { return runs_; }
  QTableWidget* table() const { return table_; }
  QTableWidget* differences() const { return diff_; }
  /// Selects the rows of `paths` (for tests and the window).
  void select(const QStringList& paths);
  QStringList selectedPaths() const;
  /// Moves the files to the desktop's trash (no question asked: the button asks first);
  /// returns why any could not be moved ("" when all were).
  QString trash(const QStringList& paths);
  /// Files that must not be trashed now (the run training or being evaluated).
  void setBusyFiles(const QStringList& paths) { busy_ = paths; }

 Q_SIGNALS:
  void openRequested(const QString& path);
  void resumeRequested(const QString& path);
  void overlayRequested(const QStringList& paths);
  /// A scan finished and the table shows its result.
  void scanned();

 private:
  void scan();
  void showRuns(std::vector<RunSummary> runs);
  void onSelectionChanged();
  void onTrash();
  void onReveal();
  void watchFolders();

  QTableWidget *table_, *diff_;
  QLabel* diff_label_;
  // In a tool bar (its overflow menu keeps the dock narrow) and the table's context menu.
  QAction *open_, *resume_, *overlay_, *reveal_, *trash_, *remove_folder_;
  QFileSystemWatcher* watcher_;
  QTimer* rescan_;
  std::vector<RunSummary> runs_;
  QHash<QString, RunSummary> cache_;  // by path: read again when size or time change
  QStringList busy_;
  bool scanning_ = false, rescan_pending_ = false;
};

}  // namespace gvae
