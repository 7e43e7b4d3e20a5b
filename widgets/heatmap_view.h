// HeatmapView: correlation matrix of the posterior means between latent units (QCPColorMap).
#pragma once

#include <QPointF>
#include <QWidget>
#include <optional>
#include <vector>

#include "widgets/figure.h"

class QCPColorMap;
class QCPColorScale;
class QCPTextElement;
class QCustomPlot;
class QMouseEvent;
class QWheelEvent;

namespace gvae {

/// Correlation r of the posterior means of every pair of latent units, blue (-1) through white
/// (0) to red (+1), row 0 on top. Units are named z<node>.<component> (1-based) when nodes have
/// several components, else z<unit>. Hovering a cell shows "z3.2 × z1.4: r = 0.41"; clicking it
/// emits cellClicked. GUI thread only.
class HeatmapView : public QWidget, public Figure {
  Q_OBJECT

 public:
  /// Empty until setCorrelation().
  explicit HeatmapView(QWidget* parent = nullptr);
  ~HeatmapView() override;

  /// Shows the dims x dims row-major matrix `corr` (LatentStatistics::mean_correlation). With
  /// node_dim > 1 the units group into nodes of node_dim components: ticks name the nodes and
  /// thin lines separate them. NaN (a constant unit) shows grey. A `corr` whose size is not
  /// dims * dims clears the view.
  void setCorrelation(int dims, const std::vector<double>& corr, int node_dim);
  /// Removes the matrix.
  void clear();

  /// Number of units M shown (0 when empty).
  int dims() const { return dims_; }
  /// Components per node as given to setCorrelation() (at least 1).
  int nodeDim() const { return node_dim_; }
  /// r of units a and b (0-based); NaN outside the matrix.
  double correlation(int a, int b) const;
  /// Name of unit `u` (0-based): "z3.2" (node 3, component 2) or "z7".
  QString unitName(int u) const;
  /// Hover text of cell (a, b): "z3.2 × z1.4: r = 0.41".
  QString cellText(int a, int b) const;
  /// The cell under `pos` (this widget's coordinates) as row `a`, column `b`; false when `pos`
  /// is outside the matrix.
  bool cellAt(const QPoint& pos, int* a, int* b) const;
  /// Center of cell (row a, column b) in this widget's coordinates.
  QPoint cellCenter(int a, int b) const;
  /// Whether a wheel zoom or a drag has left the whole matrix (double-click goes back).
  bool zoomed() const { return zoomed_; }
  /// Shows the whole matrix again.
  void resetZoom();
  /// The plot's: its title and colour scale whole beside the smallest matrix.
  QSize minimumSizeHint() const override;

  /// "correlation".
  QString figureName() const override;
  /// The on-screen size when shown, else a default.
  QSize figureSize() const override;
  /// Paints the plot laid out at `rect` (vector, the matrix itself as an image).
  void paintFigure(QPainter* painter, const QRect& rect) override;

 Q_SIGNALS:
  /// The user clicked cell (a, b): row a, column b, 0-based unit indices.
  void cellClicked(int a, int b);

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private Q_SLOTS:
  void onMouseMove(QMouseEvent* event);
  void onMousePress(QMouseEvent* event);
  void onMouseRelease(QMouseEvent* event);
  void onWheel(QWheelEvent* event);

 private:
  void updateAxes();
  /// The plot's rectangle inside `area` whose axis rect is square, centred.
  QRect squareRect(const QRect& area) const;
  void placePlot();
  /// Cells square: widens the range of the axis with pixels to spare (after each layout).
  void keepCellsSquare();

  QCustomPlot* plot_ = nullptr;
  QCPColorMap* map_ = nullptr;
  QCPColorScale* scale_ = nullptr;
  QCPTextElement* title_ = nullptr;
  int dims_ = 0;
  int node_dim_ = 1;
  std::vector<double> corr_;  // [dims_ * dims_] row-major
  bool zoomed_ = false;
  QSize extra_{120, 70};  // the plot's size beyond its axis rect (title, labels, colour scale)
  QSize least_;           // the plot's least size the layout was last told of
  bool painting_figure_ = false;
  std::optional<QPointF> drag_from_;  // where the left button went down, while it is held
  int press_a_ = -1, press_b_ = -1;
  int hover_a_ = -1, hover_b_ = -1;
};

}  // namespace gvae
