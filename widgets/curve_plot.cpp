// CurvePlot: live ELBO / NLL / KL curves (train, validation, overlays) on a QCustomPlot.
#include "widgets/curve_plot.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QResizeEvent>
#include <QSlider>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "widgets/edge_palette.h"
#include "widgets/figure_export.h"
#include "widgets/legend_fit.h"
#include "widgets/plot_fit.h"

namespace gvae {
namespace {

constexpr int kRawAlpha = 70;           // the unsmoothed train trace stays faint
constexpr double kHoverRadiusPx = 24;   // farther than this from every curve: no tooltip
constexpr int kDragThresholdPx = 3;     // QCustomPlot's own click-versus-drag threshold
constexpr int kOverlayColorOffset = 2;  // tab10 colors after this run's train and validation
constexpr double kMaxSmoothing = 0.99;

/// The legend's labels for overlays named `names`. A sweep's runs are named by their settings
/// ("model=graph,nodes=2,node-dim=16,seed=1"): the settings every overlay shares are dropped, so
/// the legend says what differs and leaves the axes their room; a label is then elided in the
/// middle to `width` pixels.
QStringList overlayLabels(const QStringList& names, const QFontMetrics& metrics, int width) {
  std::vector<QStringList> settings;
  for (const QString& name : names) settings.push_back(name.split(QLatin1Char(',')));
  QStringList labels;
  for (size_t k = 0; k < settings.size(); ++k) {
    QStringList kept;
    for (const QString& s : settings[k]) {
      const bool shared = names.size() > 1 &&
                          std::all_of(settings.begin(), settings.end(),
                                      [&s](const QStringList& other) { return other.contains(s); });
      if (!shared) kept << s;
    }
    const QString label = kept.isEmpty() ? names[int(k)] : kept.join(QLatin1Char(','));
    labels << metrics.elidedText(label, Qt::ElideMiddle, width);
  }
  return labels;
}

}  // namespace

CurvePlot::CurvePlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
  metricCombo_ = new QComboBox(this);
  metricCombo_->setObjectName(QStringLiteral("metricCombo"));
  // Short names: a longer one widens the combo, and with it the Curves dock past a 1366-pixel
  // screen; the y-axis label and the tooltip say them in full.
  metricCombo_->addItems({tr("ELBO"), tr("NLL"), tr("KL"), tr("τ"), tr("lr"), tr("‖∇‖"), tr("KL/z"),
                          tr("AUC"), tr("AP")});
  metricCombo_->setToolTip(
      tr("ELBO, NLL or KL (train and validation), the schedule of the gate temperature τ or "
         "the learning rate (lr), the epoch's mean gradient norm before clipping (‖∇‖), the "
         "validation KL of each latent node (KL/z), or a graph model's link prediction on the "
         "validation edges: ROC AUC or average precision (AP)"));
  xAxisCombo_ = new QComboBox(this);
  xAxisCombo_->setObjectName(QStringLiteral("xAxisCombo"));
  xAxisCombo_->addItems({tr("step"), tr("epoch")});
  smoothingSlider_ = new QSlider(Qt::Horizontal, this);
  smoothingSlider_->setObjectName(QStringLiteral("smoothingSlider"));
  smoothingSlider_->setRange(0, qRound(kMaxSmoothing * 100));
  smoothingSlider_->setValue(qRound(smoothing_ * 100));
  smoothingSlider_->setMinimumWidth(90);  // a slider squeezed to its handle cannot be dragged
  smoothingLabel_ = new QLabel(this);
  smoothingLabel_->setText(locale().toString(smoothing_, 'f', 2));
  logXCheck_ = new QCheckBox(tr("log x"), this);
  logXCheck_->setObjectName(QStringLiteral("logXCheck"));

  auto* controls = new QHBoxLayout;
  controls->addWidget(new QLabel(tr("Metric:"), this));
  controls->addWidget(metricCombo_);
  controls->addSpacing(12);
  controls->addWidget(new QLabel(tr("x axis:"), this));
  controls->addWidget(xAxisCombo_);
  controls->addSpacing(12);
  controls->addWidget(new QLabel(tr("Smoothing:"), this));
  controls->addWidget(smoothingSlider_, 1);
  controls->addWidget(smoothingLabel_);
  controls->addSpacing(12);
  controls->addWidget(logXCheck_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(controls);
  layout->addWidget(plot_, 1);
  // Tall enough to read a curve; the Curves dock's least height follows from it (the layouts
  // give the rest to the analysis tabs, which used to squeeze the plot to a 30-pixel strip).
  plot_->setMinimumHeight(140);

  plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  plot_->setMouseTracking(true);  // hover tooltips need moves without a pressed button
  // The legend in a column right of the axes: inside them it covered the curves' ends, the
  // points a reader looks at. It wraps into columns when the entries outgrow the height.
  plot_->legend->setVisible(true);
  auto* legend_column = new QCPLayoutGrid;
  plot_->plotLayout()->addElement(0, 1, legend_column);
  plot_->plotLayout()->setColumnStretchFactor(1, 0.001);
  legend_column->setMargins(QMargins(0, 4, 4, 0));
  legend_column->addElement(0, 0, plot_->legend);
  legend_column->addElement(1, 0, new QCPLayoutElement(plot_));  // spacer: the legend on top
  legend_column->setRowStretchFactor(0, 0.001);
  plot_->legend->setFillOrder(QCPLayoutGrid::foRowsFirst);
  // Fewer x ticks where the axes are narrow (a small dock, overlays' legend): step labels such
  // as "7000" ran into each other.
  // The y label in full where the axis is long enough, else its brief form: "validation ROC
  // AUC (held-out edges)" was cut at both ends on a 1366 x 768 screen.
  connect(plot_, &QCustomPlot::afterLayout, this, [this] {
    fitAxisLabel(plot_->yAxis, metricLabel(), metricLabel(/*brief=*/true));
    if (spaceTicks(plot_->xAxis, 5)) plot_->replot(QCustomPlot::rpQueuedReplot);
  });

  const QColor trainColor = edgeColor(0);
  QColor faint = trainColor;
  faint.setAlpha(kRawAlpha);
  train_.name = QStringLiteral("train");
  train_.raw = plot_->addGraph();
  train_.raw->setName(tr("train"));
  train_.raw->setPen(QPen(faint, 1));
  train_.raw->removeFromLegend();
  train_.smooth = plot_->addGraph();
  train_.smooth->setName(tr("train"));
  train_.smooth->setPen(QPen(trainColor, 2));
  valid_.name = QStringLiteral("validation");
  valid_.raw = plot_->addGraph();
  valid_.raw->setName(tr("validation"));
  valid_.raw->setPen(QPen(edgeColor(1), 2));
  valid_.raw->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
  emptyText_ = addEmptyNote(plot_, tr("Link prediction is measured for graph models only"));
  setupAxes();
  syncLegend();

  connect(metricCombo_, &QComboBox::currentIndexChanged, this, &CurvePlot::onMetricChanged);
  connect(xAxisCombo_, &QComboBox::currentIndexChanged, this, &CurvePlot::onXAxisChanged);
  connect(smoothingSlider_, &QSlider::valueChanged, this, &CurvePlot::onSmoothingChanged);
  updateSmoothingControl();  // enabled state and tool tip for the start (step axis, ELBO)
  connect(logXCheck_, &QCheckBox::toggled, this, &CurvePlot::onLogXToggled);
  connect(plot_, &QCustomPlot::legendClick, this, &CurvePlot::onLegendClicked);
  connect(plot_, &QCustomPlot::mousePress, this, &CurvePlot::onPlotMousePressed);
  connect(plot_, &QCustomPlot::mouseMove, this, &CurvePlot::onPlotMouseMoved);
  connect(plot_, &QCustomPlot::mouseWheel, this, &CurvePlot::onPlotWheeled);
  connect(plot_, &QCustomPlot::mouseDoubleClick, this, &CurvePlot::onPlotDoubleClicked);
}

void CurvePlot::appendSteps(const std::vector<StepMetrics>& steps) {
  if (steps.empty()) return;
  const size_t from = steps_.size();
  steps_.insert(steps_.end(), steps.begin(), steps.end());
  if (!trainFromEpochs()) appendTrainPoints(from);
  refresh();
}

void CurvePlot::appendEpochs(const std::vector<EpochMetrics>& epochs) {
  if (epochs.empty()) return;
  const size_t from = epochs_.size();
  epochs_.insert(epochs_.end(), epochs.begin(), epochs.end());
  if (trainFromEpochs()) appendTrainPoints(from);
  QVector<double> keys, values;
  validationPoints(epochs, &keys, &values);
  valid_.raw->addData(keys, values);
  if (nodeMetric()) fillNodeKl();
  refresh();
}

void CurvePlot::clear() {
  steps_.clear();
  epochs_.clear();
  train_.raw->data()->clear();
  train_.smooth->data()->clear();
  valid_.raw->data()->clear();
  trainEmaValid_ = false;
  fillNodeKl();
  resetView();
}

void CurvePlot::addOverlay(const QString& runName, const std::vector<EpochMetrics>& epochs) {
  auto it = std::find_if(overlays_.begin(), overlays_.end(),
                         [&](const Series& s) { return s.name == runName; });
  if (it == overlays_.end()) {
    Series overlay;
    overlay.name = runName;
    overlay.raw = plot_->addGraph();
    overlay.raw->setName(runName);
    overlay.raw->setPen(
        QPen(edgeColor(int(overlays_.size()) + kOverlayColorOffset), 1.5, Qt::DashLine));
    overlays_.push_back(overlay);
    it = overlays_.end() - 1;
  }
  it->epochs = epochs;
  fillValidation(*it, it->epochs);
  relabelOverlays();
  fitLegendToHeight();
  refresh();
}

void CurvePlot::relabelOverlays() {
  QStringList names;
  for (const Series& overlay : overlays_) names << overlay.name;
  const QStringList labels =
      overlayLabels(names, QFontMetrics(plot_->legend->font()), std::max(80, plot_->width() / 3));
  for (size_t k = 0; k < overlays_.size(); ++k) overlays_[k].raw->setName(labels[int(k)]);
}

void CurvePlot::clearOverlays() {
  for (const Series& overlay : overlays_) plot_->removeGraph(overlay.raw);
  overlays_.clear();
  refresh();
}

void CurvePlot::setMetric(Metric metric) { metricCombo_->setCurrentIndex(int(metric)); }

void CurvePlot::setXAxis(XAxis axis) { xAxisCombo_->setCurrentIndex(int(axis)); }

void CurvePlot::setSmoothing(double weight) {
  smoothingSlider_->setValue(qRound(std::clamp(weight, 0.0, kMaxSmoothing) * 100));
}

void CurvePlot::setLogX(bool on) { logXCheck_->setChecked(on); }

int CurvePlot::pointCount(const QString& series) const {
  const QCPGraph* graph = rawGraph(series);
  return graph ? graph->dataCount() : -1;
}

QCPGraph* CurvePlot::rawGraph(const QString& series) const {
  const Series* s = findSeries(series);
  return s ? s->raw : nullptr;
}

bool CurvePlot::isSeriesVisible(const QString& series) const {
  const Series* s = findSeries(series);
  return s && !s->hidden;
}

QSize CurvePlot::figureSize() const {
  const QSize size = plot_->size();
  return size.width() >= 200 && size.height() >= 150 ? size : QSize(640, 400);
}

void CurvePlot::paintFigure(QPainter* painter, const QRect& rect) {
  paintCustomPlot(plot_, painter, rect);
}

void CurvePlot::onMetricChanged(int index) {
  metric_ = static_cast<Metric>(std::clamp(index, 0, int(Metric::kAp)));
  train_.smooth->setName(
      metric_ == Metric::kTau || metric_ == Metric::kLearningRate ? tr("schedule") : tr("train"));
  updateSmoothingControl();
  rebuildGraphs();
  resetView();
}

void CurvePlot::onXAxisChanged(int index) {
  xAxis_ = index == 1 ? XAxis::kEpoch : XAxis::kStep;
  updateSmoothingControl();
  rebuildGraphs();
  resetView();
}

void CurvePlot::updateSmoothingControl() {
  // One point per epoch is an average (or a schedule) already: an EMA over epochs only lags.
  const bool live = !trainFromEpochs();
  smoothingSlider_->setEnabled(live);
  smoothingLabel_->setEnabled(live);
  smoothingSlider_->setToolTip(live ? tr("EMA weight of the per-step train curve")
                                    : tr("Per-epoch curves are drawn unsmoothed"));
}

void CurvePlot::onSmoothingChanged(int value) {
  smoothing_ = value / 100.0;
  smoothingLabel_->setText(locale().toString(smoothing_, 'f', 2));
  rebuildSmoothed();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void CurvePlot::onLogXToggled(bool on) {
  logX_ = on;
  setupAxes();
  resetView();
}

void CurvePlot::onLegendClicked(QCPLegend*, QCPAbstractLegendItem* item, QMouseEvent*) {
  auto* plottableItem = qobject_cast<QCPPlottableLegendItem*>(item);
  if (!plottableItem) return;
  for (Series* s : allSeries()) {
    if (legendGraph(*s) != plottableItem->plottable()) continue;
    s->hidden = !s->hidden;
    applyVisibility(*s);
    plot_->replot(QCustomPlot::rpQueuedReplot);
    return;
  }
}

void CurvePlot::onPlotMousePressed(QMouseEvent* event) { pressPos_ = event->position().toPoint(); }

void CurvePlot::onPlotMouseMoved(QMouseEvent* event) {
  const QPointF pos = event->position();
  if (event->buttons() != Qt::NoButton) {
    if ((pos.toPoint() - pressPos_).manhattanLength() > kDragThresholdPx) userMovedView_ = true;
    return;
  }
  const QString text = hoverText(pos);
  if (text.isEmpty())
    QToolTip::hideText();
  else
    QToolTip::showText(event->globalPosition().toPoint(), text, plot_);
}

void CurvePlot::onPlotWheeled(QWheelEvent*) { userMovedView_ = true; }

void CurvePlot::onPlotDoubleClicked(QMouseEvent*) { resetView(); }

QString CurvePlot::hoverText(const QPointF& pos) const {
  double best = kHoverRadiusPx;
  const QCPGraph* bestGraph = nullptr;
  int bestIndex = -1;
  for (const Series* s : allSeries()) {
    if (s->hidden) continue;
    for (const QCPGraph* graph : {s->raw, s->smooth}) {
      if (!graph) continue;
      QVariant details;
      const double distance = graph->selectTest(pos, false, &details);
      const QCPDataSelection selection = details.value<QCPDataSelection>();
      if (distance < 0 || distance >= best || selection.isEmpty()) continue;
      best = distance;
      bestGraph = graph;
      bestIndex = selection.dataRange().begin();
    }
  }
  if (!bestGraph) return {};
  const auto point = bestGraph->data()->at(bestIndex);
  const QString name = bestGraph == train_.smooth && effectiveSmoothing() > 0
                           ? tr("%1 (smoothed)").arg(bestGraph->name())
                           : bestGraph->name();
  return tr("%1\n%2: %3\n%4: %5")
      .arg(name, xLabel(), locale().toString(point->key, 'g', 10), metricCombo_->currentText(),
           locale().toString(point->value, 'g', 8));
}

void CurvePlot::setupAxes() {
  QCPAxis* x = plot_->xAxis;
  x->setLabel(xLabel());
  plot_->yAxis->setLabel(metricLabel());
  if (logX_) {
    x->setScaleType(QCPAxis::stLogarithmic);
    x->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
  } else if (xAxis_ == XAxis::kEpoch) {
    x->setScaleType(QCPAxis::stLinear);
    auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
    ticker->setTickStep(1);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);  // whole epochs only
    x->setTicker(ticker);
  } else {
    x->setScaleType(QCPAxis::stLinear);
    x->setTicker(QSharedPointer<QCPAxisTicker>::create());
  }
}

void CurvePlot::rebuildGraphs() {
  QVector<double> keys, values;
  trainPoints(0, &keys, &values);
  train_.raw->setData(keys, values);
  rebuildSmoothed();
  fillValidation(valid_, epochs_);
  for (Series& overlay : overlays_) fillValidation(overlay, overlay.epochs);
  fillNodeKl();
  setupAxes();
}

void CurvePlot::fillNodeKl() {
  size_t nodes = 0;
  if (nodeMetric())
    for (const EpochMetrics& e : epochs_) nodes = std::max(nodes, e.node_kl.size());
  while (nodeGraphs_.size() > nodes) {
    plot_->removeGraph(nodeGraphs_.back());
    nodeGraphs_.pop_back();
  }
  while (nodeGraphs_.size() < nodes) {
    QCPGraph* g = plot_->addGraph();
    g->setName(QStringLiteral("z%1").arg(nodeGraphs_.size() + 1));
    g->setPen(QPen(edgeColor(int(nodeGraphs_.size())), 1.8));
    nodeGraphs_.push_back(g);
  }
  for (size_t k = 0; k < nodeGraphs_.size(); ++k) {
    QVector<double> keys, values;
    for (const EpochMetrics& e : epochs_) {
      keys.append(epochKey(e));
      values.append(k < e.node_kl.size() ? e.node_kl[k] : qQNaN());
    }
    nodeGraphs_[k]->setData(keys, values);
  }
  syncLegend();
}

void CurvePlot::syncLegend() {
  std::vector<QCPGraph*> wanted;
  for (const Series* s : allSeries())
    if (s->raw->dataCount() > 0) wanted.push_back(legendGraph(*s));
  for (QCPGraph* g : nodeGraphs_) wanted.push_back(g);
  QCPLegend* legend = plot_->legend;
  bool same = legend->itemCount() == int(wanted.size());
  for (int i = 0; same && i < legend->itemCount(); ++i) {
    auto* item = qobject_cast<QCPPlottableLegendItem*>(legend->item(i));
    same = item && item->plottable() == wanted[size_t(i)];
  }
  const bool empty = validationOnlyMetric() && valid_.raw->dataCount() == 0 && !epochs_.empty();
  emptyText_->setVisible(empty);
  legend->setVisible(!wanted.empty());  // an empty legend draws as a stray box
  if (same) return;
  legend->clearItems();
  for (QCPGraph* g : wanted) g->addToLegend();
  for (Series* s : allSeries()) applyVisibility(*s);
  fitLegendToHeight();
}

void CurvePlot::fitLegendToHeight() { fitLegend(plot_->legend, plot_->height() - 8); }

void CurvePlot::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  relabelOverlays();
  fitLegendToHeight();
}

void CurvePlot::rebuildSmoothed() {
  train_.smooth->data()->clear();
  trainEmaValid_ = false;
  QVector<double> keys, values;
  trainPoints(0, &keys, &values);
  appendSmoothed(keys, values);
}

void CurvePlot::appendTrainPoints(size_t from) {
  QVector<double> keys, values;
  trainPoints(from, &keys, &values);
  train_.raw->addData(keys, values);
  appendSmoothed(keys, values);
}

void CurvePlot::trainPoints(size_t from, QVector<double>* keys, QVector<double>* values) const {
  if (nodeMetric()) return;  // the nodes' lines instead (fillNodeKl)
  if (validationOnlyMetric()) return;
  if (!trainFromEpochs()) {
    for (size_t i = from; i < steps_.size(); ++i) {
      keys->append(double(steps_[i].step));
      values->append(pick(steps_[i].elbo, steps_[i].nll, steps_[i].kl));
    }
    return;
  }
  for (size_t i = from; i < epochs_.size(); ++i) {
    const EpochMetrics& e = epochs_[i];
    keys->append(epochKey(e));
    values->append(metric_ == Metric::kTau            ? e.tau
                   : metric_ == Metric::kLearningRate ? e.lr
                   : metric_ == Metric::kGradNorm     ? e.grad_norm
                                                  : pick(e.train_elbo, e.train_nll, e.train_kl));
  }
}

void CurvePlot::appendSmoothed(const QVector<double>& keys, const QVector<double>& values) {
  QVector<double> smoothed(values.size());
  for (int i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {  // a gap, and the EMA carries on past it
      smoothed[i] = values[i];
      continue;
    }
    const double w = effectiveSmoothing();
    trainEma_ = trainEmaValid_ ? w * trainEma_ + (1 - w) * values[i] : values[i];
    trainEmaValid_ = true;
    smoothed[i] = trainEma_;
  }
  train_.smooth->addData(keys, smoothed);
}

void CurvePlot::fillValidation(Series& series, const std::vector<EpochMetrics>& epochs) {
  QVector<double> keys, values;
  validationPoints(epochs, &keys, &values);
  series.raw->setData(keys, values);
}

void CurvePlot::validationPoints(const std::vector<EpochMetrics>& epochs, QVector<double>* keys,
                                 QVector<double>* values) const {
  if (trainOnlyMetric() || nodeMetric()) return;  // no validation counterpart
  for (const EpochMetrics& e : epochs) {
    const double v = metric_ == Metric::kAuc  ? e.valid_auc
                     : metric_ == Metric::kAp ? e.valid_ap
                                              : pick(e.valid_elbo, e.valid_nll, e.valid_kl);
    if (validationOnlyMetric() && std::isnan(v)) continue;  // not a graph model: no points
    keys->append(epochKey(e));
    values->append(v);
  }
}

double CurvePlot::pick(double elbo, double nll, double kl) const {
  return metric_ == Metric::kNll ? nll : metric_ == Metric::kKl ? kl : elbo;
}

double CurvePlot::epochKey(const EpochMetrics& e) const {
  return xAxis_ == XAxis::kEpoch ? double(e.epoch) : double(e.step);
}

QCPGraph* CurvePlot::legendGraph(const Series& series) {
  return series.smooth ? series.smooth : series.raw;
}

void CurvePlot::applyVisibility(Series& series) {
  series.raw->setVisible(!series.hidden);
  if (series.smooth) series.smooth->setVisible(!series.hidden);
  if (QCPPlottableLegendItem* item = plot_->legend->itemWithPlottable(legendGraph(series)))
    item->setTextColor(series.hidden ? QColor(Qt::gray) : QColor(Qt::black));
}

void CurvePlot::refresh() {
  syncLegend();
  if (!userMovedView_) rescale();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void CurvePlot::rescale() {
  const auto all = allSeries();
  if (std::none_of(all.begin(), all.end(),
                   [](const Series* s) { return !s->hidden && s->raw->dataCount() > 0; }))
    return;  // nothing to fit: the margin below would widen the range on every call
  plot_->rescaleAxes(true);
  const QCPRange y = plot_->yAxis->range();
  plot_->yAxis->scaleRange(1.05, y.center());  // keep extreme points off the frame
}

void CurvePlot::resetView() {
  userMovedView_ = false;
  refresh();
}

std::vector<CurvePlot::Series*> CurvePlot::allSeries() {
  std::vector<Series*> all{&train_, &valid_};
  for (Series& overlay : overlays_) all.push_back(&overlay);
  return all;
}

std::vector<const CurvePlot::Series*> CurvePlot::allSeries() const {
  std::vector<const Series*> all{&train_, &valid_};
  for (const Series& overlay : overlays_) all.push_back(&overlay);
  return all;
}

const CurvePlot::Series* CurvePlot::findSeries(const QString& name) const {
  for (const Series* s : allSeries())
    if (s->name == name) return s;
  return nullptr;
}

QString CurvePlot::xLabel() const { return xAxis_ == XAxis::kEpoch ? tr("epoch") : tr("step"); }

QString CurvePlot::metricLabel(bool brief) const {
  switch (metric_) {
    case Metric::kNll:
      return tr("NLL (nats)");
    case Metric::kKl:
      return tr("KL (nats)");
    case Metric::kTau:
      return brief ? tr("τ") : tr("τ (gate temperature)");
    case Metric::kLearningRate:
      return tr("learning rate");
    case Metric::kGradNorm:
      return brief ? tr("gradient norm") : tr("gradient norm before clipping (epoch mean)");
    case Metric::kNodeKl:
      return brief ? tr("KL/z (nats)") : tr("validation KL per node (nats)");
    case Metric::kAuc:
      return brief ? tr("validation AUC") : tr("validation ROC AUC (held-out edges)");
    case Metric::kAp:
      return brief ? tr("validation AP") : tr("validation average precision");
    case Metric::kElbo:
      break;
  }
  return tr("ELBO (nats)");
}

}  // namespace gvae
