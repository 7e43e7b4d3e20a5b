// ImageGridView: decoded images or pen-stroke drawings (samples, reconstructions, traversals) as a
// labelled grid.
#include "widgets/image_grid_view.h"

#include <QFontMetrics>
#include <QPaintEvent>
#include <QPainter>
#include <QTransform>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>
#include <utility>

namespace gvae {
namespace {

constexpr int kGridMargin = 8;  // around the whole figure
constexpr int kGap = 6;         // between labels and image
// Without a screen to match, the image is magnified to about this many pixels, at most 8x.
constexpr int kNaturalExtent = 512;
constexpr int kMaxNaturalScale = 8;
constexpr QSize kEmptySize(320, 240);
// Stroke cells: natural on-screen size and padding, margin inside a cell, pen widths.
constexpr int kStrokeCellNatural = 72;
constexpr int kStrokePadNatural = 2;
constexpr double kStrokeMargin = 0.08;       // of the cell's shorter side
constexpr double kStrokeImagePen = 2.0;      // px in toImage()'s 64 px cells
constexpr double kStrokePenPerCell = 0.028;  // on screen and in figures, of the cell's side
constexpr int kStrokeWidth = 4;              // floats per step: dx, dy, pen, mask

uchar toGray(float v) {
  if (!(v > 0.0f)) return 0;  // also NaN
  if (v >= 1.0f) return 255;
  return static_cast<uchar>(std::lround(v * 255.0f));
}

bool validStrokeGrid(const ImageGrid& grid) {
  return grid.rows > 0 && grid.cols > 0 && grid.height > 0 && grid.width == kStrokeWidth &&
         grid.pixels.size() ==
             static_cast<size_t>(grid.rows) * grid.cols * grid.height * kStrokeWidth;
}

struct StrokePoint {
  QPointF pos;
  bool starts_stroke;  // the pen was lifted before this point
};

// The real points of cell (r, c) in stroke units, y already flipped (pointing down), and their
// bounding box. Caller checked validStrokeGrid() and the cell index.
std::vector<StrokePoint> strokePoints(const ImageGrid& grid, int r, int c, QRectF* bounds) {
  std::vector<StrokePoint> points;
  const float* step =
      grid.pixels.data() + (static_cast<size_t>(r) * grid.cols + c) * grid.height * kStrokeWidth;
  double x = 0.0, y = 0.0;
  double left = 0, right = 0, top = 0, bottom = 0;
  bool lifted = true;  // the first real point starts a stroke
  for (int t = 0; t < grid.height; ++t, step += kStrokeWidth) {
    const float dx = step[0], dy = step[1], pen = step[2], mask = step[3];
    if (!(mask >= 0.5f) || !std::isfinite(dx) || !std::isfinite(dy)) continue;
    x += dx;
    y -= dy;  // y grows upwards in the data, downwards on the screen
    if (points.empty()) {
      left = right = x;
      top = bottom = y;
    }
    points.push_back({QPointF(x, y), lifted});
    lifted = pen >= 0.5f;  // NaN: the pen stays down
    left = std::min(left, x);
    right = std::max(right, x);
    top = std::min(top, y);
    bottom = std::max(bottom, y);
  }
  *bounds = points.empty() ? QRectF() : QRectF(QPointF(left, top), QPointF(right, bottom));
  return points;
}

// Uniform scale and centering of `bounds` into `cell` less the margin.
QTransform fitStrokes(const QRectF& bounds, const QRectF& cell) {
  const double margin = kStrokeMargin * std::min(cell.width(), cell.height());
  const double w = std::max(0.0, cell.width() - 2 * margin);
  const double h = std::max(0.0, cell.height() - 2 * margin);
  // A flat drawing (a horizontal or vertical line) is fitted along its one extent; a single
  // point only gets centered.
  double scale = 1.0;
  if (bounds.width() > 0 && bounds.height() > 0)
    scale = std::min(w / bounds.width(), h / bounds.height());
  else if (bounds.width() > 0)
    scale = w / bounds.width();
  else if (bounds.height() > 0)
    scale = h / bounds.height();
  QTransform t;
  t.translate(cell.center().x(), cell.center().y());
  t.scale(scale, scale);
  t.translate(-bounds.center().x(), -bounds.center().y());
  return t;
}

QImage strokeImage(const ImageGrid& grid, int pad) {
  if (!validStrokeGrid(grid)) return {};
  const int cell = ImageGridView::kStrokeCellPixels;
  QImage image(grid.cols * cell + (grid.cols + 1) * pad, grid.rows * cell + (grid.rows + 1) * pad,
               QImage::Format_RGB32);
  if (image.isNull()) return {};
  const int gray = ImageGridView::kPaddingGray;
  image.fill(QColor(gray, gray, gray));
  QPainter painter(&image);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setPen(QPen(Qt::white, kStrokeImagePen, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
  painter.setBrush(Qt::NoBrush);
  for (int r = 0; r < grid.rows; ++r) {
    for (int c = 0; c < grid.cols; ++c) {
      const QRect box(pad + c * (cell + pad), pad + r * (cell + pad), cell, cell);
      painter.fillRect(box, Qt::black);
      painter.setClipRect(box);
      painter.drawPath(ImageGridView::strokePath(grid, r, c, QRectF(box)));
      painter.setClipping(false);
    }
  }
  painter.end();
  return image.convertToFormat(QImage::Format_Grayscale8);
}

}  // namespace

struct ImageGridView::Geometry {
  QRect title, col_labels, row_labels, image;
  QSize block;  // everything, margins included
};

ImageGridView::ImageGridView(QWidget* parent)
    : QWidget(parent), figure_name_(QStringLiteral("images")) {
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

ImageGridView::~ImageGridView() = default;

QImage ImageGridView::toImage(const ImageGrid& grid, int pad) {
  pad = std::max(0, pad);
  if (grid.strokes) return strokeImage(grid, pad);
  if (grid.rows <= 0 || grid.cols <= 0 || grid.height <= 0 || grid.width <= 0) return {};
  const size_t expected = static_cast<size_t>(grid.rows) * grid.cols * grid.height * grid.width;
  if (grid.pixels.size() != expected) return {};
  const int width = grid.cols * grid.width + (grid.cols + 1) * pad;
  const int height = grid.rows * grid.height + (grid.rows + 1) * pad;
  QImage image(width, height, QImage::Format_Grayscale8);
  if (image.isNull()) return {};
  image.fill(QColor(kPaddingGray, kPaddingGray, kPaddingGray));
  for (int r = 0; r < grid.rows; ++r) {
    for (int c = 0; c < grid.cols; ++c) {
      const int left = pad + c * (grid.width + pad);
      for (int y = 0; y < grid.height; ++y) {
        uchar* line = image.scanLine(pad + r * (grid.height + pad) + y) + left;
        for (int x = 0; x < grid.width; ++x) line[x] = toGray(grid.at(r, c, y, x));
      }
    }
  }
  return image;
}

QPainterPath ImageGridView::strokePath(const ImageGrid& grid, int r, int c, const QRectF& cell) {
  if (!validStrokeGrid(grid) || r < 0 || r >= grid.rows || c < 0 || c >= grid.cols) return {};
  QRectF bounds;
  const std::vector<StrokePoint> points = strokePoints(grid, r, c, &bounds);
  if (points.empty()) return {};
  const QTransform t = fitStrokes(bounds, cell);
  QPainterPath path;
  for (size_t k = 0; k < points.size(); ++k) {
    const QPointF p = t.map(points[k].pos);
    if (!points[k].starts_stroke) {
      path.lineTo(p);
    } else if (k + 1 < points.size() && !points[k + 1].starts_stroke) {
      path.moveTo(p);
    } else {  // a one-point stroke: a tiny segment, so round caps show it as a dot
      path.moveTo(p);
      path.lineTo(p + QPointF(0.01, 0.0));
    }
  }
  return path;
}

QStringList ImageGridView::toLabels(const std::vector<std::string>& labels) {
  QStringList list;
  list.reserve(static_cast<int>(labels.size()));
  for (const std::string& label : labels) list << QString::fromStdString(label);
  return list;
}

void ImageGridView::setGrid(const QImage& image, int rows, int cols, const QStringList& rowLabels,
                            const QStringList& colLabels, const QString& title) {
  if (image.isNull() || rows <= 0 || cols <= 0) {
    clear();
    return;
  }
  image_ = image;
  scaled_ = QImage();
  strokes_.reset();
  note_.clear();
  rows_ = rows;
  cols_ = cols;
  row_labels_ = rowLabels.mid(0, rows);
  col_labels_ = colLabels.mid(0, cols);
  title_ = title;
  updateGeometry();
  update();
}

void ImageGridView::setStrokes(std::shared_ptr<const ImageGrid> grid, const QStringList& rowLabels,
                               const QStringList& colLabels, const QString& title) {
  if (!grid || !validStrokeGrid(*grid)) {
    clear();
    return;
  }
  image_ = scaled_ = QImage();
  rows_ = grid->rows;
  cols_ = grid->cols;
  strokes_ = std::move(grid);
  row_labels_ = rowLabels.mid(0, rows_);
  col_labels_ = colLabels.mid(0, cols_);
  title_ = title;
  updateGeometry();
  update();
}

void ImageGridView::clear(const QString& note) {
  clear();
  note_ = note;
  update();
}

void ImageGridView::clear() {
  note_.clear();
  image_ = scaled_ = QImage();
  strokes_.reset();
  rows_ = cols_ = 0;
  row_labels_.clear();
  col_labels_.clear();
  title_.clear();
  updateGeometry();
  update();
}

void ImageGridView::setFigureName(const QString& name) { figure_name_ = name; }

QString ImageGridView::figureName() const { return figure_name_; }

QSize ImageGridView::contentSize() const {
  if (!strokes_) return image_.size();
  return QSize(cols_ * kStrokeCellNatural + (cols_ + 1) * kStrokePadNatural,
               rows_ * kStrokeCellNatural + (rows_ + 1) * kStrokePadNatural);
}

QSize ImageGridView::figureSize() const {
  if (image_.isNull() && !strokes_) return kEmptySize;
  // On screen as shown, unless the view is hidden or too small to show every pixel (a
  // collapsed splitter, a dock tab in the background): then at the natural magnification.
  const QSize content = contentSize();
  if (isVisible() && width() >= content.width() && height() >= content.height())
    return geometry(rect(), magnifiedScale()).block;
  return sizeHint();
}

void ImageGridView::paintFigure(QPainter* painter, const QRect& rect) {
  painter->save();
  painter->fillRect(rect, Qt::white);
  paintGrid(painter, rect, Qt::black, Qt::darkGray, false);
  painter->restore();
}

QSize ImageGridView::minimumSizeHint() const {
  if (image_.isNull() && !strokes_) return QSize(64, 64);
  if (magnification_ > 0) return geometry(QRect(), magnifiedScale()).block;
  return QSize(64, 64);  // fitting shows the whole grid, below 1x if need be
}

void ImageGridView::setMagnification(int m) {
  m = std::clamp(m, 0, kMaxMagnification);
  if (m == magnification_) return;
  magnification_ = m;
  updateGeometry();
  update();
}

int ImageGridView::shownMagnification() const {
  if (image_.isNull() && !strokes_) return 0;
  if (magnification_ > 0) return magnification_;
  const QSize content = contentSize();
  return std::max(1, geometry(rect()).image.width() /
                         std::max(1, strokes_ ? content.width() / 2 : content.width()));
}

void ImageGridView::wheelEvent(QWheelEvent* event) {
  if (!(event->modifiers() & Qt::ControlModifier) || (image_.isNull() && !strokes_)) {
    event->ignore();  // a plain wheel scrolls the scroll area around the view
    return;
  }
  const int steps = event->angleDelta().y() / 120;
  if (steps == 0) return;
  setMagnification(std::max(1, shownMagnification() + steps));
  Q_EMIT magnificationChanged(magnification_);
  event->accept();
}

QSize ImageGridView::sizeHint() const {
  if (image_.isNull() && !strokes_) return kEmptySize;
  if (magnification_ > 0) return geometry(QRect(), magnifiedScale()).block;
  if (strokes_) return geometry(QRect(), 1).block;  // cells at their natural size
  const int extent = std::max(image_.width(), image_.height());
  return geometry(QRect(), std::clamp(kNaturalExtent / extent, 1, kMaxNaturalScale)).block;
}

void ImageGridView::paintEvent(QPaintEvent* /*event*/) {
  QPainter painter(this);
  paintGrid(&painter, rect(), palette().color(QPalette::WindowText),
            palette().color(QPalette::PlaceholderText), true);
}

double ImageGridView::magnifiedScale() const {
  // A stroke cell's natural 72 pixels are magnification 2 (36 per step).
  return strokes_ ? magnification_ / 2.0 : double(magnification_);
}

ImageGridView::Geometry ImageGridView::geometry(const QRect& rect, double scale) const {
  const QFontMetrics metrics(font());
  QFont bold = font();
  bold.setBold(true);
  const QFontMetrics bold_metrics(bold);

  int label_width = 0;
  for (const QString& label : row_labels_) {
    label_width = std::max(label_width, metrics.horizontalAdvance(label));
  }
  if (label_width > 0) label_width += kGap;
  const int title_height = title_.isEmpty() ? 0 : bold_metrics.height() + kGap;
  const bool has_col_labels = std::any_of(col_labels_.cbegin(), col_labels_.cend(),
                                          [](const QString& s) { return !s.isEmpty(); });
  const int col_height = has_col_labels ? metrics.height() + kGap / 2 : 0;
  const QSize extra(label_width + 2 * kGridMargin, title_height + col_height + 2 * kGridMargin);

  // Whole magnification keeps every source pixel the same size; only a view too small for
  // 1x shrinks the image (still nearest-neighbour). Vector strokes scale freely.
  const QSize content = contentSize();
  QSize target = content;
  if (scale > 0) {
    target = (QSizeF(content) * scale).toSize();
  } else {
    const QSize avail = rect.size() - extra;
    const int fit = std::min(avail.width() / std::max(1, content.width()),
                             avail.height() / std::max(1, content.height()));
    if (strokes_) {
      target.scale(avail.expandedTo(QSize(1, 1)), Qt::KeepAspectRatio);
      target = target.expandedTo(QSize(1, 1));
    } else if (fit >= 1) {
      target *= fit;
    } else {
      target.scale(avail.expandedTo(QSize(1, 1)), Qt::KeepAspectRatio);
      target = target.expandedTo(QSize(1, 1));
    }
  }

  Geometry g;
  g.block = target + extra;
  const QPoint origin(rect.left() + (rect.width() - g.block.width()) / 2 + kGridMargin,
                      rect.top() + (rect.height() - g.block.height()) / 2 + kGridMargin);
  g.image = QRect(origin + QPoint(label_width, title_height + col_height), target);
  g.title = QRect(g.image.left(), origin.y(), target.width(), title_height);
  g.col_labels = QRect(g.image.left(), origin.y() + title_height, target.width(), col_height);
  g.row_labels = QRect(origin.x(), g.image.top(), std::max(0, label_width - kGap), target.height());
  return g;
}

void ImageGridView::paintGrid(QPainter* painter, const QRect& rect, const QColor& text,
                              const QColor& hint, bool onScreen) {
  painter->save();
  painter->setFont(font());
  if (image_.isNull() && !strokes_) {
    painter->setPen(hint);
    painter->drawText(rect, Qt::AlignCenter | Qt::TextWordWrap,
                      note_.isEmpty() ? tr("No images yet: train or open a run.") : note_);
    painter->restore();
    return;
  }

  // On screen at the chosen magnification; a figure fits its rectangle.
  const Geometry g = geometry(rect, onScreen ? magnifiedScale() : 0.0);
  if (strokes_) {
    paintStrokes(painter, g.image, onScreen);
  } else {
    if (scaled_.size() != g.image.size()) {
      scaled_ = image_.scaled(g.image.size(), Qt::IgnoreAspectRatio, Qt::FastTransformation);
    }
    painter->setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter->drawImage(g.image.topLeft(), scaled_);
  }

  painter->setPen(text);
  const double cell_width = static_cast<double>(g.image.width()) / cols_;
  // Column labels wider than their cells get a smaller font (down to 60 %) before any is cut
  // short: narrow traversal cells showed "-3…" for -3.0.
  int widest = 0;
  for (const QString& label : col_labels_)
    widest = std::max(widest, painter->fontMetrics().horizontalAdvance(label));
  if (widest > cell_width - 2) {
    QFont small = painter->font();
    small.setPointSizeF(small.pointSizeF() * std::max(0.6, (cell_width - 2) / widest));
    painter->setFont(small);
  }
  const QFontMetrics metrics = painter->fontMetrics();
  for (int c = 0; c < col_labels_.size(); ++c) {
    const QRectF cell(g.image.left() + c * cell_width, g.col_labels.top(), cell_width,
                      g.col_labels.height());
    painter->drawText(
        cell, Qt::AlignHCenter | Qt::AlignTop,
        metrics.elidedText(col_labels_[c], Qt::ElideRight, static_cast<int>(cell_width)));
  }
  painter->setFont(font());
  const double cell_height = static_cast<double>(g.image.height()) / rows_;
  for (int r = 0; r < row_labels_.size(); ++r) {
    const QRectF cell(g.row_labels.left(), g.image.top() + r * cell_height, g.row_labels.width(),
                      cell_height);
    painter->drawText(cell, Qt::AlignRight | Qt::AlignVCenter, row_labels_[r]);
  }
  if (!title_.isEmpty()) {
    QFont bold = font();
    bold.setBold(true);
    painter->setFont(bold);
    painter->drawText(g.title, Qt::AlignHCenter | Qt::AlignTop | Qt::TextDontClip, title_);
  }
  painter->restore();
}

void ImageGridView::paintStrokes(QPainter* painter, const QRect& area, bool onScreen) const {
  // Cells and padding keep their natural proportions, stretched to `area`.
  const QSize content = contentSize();
  const double fx = double(area.width()) / content.width();
  const double fy = double(area.height()) / content.height();
  const QColor padding =
      onScreen ? QColor(kPaddingGray, kPaddingGray, kPaddingGray) : QColor(210, 210, 210);
  const QColor background = onScreen ? QColor(Qt::black) : QColor(Qt::white);
  const QColor ink = onScreen ? QColor(235, 235, 235) : QColor(20, 20, 20);
  painter->save();
  painter->setRenderHint(QPainter::Antialiasing);
  painter->fillRect(area, padding);
  const double side = kStrokeCellNatural * std::min(fx, fy);
  painter->setPen(QPen(ink, std::clamp(kStrokePenPerCell * side, 0.8, 4.0), Qt::SolidLine,
                       Qt::RoundCap, Qt::RoundJoin));
  painter->setBrush(Qt::NoBrush);
  for (int r = 0; r < rows_; ++r) {
    for (int c = 0; c < cols_; ++c) {
      const QRectF cell(
          area.left() + (kStrokePadNatural + c * (kStrokeCellNatural + kStrokePadNatural)) * fx,
          area.top() + (kStrokePadNatural + r * (kStrokeCellNatural + kStrokePadNatural)) * fy,
          kStrokeCellNatural * fx, kStrokeCellNatural * fy);
      painter->fillRect(cell, background);
      painter->drawPath(strokePath(*strokes_, r, c, cell));
    }
  }
  painter->restore();
}

}  // namespace gvae
