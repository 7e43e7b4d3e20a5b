// ComparePanel: a background runComparison with one Trainer per model.
#include "app/studio/compare_panel.h"

#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMetaObject>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QVBoxLayout>

#include "app/studio/evaluate_panel.h"
#include "app/studio/model_summary.h"
#include "core/models/model_registry.h"
#include "core/training/trainer.h"

namespace gvae {

ComparePanel::ComparePanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QHBoxLayout(this);
  auto* left = new QFormLayout;
  models_ = new QListWidget;
  for (const ModelInfo& m : modelRegistry()) {
    auto* item = new QListWidgetItem(QString::fromStdString(m.name), models_);
    item->setToolTip(modelSummary(m));
    item->setCheckState(m.compare_default ? Qt::Checked : Qt::Unchecked);
  }
  models_->setMaximumHeight(170);
  epochs_ = new QSpinBox;
  epochs_->setRange(1, 100000);
  epochs_->setValue(10);
  iw_samples_ = iwSamplesField(500);
  eval_n_ = testImagesField();
  out_dir_ = new QLineEdit(QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
                               .filePath(QStringLiteral("comparison")));
  auto* browse = new QPushButton(tr("Choose…"));
  auto* dir_row = new QHBoxLayout;
  dir_row->addWidget(out_dir_);
  dir_row->addWidget(browse);
  start_ = new QPushButton(tr("Compare"));
  start_->setToolTip(
      tr("Trains each checked model with the run setup's settings and this "
         "budget, then evaluates it on the test set"));
  stop_ = new QPushButton(tr("Stop"));
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(start_);
  buttons->addWidget(stop_);
  status_ = new QLabel;
  status_->setWordWrap(true);
  left->addRow(tr("Models"), models_);
  left->addRow(tr("Epochs"), epochs_);
  left->addRow(tr("IW samples K"), iw_samples_);
  left->addRow(tr("Test images"), eval_n_);
  left->addRow(tr("Folder"), dir_row);
  left->addRow(buttons);
  left->addRow(status_);
  layout->addLayout(left);
  table_ = new QTableWidget(0, 7);
  table_->setHorizontalHeaderLabels({tr("model"), tr("epochs"), tr("test ELBO"), tr("test NLL"),
                                     tr("test KL"), tr("log-likelihood"), tr("active units")});
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  layout->addWidget(table_, 1);

  connect(start_, &QPushButton::clicked, this, &ComparePanel::startRequested);
  connect(stop_, &QPushButton::clicked, this, &ComparePanel::stop);
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString d =
        QFileDialog::getExistingDirectory(this, tr("Comparison folder"), out_dir_->text());
    if (!d.isEmpty()) out_dir_->setText(d);
  });
  updateButtons();
}

ComparePanel::~ComparePanel() {
  stop_requested_ = true;
  join();
}

void ComparePanel::join() {
  if (thread_.joinable()) thread_.join();
}

void ComparePanel::setBlocked(bool blocked) {
  blocked_ = blocked;
  updateButtons();
}

void ComparePanel::updateButtons() {
  start_->setEnabled(!blocked_ && !running());
  stop_->setEnabled(running());
}

void ComparePanel::setModels(const QStringList& models) {
  for (int i = 0; i < models_->count(); ++i)
    models_->item(i)->setCheckState(models.contains(models_->item(i)->text()) ? Qt::Checked
                                                                              : Qt::Unchecked);
}

void ComparePanel::setBudget(int epochs, int iw_samples, int eval_n) {
  epochs_->setValue(epochs);
  iw_samples_->setValue(iw_samples);
  eval_n_->setValue(eval_n);
}

void ComparePanel::setOutputFolder(const QString& dir) { out_dir_->setText(dir); }

QString ComparePanel::status() const { return status_->text(); }

bool ComparePanel::start(const RunConfig& shared) {
  if (running() || blocked_) return false;
  ComparisonPlan plan;
  plan.config = shared;
  plan.config.epochs = epochs_->value();
  for (int i = 0; i < models_->count(); ++i)
    if (models_->item(i)->checkState() == Qt::Checked)
      plan.models.push_back(models_->item(i)->text().toStdString());
  if (plan.models.empty() || out_dir_->text().isEmpty()) {
    status_->setText(tr("Check at least one model and choose a folder."));
    return false;
  }
  plan.out_dir = out_dir_->text().toStdString();
  plan.eval.iw_samples = iw_samples_->value();
  plan.eval.eval_n = eval_n_->value();
  plan.eval.device = shared.device;
  plan.eval.threads = shared.threads;
  plan.eval.should_stop = [this] { return stop_requested_.load(); };  // Stop ends an evaluation
  join();
  table_->setRowCount(0);
  stop_requested_ = false;
  active_ = true;
  status_->setText(tr("Starting…"));
  // Runs off the GUI thread; every report comes back as a queued call on this panel (dropped
  // if the panel is gone, which joins the thread first anyway).
  thread_ = std::thread([this, plan] {
    auto report = [this](QString text) {
      QMetaObject::invokeMethod(
          this, [this, text] { status_->setText(text); }, Qt::QueuedConnection);
    };
    QString failure;  // why a model could not be trained
    QString model;    // the one being trained or evaluated
    ComparisonPlan run_plan = plan;
    run_plan.eval.progress = [&, percent = -1](int64_t done, int64_t total) mutable {
      const int now = static_cast<int>(100 * done / std::max<int64_t>(1, total));
      if (now == percent) return;  // one queued update per percent
      percent = now;
      report(tr("%1: evaluating on the test set… %2 %").arg(model).arg(now));
    };
    auto train = [&](const RunConfig& c, bool resume) {
      if (stop_requested_) return false;  // no new run after a stop
      Trainer t(c);
      t.start(resume);
      model = QString::fromStdString(c.model);
      t.follow(
          [&](const MailboxContents& m) {
            if (m.latest)
              report(tr("%1: epoch %2 of %3").arg(model).arg(m.latest->epoch).arg(c.epochs));
          },
          [this] { return stop_requested_.load(); });
      if (t.state() == TrainerState::kFailed)
        failure = tr("%1 failed: %2").arg(model, QString::fromStdString(t.errorMessage()));
      if (t.state() != TrainerState::kFinished) return false;
      report(tr("%1: evaluating on the test set…").arg(model));
      return true;
    };
    auto evaluated = [this](const ComparisonRow& row, const EvalReport&, const RunRecord& run) {
      QMetaObject::invokeMethod(
          this,
          [this, row, epochs = run.epochs] {
            onEvaluated(row);
            Q_EMIT modelCompared(QString::fromStdString(row.model), epochs);
          },
          Qt::QueuedConnection);
    };
    bool stopped = false;
    QString message;
    try {  // an uncaught exception here would call std::terminate
      Status st = runComparison(run_plan, train, evaluated, &stopped);
      message = !st                  ? QString::fromStdString(st.message)
                : !failure.isEmpty() ? failure
                : stopped            ? tr("Stopped; the finished runs are kept in %1")
                                .arg(QString::fromStdString(plan.out_dir))
                          : tr("Done: results.md, results.csv, results.tex and curves.csv in %1")
                                .arg(QString::fromStdString(plan.out_dir));
    } catch (const std::exception& e) {
      message = tr("Comparison failed: %1").arg(QString::fromUtf8(e.what()));
    }
    QMetaObject::invokeMethod(
        this, [this, message] { onFinished(message); }, Qt::QueuedConnection);
  });
  updateButtons();
  Q_EMIT runningChanged(true);
  return true;
}

void ComparePanel::stop() { stop_requested_ = true; }

void ComparePanel::onEvaluated(const ComparisonRow& r) {
  const int row = table_->rowCount();
  table_->insertRow(row);
  const QStringList cells{QString::fromStdString(r.model),
                          QString::number(r.epochs),
                          locale().toString(r.elbo, 'f', 2),
                          locale().toString(r.nll, 'f', 2),
                          locale().toString(r.kl, 'f', 2),
                          locale().toString(r.log_likelihood, 'f', 2),
                          QStringLiteral("%1 / %2").arg(r.active_units).arg(r.dims)};
  for (int c = 0; c < cells.size(); ++c) table_->setItem(row, c, new QTableWidgetItem(cells[c]));
}

void ComparePanel::onFinished(const QString& message) {
  join();
  active_ = false;
  status_->setText(message);
  updateButtons();
  Q_EMIT runningChanged(false);
}

}  // namespace gvae
