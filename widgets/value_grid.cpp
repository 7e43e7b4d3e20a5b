// ValueGrid: the grid painted with QPainter (cells, values, labels, caption).
#include "widgets/value_grid.h"

#include <QHelpEvent>
#include <QPaintEvent>
#include <QToolTip>
#include <algorithm>
#include <cmath>

namespace gvae {
namespace {

constexpr double kHeaderH = 22, kTitleH = 20, kCaptionH = 54;

QColor shade(double v) {
  const double t = std::isfinite(v) ? std::clamp(v, 0.0, 1.0) : 0.0;
  return QColor::fromRgbF(1.0 - 0.75 * t, 1.0 - 0.25 * t, 1.0 - 0.75 * t);
}

}  // namespace

ValueGrid::ValueGrid(const QString& figure_name, const QString& empty_text, QWidget* parent)
    : QWidget(parent), figure_name_(figure_name), empty_text_(empty_text) {
  setMinimumSize(220, 160);
}

void ValueGrid::setContent(Content c) {
  const size_t cells = c.rows.size() * c.columns.size();
  if (c.values.size() != cells || (!c.outlined.empty() && c.outlined.size() != cells))
    c = Content{};
  content_ = std::move(c);
  update();
}

void ValueGrid::clearContent() { setContent({}); }

double ValueGrid::valueAt(int row, int column) const {
  if (row < 0 || row >= rowCount() || column < 0 || column >= columnCount()) return std::nan("");
  return content_.values[size_t(row) * size_t(columnCount()) + size_t(column)];
}

bool ValueGrid::outlinedAt(int row, int column) const {
  if (row < 0 || row >= rowCount() || column < 0 || column >= columnCount() ||
      content_.outlined.empty())
    return false;
  return content_.outlined[size_t(row) * size_t(columnCount()) + size_t(column)];
}

QString ValueGrid::cellText(int row, int column) const {
  if (std::isnan(valueAt(row, column))) return {};
  return QStringLiteral("%1 × %2: %3")
      .arg(content_.rows[size_t(row)], content_.columns[size_t(column)])
      .arg(locale().toString(valueAt(row, column), 'f', 2));
}

ValueGrid::Geometry ValueGrid::layOut(const QRectF& rect) const {
  Geometry g;
  const QFontMetricsF fm(font());
  g.label_width = 34;
  for (const QString& r : content_.rows)
    g.label_width = std::max(g.label_width, fm.horizontalAdvance(r) + 8);
  const double w = (rect.width() - g.label_width - 4) / std::max(1, columnCount());
  const double h = (rect.height() - kTitleH - kHeaderH - kCaptionH) / std::max(1, rowCount());
  for (int row = 0; row < rowCount(); ++row)
    for (int col = 0; col < columnCount(); ++col)
      g.cells.emplace_back(rect.left() + g.label_width + col * w,
                           rect.top() + kTitleH + kHeaderH + row * h, w, h);
  g.caption = QRectF(rect.left(), rect.bottom() - kCaptionH, rect.width(), kCaptionH);
  return g;
}

bool ValueGrid::gridCellAt(const QPoint& pos, int* row, int* column) const {
  const Geometry g = layOut(QRectF(rect()));
  for (size_t k = 0; k < g.cells.size(); ++k)
    if (g.cells[k].contains(pos)) {
      *row = int(k) / columnCount();
      *column = int(k) % columnCount();
      return true;
    }
  return false;
}

QSize ValueGrid::figureSize() const {
  return isVisible() && width() > 0 ? size() : QSize(480, 360);
}

QSize ValueGrid::sizeHint() const { return QSize(420, 320); }

void ValueGrid::paintEvent(QPaintEvent*) {
  QPainter p(this);
  paintFigure(&p, rect());
}

bool ValueGrid::event(QEvent* e) {
  if (e->type() == QEvent::ToolTip) {
    const auto* help = static_cast<QHelpEvent*>(e);
    int row = -1, col = -1;
    if (gridCellAt(help->pos(), &row, &col))
      QToolTip::showText(help->globalPos(), cellText(row, col), this);
    else
      QToolTip::hideText();
    return true;
  }
  return QWidget::event(e);
}

void ValueGrid::paintFigure(QPainter* p, const QRect& area) {
  const QRectF rect(area);
  p->save();
  p->setRenderHint(QPainter::Antialiasing);
  p->fillRect(rect, Qt::white);
  p->setFont(font());
  if (content_.rows.empty() || content_.columns.empty()) {
    p->setPen(Qt::gray);
    p->drawText(rect.adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap, empty_text_);
    p->restore();
    return;
  }
  p->setPen(Qt::black);
  p->drawText(QRectF(rect.left(), rect.top(), rect.width(), kTitleH), Qt::AlignCenter,
              content_.title);
  const Geometry g = layOut(rect);
  const QFontMetricsF fm(font());
  const double cell_w = g.cells.front().width(), cell_h = g.cells.front().height();
  // Column labels: every k-th where they would overlap.
  double widest = 0;
  for (const QString& c : content_.columns) widest = std::max(widest, fm.horizontalAdvance(c));
  const int step = std::max(1, static_cast<int>(std::ceil((widest + 6) / cell_w)));
  for (int col = 0; col < columnCount(); col += step) {
    const QRectF& top = g.cells[size_t(col)];
    const double cx = top.center().x();
    p->drawText(QRectF(cx - widest / 2 - 3, rect.top() + kTitleH, widest + 6, kHeaderH),
                Qt::AlignCenter, content_.columns[size_t(col)]);
  }
  const bool values_fit =
      cell_w >= fm.horizontalAdvance(QStringLiteral("0.00")) + 4 && cell_h >= fm.height();
  const int row_step = std::max(1, static_cast<int>(std::ceil(fm.height() * 0.8 / cell_h)));
  for (int row = 0; row < rowCount(); ++row) {
    const QRectF& first = g.cells[size_t(row * columnCount())];
    p->setPen(Qt::black);
    if (row % row_step == 0)
      p->drawText(
          QRectF(rect.left(), first.center().y() - fm.height() / 2, g.label_width - 4, fm.height()),
          Qt::AlignRight | Qt::AlignVCenter, content_.rows[size_t(row)]);
    for (int col = 0; col < columnCount(); ++col) {
      const QRectF& cell = g.cells[size_t(row * columnCount() + col)];
      p->fillRect(cell, shade(valueAt(row, col)));
      if (cell_w >= 6 && cell_h >= 6) {
        p->setPen(QPen(QColor(200, 200, 200), 1));
        p->drawRect(cell);
      }
      if (values_fit) {
        p->setPen(Qt::black);
        p->drawText(cell, Qt::AlignCenter, locale().toString(valueAt(row, col), 'f', 2));
      }
      if (outlinedAt(row, col)) {
        p->setPen(QPen(Qt::black, 2.5));
        p->setBrush(Qt::NoBrush);
        p->drawRect(cell.adjusted(1.5, 1.5, -1.5, -1.5));
      }
    }
  }
  p->setPen(Qt::black);
  p->drawText(g.caption.adjusted(4, 4, -4, 0), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
              content_.caption);
  p->restore();
}

}  // namespace gvae
