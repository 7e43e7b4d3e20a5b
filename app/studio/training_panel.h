// TrainingPanel: Start / Pause-Resume / Stop, epoch and run progress with ETA, speed, device.
#pragma once

#include <QElapsedTimer>
#include <QWidget>
#include <string>

#include "core/training/mailbox.h"

class QLabel;
class QProgressBar;
class QPushButton;

namespace gvae {

/// Buttons emit requests; the window decides. setStatus() shows the trainer's latest status.
/// GUI thread only.
class TrainingPanel : public QWidget {
  Q_OBJECT
 public:
  explicit TrainingPanel(QWidget* parent = nullptr);

  /// Shows a live status (progress, ETA, samples/s, device, threads).
  void setStatus(const LiveStatus& status, int64_t batch_size);
  /// Idle: Start enabled, Pause / Stop disabled; `can_start` false also disables Start.
  void setIdle(bool can_start, const QString& reason = {});
  QPushButton* startButton() const { return start_; }
  QPushButton* pauseButton() const { return pause_; }
  QPushButton* stopButton() const { return stop_; }
  /// The ETA line ("Epoch 3 of 20 · ETA 2 min 10 s · validating…"), for tests.
  QString etaText() const;
  /// What LiveStatus::stage says, for people.
  static QString stageText(const std::string& stage);

 Q_SIGNALS:
  void startRequested();
  void pauseRequested(bool pause);  // true: pause, false: resume
  void stopRequested();

 private:
  QPushButton *start_, *pause_, *stop_;
  QProgressBar *epoch_bar_, *run_bar_;
  QLabel *eta_, *speed_, *device_;
  QElapsedTimer loading_clock_;  // since the run's first "loading" status
};

/// "1 h 02 min", "3 min 05 s", "42 s".
QString formatDuration(double seconds);

}  // namespace gvae
