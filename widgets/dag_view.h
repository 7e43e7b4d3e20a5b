// DagView: the gate graph z_i -> z_j drawn with edge width/opacity from μ, frozen marks, freeze
// menu.
#pragma once

#include <QPointer>
#include <QTransform>
#include <QWidget>
#include <cstdint>
#include <utility>
#include <vector>

#include "widgets/dag_layout.h"
#include "widgets/figure.h"

class QMenu;

namespace gvae {

/// Draws the latent DAG: nodes z_1..z_N (z_N on top), one edge per gate in edgeColor(g) with
/// width 0.5 + 4μ and opacity 0.15 + 0.85μ, labelled with μ; frozen-on edges outlined in black
/// with a lock marker "1", frozen-off edges dashed grey with a lock marker "0". A sequence model's
/// recurrent gates (pairs (-i, j): z_i^{t-1} -> z_j^t) come from dashed previous-step nodes in a
/// row on top and are drawn dotted with hollow arrow heads, with a legend line at the bottom.
/// Hovering shows a tooltip; a left click on an edge pops up a menu that asks to freeze or
/// unfreeze that gate. "Sample a structure" shows one draw c ~ Bernoulli(μ) until showMeans().
/// GUI thread only.
class DagView : public QWidget, public Figure {
  Q_OBJECT

 public:
  /// An empty view (no nodes).
  explicit DagView(QWidget* parent = nullptr);
  ~DagView() override;

  /// Sets the N nodes and the gate pairs (i, j), 1-based, edge z_i -> z_j, or (-i, j) for the
  /// recurrent edge z_i^{t-1} -> z_j^t, and lays them out with Graphviz (all pairs, so positions
  /// stay put while μ changes; see layoutDag()). Same graph again: no relayout.
  /// A new graph drops a shown sample and resets μ to 0 and every gate to free.
  void setGraph(int nodes, const std::vector<std::pair<int, int>>& pairs);
  /// Sets the gate means (clamped to [0, 1], non-finite read as 0) and GateFrozen codes, both
  /// indexed like the pairs; missing entries read as μ = 0 and free. Repaints only.
  void setGates(const std::vector<double>& mu, const std::vector<int8_t>& frozen);

  /// Sets each gate's importance: the change of the validation ELBO (nats per example) with
  /// the gate forced off, under relaxed and under sampled gates (EpochMetrics::importance_*);
  /// empty or NaN: not measured. Shown in the tool tip, and as the edge width when
  /// setWidthByImportance(true). Repaints only.
  void setImportance(const std::vector<double>& relaxed, const std::vector<double>& sampled);
  /// Edge width and opacity by importance (what forcing the edge off costs, relative to the
  /// costliest edge; relaxed setting) instead of by μ; the labels then show that cost in nats.
  /// Without measured importances the view keeps drawing by μ.
  void setWidthByImportance(bool on);
  bool widthByImportance() const { return by_importance_; }
  /// How an edge compares with a true DAG (setEdgeMarks).
  enum EdgeMark : int8_t { kEdgeAsIs = 0, kEdgeExtra = 1, kEdgeMissing = 2, kEdgeReversed = 3 };
  /// Marks every edge against a true DAG (indexed like the pairs): extra (learned, not true) in
  /// red, missing (true, not learned) dashed red, reversed in orange, correct ones in near-black
  /// (never a palette colour, which could read as a verdict); no μ labels then. Empty: no
  /// marks. Repaints only.
  void setEdgeMarks(const std::vector<int8_t>& marks);
  /// Draws c_g ~ Bernoulli(μ_g) for every gate from `seed` (frozen gates keep their value) and
  /// shows only that structure (present edges solid, absent ones hidden) until showMeans().
  void sampleStructure(quint32 seed);
  /// Back to drawing every edge by its mean.
  void showMeans();
  /// True while a sampled structure is shown.
  bool showingSample() const { return showing_sample_; }
  /// Gate indices present in the shown sample, ascending; empty when no sample is shown.
  std::vector<int> sampledEdges() const;

  /// Gate whose drawn edge (curve or arrow head) passes within ~6 px of `widgetPos`, the nearest
  /// one if several; -1 if none. Edges hidden by a sample are not hit.
  int edgeAt(const QPointF& widgetPos) const;
  /// A widget point on the drawn edge of `gate` where edgeAt() returns `gate` (the middle of the
  /// curve unless another edge is nearer there); a null point for an unknown gate.
  QPointF edgeAnchor(int gate) const;

  /// The current layout (layout units).
  const DagGeometry& geometry() const { return geo_; }
  int nodeCount() const { return nodes_; }
  const std::vector<std::pair<int, int>>& pairs() const { return pairs_; }
  const std::vector<double>& gateMu() const { return mu_; }
  const std::vector<int8_t>& gateFrozen() const { return frozen_; }

  /// .dot text of the current graph and gate state (see dagToDot()).
  QString toDot() const;

  // Figure
  QString figureName() const override;
  QSize figureSize() const override;
  void paintFigure(QPainter* painter, const QRect& rect) override;

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 Q_SIGNALS:
  /// The user asked to freeze gate z_i -> z_j to `state` (1 or 0), or to free it (`state` -1);
  /// `i` is the pair's first index as given, so negative for a recurrent gate z_{-i}^{t-1} -> z_j.
  void freezeRequested(int i, int j, int state);
  /// A sample started being shown (true) or the view went back to the means (false).
  void sampleModeChanged(bool showingSample);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void leaveEvent(QEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  bool event(QEvent* event) override;

 private:
  void paintScene(QPainter* painter, const QRectF& rect, bool interactive) const;
  void paintEdge(QPainter* painter, const QTransform& t, int g, bool highlighted) const;
  void paintEdgeLabel(QPainter* painter, const QTransform& t, double scale, int g) const;
  void paintNodes(QPainter* painter, const QTransform& t, double scale) const;
  QTransform sceneTransform(const QRectF& rect, double* scale = nullptr) const;
  // Room at the bottom for the legend line (0 without recurrent edges).
  double legendHeight() const;
  bool edgeVisible(int g) const;
  void rebuildHitShapes() const;
  void openEdgeMenu(int g, const QPoint& globalPos);
  QString edgeToolTip(int g) const;

  int nodes_ = 0;
  std::vector<std::pair<int, int>> pairs_;
  std::vector<double> mu_;
  std::vector<int8_t> frozen_;
  std::vector<double> importance_relaxed_, importance_sampled_;
  std::vector<int8_t> marks_;
  bool by_importance_ = false;
  /// The cost of forcing gate g off (max(0, -relaxed change)) relative to the costliest gate,
  /// in [0, 1]; -1 when it is not drawn by importance.
  double relativeImportance(int g) const;
  DagGeometry geo_;
  bool showing_sample_ = false;
  quint32 sample_seed_ = 0;
  std::vector<uint8_t> sample_;  // [G] 1 = edge present in the shown sample
  int hovered_ = -1;
  QPointer<QMenu> menu_;
  // Hit-test shapes in widget coordinates for hit_size_; rebuilt when size or geometry change.
  mutable std::vector<QPainterPath> hit_shapes_;
  mutable QSize hit_size_;
  mutable bool hit_valid_ = false;
};

}  // namespace gvae
