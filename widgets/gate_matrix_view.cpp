// GateMatrixView: μ of every gate as a colour map with values, targets by sources.
#include "widgets/gate_matrix_view.h"

#include <qcustomplot.h>

#include <QMouseEvent>
#include <QToolTip>
#include <QVBoxLayout>
#include <cmath>

#include "widgets/figure_export.h"
#include "widgets/matrix_plot.h"

namespace gvae {
namespace {

constexpr QSize kGateMatrixFigureSize(640, 360);
constexpr int kMinTextCell = 26;  // pixels: smaller cells show colour only

QString node(int i) { return QStringLiteral("z%1").arg(i); }

}  // namespace

GateMatrixView::GateMatrixView(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(plot_);
  plot_->setMouseTracking(true);
  // Small least size: the plot's own (tick labels of ten columns) widened the DAG dock past a
  // 1366-pixel screen.
  plot_->setMinimumSize(160, 120);
  map_ = setUpMatrixPlot(plot_);  // z1 on top
  plot_->xAxis->setLabel(tr("source"));
  plot_->yAxis->setLabel(tr("target"));
  QCPColorGradient gradient;
  gradient.clearColorStops();
  gradient.setColorStopAt(0.0, QColor(255, 255, 255));
  gradient.setColorStopAt(1.0, QColor(8, 48, 107));
  gradient.setNanHandling(QCPColorGradient::nhNanColor);
  gradient.setNanColor(QColor(215, 215, 215));
  map_->setGradient(gradient);
  map_->setDataRange(QCPRange(0, 1));
  plot_->plotLayout()->insertRow(0);
  QFont bold = font();
  bold.setBold(true);
  title_ = new QCPTextElement(plot_, tr("Gate means μ (* frozen; grey: no gate)"), bold);
  plot_->plotLayout()->addElement(0, 0, title_);
  connect(plot_, &QCustomPlot::mouseMove, this, &GateMatrixView::onMouseMove);
  // Values go into the cells once they are large enough to hold them.
  connect(plot_, &QCustomPlot::afterLayout, this, [this] {
    const double cell = std::min(plot_->axisRect()->width() / std::max(1.0, double(columns())),
                                 plot_->axisRect()->height() / std::max(1.0, double(rows())));
    for (int i = 0; i < plot_->itemCount(); ++i) plot_->item(i)->setVisible(cell >= kMinTextCell);
  });
  rebuild();
}

GateMatrixView::~GateMatrixView() = default;

void GateMatrixView::setGraph(int nodes, const std::vector<std::pair<int, int>>& pairs) {
  pairs_ = pairs;
  nodes_ = std::max(0, nodes);
  recurrent_ = false;
  for (const auto& [i, j] : pairs) {
    nodes_ = std::max({nodes_, std::abs(i), j});
    recurrent_ = recurrent_ || i < 0;
  }
  mu_.assign(pairs.size(), std::nan(""));
  frozen_.assign(pairs.size(), -1);
  rebuild();
}

void GateMatrixView::setGates(const std::vector<double>& mu,
                              const std::vector<signed char>& frozen) {
  for (size_t g = 0; g < pairs_.size(); ++g) {
    mu_[g] = g < mu.size() ? mu[g] : std::nan("");
    frozen_[g] = g < frozen.size() ? frozen[g] : -1;
  }
  QCPColorMapData* data = map_->data();
  for (int r = 0; r < rows(); ++r)
    for (int c = 0; c < columns(); ++c) {
      const int g = gateAt(r, c);
      data->setCell(c, r, g >= 0 ? mu_[size_t(g)] : std::nan(""));
    }
  // One text item per gate, in gate order (rebuild() made them).
  for (int g = 0; g < static_cast<int>(pairs_.size()) && g < plot_->itemCount(); ++g) {
    auto* text = static_cast<QCPItemText*>(plot_->item(g));
    const double m = mu_[size_t(g)];
    text->setText(std::isnan(m) ? QString()
                                : locale().toString(m, 'f', 2) +
                                      (frozen_[size_t(g)] >= 0 ? QStringLiteral("*") : QString()));
    text->setColor(m > 0.55 ? Qt::white : Qt::black);
  }
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

int GateMatrixView::gateAt(int row, int column) const {
  if (row < 0 || column < 0 || row >= rows() || column >= columns()) return -1;
  return cell_gate_[size_t(row * columns() + column)];
}

QString GateMatrixView::sourceName(int column) const {
  return column < nodes_ ? node(column + 1) : node(column - nodes_ + 1) + QStringLiteral("(t−1)");
}

QString GateMatrixView::cellText(int row, int column) const {
  const int g = gateAt(row, column);
  if (g < 0) return {};
  const double m = mu_[size_t(g)];
  QString text = QStringLiteral("%1 → %2: ").arg(sourceName(column), node(row + 1));
  text += std::isnan(m) ? tr("μ not known yet") : tr("μ = %1").arg(locale().toString(m, 'f', 3));
  if (frozen_[size_t(g)] == 1) text += tr(" (frozen on)");
  if (frozen_[size_t(g)] == 0) text += tr(" (frozen off)");
  return text;
}

bool GateMatrixView::cellAt(const QPoint& pos, int* row, int* column) const {
  const QPoint p = plot_->mapFrom(this, pos);
  if (rows() == 0 || !plot_->axisRect()->rect().contains(p)) return false;
  const int c = static_cast<int>(std::floor(plot_->xAxis->pixelToCoord(p.x()) + 0.5));
  const int r = static_cast<int>(std::floor(plot_->yAxis->pixelToCoord(p.y()) + 0.5));
  if (r < 0 || c < 0 || r >= rows() || c >= columns()) return false;
  *row = r;
  *column = c;
  return true;
}

QPoint GateMatrixView::cellCenter(int row, int column) const {
  return plot_->mapTo(
      this, QPointF(plot_->xAxis->coordToPixel(column), plot_->yAxis->coordToPixel(row)).toPoint());
}

QSize GateMatrixView::figureSize() const {
  return isVisible() && plot_->width() >= 200 && plot_->height() >= 150 ? plot_->size()
                                                                        : kGateMatrixFigureSize;
}

void GateMatrixView::paintFigure(QPainter* painter, const QRect& rect) {
  paintCustomPlot(plot_, painter, rect);
}

void GateMatrixView::rebuild() {
  plot_->clearItems();
  cell_gate_.assign(size_t(rows() * columns()), -1);
  for (size_t g = 0; g < pairs_.size(); ++g) {
    const auto [i, j] = pairs_[g];
    const int column = i < 0 ? nodes_ + (-i) - 1 : i - 1;
    cell_gate_[size_t((j - 1) * columns() + column)] = static_cast<int>(g);
    auto* text = new QCPItemText(plot_);
    text->position->setCoords(column, j - 1);
    text->setPositionAlignment(Qt::AlignCenter);
    text->setClipToAxisRect(true);
  }
  QMap<double, QString> rows_ticks, column_ticks;
  for (int r = 0; r < rows(); ++r) rows_ticks.insert(r, node(r + 1));
  for (int c = 0; c < columns(); ++c) column_ticks.insert(c, sourceName(c));
  qSharedPointerCast<QCPAxisTickerText>(plot_->yAxis->ticker())->setTicks(rows_ticks);
  qSharedPointerCast<QCPAxisTickerText>(plot_->xAxis->ticker())->setTicks(column_ticks);
  plot_->xAxis->setTickLabelRotation(columns() > 8 ? 45 : 0);
  plot_->xAxis->setRange(-0.5, std::max(1, columns()) - 0.5);
  plot_->yAxis->setRange(-0.5, std::max(1, rows()) - 0.5);
  map_->data()->setSize(std::max(1, columns()), std::max(1, rows()));
  map_->data()->setRange(QCPRange(0, std::max(1, columns()) - 1),
                         QCPRange(0, std::max(1, rows()) - 1));
  map_->data()->fill(std::nan(""));
  map_->setVisible(rows() > 0);
  setGates(mu_, frozen_);
}

void GateMatrixView::onMouseMove(QMouseEvent* event) {
  int r = -1, c = -1;
  const QPoint at = plot_->mapTo(this, event->position().toPoint());
  if (cellAt(at, &r, &c) && gateAt(r, c) >= 0)
    QToolTip::showText(event->globalPosition().toPoint(), cellText(r, c), plot_);
  else
    QToolTip::hideText();
}

}  // namespace gvae
