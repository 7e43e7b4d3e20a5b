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
/// center of z_{k+1}; `prev_pos[k]` the center of z_{k+1} at the previous step t-1 (sequence
/// models only); `edges[g]` belongs to gate g of the pairs it was made from (an invalid pair keeps
/// its slot with an empty path; see isValidGatePair()).
struct DagGeometry {
  QRectF bounds;                  ///< Bounding box of nodes, edges and labels.
  std::vector<QPointF> node_pos;  ///< [N] node centers.
  /// [N] centers of the previous-step nodes z_k^{t-1}, in one row above the current nodes; empty
  /// when no pair is recurrent.
  std::vector<QPointF> prev_pos;
  QSizeF node_size;  ///< Size of every node (circle diameter).
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

/// Whether gate pair (i, j) of an N-node graph can be drawn: a self gate z_i -> z_j with
/// 1 <= i, j <= N and i != j, or a recurrent gate z_{|i|}^{t-1} -> z_j^t with -N <= i <= -1 and
/// 1 <= j <= N (|i| == j included).
bool isValidGatePair(int nodes, const std::pair<int, int>& pair);

/// True when some pair is a valid recurrent gate (i < 0).
bool hasRecurrentPairs(int nodes, const std::vector<std::pair<int, int>>& pairs);

/// The process-wide lock held around every Graphviz (cgraph/gvc) call: cgraph is not thread-safe.
std::mutex& graphvizMutex();

/// Lays out N nodes and every gate pair (i, j) (1-based, edge z_i -> z_j) with Graphviz `dot`,
/// ranks top-down so that with i > j z_N is on top. A recurrent pair (-i, j) is an edge from the
/// previous-step node z_i^{t-1}: when there is one, all N previous-step nodes are added in one
/// row above every current node (rank=source), z_1^{t-1} .. z_N^{t-1} from left to right, so all
/// edges run downwards. All pairs are laid out whatever their μ, so node positions do not move
/// while the means change. Without recurrent pairs the layout is the one of the image models.
/// Never throws: on any Graphviz failure it returns layoutDagCircle(nodes, pairs). Any thread
/// (serialized by graphvizMutex()).
DagGeometry layoutDag(int nodes, const std::vector<std::pair<int, int>>& pairs);

/// The fallback layout: nodes on a circle (z_N on top, clockwise descending), straight edges;
/// previous-step nodes (if any pair is recurrent) in a row above the circle.
DagGeometry layoutDagCircle(int nodes, const std::vector<std::pair<int, int>>& pairs);

/// Hit region of `edge` mapped by `t` (layout units -> widget px): everything within `tolerance` px
/// of its curve or arrow head, built with QPainterPathStroker. Empty for an empty edge.
QPainterPath edgeHitShape(const DagGeometry::Edge& edge, const QTransform& t, double tolerance);

/// Distance in px from `p` to the curve or arrow head of `edge` mapped by `t`; +inf if empty.
double edgeDistance(const DagGeometry::Edge& edge, const QTransform& t, const QPointF& p);

/// Graphviz .dot text of the gate graph for export: edge penwidth and label from μ, frozen-on
/// edges bold with a "frozen 1" label, frozen-off edges dashed grey. Recurrent edges come from
/// dashed previous-step nodes z<k>_prev (label "z<k> (t−1)", one row on top), dotted with hollow
/// arrow heads. Missing μ read as 0, missing frozen codes as free. Pure text: calls no Graphviz
/// function.
QString dagToDot(int nodes, const std::vector<std::pair<int, int>>& pairs,
                 const std::vector<double>& mu, const std::vector<int8_t>& frozen);

}  // namespace gvae
