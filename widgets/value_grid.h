// ValueGrid: a labelled grid of values in [0, 1] shaded white to green, each printed where it
// fits (the structure view's node x factor R^2, the disentanglement view's factor x latent
// information).
#pragma once

#include <QString>
#include <QWidget>
#include <vector>

#include "widgets/figure.h"

namespace gvae {

/// Rows top to bottom, columns left to right, values row-major; a value <= 0 (or NaN) is white
/// and 1 full green. Column labels are thinned when they would overlap, values are printed only
/// in cells that hold them, and hovering a cell shows "row × column: value". Outlined cells get a
/// thick frame. The caption is written under the grid. Vector painting (exports stay vector).
/// GUI thread only.
class ValueGrid : public QWidget, public Figure {
  Q_OBJECT
 public:
  struct Content {
    QString title;
    std::vector<QString> rows, columns;
    std::vector<double> values;  // [rows * columns]
    std::vector<bool> outlined;  // empty, or [rows * columns]
    QString caption;
  };

  /// `figure_name`: the export's file stem; `empty_text`: shown without content.
  ValueGrid(const QString& figure_name, const QString& empty_text, QWidget* parent = nullptr);
  /// Content whose values do not match its rows and columns clears the grid.
  void setContent(Content content);
  void clearContent();
  int rowCount() const { return static_cast<int>(content_.rows.size()); }
  int columnCount() const { return static_cast<int>(content_.columns.size()); }
  /// The value shown in (row, column), 0-based from the top left; NaN outside.
  double valueAt(int row, int column) const;
  bool outlinedAt(int row, int column) const;
  /// The cell under `pos` (widget coordinates), or false.
  bool gridCellAt(const QPoint& pos, int* row, int* column) const;
  /// The hover text of a cell: "shape × z3: 0.41".
  QString cellText(int row, int column) const;

  QString figureName() const override { return figure_name_; }
  QSize figureSize() const override;
  void paintFigure(QPainter* painter, const QRect& rect) override;
  QSize sizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* event) override;
  bool event(QEvent* event) override;  // tooltips

 private:
  struct Geometry {
    std::vector<QRectF> cells;  // row-major
    QRectF caption;
    double label_width = 0;
  };
  Geometry layOut(const QRectF& rect) const;

  QString figure_name_, empty_text_;
  Content content_;
};

}  // namespace gvae
