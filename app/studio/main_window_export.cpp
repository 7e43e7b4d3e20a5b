// MainWindow: figure, metrics and DAG export (interactive and headless).
#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QEventLoop>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QSaveFile>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QTimer>

#include "app/studio/analysis_panels.h"
#include "app/studio/disentanglement_panel.h"
#include "app/studio/main_window.h"
#include "app/studio/structure_panel.h"
#include "app/studio/sweep_panel.h"
#include "core/io/metrics_csv.h"
#include "widgets/ablation_plot.h"
#include "widgets/curve_plot.h"
#include "widgets/dag_panel.h"
#include "widgets/dag_view.h"
#include "widgets/figure_export.h"
#include "widgets/gate_matrix_view.h"
#include "widgets/gate_plot.h"
#include "widgets/heatmap_view.h"
#include "widgets/image_grid_view.h"
#include "widgets/node_kl_bars.h"
#include "widgets/roc_view.h"
#include "widgets/scatter_view.h"
#include "widgets/spectrum_view.h"
#include "widgets/structure_view.h"
#include "widgets/value_grid.h"

namespace gvae {
namespace {

/// Adds OK / Cancel below `form` and runs `dialog`; true when accepted.
bool runWithOkCancel(QDialog* dialog, QFormLayout* form) {
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  form->addRow(buttons);
  QObject::connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
  QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
  return dialog->exec() == QDialog::Accepted;
}

Status writeText(const QString& path, const QByteArray& text) {
  QSaveFile f(path);  // written under a temporary name, renamed when complete
  if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size() || !f.commit())
    return Status::Error(path.toStdString() + ": cannot write: " + f.errorString().toStdString());
  return Status::Ok();
}

}  // namespace

std::vector<Figure*> MainWindow::figures() const {
  std::vector<Figure*> out{curves_,
                           node_kl_,
                           gates_,
                           dag_->view(),
                           dag_->matrix(),
                           latents_->heatmap(),
                           latents_->scatter(),
                           latents_->spectrum(),
                           samples_->samples(),
                           samples_->reconstructions(),
                           traversal_->grid(),
                           structure_->grid(),
                           disentanglement_->grid()};
  if (roc_->pointCount() > 0) out.push_back(roc_);                     // a graph model's
  if (sweep_->plot()->lineCount() > 0) out.push_back(sweep_->plot());  // a sweep is open
  return out;
}

QString MainWindow::runLabel() const {
  return run_path_.isEmpty() ? QStringLiteral("run") : QFileInfo(run_path_).completeBaseName();
}

bool MainWindow::analysisComplete() const {
  if (loading_) return false;
  if (!checkpoint_) return true;  // nothing to decode
  return analysis_failed_ || (got_samples_ && got_recon_ && got_traversal_ && got_latents_);
}

bool MainWindow::waitForAnalysis(int timeout_ms) {
  // Wakes on each shown result or the deadline, never on a sleeping poll.
  QEventLoop loop;
  connect(this, &MainWindow::analysisUpdated, &loop, [this, &loop] {
    if (analysisComplete()) loop.quit();
  });
  QTimer::singleShot(timeout_ms, &loop, &QEventLoop::quit);
  if (!analysisComplete()) loop.exec();
  QCoreApplication::processEvents();
  return analysisComplete();
}

Status MainWindow::exportAllFigures(const QString& dir, const ExportOptions& options) {
  if (!QDir().mkpath(dir)) return Status::Error(dir.toStdString() + ": cannot create the folder");
  Status st =
      exportFigures(figures(), dir,
                    {QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf")}, options);
  std::string errors = st ? std::string() : st.message;
  for (const auto& [name, text] :
       {std::pair{QStringLiteral("metrics.csv"), epochMetricsCsv(record_)},
        std::pair{QStringLiteral("steps.csv"), stepMetricsCsv(record_)}}) {
    Status csv = writeText(QDir(dir).filePath(name), QByteArray::fromStdString(text));
    if (!csv) errors += (errors.empty() ? "" : "; ") + csv.message;
  }
  Status dot =
      writeText(QDir(dir).filePath(QStringLiteral("dag.dot")), dag_->view()->toDot().toUtf8());
  if (!dot) errors += (errors.empty() ? "" : "; ") + dot.message;
  return errors.empty() ? Status::Ok() : Status::Error(errors);
}

void MainWindow::onExportFigure() {
  QDialog dialog(this);
  dialog.setWindowTitle(tr("Export figure"));
  auto* form = new QFormLayout(&dialog);
  auto* which = new QComboBox;
  const auto figs = figures();
  for (Figure* f : figs) which->addItem(f->figureName());
  auto* width = new QSpinBox;
  auto* height = new QSpinBox;
  auto* dpi = new QSpinBox;
  width->setRange(100, 10000);
  height->setRange(100, 10000);
  dpi->setRange(48, 1200);
  dpi->setValue(300);
  dpi->setToolTip(tr("Resolution of PNG exports; SVG and PDF are vector"));
  auto sync = [&] {
    const QSize s = figs[which->currentIndex()]->figureSize();
    width->setValue(s.width());
    height->setValue(s.height());
  };
  sync();
  connect(which, &QComboBox::currentIndexChanged, &dialog, sync);
  form->addRow(tr("Figure"), which);
  form->addRow(tr("Width (px at 96 dpi)"), width);
  form->addRow(tr("Height (px at 96 dpi)"), height);
  form->addRow(tr("PNG resolution (dpi)"), dpi);
  if (!runWithOkCancel(&dialog, form)) return;
  Figure* fig = figs[which->currentIndex()];
  const QString path = QFileDialog::getSaveFileName(
      this, tr("Export figure"),
      runLabel() + QLatin1Char('-') + fig->figureName() + QStringLiteral(".png"),
      tr("PNG image (*.png);;SVG vector image (*.svg);;PDF document (*.pdf)"));
  if (path.isEmpty()) return;
  ExportOptions options;
  options.size = QSize(width->value(), height->value());
  options.dpi = dpi->value();
  Status st = exportFigure(*fig, path, options);
  if (!st)
    showError(tr("Export failed"), QString::fromStdString(st.message));
  else
    statusBar()->showMessage(tr("Exported %1").arg(path));
}

bool MainWindow::chooseExportAllOptions(ExportOptions* options) {
  QDialog dialog(this);
  dialog.setObjectName(QStringLiteral("exportAllDialog"));
  dialog.setWindowTitle(tr("Export all figures"));
  auto* form = new QFormLayout(&dialog);
  auto* same = new QCheckBox(tr("Every PNG at one size"));
  same->setObjectName(QStringLiteral("sameSize"));
  same->setToolTip(tr("Off: each view at its size on screen"));
  auto* width = new QSpinBox;
  auto* height = new QSpinBox;
  auto* dpi = new QSpinBox;
  width->setObjectName(QStringLiteral("pngWidth"));
  height->setObjectName(QStringLiteral("pngHeight"));
  dpi->setObjectName(QStringLiteral("pngDpi"));
  width->setRange(16, 20000);
  height->setRange(16, 20000);
  dpi->setRange(24, 2400);
  QSettings settings;
  same->setChecked(settings.value(QStringLiteral("export/sameSize"), true).toBool());
  width->setValue(settings.value(QStringLiteral("export/width"), 1600).toInt());
  height->setValue(settings.value(QStringLiteral("export/height"), 1000).toInt());
  dpi->setValue(settings.value(QStringLiteral("export/dpi"), 200).toInt());
  dpi->setToolTip(tr("Resolution of PNG exports (text grows with it); SVG and PDF are vector"));
  connect(same, &QCheckBox::toggled, width, &QWidget::setEnabled);
  connect(same, &QCheckBox::toggled, height, &QWidget::setEnabled);
  width->setEnabled(same->isChecked());
  height->setEnabled(same->isChecked());
  form->addRow(same);
  form->addRow(tr("PNG width (pixels)"), width);
  form->addRow(tr("PNG height (pixels)"), height);
  form->addRow(tr("PNG resolution (dpi)"), dpi);
  if (!runWithOkCancel(&dialog, form)) return false;
  settings.setValue(QStringLiteral("export/sameSize"), same->isChecked());
  settings.setValue(QStringLiteral("export/width"), width->value());
  settings.setValue(QStringLiteral("export/height"), height->value());
  settings.setValue(QStringLiteral("export/dpi"), dpi->value());
  *options = ExportOptions();
  options->dpi = dpi->value();
  if (same->isChecked()) options->pixels = QSize(width->value(), height->value());
  return true;
}

void MainWindow::onExportAll() {
  ExportOptions options;
  if (!chooseExportAllOptions(&options)) return;
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Export all figures into"));
  if (dir.isEmpty()) return;
  Status st = exportAllFigures(dir, options);
  if (!st)
    showError(tr("Export failed"), QString::fromStdString(st.message));
  else
    statusBar()->showMessage(
        tr("Exported every figure, metrics.csv, steps.csv and dag.dot to %1").arg(dir));
}

void MainWindow::onExportMetrics() {
  const QString path = QFileDialog::getSaveFileName(
      this, tr("Export metrics"), runLabel() + QStringLiteral("-metrics.csv"), tr("CSV (*.csv)"));
  if (path.isEmpty()) return;
  Status st = writeText(path, QByteArray::fromStdString(epochMetricsCsv(record_)));
  if (!st) showError(tr("Export failed"), QString::fromStdString(st.message));
}

void MainWindow::onExportDot() {
  const QString path = QFileDialog::getSaveFileName(
      this, tr("Export the DAG"), runLabel() + QStringLiteral("-dag.dot"), tr("Graphviz (*.dot)"));
  if (path.isEmpty()) return;
  Status st = writeText(path, dag_->view()->toDot().toUtf8());
  if (!st) showError(tr("Export failed"), QString::fromStdString(st.message));
}

}  // namespace gvae
