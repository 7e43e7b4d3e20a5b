// ImageGridView: decoded images or pen-stroke drawings (samples, reconstructions, traversals) as a
// labelled grid.
#pragma once

#include <QImage>
#include <QPainterPath>
#include <QRectF>
#include <QString>
#include <QStringList>
#include <QWidget>
#include <memory>
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
/// A stroke grid (ImageGrid::strokes) is better shown with setStrokes(), which keeps the
/// sequences and paints them as vector paths (crisp at any size, vector in SVG/PDF exports):
///   auto shared = std::make_shared<const ImageGrid>(std::move(grid));  // analysis thread
///   view->setStrokes(shared, rowLabels, colLabels, title);            // GUI thread
class ImageGridView : public QWidget, public Figure {
  Q_OBJECT

 public:
  /// Gray level of the padding between (and around) cells.
  static constexpr int kPaddingGray = 96;
  /// Side in pixels of a stroke cell in toImage().
  static constexpr int kStrokeCellPixels = 64;

  /// Empty (shows a hint) until setGrid().
  explicit ImageGridView(QWidget* parent = nullptr);
  ~ImageGridView() override;

  /// Renders `grid` as an 8-bit grayscale image: intensity 0 is black and 1 white (white
  /// strokes on black, as MNIST is usually shown; values outside [0, 1] are clamped, NaN is
  /// black); cells are separated and framed by `pad` pixels of kPaddingGray. Size:
  /// (cols * width + (cols + 1) * pad) x (rows * height + (rows + 1) * pad). A grid whose
  /// pixel count does not match its shape gives a null image.
  /// A stroke grid (grid.strokes, width 4) is drawn instead: each cell is kStrokeCellPixels
  /// square, black, with the drawing of strokePath() in antialiased white lines; the size is
  /// then (cols * 64 + (cols + 1) * pad) x (rows * 64 + (rows + 1) * pad).
  /// Reentrant: callable from any thread (uses only QImage and QPainter on it).
  static QImage toImage(const ImageGrid& grid, int pad = 2);
  /// The drawing of stroke cell (r, c) of `grid` (read as strokes: width 4, see
  /// ImageGrid::strokes) fitted into `cell`. Points are the running sums of (dx, dy) from the
  /// cell's origin, y flipped for the screen; the line breaks after each point with pen >= 0.5.
  /// Steps with mask < 0.5 or non-finite values are left out entirely (they neither draw nor
  /// move the pen). One uniform scale (aspect ratio kept) fits the real points into `cell` less a
  /// margin of 8% of its shorter side, centered. Empty for a cell without real steps, a cell out
  /// of range or a grid whose shape does not match its data. Reentrant: any thread.
  static QPainterPath strokePath(const ImageGrid& grid, int r, int c, const QRectF& cell);
  /// ImageGrid::row_labels / col_labels as a QStringList (UTF-8). Any thread.
  static QStringList toLabels(const std::vector<std::string>& labels);

  /// Shows `image` (from toImage) holding rows x cols cells, with up to `rows` row labels,
  /// `cols` column labels (missing ones are blank) and a title. A null image clears the view.
  void setGrid(const QImage& image, int rows, int cols, const QStringList& rowLabels,
               const QStringList& colLabels, const QString& title);
  /// Shows the stroke sequences of `grid` (see ImageGrid::strokes; read as strokes whatever the
  /// flag, as long as its width is 4 and its data matches its shape) as vector drawings, light
  /// lines on dark cells, with labels and title as setGrid(). Replaces an image shown by
  /// setGrid(); setGrid() replaces the strokes again. A null or malformed grid clears the view.
  void setStrokes(std::shared_ptr<const ImageGrid> grid, const QStringList& rowLabels,
                  const QStringList& colLabels, const QString& title);
  /// Removes the images or strokes (shows the hint).
  void clear();
  /// Removes the images or strokes and shows `note` instead of the hint (why there are none).
  void clear(const QString& note);

  /// Cell rows and columns shown (0 when empty), of the image or of the stroke grid.
  int rows() const { return rows_; }
  int cols() const { return cols_; }
  /// The unscaled image shown (null when empty or showing strokes).
  QImage image() const { return image_; }
  /// True while stroke drawings (setStrokes()) are shown.
  bool showingStrokes() const { return strokes_ != nullptr; }
  /// The stroke grid shown (null unless showingStrokes()).
  std::shared_ptr<const ImageGrid> strokeGrid() const { return strokes_; }
  /// The title shown above the grid.
  QString title() const { return title_; }

  /// Sets the file-name stem of exports ("samples", "reconstructions", "traversal").
  void setFigureName(const QString& name);
  /// The stem set by setFigureName(), "images" by default.
  QString figureName() const override;
  /// Labels, title and the image at its on-screen magnification (a default one when hidden);
  /// strokes as on screen, or with cells of about 72 px when hidden.
  QSize figureSize() const override;
  /// Paints the grid on white with black text into `rect`; strokes as dark vector paths on white
  /// cells, so SVG and PDF exports keep them as vectors.
  void paintFigure(QPainter* painter, const QRect& rect) override;

  QSize sizeHint() const override;
  /// At a chosen magnification the whole grid at it (a scroll area around the view scrolls);
  /// fitting, small: the whole grid shows, shrunk below 1x when the view is smaller.
  QSize minimumSizeHint() const override;

  /// Source pixels per screen pixel, the same for every cell: 0 fits the grid to the view (the
  /// largest whole factor that fits, the default); 1..kMaxMagnification fixes it (a stroke
  /// grid's cells are then 36 x m pixels). Ctrl + wheel steps it from what is shown.
  void setMagnification(int m);
  int magnification() const { return magnification_; }
  /// The factor shown now (the fitted one while fitting; 0 when empty).
  int shownMagnification() const;
  static constexpr int kMaxMagnification = 16;

 Q_SIGNALS:
  /// Ctrl + wheel changed the magnification.
  void magnificationChanged(int m);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;

 private:
  struct Geometry;
  // Where title, labels and image go in `rect`; scale > 0 forces that magnification.
  Geometry geometry(const QRect& rect, double scale = 0) const;
  // The on-screen scale of setMagnification() (0 while fitting).
  double magnifiedScale() const;
  // Unscaled size of what is shown: the image, or the stroke cells at their natural size.
  QSize contentSize() const;
  void paintGrid(QPainter* painter, const QRect& rect, const QColor& text, const QColor& hint,
                 bool onScreen);
  void paintStrokes(QPainter* painter, const QRect& area, bool onScreen) const;

  QImage image_;
  std::shared_ptr<const ImageGrid> strokes_;  // set in stroke mode (then image_ is null)
  QImage scaled_;                             // image_ at the last painted size, cached
  int rows_ = 0, cols_ = 0;
  QStringList row_labels_, col_labels_;
  QString title_;
  QString note_;  // shown instead of the hint while empty (clear(note))
  QString figure_name_;
  int magnification_ = 0;  // 0: fit
};

}  // namespace gvae
