// DAG geometry for the gate graph: Graphviz `dot` layout (circle fallback) and .dot export text.
#pragma once

#include <QPainterPath>
#include <QPointF>
#include <QPolygonF>
#include <QRectF>
#include <QSizeF>
#include <QString>
#include <QTransform>
#include <cstdint>
#include <mutex>
#include <utility>
#include <vector>

namespace gvae {

/// Laid-out gate graph in layout units (points, y pointing down as in Qt). `node_pos[k]` is the
/// center of z_{k+1}; `edges[g]` belongs to gate g of the pairs it was made from (an invalid pair,
/// i.e. an index outside 1..N or i == j, keeps its slot with an empty path).
struct DagGeometry {
  QRectF bounds;                  ///< Bounding box of nodes, edges and labels.
  std::vector<QPointF> node_pos;  ///< [N] node centers.
  QSizeF node_size;               ///< Size of every node (circle diameter).
  /// One laid-out gate edge z_i -> z_j.
  struct Edge {
    int gate = -1;         ///< Index into the pairs vector.
    QPainterPath path;     ///< Edge curve from tail to the base of the arrow head.
    QPolygonF arrow_head;  ///< Closed triangle at the head end (empty if no path).
    QPointF label_pos;     ///< Center of the μ label.
  };
  std::vector<Edge> edges;     ///< [G] one per pair, in pair order.
  bool from_graphviz = false;  ///< False when the circle fallback produced the geometry.
};

/// The process-wide lock held around every Graphviz (cgraph/gvc) call: cgraph is not thread-safe.
std::mutex& graphvizMutex();

/// Lays out N nodes and every gate pair (i, j) (1-based, edge z_i -> z_j) with Graphviz `dot`,
/// ranks top-down so that with i > j z_N is on top. All pairs are laid out whatever their μ, so
/// node positions do not move while the means change. Never throws: on any Graphviz failure it
/// returns layoutDagCircle(nodes, pairs). Any thread (serialized by graphvizMutex()).
DagGeometry layoutDag(int nodes, const std::vector<std::pair<int, int>>& pairs);

/// The fallback layout: nodes on a circle (z_N on top, clockwise descending), straight edges.
DagGeometry layoutDagCircle(int nodes, const std::vector<std::pair<int, int>>& pairs);

/// Hit region of `edge` mapped by `t` (layout units -> widget px): everything within `tolerance` px
/// of its curve or arrow head, built with QPainterPathStroker. Empty for an empty edge.
QPainterPath edgeHitShape(const DagGeometry::Edge& edge, const QTransform& t, double tolerance);

/// Distance in px from `p` to the curve or arrow head of `edge` mapped by `t`; +inf if empty.
double edgeDistance(const DagGeometry::Edge& edge, const QTransform& t, const QPointF& p);

/// Graphviz .dot text of the gate graph for export: edge penwidth and label from μ, frozen-on
/// edges bold with a "frozen 1" label, frozen-off edges dashed grey. Missing μ read as 0, missing
/// frozen codes as free. Pure text: calls no Graphviz function.
QString dagToDot(int nodes, const std::vector<std::pair<int, int>>& pairs,
                 const std::vector<double>& mu, const std::vector<int8_t>& frozen);

}  // namespace gvae
