// MainWindow: wires the panels, the training controller and the analysis controller; owns the
// current run (a live training or an opened file).
#pragma once

#include <QHash>
#include <QMainWindow>
#include <QStringList>
#include <functional>
#include <memory>

#include "core/io/run_file.h"
#include "core/training/mailbox.h"
#include "core/training/run_config.h"
#include "widgets/figure_export.h"

class QAction;
class QDockWidget;
class QLabel;
class QMenu;

namespace gvae {

class StructurePanel;
class DisentanglementPanel;
class RocView;
class SweepPanel;

class AnalysisController;
class ComparePanel;
class CurvePlot;
class DagPanel;
class EvaluatePanel;
class RunsPanel;
class Figure;
class GatePlot;
class LatentPanel;
class NodeKlBars;
class RunSetupPanel;
class SamplesPanel;
class TrainingController;
class TrainingPanel;
class TraversalPanel;
struct GridResult;
struct LatentAnalysis;

/// The workbench window. Every panel is a dock (layout kept in QSettings). Heavy work runs on
/// the trainer's or the analysis thread; this class only wires and shows plain values.
class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  /// Opens a run file in the background; errors show a dialog naming the file and the problem.
  void openRun(const QString& path);
  /// Starts a new run with the setup panel's settings (out_path: a new file under the runs
  /// folder unless `out_path` is given).
  bool startTraining(const QString& out_path = {});
  /// Copies the current run file to `dest` in the background (never a partial file there).
  void saveCopy(const QString& dest);
  /// Overlays another run's validation curve for comparison (read in the background).
  void overlayRun(const QString& path);

  /// True once the opened run and every analysis view have their results (for headless use).
  bool analysisComplete() const;
  /// Waits (running the event loop) until analysisComplete() or `timeout_ms`; false on timeout.
  bool waitForAnalysis(int timeout_ms);
  /// Writes every figure as PNG, SVG and PDF, metrics.csv, steps.csv and dag.dot into `dir`,
  /// each figure at `options` (default: its on-screen size at 96 dpi).
  Status exportAllFigures(const QString& dir, const ExportOptions& options = {});
  /// Asks how Export all sizes the PNGs (one size for all, W x H pixels at D dpi, or each at its
  /// size on screen at D dpi); false when cancelled. The choice is kept for the next export.
  bool chooseExportAllOptions(ExportOptions* options);
  /// Every exportable view.
  std::vector<Figure*> figures() const;

  /// The named dock layouts: "training" (the default), "analysis", "report".
  static QStringList layoutNames();
  /// Run files without a valid digest (schema 1, damaged, foreign) are parsed first by the CLI
  /// `graphvae` found in `folder` in a child process, so that a crash of HDF5 on one ends in a
  /// message instead of taking the window and its training down. False if it is not there.
  static bool useRunFileChecker(const QString& folder);
  /// Arranges every dock as layout `name` (View → Layout); kept for the next launch.
  void applyLayout(const QString& name);
  /// The window's first size (inside the screen's available area) and the current layout's
  /// arrangement (View → Reset layout).
  void resetLayout();
  QString layoutName() const { return layout_; }

  TrainingController* training() const { return training_; }
  DagPanel* dagPanel() const { return dag_; }
  CurvePlot* curves() const { return curves_; }
  TraversalPanel* traversal() const { return traversal_; }
  RunSetupPanel* setup() const { return setup_; }
  ComparePanel* compare() const { return compare_; }
  EvaluatePanel* evaluation() const { return evaluate_; }
  RunsPanel* runs() const { return runs_; }
  SweepPanel* sweep() const { return sweep_; }
  DisentanglementPanel* disentanglement() const { return disentanglement_; }
  RocView* roc() const { return roc_; }
  /// Shows the sweep folder `dir` (graphvae sweep): its ablation figure in the Sweep dock, its
  /// runs in the Runs dock.
  void openSweep(const QString& dir);
  /// Opens `path` and resumes it (Resume of the Runs dock) up to `total_epochs`; 0 asks for
  /// the total when the run setup's Epochs are not above what the run has trained.
  void resumeRun(const QString& path, int total_epochs = 0);
  QString runPath() const { return run_path_; }
  /// The last error shown (dialog text), for tests.
  QString lastError() const { return last_error_; }
  /// The last failure of an analysis view (empty when none since the run was opened).
  QString analysisError() const { return analysis_error_; }

 Q_SIGNALS:
  void runLoaded(const QString& path);
  void runFailedToLoad(const QString& message);
  /// An analysis result (samples, reconstructions, traversal, latents) or failure was shown.
  void analysisUpdated();

 protected:
  void closeEvent(QCloseEvent* event) override;
  void showEvent(QShowEvent* event) override;
  void childEvent(QChildEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void buildDocks();
  /// Sizes and centres the window inside its screen's available area.
  void fitToScreen();
  void buildMenus();
  QDockWidget* addDock(QWidget* w, const QString& title, const QString& name, Qt::DockWidgetArea a);
  void onProgress(const MailboxContents& c);
  void onTrainingEnded(TrainerState state, const QString& message);
  void onRunRead(const QString& path, const Status& st, std::shared_ptr<RunRecord> record);
  /// Reads a run file on a pool thread; `done` runs on the GUI thread afterwards.
  void readInBackground(const QString& path, bool with_checkpoint,
                        std::function<void(const Status&, std::shared_ptr<RunRecord>)> done);
  void onGrid(const GridResult& r);
  void onLatents(std::shared_ptr<const LatentAnalysis> a);
  void onOpen();
  void onOpenOverlay();
  void onResume();
  /// Resumes the opened run for resumeRun().
  void resumeOpened();
  void onSaveAs();
  void onExportFigure();
  void onExportAll();
  void onExportMetrics();
  void onExportDot();
  void onStart();
  void showError(const QString& title, const QString& text);
  /// Names the current run file in the status bar.
  void showRunFile(const QString& path);
  void resetViews(const RunRecord& record);
  void setDagGraph(int nodes, const std::vector<std::pair<int, int>>& pairs);
  /// Says above the DAG what the structure of `model` is (fixed, none, learned).
  void describeStructure(const QString& model);
  /// The DAG view's edge importances of epoch `e`, and a note when its validation rounded
  /// unconverged gates.
  void showEpochStructure(const EpochMetrics& e);
  void requestAnalysis();
  void updateActions();
  void addRecent(const QString& path);
  void rebuildRecentMenu();
  QString runLabel() const;

  TrainingController* training_;
  AnalysisController* analysis_;
  RunSetupPanel* setup_;
  TrainingPanel* controls_;
  CurvePlot* curves_;
  NodeKlBars* node_kl_;
  GatePlot* gates_;
  DagPanel* dag_;
  LatentPanel* latents_;
  TraversalPanel* traversal_;
  SamplesPanel* samples_;
  ComparePanel* compare_;
  EvaluatePanel* evaluate_;
  RunsPanel* runs_;
  QString resume_after_load_;  // resumeRun(): resume this file once it is opened
  int resume_epochs_ = 0;      // ... up to this many epochs (0: ask when needed)
  QLabel* status_file_;
  QMenu* recent_menu_ = nullptr;
  QMenu* view_menu_ = nullptr;
  QHash<QString, QDockWidget*> docks_;  // by object name
  QString layout_ = QStringLiteral("training");
  QList<QAction*> layout_actions_;
  /// The layout's dock sizes, waiting for the first show (null once applied, or when the last
  /// session's arrangement was restored).
  std::function<void()> size_docks_;
  QAction *resume_action_ = nullptr, *save_as_action_ = nullptr;

  // The current run: a live one (training_) or one read from run_path_.
  QString run_path_;
  RunRecord record_;  // metrics, gates and events as far as known (no checkpoint)
  std::shared_ptr<const Checkpoint> checkpoint_;
  int64_t batch_size_ = 128;
  int dag_nodes_ = 0;
  StructurePanel* structure_ = nullptr;
  DisentanglementPanel* disentanglement_ = nullptr;
  RocView* roc_ = nullptr;
  SweepPanel* sweep_ = nullptr;
  QString structure_note_;           // what describeStructure() says about the model's graph
  bool structure_controls_ = false;  // the model has learned gates (freezing, sampling)
  int64_t snapshot_epoch_ = -1;
  bool loading_ = false;
  bool got_samples_ = false, got_recon_ = false, got_traversal_ = false, got_latents_ = false;
  bool analysis_failed_ = false;
  QString analysis_error_;
  QString last_error_;
  int load_generation_ = 0;  // a background read answers only the newest openRun()
};

}  // namespace gvae
