// TrainingPanel: controls and progress of the current run.
#include "app/studio/training_panel.h"

#include <QElapsedTimer>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <cmath>

namespace gvae {

QString formatDuration(double s) {
  if (!std::isfinite(s) || s < 0) return QStringLiteral("–");
  const qint64 t = static_cast<qint64>(std::llround(s));
  if (t >= 3600)
    return TrainingPanel::tr("%1 h %2 min")
        .arg(t / 3600)
        .arg((t % 3600) / 60, 2, 10, QLatin1Char('0'));
  if (t >= 60)
    return TrainingPanel::tr("%1 min %2 s").arg(t / 60).arg(t % 60, 2, 10, QLatin1Char('0'));
  return TrainingPanel::tr("%1 s").arg(t);
}

TrainingPanel::TrainingPanel(QWidget* parent) : QWidget(parent) {
  auto* grid = new QGridLayout(this);
  start_ = new QPushButton(tr("Start"));
  start_->setObjectName(QStringLiteral("start"));
  pause_ = new QPushButton(tr("Pause"));
  pause_->setObjectName(QStringLiteral("pause"));
  pause_->setCheckable(true);
  stop_ = new QPushButton(tr("Stop"));
  stop_->setObjectName(QStringLiteral("stop"));
  stop_->setToolTip(tr("Stops within one minibatch; the run file keeps every finished epoch"));
  grid->addWidget(start_, 0, 0);
  grid->addWidget(pause_, 0, 1);
  grid->addWidget(stop_, 0, 2);
  epoch_bar_ = new QProgressBar;
  epoch_bar_->setFormat(tr("epoch %p%"));
  run_bar_ = new QProgressBar;
  run_bar_->setFormat(tr("run %p%"));
  grid->addWidget(new QLabel(tr("Epoch")), 1, 0);
  grid->addWidget(epoch_bar_, 1, 1, 1, 2);
  grid->addWidget(new QLabel(tr("Run")), 2, 0);
  grid->addWidget(run_bar_, 2, 1, 1, 2);
  eta_ = new QLabel;
  eta_->setObjectName(QStringLiteral("eta"));
  speed_ = new QLabel;
  device_ = new QLabel;
  // These texts grow during a run ("… · measuring each edge's importance…", a GPU's name, a
  // translation): wrapped, they take more lines instead of widening the dock, and with it
  // the window past a 1366-pixel screen, where it stayed after the text got short again.
  for (QLabel* label : {eta_, speed_, device_}) label->setWordWrap(true);
  grid->addWidget(eta_, 3, 0, 1, 3);
  grid->addWidget(speed_, 4, 0, 1, 3);
  grid->addWidget(device_, 5, 0, 1, 3);
  grid->setRowStretch(6, 1);

  connect(start_, &QPushButton::clicked, this, &TrainingPanel::startRequested);
  connect(pause_, &QPushButton::toggled, this, [this](bool on) {
    pause_->setText(on ? tr("Resume") : tr("Pause"));
    Q_EMIT pauseRequested(on);
  });
  connect(stop_, &QPushButton::clicked, this, &TrainingPanel::stopRequested);
  setIdle(true);
}

QString TrainingPanel::etaText() const { return eta_->text(); }

QString TrainingPanel::stageText(const std::string& stage) {
  if (stage == "data") return tr("Loading the data…");
  if (stage == "model") return tr("Building the model…");
  if (stage == "file") return tr("Writing the run file…");
  if (stage == "validate") return tr("validating…");
  if (stage == "importance") return tr("measuring each edge's importance…");
  if (stage == "save") return tr("saving…");
  return tr("Starting…");
}

void TrainingPanel::setIdle(bool can_start, const QString& reason) {
  start_->setEnabled(can_start);
  start_->setToolTip(reason);
  pause_->setEnabled(false);
  {
    QSignalBlocker block(pause_);
    pause_->setChecked(false);
    pause_->setText(tr("Pause"));
  }
  stop_->setEnabled(false);
  eta_->clear();  // no run, no ETA; the bars keep how far the last run got
  loading_clock_.invalidate();
}

void TrainingPanel::setStatus(const LiveStatus& s, int64_t batch_size) {
  const bool active = s.state == TrainerState::kLoading || s.state == TrainerState::kRunning ||
                      s.state == TrainerState::kPaused;
  start_->setEnabled(!active);
  pause_->setEnabled(active && s.state != TrainerState::kLoading);
  stop_->setEnabled(active);
  const int64_t nb = std::max<int64_t>(1, s.batches_per_epoch);
  epoch_bar_->setRange(0, static_cast<int>(nb));
  epoch_bar_->setValue(static_cast<int>(std::min(nb, s.batch_in_epoch)));
  const int64_t total = std::max<int64_t>(1, s.total_epochs) * nb;
  const int64_t done = std::max<int64_t>(0, s.epoch - 1) * nb + s.batch_in_epoch;
  run_bar_->setRange(0, 1000);
  run_bar_->setValue(static_cast<int>(1000.0 * std::min<int64_t>(done, total) / total));
  if (s.state == TrainerState::kFinished) {  // the last published step is not the last step
    epoch_bar_->setValue(epoch_bar_->maximum());
    run_bar_->setValue(run_bar_->maximum());
  }
  if (s.state == TrainerState::kLoading) {
    if (!loading_clock_.isValid()) loading_clock_.start();
    eta_->setText(
        tr("%1 (%2)").arg(stageText(s.stage), formatDuration(loading_clock_.elapsed() / 1000.0)));
  } else if (s.state == TrainerState::kPaused) {
    loading_clock_.invalidate();
    eta_->setText(tr("Paused at epoch %1 of %2").arg(s.epoch).arg(s.total_epochs));
  } else if (s.samples_per_s > 0 && s.batches_per_epoch > 0) {
    loading_clock_.invalidate();
    // After the first epoch its whole wall time (validation, edge importance and saving
    // included; they took longer than the steps for recurrent-graph) sets the pace.
    const double remaining =
        s.last_epoch_wall_s > 0
            ? static_cast<double>(total - done) / static_cast<double>(nb) * s.last_epoch_wall_s
            : static_cast<double>(total - done) * batch_size / s.samples_per_s;
    QString text = tr("Epoch %1 of %2 · ETA %3")
                       .arg(s.epoch)
                       .arg(s.total_epochs)
                       .arg(formatDuration(remaining));
    if (!s.stage.empty()) text += QStringLiteral(" · ") + stageText(s.stage);
    eta_->setText(text);
  }
  speed_->setText(s.samples_per_s > 0
                      ? tr("%1 samples/s · τ %2 · lr %3")
                            .arg(s.samples_per_s, 0, 'f', 0)
                            .arg(locale().toString(s.tau, 'f', 3), locale().toString(s.lr, 'g', 3))
                      : QString());
  device_->setText(
      tr("Device: %1 · %2 threads").arg(QString::fromStdString(s.device)).arg(s.threads));
}

}  // namespace gvae
