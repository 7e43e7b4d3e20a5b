// SweepPanel: a sweep folder's summary and ablation figure, read off the GUI thread.
#include "app/studio/sweep_panel.h"

#include <QDir>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent>
#include <map>

#include "widgets/ablation_plot.h"

namespace gvae {
namespace {

struct Collected {
  Status status;
  std::vector<SweepRow> rows;
  SweepGrid grid;
};

}  // namespace

SweepPanel::SweepPanel(QWidget* parent) : QWidget(parent) {
  auto* open = new QPushButton(tr("Open sweep folder…"));
  refresh_ = new QPushButton(tr("Refresh"));
  refresh_->setEnabled(false);
  path_ =
      new QLabel(tr("No sweep open. A sweep folder is what `graphvae sweep --out-dir` "
                    "writes: its runs also appear in the Runs dock."));
  path_->setWordWrap(true);
  summary_ = new QLabel;
  summary_->setWordWrap(true);
  plot_ = new AblationPlot;
  auto* row = new QHBoxLayout;
  row->addWidget(open);
  row->addWidget(refresh_);
  row->addWidget(path_, 1);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(row);
  layout->addWidget(summary_);
  layout->addWidget(plot_, 1);
  connect(open, &QPushButton::clicked, this, &SweepPanel::chooseFolder);
  connect(refresh_, &QPushButton::clicked, this, [this] { openFolder(folder_); });
}

void SweepPanel::chooseFolder() {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Open sweep folder"), folder_);
  if (!dir.isEmpty()) openFolder(dir);
}

void SweepPanel::openFolder(const QString& dir) {
  const bool changed = dir != folder_;
  folder_ = dir;
  path_->setText(QDir::toNativeSeparators(dir));
  refresh_->setEnabled(true);
  summary_->setText(tr("Reading the sweep…"));
  if (changed) Q_EMIT folderOpened(dir);
  const int generation = ++generation_;
  auto* watcher = new QFutureWatcher<Collected>(this);
  connect(watcher, &QFutureWatcher<Collected>::finished, this, [this, watcher, generation] {
    Collected c = watcher->result();
    watcher->deleteLater();
    if (generation == generation_) show(c.status, std::move(c.rows), c.grid);
  });
  const std::string path = dir.toStdString();
  watcher->setFuture(QtConcurrent::run([path] {
    Collected c;
    c.status = collectSweep(path, &c.rows, &c.grid);
    return c;
  }));
}

void SweepPanel::show(const Status& st, std::vector<SweepRow> rows, const SweepGrid& grid) {
  rows_ = std::move(rows);
  if (!st) {
    summary_->setText(QString::fromStdString(st.message));
    plot_->setSeries({}, tr("log-likelihood"), QString());
    Q_EMIT loaded();
    return;
  }
  std::map<std::string, int> states;
  for (const SweepRow& r : rows_) ++states[r.state];
  QStringList parts;
  for (const auto& [state, count] : states)
    parts << QStringLiteral("%1 %2").arg(count).arg(QString::fromStdString(state));
  std::string metric;
  const auto series = ablationSeries(rows_, &metric);
  summary_->setText(tr("Points of the grid \"%1\": %2. The figure shows the %3 (the mean over "
                       "seeds, bars from the lowest to the highest).")
                        .arg(QString::fromStdString(grid.text), parts.join(QStringLiteral(", ")),
                             QString::fromStdString(metric)));
  plot_->setSeries(series, QString::fromStdString(metric), QDir(folder_).dirName());
  Q_EMIT loaded();
}

}  // namespace gvae
