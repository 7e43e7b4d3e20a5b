// ImageGridView: decoded images (samples, reconstructions, traversals) as a labelled grid.
#pragma once

#include <QImage>
#include <QString>
#include <QStringList>
#include <QWidget>
#include <string>
#include <vector>

#include "core/analysis/image_grid.h"
#include "widgets/figure.h"

namespace gvae {

/// A grid of grayscale images with row labels at the left, column labels on top and a title,
/// magnified by a whole factor with nearest-neighbour sampling so pixels stay crisp.
/// The image is built off the GUI thread with toImage(); setGrid() only takes the result:
///   QImage image = ImageGridView::toImage(grid);             // analysis thread
///   view->setGrid(image, grid.rows, grid.cols, ...);          // GUI thread
class ImageGridView : public QWidget, public Figure {
  Q_OBJECT

 public:
  /// Gray level of the padding between (and around) cells.
  static constexpr int kPaddingGray = 96;

  /// Empty (shows a hint) until setGrid().
  explicit ImageGridView(QWidget* parent = nullptr);
  ~ImageGridView() override;

  /// Renders `grid` as an 8-bit grayscale image: intensity 0 is black and 1 white (white
  /// strokes on black, as MNIST is usually shown; values outside [0, 1] are clamped, NaN is
  /// black); cells are separated and framed by `pad` pixels of kPaddingGray. Size:
  /// (cols * width + (cols + 1) * pad) x (rows * height + (rows + 1) * pad). A grid whose
  /// pixel count does not match its shape gives a null image.
  /// Reentrant: callable from any thread (uses only QImage).
  static QImage toImage(const ImageGrid& grid, int pad = 2);
  /// ImageGrid::row_labels / col_labels as a QStringList (UTF-8). Any thread.
  static QStringList toLabels(const std::vector<std::string>& labels);

  /// Shows `image` (from toImage) holding rows x cols cells, with up to `rows` row labels,
  /// `cols` column labels (missing ones are blank) and a title. A null image clears the view.
  void setGrid(const QImage& image, int rows, int cols, const QStringList& rowLabels,
               const QStringList& colLabels, const QString& title);
  /// Removes the images (shows the hint).
  void clear();

  /// Cell rows and columns shown (0 when empty).
  int rows() const { return rows_; }
  int cols() const { return cols_; }
  /// The unscaled image shown (null when empty).
  QImage image() const { return image_; }
  /// The title shown above the grid.
  QString title() const { return title_; }

  /// Sets the file-name stem of exports ("samples", "reconstructions", "traversal").
  void setFigureName(const QString& name);
  /// The stem set by setFigureName(), "images" by default.
  QString figureName() const override;
  /// Labels, title and the image at its on-screen magnification (a default one when hidden).
  QSize figureSize() const override;
  /// Paints the grid on white with black text into `rect`.
  void paintFigure(QPainter* painter, const QRect& rect) override;

  QSize sizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  struct Geometry;
  // Where title, labels and image go in `rect`; scale > 0 forces that magnification.
  Geometry geometry(const QRect& rect, int scale = 0) const;
  void paintGrid(QPainter* painter, const QRect& rect, const QColor& text, const QColor& hint);

  QImage image_;
  QImage scaled_;  // image_ at the last painted size, cached
  int rows_ = 0, cols_ = 0;
  QStringList row_labels_, col_labels_;
  QString title_;
  QString figure_name_;
};

}  // namespace gvae
