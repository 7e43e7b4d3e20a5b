// GateMatrixView: the gate means μ as a matrix (targets by sources), readable where the DAG of a
// model with many gates (recurrent-graph: 35) is not.
#pragma once

#include <QWidget>
#include <utility>
#include <vector>

#include "widgets/figure.h"

class QCPColorMap;
class QCustomPlot;
class QCPTextElement;
class QMouseEvent;

namespace gvae {

/// Rows are the target nodes z_j; columns the sources z_i, then (for recurrent gates, pairs with
/// a negative source) the previous step's z_i(t−1). A cell shows μ of its gate, white (0) to dark
/// blue (1), its value written in it when the cell is large enough; a frozen gate's value gets a
/// "*"; cells without a gate are grey. Hover names the gate. GUI thread only.
class GateMatrixView : public QWidget, public Figure {
  Q_OBJECT
 public:
  explicit GateMatrixView(QWidget* parent = nullptr);
  ~GateMatrixView() override;

  /// The gates (pairs as in run files: (i, j) is z_i → z_j, i < 0 the previous step's z_|i|)
  /// over `nodes` nodes; their means start unknown (grey) until setGates().
  void setGraph(int nodes, const std::vector<std::pair<int, int>>& pairs);
  /// μ and frozen codes (-1 free, 0 off, 1 on) of every gate, in the order of setGraph().
  void setGates(const std::vector<double>& mu, const std::vector<signed char>& frozen);

  int rows() const { return nodes_; }
  int columns() const { return recurrent_ ? 2 * nodes_ : nodes_; }
  /// The gate shown at (row, column), -1 for none.
  int gateAt(int row, int column) const;
  /// "z3(t−1) → z2: μ = 0.73 (frozen on)", or "" outside the gates.
  QString cellText(int row, int column) const;
  /// The cell at `pos` (this widget's coordinates); false outside the matrix.
  bool cellAt(const QPoint& pos, int* row, int* column) const;
  QPoint cellCenter(int row, int column) const;

  QString figureName() const override { return QStringLiteral("gate_matrix"); }
  QSize figureSize() const override;
  void paintFigure(QPainter* painter, const QRect& rect) override;

 private:
  void rebuild();
  void onMouseMove(QMouseEvent* event);
  QString sourceName(int column) const;

  QCustomPlot* plot_;
  QCPColorMap* map_;
  QCPTextElement* title_;
  int nodes_ = 0;
  bool recurrent_ = false;
  std::vector<std::pair<int, int>> pairs_;
  std::vector<double> mu_;
  std::vector<signed char> frozen_;
  std::vector<int> cell_gate_;  // [rows * columns]: gate index or -1
};

}  // namespace gvae
