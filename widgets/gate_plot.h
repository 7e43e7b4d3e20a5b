// GatePlot: Bernoulli gate means μ_ij of every DAG edge against epoch, frozen stretches dashed.
#pragma once

#include <QWidget>
#include <utility>
#include <vector>

#include "core/training/progress.h"
#include "widgets/figure.h"

class QCPGraph;
class QCPItemText;
class QCPLayoutGrid;
class QCustomPlot;

namespace gvae {

/// One line per gate edge z_i -> z_j in that edge's edgeColor(g). From the epoch at which a gate
/// is frozen its line continues dashed and thicker (a second graph per edge), so frozen gates
/// stand out from the moment they were frozen. GUI thread only.
class GatePlot : public QWidget, public Figure {
  Q_OBJECT

 public:
  explicit GatePlot(QWidget* parent = nullptr);
  ~GatePlot() override;

  /// Sets the edges (1-based node pairs (i, j) for z_i -> z_j, or (-i, j) for the recurrent gate
  /// z_i^{t-1} -> z_j, legend "z₃(t−1)→z₁"; index g = gate) and drops all points; an empty list
  /// shows "No learned gates in this model".
  void setGatePairs(const std::vector<std::pair<int, int>>& pairs);
  /// Appends gate_mu[g] / gate_frozen[g] of each epoch; gates missing from an epoch are skipped.
  void appendEpochs(const std::vector<EpochMetrics>& epochs);

  /// Number of gates (edges).
  int gateCount() const { return int(edges_.size()); }
  /// Epochs plotted for gate `g` (-1 for an unknown gate).
  int pointCount(int g) const;
  /// Epochs in which gate `g` was frozen (-1 for an unknown gate).
  int frozenPointCount(int g) const;

  /// Whether the legend is shown (hidden when it would need more than kMaxLegendColumns).
  bool legendShown() const;
  static constexpr int kMaxLegendColumns = 3;
  /// "z₃(t−1)→z₁: μ = 0.612 at epoch 4" for the line nearest `pos` (plot pixels, within 6),
  /// else "" (what hovering shows).
  QString hoverText(const QPointF& pos) const;

  /// The plot, for tests.
  QCustomPlot* plot() const { return plot_; }
  /// Solid graph of gate `g` while free, and dashed graph from its freeze on (nullptr if unknown).
  QCPGraph* freeGraph(int g) const;
  QCPGraph* frozenGraph(int g) const;
  /// The "No learned gates" text shown for a model without gates.
  QCPItemText* emptyText() const { return emptyText_; }

  QString figureName() const override { return QStringLiteral("gates"); }
  QSize figureSize() const override;
  void paintFigure(QPainter* painter, const QRect& rect) override;

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  struct Edge {
    QCPGraph* free = nullptr;    // owned by plot_
    QCPGraph* frozen = nullptr;  // owned by plot_
    int points = 0;
    int frozenPoints = 0;
    bool lastFrozen = false;
  };

  void appendPoint(Edge& edge, double epoch, double mu, bool frozen);
  void updateXRange();
  /// Wraps the legend into as many columns as the plot's height needs.
  void fitLegendToHeight();

  QCustomPlot* plot_ = nullptr;
  QCPItemText* emptyText_ = nullptr;
  QCPLayoutGrid* legendColumn_ = nullptr;  // beside the axes, or out of the layout when hidden
  std::vector<Edge> edges_;
  double firstEpoch_ = 0;
  double lastEpoch_ = 0;
  bool hasEpochs_ = false;
};

}  // namespace gvae
