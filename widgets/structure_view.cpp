// StructureView: the R^2 grid painted with QPainter (cells, values, labels, the verdict).
#include "widgets/structure_view.h"

#include <QPaintEvent>
#include <cmath>

namespace gvae {
namespace {

constexpr double kLabelW = 34, kHeaderH = 22, kTitleH = 20, kVerdictH = 54;

QColor shade(double r2) {
  const double t = std::isfinite(r2) ? std::clamp(r2, 0.0, 1.0) : 0.0;
  return QColor::fromRgbF(1.0 - 0.75 * t, 1.0 - 0.25 * t, 1.0 - 0.75 * t);
}

}  // namespace

StructureView::StructureView(QWidget* parent) : QWidget(parent) { setMinimumSize(220, 160); }

void StructureView::setReport(const StructureReport& r) {
  names_.clear();
  for (const auto& n : r.factor_names) names_.push_back(QString::fromStdString(n));
  r2_ = r.factor_r2;
  node_of_factor_ = r.node_of_factor;
  nodes_ = names_.empty() ? 0 : static_cast<int>(r2_.size() / names_.size());
  verdict_ = QString::fromStdString(r.alignment_verdict);
  update();
}

void StructureView::clear() { setReport({}); }

double StructureView::r2(int row, int column) const {
  if (row < 0 || row >= nodes_ || column < 0 || column >= factors()) return std::nan("");
  return r2_[size_t(row) * names_.size() + size_t(column)];
}

bool StructureView::aligned(int row, int column) const {
  return column >= 0 && column < factors() && size_t(column) < node_of_factor_.size() &&
         node_of_factor_[size_t(column)] == row + 1;
}

std::vector<QRectF> StructureView::cells(const QRectF& rect, QRectF* verdict) const {
  std::vector<QRectF> out;
  const double w = (rect.width() - kLabelW) / std::max(1, factors());
  const double h = (rect.height() - kTitleH - kHeaderH - kVerdictH) / std::max(1, nodes_);
  // z_N on top, as in the DAG.
  for (int row = 0; row < nodes_; ++row)
    for (int col = 0; col < factors(); ++col)
      out.emplace_back(rect.left() + kLabelW + col * w,
                       rect.top() + kTitleH + kHeaderH + (nodes_ - 1 - row) * h, w, h);
  if (verdict) *verdict = QRectF(rect.left(), rect.bottom() - kVerdictH, rect.width(), kVerdictH);
  return out;
}

bool StructureView::cellAt(const QPoint& pos, int* row, int* column) const {
  const auto c = cells(QRectF(rect()), nullptr);
  for (size_t k = 0; k < c.size(); ++k)
    if (c[k].contains(pos)) {
      *row = int(k) / factors();
      *column = int(k) % factors();
      return true;
    }
  return false;
}

QString StructureView::figureName() const { return QStringLiteral("structure"); }

QSize StructureView::figureSize() const {
  return isVisible() && width() > 0 ? size() : QSize(480, 360);
}

QSize StructureView::sizeHint() const { return QSize(420, 320); }

void StructureView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  paintFigure(&p, rect());
}

void StructureView::paintFigure(QPainter* p, const QRect& area) {
  const QRectF rect(area);
  p->save();
  p->setRenderHint(QPainter::Antialiasing);
  p->fillRect(rect, Qt::white);
  QFont f = font();
  p->setFont(f);
  p->setPen(Qt::black);
  if (nodes_ == 0) {
    p->setPen(Qt::gray);
    p->drawText(rect, Qt::AlignCenter | Qt::TextWordWrap,
                tr("No ground truth: the dataset has no known factors, or no structure was "
                   "measured yet"));
    p->restore();
    return;
  }
  p->drawText(QRectF(rect.left(), rect.top(), rect.width(), kTitleH), Qt::AlignCenter,
              tr("R² of each factor from each node (fit: validation, score: test)"));
  QRectF verdict;
  const auto c = cells(rect, &verdict);
  for (int col = 0; col < factors(); ++col) {
    const QRectF& top = c[size_t((nodes_ - 1) * factors() + col)];
    p->drawText(QRectF(top.left(), rect.top() + kTitleH, top.width(), kHeaderH), Qt::AlignCenter,
                names_[size_t(col)]);
  }
  for (int row = 0; row < nodes_; ++row) {
    const QRectF& first = c[size_t(row * factors())];
    p->setPen(Qt::black);
    p->drawText(QRectF(rect.left(), first.top(), kLabelW - 4, first.height()),
                Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("z%1").arg(row + 1));
    for (int col = 0; col < factors(); ++col) {
      const QRectF& cell = c[size_t(row * factors() + col)];
      p->fillRect(cell, shade(r2(row, col)));
      p->setPen(QPen(QColor(200, 200, 200), 1));
      p->drawRect(cell);
      p->setPen(Qt::black);
      p->drawText(cell, Qt::AlignCenter, QString::number(r2(row, col), 'f', 2));
      if (aligned(row, col)) {
        p->setPen(QPen(Qt::black, 2.5));
        p->setBrush(Qt::NoBrush);
        p->drawRect(cell.adjusted(1.5, 1.5, -1.5, -1.5));
      }
    }
  }
  p->setPen(Qt::black);
  p->drawText(verdict.adjusted(4, 4, -4, 0), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
              verdict_);
  p->restore();
}

}  // namespace gvae
