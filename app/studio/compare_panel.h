// ComparePanel: trains a list of models with the same settings and budget, evaluates each and
// writes the results table (the workbench's face of `graphvae compare`).
#pragma once

#include <QWidget>
#include <atomic>
#include <thread>
#include <vector>

#include "core/eval/comparison_runner.h"

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace gvae {

/// The comparison runs on its own thread (one Trainer after another, then the evaluation);
/// progress and each finished model come back as queued calls. GUI thread only.
class ComparePanel : public QWidget {
  Q_OBJECT
 public:
  explicit ComparePanel(QWidget* parent = nullptr);
  ~ComparePanel() override;  // stops the comparison and joins its thread

  /// Starts comparing the checked models with `shared` settings (epochs, K, folder from the
  /// panel). False when one is running or the panel's input is incomplete.
  bool start(const RunConfig& shared);
  void stop();
  /// From start() until the finished comparison has been reported here.
  bool running() const { return active_; }
  /// Disables Start (while the main training runs).
  void setBlocked(bool blocked);
  void setModels(const QStringList& models);
  void setBudget(int epochs, int iw_samples, int eval_n);
  void setOutputFolder(const QString& dir);
  QTableWidget* table() const { return table_; }
  QString status() const;

 Q_SIGNALS:
  void startRequested();
  /// A model finished and was evaluated: its run, for the curve overlay.
  void modelCompared(const QString& model, const std::vector<gvae::EpochMetrics>& epochs);
  void runningChanged(bool running);

 private:
  void onEvaluated(const ComparisonRow& row);
  void onFinished(const QString& message);
  void updateButtons();
  void join();

  QListWidget* models_;
  QSpinBox *epochs_, *iw_samples_, *eval_n_;
  QLineEdit* out_dir_;
  QPushButton *start_, *stop_;
  QLabel* status_;
  QTableWidget* table_;
  bool blocked_ = false;
  std::thread thread_;
  std::atomic<bool> stop_requested_{false};
  bool active_ = false;  // GUI thread
};

}  // namespace gvae
