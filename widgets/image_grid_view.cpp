// ImageGridView: decoded images (samples, reconstructions, traversals) as a labelled grid.
#include "widgets/image_grid_view.h"

#include <QFontMetrics>
#include <QPaintEvent>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace gvae {
namespace {

constexpr int kMargin = 8;  // around the whole figure
constexpr int kGap = 6;     // between labels and image
// Without a screen to match, the image is magnified to about this many pixels, at most 8x.
constexpr int kNaturalExtent = 512;
constexpr int kMaxNaturalScale = 8;
constexpr QSize kEmptySize(320, 240);

uchar toGray(float v) {
  if (!(v > 0.0f)) return 0;  // also NaN
  if (v >= 1.0f) return 255;
  return static_cast<uchar>(std::lround(v * 255.0f));
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
  rows_ = rows;
  cols_ = cols;
  row_labels_ = rowLabels.mid(0, rows);
  col_labels_ = colLabels.mid(0, cols);
  title_ = title;
  updateGeometry();
  update();
}

void ImageGridView::clear() {
  image_ = scaled_ = QImage();
  rows_ = cols_ = 0;
  row_labels_.clear();
  col_labels_.clear();
  title_.clear();
  updateGeometry();
  update();
}

void ImageGridView::setFigureName(const QString& name) { figure_name_ = name; }

QString ImageGridView::figureName() const { return figure_name_; }

QSize ImageGridView::figureSize() const {
  if (image_.isNull()) return kEmptySize;
  // On screen as shown, unless the view is hidden or too small to show every pixel (a
  // collapsed splitter, a dock tab in the background): then at the natural magnification.
  if (isVisible() && width() >= image_.width() && height() >= image_.height())
    return geometry(rect()).block;
  const int extent = std::max(image_.width(), image_.height());
  return geometry(QRect(), std::clamp(kNaturalExtent / extent, 1, kMaxNaturalScale)).block;
}

void ImageGridView::paintFigure(QPainter* painter, const QRect& rect) {
  painter->save();
  painter->fillRect(rect, Qt::white);
  paintGrid(painter, rect, Qt::black, Qt::darkGray);
  painter->restore();
}

QSize ImageGridView::sizeHint() const {
  if (image_.isNull()) return kEmptySize;
  const int extent = std::max(image_.width(), image_.height());
  return geometry(QRect(), std::clamp(kNaturalExtent / extent, 1, kMaxNaturalScale)).block;
}

void ImageGridView::paintEvent(QPaintEvent* /*event*/) {
  QPainter painter(this);
  paintGrid(&painter, rect(), palette().color(QPalette::WindowText),
            palette().color(QPalette::PlaceholderText));
}

ImageGridView::Geometry ImageGridView::geometry(const QRect& rect, int scale) const {
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
  const QSize extra(label_width + 2 * kMargin, title_height + col_height + 2 * kMargin);

  // Whole magnification keeps every source pixel the same size; only a view too small for
  // 1x shrinks the image (still nearest-neighbour).
  QSize target = image_.size();
  if (scale > 0) {
    target *= scale;
  } else {
    const QSize avail = rect.size() - extra;
    const int fit = std::min(avail.width() / std::max(1, image_.width()),
                             avail.height() / std::max(1, image_.height()));
    if (fit >= 1) {
      target *= fit;
    } else {
      target.scale(avail.expandedTo(QSize(1, 1)), Qt::KeepAspectRatio);
      target = target.expandedTo(QSize(1, 1));
    }
  }

  Geometry g;
  g.block = target + extra;
  const QPoint origin(rect.left() + (rect.width() - g.block.width()) / 2 + kMargin,
                      rect.top() + (rect.height() - g.block.height()) / 2 + kMargin);
  g.image = QRect(origin + QPoint(label_width, title_height + col_height), target);
  g.title = QRect(g.image.left(), origin.y(), target.width(), title_height);
  g.col_labels = QRect(g.image.left(), origin.y() + title_height, target.width(), col_height);
  g.row_labels = QRect(origin.x(), g.image.top(), std::max(0, label_width - kGap), target.height());
  return g;
}

void ImageGridView::paintGrid(QPainter* painter, const QRect& rect, const QColor& text,
                              const QColor& hint) {
  painter->save();
  painter->setFont(font());
  if (image_.isNull()) {
    painter->setPen(hint);
    painter->drawText(rect, Qt::AlignCenter | Qt::TextWordWrap,
                      tr("No images yet: train or open a run."));
    painter->restore();
    return;
  }

  const Geometry g = geometry(rect);
  if (scaled_.size() != g.image.size()) {
    scaled_ = image_.scaled(g.image.size(), Qt::IgnoreAspectRatio, Qt::FastTransformation);
  }
  painter->setRenderHint(QPainter::SmoothPixmapTransform, false);
  painter->drawImage(g.image.topLeft(), scaled_);

  painter->setPen(text);
  const QFontMetrics metrics = painter->fontMetrics();
  const double cell_width = static_cast<double>(g.image.width()) / cols_;
  for (int c = 0; c < col_labels_.size(); ++c) {
    const QRectF cell(g.image.left() + c * cell_width, g.col_labels.top(), cell_width,
                      g.col_labels.height());
    painter->drawText(
        cell, Qt::AlignHCenter | Qt::AlignTop,
        metrics.elidedText(col_labels_[c], Qt::ElideRight, static_cast<int>(cell_width)));
  }
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

}  // namespace gvae
