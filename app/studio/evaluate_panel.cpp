// EvaluatePanel: a background evaluateRun with progress, stop and the stored results.
#include "app/studio/evaluate_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMetaObject>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <cmath>

namespace gvae {
namespace {

double lookup(const std::vector<std::pair<std::string, double>>& results, const std::string& key) {
  for (const auto& [name, value] : results)
    if (name == key) return value;
  return std::nan("");
}

}  // namespace

QSpinBox* iwSamplesField(int iw_samples) {
  auto* box = new QSpinBox;
  box->setRange(1, 5000);
  box->setValue(iw_samples);
  box->setToolTip(
      EvaluatePanel::tr("Importance samples K per image: the bound tightens with K (the paper "
                        "used 5000); time grows with it"));
  return box;
}

QSpinBox* testImagesField() {
  auto* box = new QSpinBox;
  box->setRange(0, 1000000);
  box->setSpecialValueText(EvaluatePanel::tr("all"));
  box->setToolTip(EvaluatePanel::tr("Test images evaluated (the first n; all by default)"));
  return box;
}

EvaluatePanel::EvaluatePanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QHBoxLayout(this);
  auto* form = new QFormLayout;
  iw_samples_ = iwSamplesField(1000);
  iw_samples_->setObjectName(QStringLiteral("iwSamples"));
  eval_n_ = testImagesField();
  eval_n_->setObjectName(QStringLiteral("evalN"));
  gates_ = new QComboBox;
  gates_->setObjectName(QStringLiteral("evalGates"));
  gates_->addItem(tr("the run's setting"), QString());
  gates_->addItem(tr("sampled: c ~ Bernoulli(μ)"), QStringLiteral("sampled"));
  gates_->addItem(tr("relaxed at the last τ"), QStringLiteral("relaxed"));
  gates_->addItem(tr("hard: round(μ)"), QStringLiteral("hard"));
  gates_->setToolTip(tr("The gates of the evaluated model (models with learned gates)"));
  disentangle_ = new QCheckBox(tr("Disentanglement"));
  disentangle_->setObjectName(QStringLiteral("evalDisentanglement"));
  start_ = new QPushButton(tr("Evaluate"));
  start_->setObjectName(QStringLiteral("evaluateButton"));
  stop_ = new QPushButton(tr("Stop"));
  stop_->setObjectName(QStringLiteral("evaluateStop"));
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(start_);
  buttons->addWidget(stop_);
  progress_ = new QProgressBar;
  progress_->setRange(0, 100);
  progress_->setValue(0);
  status_ = new QLabel;
  status_->setWordWrap(true);
  form->addRow(tr("IW samples K"), iw_samples_);
  form->addRow(tr("Test images"), eval_n_);
  form->addRow(tr("Gates"), gates_);
  form->addRow(tr("Also score"), disentangle_);
  form->addRow(buttons);
  form->addRow(progress_);
  form->addRow(status_);
  layout->addLayout(form);
  results_ = new QLabel;
  results_->setObjectName(QStringLiteral("evalResults"));
  results_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  results_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
  results_->setWordWrap(true);
  layout->addWidget(results_, 1);

  connect(start_, &QPushButton::clicked, this, &EvaluatePanel::startRequested);
  connect(stop_, &QPushButton::clicked, this, &EvaluatePanel::stop);
  setRun({}, {});
}

EvaluatePanel::~EvaluatePanel() {
  stop_requested_ = true;
  join();
}

void EvaluatePanel::join() {
  if (thread_.joinable()) thread_.join();
}

void EvaluatePanel::setRun(const QString& path,
                           const std::vector<std::pair<std::string, double>>& stored) {
  if (active_) return;  // the running evaluation's file stays the panel's
  path_ = path;
  status_->setText(path.isEmpty()
                       ? tr("Open or train a run to evaluate it.")
                       : tr("Evaluates %1 on its test set.").arg(QFileInfo(path).fileName()));
  progress_->setValue(0);
  showResults(stored);
  updateButtons();
}

void EvaluatePanel::setBlocked(bool blocked, const QString& why) {
  blocked_ = blocked;
  start_->setToolTip(blocked ? why : tr("Evaluate the opened run on its test set"));
  updateButtons();
}

void EvaluatePanel::setOptions(int iw_samples, int eval_n, const QString& gates) {
  iw_samples_->setValue(iw_samples);
  eval_n_->setValue(eval_n);
  gates_->setCurrentIndex(std::max(0, gates_->findData(gates)));
}

void EvaluatePanel::setFactorsKnown(bool known) {
  factors_known_ = known;
  disentangle_->setChecked(known);
  disentangle_->setToolTip(
      known ? tr("The β-VAE and FactorVAE metrics, MIG and DCI against the data's known factors "
                 "(Disentanglement dock)")
            : tr("Needs data with known generative factors (the sprites)"));
  updateButtons();
}

bool EvaluatePanel::scoresDisentanglement() const {
  return factors_known_ && disentangle_->isChecked();
}

void EvaluatePanel::updateButtons() {
  start_->setEnabled(!blocked_ && !active_ && !path_.isEmpty());
  stop_->setEnabled(active_);
  iw_samples_->setEnabled(!active_);
  eval_n_->setEnabled(!active_);
  gates_->setEnabled(!active_);
  disentangle_->setEnabled(!active_ && factors_known_);
}

QString EvaluatePanel::resultText() const { return results_->text(); }

QString EvaluatePanel::status() const { return status_->text(); }

bool EvaluatePanel::start(const std::string& device, int threads) {
  if (active_ || blocked_ || path_.isEmpty()) return false;
  EvalOptions o;
  o.iw_samples = iw_samples_->value();
  o.eval_n = eval_n_->value();
  o.gates = gates_->currentData().toString().toStdString();
  o.disentanglement = scoresDisentanglement();
  o.device = device;
  o.threads = threads;
  o.should_stop = [this] { return stop_requested_.load(); };
  join();
  stop_requested_ = false;
  active_ = true;
  progress_->setValue(0);
  status_->setText(tr("Loading the run and its test set…"));
  updateButtons();
  thread_ = std::thread([this, o, path = path_.toStdString()]() mutable {
    o.progress = [this, percent = -1](int64_t done, int64_t total) mutable {
      const int now = static_cast<int>(100 * done / std::max<int64_t>(1, total));
      if (now == percent) return;  // one queued update per percent
      percent = now;
      QMetaObject::invokeMethod(
          this, [this, now] { onProgress(now); }, Qt::QueuedConnection);
    };
    EvalReport report;
    Status st;
    try {  // nothing may escape the thread
      st = evaluateRun(path, o, &report);
    } catch (const std::exception& e) {
      st = Status::Error(path + ": " + e.what());
    }
    QMetaObject::invokeMethod(
        this, [this, st, report] { onFinished(st, report); }, Qt::QueuedConnection);
  });
  Q_EMIT runningChanged(true);
  return true;
}

void EvaluatePanel::stop() { stop_requested_ = true; }

void EvaluatePanel::onProgress(int percent) {
  progress_->setValue(percent);
  status_->setText(tr("Importance-weighted log-likelihood… %1 %").arg(percent));
}

void EvaluatePanel::onFinished(const Status& st, const EvalReport& r) {
  join();
  active_ = false;
  if (!st) {
    status_->setText(tr("Evaluation failed: %1").arg(QString::fromStdString(st.message)));
  } else if (r.stopped) {
    progress_->setValue(0);
    status_->setText(tr("Stopped; the run file is unchanged."));
  } else {
    progress_->setValue(100);
    status_->setText(tr("Done; stored in %1.").arg(path_));
    showResults(evalResults(r));  // what the file now holds
    results_->setText(results_->text() + QStringLiteral("<br>") +
                      tr("Gates: %1").arg(QString::fromStdString(r.gate_setting)));
  }
  updateButtons();
  Q_EMIT runningChanged(false);
  if (st && !r.stopped && r.disentanglement) Q_EMIT disentanglementScored(*r.disentanglement);
  if (st && !r.stopped) Q_EMIT evaluated(path_);
}

void EvaluatePanel::showResults(const std::vector<std::pair<std::string, double>>& results) {
  const double ll = lookup(results, "test_ll");
  if (results.empty() || std::isnan(lookup(results, "test_elbo"))) {
    results_->setText(path_.isEmpty() ? QString() : tr("Not evaluated yet."));
    return;
  }
  const auto nats = [this](double v) { return locale().toString(v, 'f', 2); };
  QString text = tr("<b>Test set</b> (epoch %1, %2 images)<br>")
                     .arg(lookup(results, "epoch"))
                     .arg(lookup(results, "n"));
  text += tr("ELBO %1 · NLL %2 · KL %3 nats<br>")
              .arg(nats(lookup(results, "test_elbo")), nats(lookup(results, "test_nll")),
                   nats(lookup(results, "test_kl")));
  if (const double auc = lookup(results, "auc"); !std::isnan(auc))
    text +=
        tr("Link prediction on the held-out edges: AUC %1 · AP %2")
            .arg(locale().toString(auc, 'f', 4), locale().toString(lookup(results, "ap"), 'f', 4));
  else if (!std::isnan(ll))
    text += tr("log p(x) ≈ %1 ± %2 nats (K = %3)")
                .arg(nats(ll), nats(lookup(results, "test_ll_se")))
                .arg(lookup(results, "iw_samples"));
  const double active = lookup(results, "active_units");
  if (!std::isnan(active))
    text += tr("<br>Active units: %1 of %2").arg(active).arg(lookup(results, "dims"));
  if (const double accuracy = lookup(results, "accuracy"); !std::isnan(accuracy))
    text += tr("<br>Class accuracy of q(y|x): %1").arg(locale().toString(accuracy, 'f', 4));
  if (const double c = lookup(results, "correctness"); !std::isnan(c))
    text += tr("<br>Images from attributes: correctness %1 · coverage %2 · compositionality %3")
                .arg(locale().toString(c, 'f', 3),
                     locale().toString(lookup(results, "coverage"), 'f', 3),
                     locale().toString(lookup(results, "compositionality"), 'f', 3));
  if (const double mig = lookup(results, "mig"); !std::isnan(mig)) {
    const auto score = [&](const char* key) {
      const double v = lookup(results, key);
      return std::isnan(v) ? QStringLiteral("–") : locale().toString(v, 'f', 2);
    };
    text +=
        tr("<br>β-VAE %1 · FactorVAE %2 · MIG %3 · DCI %4 / %5 / %6 (Disentanglement dock)")
            .arg(score("betavae"), score("factorvae"), score("mig"), score("dci_disentanglement"),
                 score("dci_completeness"), score("dci_informativeness"));
  }
  results_->setText(text);
}

}  // namespace gvae
