// StructureView: the node x factor R^2 grid of a structure report, with the alignment marked.
#pragma once

#include <QWidget>
#include <string>
#include <vector>

#include "core/training/progress.h"
#include "widgets/figure.h"

namespace gvae {

/// A grid of R^2 values, one row per latent node z1..zN and one column per generative factor,
/// white (0 or below) to green (1), each value printed; the cells of the best one-to-one
/// alignment are outlined, and the alignment's verdict is written under the grid. Vector
/// painting (exports stay vector). GUI thread only.
class StructureView : public QWidget, public Figure {
  Q_OBJECT
 public:
  explicit StructureView(QWidget* parent = nullptr);
  /// Shows the report's factor names, R^2 and alignment (a report without factors clears).
  void setReport(const StructureReport& report);
  void clear();
  /// Rows (nodes) and columns (factors) shown.
  int nodes() const { return nodes_; }
  int factors() const { return static_cast<int>(names_.size()); }
  /// R^2 of node `row` (0-based) and factor `column`; NaN outside the grid.
  double r2(int row, int column) const;
  /// Whether cell (row, column) is the factor's aligned node.
  bool aligned(int row, int column) const;
  /// The cell under `pos` (widget coordinates), or false.
  bool cellAt(const QPoint& pos, int* row, int* column) const;

  QString figureName() const override;
  QSize figureSize() const override;
  void paintFigure(QPainter* painter, const QRect& rect) override;
  QSize sizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  /// The grid's cell rectangles for a figure of `rect` (row-major), and the text area below.
  std::vector<QRectF> cells(const QRectF& rect, QRectF* verdict) const;
  std::vector<QString> names_;
  std::vector<double> r2_;
  std::vector<int> node_of_factor_;  // 1-based; 0: none
  int nodes_ = 0;
  QString verdict_;
};

}  // namespace gvae
