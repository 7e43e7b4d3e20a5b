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
#include <QSettings>
#include <QSpinBox>
#include <QThread>
#include <climits>
#include <cmath>

#include "app/studio/model_summary.h"
#include "core/models/model_registry.h"
#include "core/training/run_options.h"
#include "core/training/trainer.h"

namespace gvae {
namespace {

// The files the MNIST loader reads, gzipped or not.
const char* const kMnistFiles[] = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                                   "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

// The presets of the Preset chooser: a name and the settings it loads.
struct Preset {
  const char* name;
  RunConfig (*config)();
};

const Preset kPresets[] = {
    {QT_TRANSLATE_NOOP("gvae::RunSetupPanel", "Graph VAE on the sprites (the default)"),
     [] { return RunConfig(); }},
    {QT_TRANSLATE_NOOP("gvae::RunSetupPanel",
                       "Quick handwriting: recurrent-graph, 1,200 strokes of 40 steps, 3 epochs"),
     [] {
       RunConfig c;
       c.model = "recurrent-graph";
       c.dataset = "strokes";
       c.strokes_count = 1200;
       c.max_steps = 40;
       c.epochs = 3;
       return c;
     }},
    {QT_TRANSLATE_NOOP("gvae::RunSetupPanel",
                       "Handwriting: recurrent-graph on the 12,000 embedded strokes"),
     [] {
       RunConfig c;
       c.model = "recurrent-graph";
       c.dataset = "strokes";
       return c;
     }},
    {QT_TRANSLATE_NOOP("gvae::RunSetupPanel",
                       "Structure recipe: sprites, N' = 3, supervised factors, edge cost 0.2"),
     [] {
       RunConfig c;  // the README's recipe that recovers the sprites' true DAG
       c.node_dim = 3;
       c.supervise_factors = 1;
       c.supervise_weight = 50;
       c.edge_cost = 0.2;
       c.epochs = 30;
       return c;
     }},
    {QT_TRANSLATE_NOOP("gvae::RunSetupPanel", "Graph VAE on MNIST (choose its folder)"), [] {
       RunConfig c;
       c.dataset = "mnist";
       c.epochs = 50;
       return c;
     }}};

}  // namespace

RunSetupPanel::RunSetupPanel(QWidget* parent) : QWidget(parent) {
  auto* form = new QFormLayout(this);
  preset_ = new QComboBox;
  preset_->setObjectName(QStringLiteral("preset"));
  preset_->addItem(tr("Choose a preset…"));
  for (const Preset& p : kPresets) preset_->addItem(tr(p.name));
  preset_->setToolTip(tr("Loads a whole setup into the fields below"));
  // The long preset names would widen the whole setup column past a 1366-pixel screen.
  preset_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  preset_->setMinimumContentsLength(14);
  connect(preset_, &QComboBox::activated, this, [this](int index) {
    if (index > 0) setConfig(kPresets[index - 1].config());
    preset_->setCurrentIndex(0);  // a chooser, not a state: editing a field changes nothing
  });
  form->addRow(tr("Preset"), preset_);
  model_ = new QComboBox;
  model_->setObjectName(QStringLiteral("model"));
  QString tips;
  for (const ModelInfo& m : modelRegistry()) {
    model_->addItem(QString::fromStdString(m.name));
    model_->setItemData(model_->count() - 1, modelSummary(m), Qt::ToolTipRole);
    tips += (tips.isEmpty() ? QString() : QStringLiteral("\n")) + QString::fromStdString(m.name) +
            QStringLiteral(": ") + modelSummary(m);
  }
  model_->setToolTip(tips);
  form->addRow(tr("Model"), model_);

  dataset_ = new QComboBox;
  dataset_->setObjectName(QStringLiteral("dataset"));
  dataset_->addItem(tr("Sprites (embedded)"), QStringLiteral("sprites"));
  dataset_->addItem(tr("MNIST (folder)"), QStringLiteral("mnist"));
  dataset_->addItem(tr("Pen strokes (embedded)"), QStringLiteral("strokes"));
  dataset_->addItem(tr("Omniglot strokes (folder)"), QStringLiteral("omniglot-strokes"));
  dataset_->addItem(tr("IAM-OnDB lineStrokes (folder)"), QStringLiteral("iam-ondb"));
  dataset_->addItem(tr("Graph: block model (embedded)"), QStringLiteral("sbm"));
  dataset_->addItem(tr("Cora (folder)"), QStringLiteral("cora"));
  dataset_->addItem(tr("Citeseer (folder)"), QStringLiteral("citeseer"));
  // As the presets: the longest name must not set the setup column's width (a 1366-pixel screen).
  dataset_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  dataset_->setMinimumContentsLength(14);
  dataset_->setToolTip(
      tr("Images for the image models; pen strokes for recurrent-graph; graphs for gae and vgae "
         "(Cora and Citeseer: the LINQS files NAME.content and NAME.cites)"));
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

  // The number fields: the option table's rows marked for the panel, in table order.
  const RunConfig defaults;
  for (const RunOption& o : runOptions()) {
    if (!o.in_panel) continue;
    QAbstractSpinBox* box = nullptr;
    if (o.type == OptionType::kInt) {
      auto* b = new QSpinBox;
      b->setRange(static_cast<int>(std::max<double>(o.lo + (o.lo_open ? 1 : 0), 0)),
                  static_cast<int>(std::min<double>(o.hi - (o.hi_open ? 1 : 0), INT_MAX)));
      box = b;
    } else {
      auto* b = new QDoubleSpinBox;
      b->setDecimals(o.decimals);
      const double unit = std::pow(10.0, -o.decimals);
      b->setRange(std::isfinite(o.lo) ? o.lo + (o.lo_open ? unit : 0) : -1e9,
                  std::isfinite(o.hi) ? std::min(o.hi - (o.hi_open ? unit : 0), 1e9) : 1e9);
      b->setSingleStep(o.decimals >= 4 ? 10 * unit : o.decimals <= 1 ? 1 : 0.05);
      box = b;
    }
    box->setToolTip(QString::fromStdString(o.flag() + ": " + o.help));
    if (o.key == "warmup_epochs") box->setSpecialValueText(tr("auto"));
    if (o.key == "threads") box->setSpecialValueText(tr("all cores"));
    if (o.key == "max_steps") box->setSpecialValueText(tr("longest (≤ 200)"));
    fields_.push_back({&o, box});
    setFieldValue(fields_.back(), o.get(defaults));
    form->addRow(labelFor(o.key), box);
  }
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
  form->addRow(tr("Device"), device_);
  error_ = new QLabel;
  error_->setWordWrap(true);
  error_->setStyleSheet(QStringLiteral("color: #b00020"));
  form->addRow(error_);
  auto* reset = new QPushButton(tr("Reset to defaults"));
  reset->setObjectName(QStringLiteral("resetDefaults"));
  reset->setToolTip(tr("Every field back to the embedded default: the Graph VAE on the sprites"));
  connect(reset, &QPushButton::clicked, this, [this] { setConfig(RunConfig()); });
  form->addRow(reset);

  for (const Field& f : fields_) {  // connected once every widget exists
    if (auto* b = qobject_cast<QSpinBox*>(f.box))
      connect(b, &QSpinBox::valueChanged, this, &RunSetupPanel::updateValidation);
    else
      connect(static_cast<QDoubleSpinBox*>(f.box), &QDoubleSpinBox::valueChanged, this,
              &RunSetupPanel::updateValidation);
  }
  connect(dataset_, &QComboBox::currentIndexChanged, this, &RunSetupPanel::onDatasetChanged);
  setConfig(RunConfig());  // the defaults: the Graph VAE on the embedded sprites
  connect(browse, &QPushButton::clicked, this, &RunSetupPanel::onChooseFolder);
  connect(data_dir_, &QLineEdit::textChanged, this, &RunSetupPanel::updateValidation);
  connect(model_, &QComboBox::activated, this, &RunSetupPanel::onModelChosen);
  connect(model_, &QComboBox::currentIndexChanged, this, &RunSetupPanel::updateApplicable);
  connect(model_, &QComboBox::currentIndexChanged, this, &RunSetupPanel::updateValidation);
  onDatasetChanged();
}

QString RunSetupPanel::labelFor(const std::string& key) const {
  if (key == "nodes") return tr("Nodes N");
  if (key == "node_dim") return tr("Node dims N'");
  if (key == "batch") return tr("Batch");
  if (key == "epochs") return tr("Epochs");
  if (key == "lr") return tr("Learning rate");
  if (key == "tau") return tr("τ start");
  if (key == "tau_min") return tr("τ minimum");
  if (key == "tau_decay") return tr("τ decay / epoch");
  if (key == "beta") return tr("β");
  if (key == "warmup_epochs") return tr("KL warm-up");
  if (key == "seed") return tr("Seed");
  if (key == "threads") return tr("Threads");
  if (key == "strokes_count") return tr("Sequences");
  if (key == "max_steps") return tr("Max steps");
  if (key == "labels") return tr("Labels");
  if (key == "gcn_hidden") return tr("GCN width");
  return QString::fromStdString(key);  // a new row shows its key until it gets a label here
}

double RunSetupPanel::fieldValue(const Field& f) const {
  if (auto* b = qobject_cast<QSpinBox*>(f.box)) return b->value();
  return static_cast<QDoubleSpinBox*>(f.box)->value();
}

void RunSetupPanel::setFieldValue(const Field& f, const std::string& text) {
  const double v = QString::fromStdString(text).toDouble();
  if (auto* b = qobject_cast<QSpinBox*>(f.box))
    b->setValue(static_cast<int>(std::clamp<double>(v, b->minimum(), b->maximum())));
  else
    static_cast<QDoubleSpinBox*>(f.box)->setValue(v);
}

void RunSetupPanel::updateApplicable() {
  RunConfig probe;
  probe.model = model_->currentText().toStdString();
  probe.dataset = dataset_->currentData().toString().toStdString();
  for (const Field& f : fields_) {
    const bool applies = f.option->appliesTo(probe);
    f.box->setEnabled(applies && editable_);
    f.box->setToolTip(
        QString::fromStdString(f.option->flag() + ": " + f.option->help +
                               (applies ? "" : " (" + scopeText(f.option->scope) + ")")));
  }
}

bool RunSetupPanel::needsFolder() const {
  const QString d = dataset_->currentData().toString();
  return d != QLatin1String("sprites") && d != QLatin1String("strokes") &&
         d != QLatin1String("sbm");
}

void RunSetupPanel::setOption(const std::string& key, const std::string& value) {
  if (key == "dataset") {
    dataset_->setCurrentIndex(dataset_->findData(QString::fromStdString(value)));
    return;
  }
  const RunOption* o = findOptionByKey(key);
  if (!o) return;
  for (const Field& f : fields_)
    if (f.option == o) return setFieldValue(f, value);
  o->set(base_, value);
}

void RunSetupPanel::onModelChosen() {
  const std::string model = model_->currentText().toStdString();
  const ModelInfo* now = findModel(model);
  const ModelInfo* before = findModel(model_shown_);
  model_shown_ = model;
  if (!now) return;
  const RunConfig defaults;
  const auto sets = [](const ModelInfo* m, const std::string& key) {
    for (const auto& kv : m->defaults)
      if (kv.first == key) return true;
    return false;
  };
  if (before && before != now)
    for (const auto& kv : before->defaults)
      if (!sets(now, kv.first)) setOption(kv.first, findOptionByKey(kv.first)->get(defaults));
  for (const auto& [key, value] : now->defaults) setOption(key, value);
  const std::string dataset = dataset_->currentData().toString().toStdString();
  const DataKind kind = isGraphDataset(dataset)    ? DataKind::kGraph
                        : isStrokeDataset(dataset) ? DataKind::kStrokes
                                                   : DataKind::kImages;
  if (kind != now->data) setOption("dataset", defaultDataset(model));
}

void RunSetupPanel::onDatasetChanged() {
  folder_row_->setEnabled(needsFolder() && editable_);
  updateApplicable();
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
    } else if (dataset == QLatin1String("cora") || dataset == QLatin1String("citeseer")) {
      files << dataset + QStringLiteral(".content") << dataset + QStringLiteral(".cites");
    } else if (dataset == QLatin1String("omniglot-strokes")) {
      for (const char* split : {"train", "valid", "test"})
        for (const char* part : {"strokes", "offsets"})
          files << QStringLiteral("omniglot_%1_%2.npy")
                       .arg(QLatin1String(split), QLatin1String(part));
    }
    const bool graph = isGraphDataset(dataset.toStdString());  // read as plain text only
    for (const QString& name : files)
      if (!QDir(dir).exists(name) && (graph || !QDir(dir).exists(name + QStringLiteral(".gz"))))
        return graph ? tr("%1: lacks %2").arg(dir, name)
                     : tr("%1: lacks %2 (or %2.gz)").arg(dir, name);
  }
  const RunConfig c = config();
  if (c.tau_min > c.tau) return tr("τ minimum must not exceed τ start.");
  Status st = c.validate();
  if (st) st = c.checkApplicable();
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
  // A loaded run's stroke scale belongs to its dataset only (the length is a field).
  if (dataset_->currentData().toString().toStdString() != base_.dataset) c.stroke_scale = 0;
  c.model = model_->currentText().toStdString();
  c.dataset = dataset_->currentData().toString().toStdString();
  c.data_dir = data_dir_->text().toStdString();
  for (const Field& f : fields_)
    f.option->set(c, QString::number(fieldValue(f), 'g', 17).toStdString());
  c.device = device_->currentData().toString().toStdString();
  c = c.withApplicableOnly();  // a disabled field keeps no value of another model
  return c;
}

void RunSetupPanel::setConfig(const RunConfig& c) {
  base_ = c;
  model_shown_ = c.model;
  model_->setCurrentText(QString::fromStdString(c.model));
  dataset_->setCurrentIndex(dataset_->findData(QString::fromStdString(c.dataset)));
  data_dir_->setText(QString::fromStdString(c.data_dir));
  for (const Field& f : fields_) setFieldValue(f, f.option->get(c));
  const int d = device_->findData(QString::fromStdString(c.device));
  device_->setCurrentIndex(d >= 0 ? d : 0);
  updateValidation();
}

void RunSetupPanel::saveSettings() const {
  QSettings settings;
  settings.remove(QStringLiteral("setup"));  // no key of an older version lingers
  settings.beginGroup(QStringLiteral("setup"));
  for (const auto& [key, value] : config().toKeyValues())
    settings.setValue(QString::fromStdString(key), QString::fromStdString(value));
}

void RunSetupPanel::restoreSettings() {
  QSettings settings;
  settings.beginGroup(QStringLiteral("setup"));
  std::vector<std::pair<std::string, std::string>> kv;
  for (const QString& key : settings.childKeys())
    kv.emplace_back(key.toStdString(), settings.value(key).toString().toStdString());
  RunConfig c;
  if (kv.empty() || !RunConfig::fromKeyValues(kv, &c) || !c.validate()) c = RunConfig();
  setConfig(c);
}

void RunSetupPanel::setEditable(bool editable) {
  editable_ = editable;
  for (QWidget* w : findChildren<QWidget*>()) {
    if (w != error_) w->setEnabled(editable);
  }
  if (editable) onDatasetChanged();
}

}  // namespace gvae
