// EvaluatePanel: evaluates the opened run on its test set (the workbench's face of
// `graphvae eval`): ELBO / NLL / KL and the importance-weighted log-likelihood with K chosen.
#pragma once

#include <QString>
#include <QWidget>
#include <atomic>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/eval/evaluator.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace gvae {

/// The K and "Test images" fields of an evaluation (this panel's and the Compare dock's): K in
/// 1..5000 starting at `iw_samples`; the first n test images, 0 shown as "all".
QSpinBox* iwSamplesField(int iw_samples);
QSpinBox* testImagesField();

/// The evaluation runs on its own thread (evaluateRun); progress and the result come back as
/// queued calls, and the result is stored in the run file (atomically, as by the CLI). Stop
/// ends it within one batch and leaves the file untouched. GUI thread only.
class EvaluatePanel : public QWidget {
  Q_OBJECT
 public:
  explicit EvaluatePanel(QWidget* parent = nullptr);
  ~EvaluatePanel() override;  // stops the evaluation and joins its thread

  /// The run the Evaluate button evaluates (empty: none opened), and the results its file
  /// holds from an earlier evaluation (RunRecord::eval_results; empty: none).
  void setRun(const QString& path, const std::vector<std::pair<std::string, double>>& stored);
  /// Evaluates the run set by setRun() with K, test images and gates from the panel and
  /// `device` / `threads`. False when one is running, the panel is blocked or no run is set.
  bool start(const std::string& device, int threads);
  void stop();
  bool running() const { return active_; }
  /// Disables Evaluate (while a training or a comparison runs: they share the cores, and a
  /// training rewrites the run file).
  void setBlocked(bool blocked, const QString& why = {});
  void setOptions(int iw_samples, int eval_n, const QString& gates = {});
  /// Whether the run's data has known factors: then "Disentanglement" is offered and checked
  /// (it adds about a second); otherwise it is off and disabled.
  void setFactorsKnown(bool known);
  bool scoresDisentanglement() const;
  /// The results shown ("" before any), one line per measure, for tests and the status bar.
  QString resultText() const;
  QString status() const;

 Q_SIGNALS:
  /// Evaluate was pressed (the window supplies device and threads and calls start()).
  void startRequested();
  void runningChanged(bool running);
  /// The evaluation finished and its results are in `path`.
  void evaluated(const QString& path);
  /// The evaluation scored disentanglement (emitted before evaluated()).
  void disentanglementScored(const DisentanglementReport& report);

 private:
  void onProgress(int percent);
  void onFinished(const Status& st, const EvalReport& report);
  void showResults(const std::vector<std::pair<std::string, double>>& results);
  void updateButtons();
  void join();

  QSpinBox *iw_samples_, *eval_n_;
  QComboBox* gates_;
  QCheckBox* disentangle_;
  bool factors_known_ = false;
  QPushButton *start_, *stop_;
  QProgressBar* progress_;
  QLabel *status_, *results_;
  QString path_;
  bool blocked_ = false;
  std::thread thread_;
  std::atomic<bool> stop_requested_{false};
  bool active_ = false;  // GUI thread
};

}  // namespace gvae
