// RunSetupPanel: a QFormLayout over RunConfig, with ranges and a checked data folder.
#include "app/studio/run_setup_panel.h"

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>

#include "core/training/trainer.h"

namespace gvae {
namespace {

QSpinBox* intField(int lo, int hi, int value, const QString& tip) {
  auto* s = new QSpinBox;
  s->setRange(lo, hi);
  s->setValue(value);
  s->setToolTip(tip);
  return s;
}

QDoubleSpinBox* realField(double lo, double hi, double value, int decimals, double step,
                          const QString& tip) {
  auto* s = new QDoubleSpinBox;
  s->setDecimals(decimals);
  s->setRange(lo, hi);
  s->setSingleStep(step);
  s->setValue(value);
  s->setToolTip(tip);
  return s;
}

// The files the MNIST loader reads, gzipped or not.
const char* const kMnistFiles[] = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                                   "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

}  // namespace

RunSetupPanel::RunSetupPanel(QWidget* parent) : QWidget(parent) {
  auto* form = new QFormLayout(this);
  model_ = new QComboBox;
  for (const auto& m : modelNames()) model_->addItem(QString::fromStdString(m));
  model_->setToolTip(
      tr("graph: learned DAG of latent nodes; vae: one Gaussian node; "
         "ladder / fc: fixed chain / fully connected; lstm: GraphLSTMVAE; "
         "*-iaf: inverse autoregressive flows; ggm-*: Gaussian graphical "
         "posterior"));
  form->addRow(tr("Model"), model_);

  dataset_ = new QComboBox;
  dataset_->addItem(tr("Sprites (embedded)"), QStringLiteral("sprites"));
  dataset_->addItem(tr("MNIST (folder)"), QStringLiteral("mnist"));
  dataset_->addItem(tr("Pen strokes (embedded)"), QStringLiteral("strokes"));
  dataset_->addItem(tr("Omniglot strokes (folder)"), QStringLiteral("omniglot-strokes"));
  dataset_->addItem(tr("IAM-OnDB lineStrokes (folder)"), QStringLiteral("iam-ondb"));
  dataset_->setToolTip(
      tr("Images for every model but recurrent-graph, which trains on pen "
         "strokes"));
  form->addRow(tr("Dataset"), dataset_);
  folder_row_ = new QWidget;
  auto* row = new QHBoxLayout(folder_row_);
  row->setContentsMargins(0, 0, 0, 0);
  data_dir_ = new QLineEdit;
  data_dir_->setPlaceholderText(tr("folder of the dataset's files"));
  auto* browse = new QPushButton(tr("Choose…"));
  row->addWidget(data_dir_);
  row->addWidget(browse);
  form->addRow(tr("Data folder"), folder_row_);

  nodes_ = intField(1, 32, 5, tr("Latent nodes N"));
  node_dim_ = intField(1, 256, 16, tr("Dimensions per node N'"));
  batch_ = intField(1, 65536, 128, tr("Minibatch size"));
  epochs_ = intField(1, 100000, 10, tr("Total epochs of the run"));
  lr_ = realField(1e-6, 1.0, 1e-3, 6, 1e-4, tr("Adam learning rate, in (0, 1]"));
  tau_ = realField(0.01, 10, 1.0, 3, 0.05, tr("Gumbel-softmax temperature at the start"));
  tau_min_ = realField(0.01, 10, 0.1, 3, 0.05, tr("Lowest temperature of the annealing"));
  tau_decay_ =
      realField(0.5, 1.0, 0.99, 4, 0.001, tr("Per-epoch factor: tau <- max(tau_min, tau * decay)"));
  beta_ = realField(0.0, 100, 1.0, 3, 0.1, tr("Weight of the KL term (beta-VAE)"));
  warmup_ = realField(-1, 1000, -1, 1, 1,
                      tr("KL warm-up epochs; auto: 10 for hierarchical models, 0 for the VAE"));
  warmup_->setSpecialValueText(tr("auto"));
  seed_ = intField(0, 2147483647, 1, tr("Random seed"));
  device_ = new QComboBox;
  device_->addItem(tr("Auto"), QStringLiteral("auto"));
  device_->addItem(tr("CPU"), QStringLiteral("cpu"));
  device_->addItem(tr("CUDA"), QStringLiteral("cuda"));
  if (!cudaAvailable()) {
    device_->setItemData(2, 0, Qt::UserRole - 1);  // disabled item
    device_->setItemData(2, tr("No CUDA device: LibTorch sees no GPU on this machine"),
                         Qt::ToolTipRole);
    device_->setToolTip(tr("CUDA is unavailable on this machine (no GPU seen by LibTorch)"));
  }
  threads_ = intField(0, 1024, 0, tr("CPU threads; 0: every core"));
  threads_->setSpecialValueText(tr("all cores"));

  form->addRow(tr("Nodes N"), nodes_);
  form->addRow(tr("Node dims N'"), node_dim_);
  form->addRow(tr("Batch"), batch_);
  form->addRow(tr("Epochs"), epochs_);
  form->addRow(tr("Learning rate"), lr_);
  form->addRow(tr("τ start"), tau_);
  form->addRow(tr("τ minimum"), tau_min_);
  form->addRow(tr("τ decay / epoch"), tau_decay_);
  form->addRow(tr("β"), beta_);
  form->addRow(tr("KL warm-up"), warmup_);
  form->addRow(tr("Seed"), seed_);
  form->addRow(tr("Device"), device_);
  form->addRow(tr("Threads"), threads_);
  error_ = new QLabel;
  error_->setWordWrap(true);
  error_->setStyleSheet(QStringLiteral("color: #b00020"));
  form->addRow(error_);

  connect(dataset_, &QComboBox::currentIndexChanged, this, &RunSetupPanel::onDatasetChanged);
  connect(browse, &QPushButton::clicked, this, &RunSetupPanel::onChooseFolder);
  connect(data_dir_, &QLineEdit::textChanged, this, &RunSetupPanel::updateValidation);
  connect(model_, &QComboBox::currentIndexChanged, this, &RunSetupPanel::updateValidation);
  for (QSpinBox* s : {nodes_, node_dim_, batch_, epochs_, seed_, threads_})
    connect(s, &QSpinBox::valueChanged, this, &RunSetupPanel::updateValidation);
  for (QDoubleSpinBox* s : {lr_, tau_, tau_min_, tau_decay_, beta_, warmup_})
    connect(s, &QDoubleSpinBox::valueChanged, this, &RunSetupPanel::updateValidation);
  onDatasetChanged();
}

bool RunSetupPanel::needsFolder() const {
  const QString d = dataset_->currentData().toString();
  return d != QLatin1String("sprites") && d != QLatin1String("strokes");
}

void RunSetupPanel::onDatasetChanged() {
  folder_row_->setEnabled(needsFolder());
  updateValidation();
}

void RunSetupPanel::onChooseFolder() {
  QString dir = QFileDialog::getExistingDirectory(this, tr("Data folder"), data_dir_->text());
  if (!dir.isEmpty()) data_dir_->setText(dir);
}

QString RunSetupPanel::validationError() const {
  if (needsFolder()) {
    const QString dataset = dataset_->currentData().toString();
    const QString dir = data_dir_->text();
    if (dir.isEmpty()) return tr("Choose the data folder of %1.").arg(dataset_->currentText());
    if (!QDir(dir).exists()) return tr("%1: no such folder").arg(dir);
    QStringList files;  // what the loaders read (gzipped or not)
    if (dataset == QLatin1String("mnist")) {
      for (const char* f : kMnistFiles) files << QString::fromLatin1(f);
    } else if (dataset == QLatin1String("omniglot-strokes")) {
      for (const char* split : {"train", "valid", "test"})
        for (const char* part : {"strokes", "offsets"})
          files << QStringLiteral("omniglot_%1_%2.npy")
                       .arg(QLatin1String(split), QLatin1String(part));
    }
    for (const QString& name : files)
      if (!QDir(dir).exists(name) && !QDir(dir).exists(name + QStringLiteral(".gz")))
        return tr("%1: lacks %2 (or %2.gz)").arg(dir, name);
  }
  if (tau_min_->value() > tau_->value()) return tr("τ minimum must not exceed τ start.");
  Status st = config().validate();
  if (!st) return QString::fromStdString(st.message);
  return {};
}

void RunSetupPanel::updateValidation() {
  const QString e = validationError();
  error_->setText(e);
  data_dir_->setStyleSheet(e.contains(data_dir_->text()) && !data_dir_->text().isEmpty()
                               ? QStringLiteral("border: 1px solid #b00020")
                               : QString());
  Q_EMIT changed();
}

RunConfig RunSetupPanel::config() const {
  RunConfig c = base_;
  c.out_path.clear();
  // A loaded run's stroke length and scale belong to its dataset only.
  if (dataset_->currentData().toString().toStdString() != base_.dataset) {
    c.max_steps = 0;
    c.stroke_scale = 0;
  }
  c.model = model_->currentText().toStdString();
  c.dataset = dataset_->currentData().toString().toStdString();
  c.data_dir = data_dir_->text().toStdString();
  c.nodes = nodes_->value();
  c.node_dim = node_dim_->value();
  c.batch = batch_->value();
  c.epochs = epochs_->value();
  c.lr = lr_->value();
  c.tau = tau_->value();
  c.tau_min = tau_min_->value();
  c.tau_decay = tau_decay_->value();
  c.beta = beta_->value();
  c.warmup_epochs = warmup_->value() < 0 ? -1 : warmup_->value();
  c.seed = static_cast<uint64_t>(seed_->value());
  c.device = device_->currentData().toString().toStdString();
  c.threads = threads_->value();
  return c;
}

void RunSetupPanel::setConfig(const RunConfig& c) {
  base_ = c;
  model_->setCurrentText(QString::fromStdString(c.model));
  dataset_->setCurrentIndex(dataset_->findData(QString::fromStdString(c.dataset)));
  data_dir_->setText(QString::fromStdString(c.data_dir));
  nodes_->setValue(static_cast<int>(c.nodes));
  node_dim_->setValue(static_cast<int>(c.node_dim));
  batch_->setValue(static_cast<int>(c.batch));
  epochs_->setValue(static_cast<int>(c.epochs));
  lr_->setValue(c.lr);
  tau_->setValue(c.tau);
  tau_min_->setValue(c.tau_min);
  tau_decay_->setValue(c.tau_decay);
  beta_->setValue(c.beta);
  warmup_->setValue(c.warmup_epochs);
  seed_->setValue(static_cast<int>(c.seed));
  const int d = device_->findData(QString::fromStdString(c.device));
  device_->setCurrentIndex(d >= 0 ? d : 0);
  threads_->setValue(c.threads);
  updateValidation();
}

void RunSetupPanel::setEditable(bool editable) {
  for (QWidget* w : findChildren<QWidget*>()) {
    if (w != error_) w->setEnabled(editable);
  }
  if (editable) onDatasetChanged();
}

}  // namespace gvae
