// Analysis docks: requests out, ready images and statistics in (never computed here).
#include "app/studio/analysis_panels.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QResizeEvent>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>
#include <algorithm>

#include "widgets/heatmap_view.h"
#include "widgets/image_grid_view.h"
#include "widgets/scatter_view.h"
#include "widgets/spectrum_view.h"

namespace gvae {
namespace {

QString unitName(int u, int node_dim) {
  if (node_dim <= 1) return QStringLiteral("z%1").arg(u + 1);
  return QStringLiteral("z%1.%2").arg(u / node_dim + 1).arg(u % node_dim + 1);
}

// A decoded grid: pen strokes as vector paths, images as they are.
void showResult(ImageGridView* view, const GridResult& r, const QStringList& col_labels,
                const QString& title) {
  if (!r.note.isEmpty())
    view->clear(r.note);
  else if (r.strokes)
    view->setStrokes(r.strokes, r.row_labels, col_labels, title);
  else
    view->setGrid(r.image, r.rows, r.cols, r.row_labels, col_labels, title);
}

// A "Cell size" chooser for `views`: Fit (the largest whole magnification that fits) or a fixed
// one, the grids then scrolling; Ctrl + wheel over a grid steps it and the chooser follows.
QComboBox* cellSizeChooser(const std::vector<ImageGridView*>& views) {
  auto* combo = new QComboBox;
  combo->setObjectName(QStringLiteral("cellSize"));
  combo->setToolTip(
      ImageGridView::tr("Screen pixels per image pixel; Ctrl + wheel over a grid "
                        "zooms it"));
  combo->addItem(ImageGridView::tr("Fit"), 0);
  for (int m : {1, 2, 3, 4, 6, 8, 12, 16}) combo->addItem(QStringLiteral("%1×").arg(m), m);
  QObject::connect(combo, &QComboBox::currentIndexChanged, combo, [combo, views] {
    for (ImageGridView* v : views) v->setMagnification(combo->currentData().toInt());
  });
  for (ImageGridView* v : views)
    QObject::connect(v, &ImageGridView::magnificationChanged, combo, [combo](int m) {
      int index = combo->findData(m);
      if (index < 0) {
        combo->addItem(QStringLiteral("%1×").arg(m), m);
        index = combo->count() - 1;
      }
      combo->setCurrentIndex(index);
    });
  return combo;
}

// `view` in a scroll area that gives it the viewport's size when fitting and scrolls a larger
// fixed magnification.
QScrollArea* scrolled(QWidget* view) {
  auto* scroll = new QScrollArea;
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setWidget(view);
  return scroll;
}

}  // namespace

LatentPanel::LatentPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  split_ = new QSplitter(Qt::Horizontal);
  auto* split = split_;
  heatmap_ = new HeatmapView;
  scatter_ = new ScatterView;
  spectrum_ = new SpectrumView;
  auto* right = new QSplitter(Qt::Vertical);
  right->addWidget(scatter_);
  right->addWidget(spectrum_);
  split->addWidget(heatmap_);
  split->addWidget(right);
  // Explicit least sizes, below the plots' own (axes, legend) but readable: the dock's least
  // height then leaves the curves above it room on a 768-pixel screen.
  heatmap_->setMinimumSize(200, 200);
  scatter_->setMinimumSize(200, 100);
  spectrum_->setMinimumSize(200, 140);
  // The square matrix takes the panel's height in width, the plots the rest (resizeEvent),
  // until the user drags the handle.
  connect(split, &QSplitter::splitterMoved, this, [this] { user_split_ = true; });
  layout->addWidget(split);
  connect(heatmap_, &HeatmapView::cellClicked, this, &LatentPanel::showPair);
}

void LatentPanel::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  if (user_split_) return;
  const int total = split_->width() - split_->handleWidth();
  // The heatmap's title and colour scale need about 60 pixels of height and 110 of width, and
  // the whole title more where the matrix is small (a German title was cut at both ends).
  const int wanted = std::max(split_->height() - 60 + 110, heatmap_->minimumSizeHint().width());
  const int matrix =
      std::clamp(wanted, heatmap_->minimumWidth(), std::max(heatmap_->minimumWidth(), total - 200));
  split_->setSizes({matrix, total - matrix});
}

void LatentPanel::setAnalysis(std::shared_ptr<const LatentAnalysis> a) {
  analysis_ = std::move(a);
  if (!analysis_) return;
  const auto& st = analysis_->stats;
  heatmap_->setCorrelation(static_cast<int>(analysis_->dims), st.mean_correlation,
                           static_cast<int>(analysis_->node_dim));
  spectrum_->setStatistics(st.pca_eigenvalues, st.unit_variance, static_cast<int>(st.active_units));
  if (pair_a_ >= analysis_->dims || pair_b_ >= analysis_->dims) pair_a_ = pair_b_ = 0;
  showPair(pair_a_, pair_b_);
}

void LatentPanel::clear() {
  analysis_.reset();
  scatter_->clear();
  spectrum_->clear();
}

void LatentPanel::showPair(int a, int b) {
  pair_a_ = a;
  pair_b_ = b;
  if (!analysis_ || a >= analysis_->dims || b >= analysis_->dims) return;
  std::vector<float> x(analysis_->n), y(analysis_->n);
  for (int64_t i = 0; i < analysis_->n; ++i) {
    x[i] = analysis_->means[i * analysis_->dims + a];
    y[i] = analysis_->means[i * analysis_->dims + b];
  }
  const int nd = static_cast<int>(analysis_->node_dim);
  QStringList names;  // coloured by class where the data has classes
  if (analysis_->labels.size() == x.size())
    for (const std::string& name : analysis_->class_names)  // marked in run_config.h
      names.push_back(QCoreApplication::translate("DatasetClasses", name.c_str()));
  scatter_->setPoints(unitName(a, nd), unitName(b, nd), x, y, analysis_->labels, names);
}

TraversalPanel::TraversalPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QHBoxLayout(this);
  auto* controls = new QFormLayout;
  node_ = new QSpinBox;
  node_->setRange(1, 1);
  node_->setPrefix(QStringLiteral("z"));
  dim_ = new QComboBox;
  range_ = new QDoubleSpinBox;
  range_->setRange(0.1, 10);
  range_->setValue(3);
  range_->setSingleStep(0.5);
  range_->setSuffix(tr(" σ"));
  range_->setToolTip(tr("The unit sweeps from -range to +range in prior standard deviations"));
  steps_ = new QSpinBox;
  steps_->setRange(2, 25);
  steps_->setValue(9);
  base_ = new QComboBox;
  base_->addItem(tr("posterior mean of an input"));
  base_->addItem(tr("a draw from the prior"));
  input_ = new QSpinBox;
  input_->setRange(0, 0);
  input_->setToolTip(tr("Index of the validation image whose posterior mean fixes the others"));
  input_view_ = new ImageGridView;
  input_view_->setFigureName(QStringLiteral("traversal_input"));
  input_view_->setMinimumSize(64, 64);
  controls->addRow(tr("Node"), node_);
  controls->addRow(tr("Dimension"), dim_);
  controls->addRow(tr("Range"), range_);
  controls->addRow(tr("Steps"), steps_);
  controls->addRow(tr("Others at"), base_);
  controls->addRow(tr("Input image"), input_);
  grid_ = new ImageGridView;
  grid_->setFigureName(QStringLiteral("traversal"));
  controls->addRow(tr("Cell size"), cellSizeChooser({grid_}));
  controls->addRow(input_view_);
  layout->addLayout(controls);
  // At a chosen cell size many rows (16 dimensions) scroll.
  layout->addWidget(scrolled(grid_), 1);
  setModelShape(1, 1, 1);

  connect(node_, &QSpinBox::valueChanged, this, &TraversalPanel::onChanged);
  connect(dim_, &QComboBox::currentIndexChanged, this, &TraversalPanel::onChanged);
  connect(range_, &QDoubleSpinBox::valueChanged, this, &TraversalPanel::onChanged);
  connect(steps_, &QSpinBox::valueChanged, this, &TraversalPanel::onChanged);
  connect(base_, &QComboBox::currentIndexChanged, this, [this] {
    input_->setEnabled(base_->currentIndex() == 0);
    onChanged();
  });
  connect(input_, &QSpinBox::valueChanged, this, [this](int i) {
    Q_EMIT inputRequested(i);
    onChanged();
  });
}

void TraversalPanel::setModelShape(int nodes, int node_dim, qint64 images) {
  QSignalBlocker b1(node_), b2(dim_), b3(input_);
  node_->setRange(1, std::max(1, nodes));
  const int keep = dim_->currentIndex();
  dim_->clear();
  dim_->addItem(tr("all (one row each)"));
  for (int d = 1; d <= node_dim; ++d) dim_->addItem(QString::number(d));
  dim_->setCurrentIndex(keep >= 0 && keep < dim_->count() ? keep : 0);
  input_->setRange(0, static_cast<int>(std::max<qint64>(0, images - 1)));
}

TraversalRequest TraversalPanel::request() const {
  TraversalRequest r;
  r.node = node_->value();
  r.dim = std::max(0, dim_->currentIndex());
  r.range = range_->value();
  r.steps = steps_->value();
  r.input_index = base_->currentIndex() == 0 ? input_->value() : -1;
  return r;
}

void TraversalPanel::setRequest(const TraversalRequest& r) {
  node_->setValue(r.node);
  dim_->setCurrentIndex(r.dim);
  range_->setValue(r.range);
  steps_->setValue(r.steps);
  base_->setCurrentIndex(r.input_index >= 0 ? 0 : 1);
  if (r.input_index >= 0) input_->setValue(static_cast<int>(r.input_index));
}

void TraversalPanel::onChanged() { Q_EMIT traversalRequested(request()); }

void TraversalPanel::showGrid(const GridResult& r) {
  showResult(grid_, r, r.col_labels, tr("Traversal of z%1").arg(node_->value()));
}

void TraversalPanel::showInput(const GridResult& r) { showResult(input_view_, r, {}, {}); }

SamplesPanel::SamplesPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* buttons = new QHBoxLayout;
  auto* resample = new QPushButton(tr("New samples"));
  auto* next = new QPushButton(tr("Other inputs"));
  samples_ = new ImageGridView;
  samples_->setFigureName(QStringLiteral("samples"));
  reconstructions_ = new ImageGridView;
  reconstructions_->setFigureName(QStringLiteral("reconstructions"));
  buttons->addWidget(resample);
  buttons->addWidget(next);
  buttons->addSpacing(12);
  buttons->addWidget(new QLabel(tr("Cell size:")));
  buttons->addWidget(cellSizeChooser({samples_, reconstructions_}));
  buttons->addStretch();
  layout->addLayout(buttons);
  auto* split = new QSplitter(Qt::Horizontal);
  split->addWidget(scrolled(samples_));
  split->addWidget(scrolled(reconstructions_));
  layout->addWidget(split, 1);
  connect(resample, &QPushButton::clicked, this, [this] {
    ++seed_;
    Q_EMIT samplesRequested(8, 8, seed_);
  });
  connect(next, &QPushButton::clicked, this, [this] {
    first_ += 32;
    Q_EMIT reconstructionsRequested(8, 4, first_);
  });
}

void SamplesPanel::showGrid(const GridResult& r) {
  if (r.kind == QLatin1String("samples")) {
    showResult(samples_, r, {},
               r.queries ? tr("Images from attribute queries (· not given)")
                         : tr("Samples from the prior"));
  } else if (r.kind == QLatin1String("reconstructions")) {
    QStringList labels;
    // Short enough for a 28-pixel cell ("input" / "recon." were cut to "i…" / "r…").
    for (int c = 0; c < r.cols; ++c) labels << (c % 2 == 0 ? tr("in") : tr("rec"));
    showResult(reconstructions_, r, labels, tr("Inputs (in) and reconstructions (rec)"));
  }
}

}  // namespace gvae
