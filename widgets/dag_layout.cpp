// Graphviz `dot` layout of the gate graph (serialized, circle fallback) and its .dot export text.
#include "widgets/dag_layout.h"

#include <gvc.h>

#include <QCoreApplication>
#include <QLineF>
#include <QPainterPathStroker>
#include <QStringList>
#include <algorithm>
#include <cmath>
#include <limits>

#include "widgets/edge_palette.h"

namespace gvae {
namespace {

constexpr double kGraphvizPointsPerInch = 72.0;
constexpr double kNodeInches = 0.5;
constexpr double kArrowLength = 10.0;  // points, as dot's default arrowhead

// Triangle from the arrow's base (end of the curve) to its tip.
QPolygonF arrowPolygon(const QPointF& base, const QPointF& tip) {
  const QPointF d = tip - base;
  const double len = std::hypot(d.x(), d.y());
  if (len < 1e-9) return {};
  const QPointF n(-d.y() / len * 0.4 * len, d.x() / len * 0.4 * len);
  return QPolygonF({tip, base + n, base - n, tip});
}

double distanceToSegment(const QPointF& p, const QPointF& a, const QPointF& b) {
  const QPointF ab = b - a;
  const double len2 = QPointF::dotProduct(ab, ab);
  const double t = len2 > 0 ? std::clamp(QPointF::dotProduct(p - a, ab) / len2, 0.0, 1.0) : 0.0;
  const QPointF d = p - (a + t * ab);
  return std::hypot(d.x(), d.y());
}

// cgraph 2.x takes `char*` for names and values it only reads.
char* cs(const char* s) { return const_cast<char*>(s); }

// One context for the process, created on first use and never freed (freeing it during static
// destruction would race the plugin libraries' own teardown). Caller holds graphvizMutex().
GVC_t* sharedContext() {
  static GVC_t* gvc = [] {
    agseterr(AGERR);  // font and size warnings are noise for a fixed-size drawing
    return gvContext();
  }();
  return gvc;
}

// Frees layout and graph on every exit path. Caller holds graphvizMutex().
struct GraphGuard {
  GVC_t* gvc = nullptr;
  Agraph_t* g = nullptr;
  bool laid_out = false;
  ~GraphGuard() {
    if (laid_out) gvFreeLayout(gvc, g);
    if (g) agclose(g);
  }
};

// The dot layout proper; false on any Graphviz failure. Caller holds graphvizMutex().
bool runDot(int nodes, const std::vector<std::pair<int, int>>& pairs, DagGeometry* out) {
  GraphGuard guard;
  guard.gvc = sharedContext();
  if (!guard.gvc) return false;
  guard.g = agopen(cs("gates"), Agdirected, nullptr);
  if (!guard.g) return false;
  Agraph_t* g = guard.g;
  agattr(g, AGRAPH, cs("rankdir"), cs("TB"));
  agattr(g, AGRAPH, cs("nodesep"), cs("0.35"));
  agattr(g, AGRAPH, cs("ranksep"), cs("0.3"));
  agattr(g, AGNODE, cs("shape"), cs("circle"));
  agattr(g, AGNODE, cs("fixedsize"), cs("true"));
  agattr(g, AGNODE, cs("width"), cs("0.5"));
  agattr(g, AGNODE, cs("height"), cs("0.5"));
  agattr(g, AGNODE, cs("label"), cs(""));
  // A placeholder label of the final width so dot reserves room for the μ text on every edge.
  agattr(g, AGEDGE, cs("label"), cs("0.00"));
  agattr(g, AGEDGE, cs("fontsize"), cs("9"));

  std::vector<Agnode_t*> node_ptrs(static_cast<size_t>(nodes), nullptr);
  for (int k = 0; k < nodes; ++k) {
    const QByteArray name = "z" + QByteArray::number(k + 1);
    node_ptrs[static_cast<size_t>(k)] = agnode(g, cs(name.constData()), 1);
    if (!node_ptrs[static_cast<size_t>(k)]) return false;
  }
  // Previous-step nodes, only for sequence models (the image models' graph stays as it was): one
  // row that no current node shares, so every recurrent edge runs downwards like the others.
  std::vector<Agnode_t*> prev_ptrs;
  if (hasRecurrentPairs(nodes, pairs)) {
    Agraph_t* row = agsubg(g, cs("previous_step"), 1);
    if (!row || agsafeset(row, cs("rank"), cs("source"), cs("")) != 0) return false;
    for (int k = 0; k < nodes; ++k) {
      const QByteArray name = "z" + QByteArray::number(k + 1) + "_prev";
      prev_ptrs.push_back(agnode(row, cs(name.constData()), 1));
      if (!prev_ptrs.back()) return false;
    }
    // Invisible flat edges keep the row in index order, z_1^{t-1} on the left.
    agattr(g, AGEDGE, cs("style"), cs(""));
    for (size_t k = 0; k + 1 < prev_ptrs.size(); ++k) {
      const QByteArray name = "order" + QByteArray::number(static_cast<qulonglong>(k));
      Agedge_t* order = agedge(g, prev_ptrs[k], prev_ptrs[k + 1], cs(name.constData()), 1);
      if (!order) return false;
      agset(order, cs("style"), cs("invis"));
      agset(order, cs("label"), cs(""));  // a labelled flat edge would open a label rank
    }
  }
  std::vector<Agedge_t*> edge_ptrs(pairs.size(), nullptr);
  for (size_t e = 0; e < pairs.size(); ++e) {
    if (!isValidGatePair(nodes, pairs[e])) continue;
    const QByteArray name = "g" + QByteArray::number(static_cast<qulonglong>(e));
    const int i = pairs[e].first;
    Agnode_t* tail =
        i > 0 ? node_ptrs[static_cast<size_t>(i - 1)] : prev_ptrs[static_cast<size_t>(-i - 1)];
    edge_ptrs[e] = agedge(g, tail, node_ptrs[static_cast<size_t>(pairs[e].second - 1)],
                          cs(name.constData()), 1);
    if (!edge_ptrs[e]) return false;
  }
  if (gvLayout(guard.gvc, g, "dot") != 0) return false;
  guard.laid_out = true;

  const boxf bb = GD_bb(g);
  const double flip = bb.LL.y + bb.UR.y;  // Graphviz y points up, Qt's down
  auto toQt = [flip](const pointf& p) { return QPointF(p.x, flip - p.y); };

  DagGeometry geo;
  geo.from_graphviz = true;
  geo.bounds = QRectF(QPointF(bb.LL.x, bb.LL.y), QPointF(bb.UR.x, bb.UR.y)).normalized();
  geo.node_size =
      QSizeF(kNodeInches * kGraphvizPointsPerInch, kNodeInches * kGraphvizPointsPerInch);
  for (Agnode_t* n : node_ptrs) {
    geo.node_pos.push_back(toQt(ND_coord(n)));
    geo.node_size =
        QSizeF(ND_width(n) * kGraphvizPointsPerInch, ND_height(n) * kGraphvizPointsPerInch);
  }
  for (Agnode_t* n : prev_ptrs) geo.prev_pos.push_back(toQt(ND_coord(n)));
  geo.edges.resize(pairs.size());
  for (size_t e = 0; e < pairs.size(); ++e) {
    DagGeometry::Edge& edge = geo.edges[e];
    edge.gate = static_cast<int>(e);
    Agedge_t* ge = edge_ptrs[e];
    if (!ge) continue;
    const splines* spl = ED_spl(ge);
    if (!spl || spl->size < 1) return false;
    for (int b = 0; b < spl->size; ++b) {
      const bezier& bz = spl->list[b];
      if (bz.size < 4) continue;
      edge.path.moveTo(toQt(bz.list[0]));
      for (int k = 1; k + 2 < bz.size; k += 3)
        edge.path.cubicTo(toQt(bz.list[k]), toQt(bz.list[k + 1]), toQt(bz.list[k + 2]));
      if (bz.eflag) edge.arrow_head = arrowPolygon(toQt(bz.list[bz.size - 1]), toQt(bz.ep));
    }
    if (edge.path.isEmpty()) return false;
    if (edge.arrow_head.isEmpty()) {  // no arrow from dot: put one along the end tangent
      const QPointF end = edge.path.currentPosition();
      const double angle = edge.path.angleAtPercent(1.0) * M_PI / 180.0;
      const QPointF dir(std::cos(angle), -std::sin(angle));
      edge.arrow_head = arrowPolygon(end - kArrowLength * dir, end);
    }
    const textlabel_t* label = ED_label(ge);
    edge.label_pos = label && label->set ? toQt(label->pos) : edge.path.pointAtPercent(0.5);
    geo.bounds |= edge.path.boundingRect() | edge.arrow_head.boundingRect();
  }
  *out = std::move(geo);
  return true;
}

}  // namespace

bool isValidGatePair(int nodes, const std::pair<int, int>& p) {
  const auto [i, j] = p;
  if (j < 1 || j > nodes) return false;
  return (i >= 1 && i <= nodes && i != j) || (i <= -1 && i >= -nodes);
}

bool hasRecurrentPairs(int nodes, const std::vector<std::pair<int, int>>& pairs) {
  return std::any_of(pairs.cbegin(), pairs.cend(), [nodes](const std::pair<int, int>& p) {
    return p.first < 0 && isValidGatePair(nodes, p);
  });
}

std::mutex& graphvizMutex() {
  static std::mutex mutex;
  return mutex;
}

DagGeometry layoutDag(int nodes, const std::vector<std::pair<int, int>>& pairs) {
  if (nodes <= 0) return layoutDagCircle(nodes, pairs);
  DagGeometry geo;
  bool ok = false;
  try {
    std::lock_guard<std::mutex> lock(graphvizMutex());
    ok = runDot(nodes, pairs, &geo);
  } catch (...) {  // a bad_alloc from our own vectors: the fallback still draws something
    ok = false;
  }
  return ok ? geo : layoutDagCircle(nodes, pairs);
}

DagGeometry layoutDagCircle(int nodes, const std::vector<std::pair<int, int>>& pairs) {
  DagGeometry geo;
  const double diameter = kNodeInches * kGraphvizPointsPerInch;
  geo.node_size = QSizeF(diameter, diameter);
  const int n = std::max(nodes, 0);
  const double radius = n <= 1 ? 0.0 : std::max(60.0, n * 1.6 * diameter / (2.0 * M_PI));
  for (int k = 0; k < n; ++k) {
    const int slot = n - 1 - k;  // z_N at the top, then clockwise down to z_1
    const double theta = -M_PI / 2.0 + 2.0 * M_PI * slot / n;
    geo.node_pos.emplace_back(radius * std::cos(theta), radius * std::sin(theta));
  }
  if (hasRecurrentPairs(n, pairs)) {  // a row above the circle, z_1^{t-1} on the left
    double top = 0.0;
    for (const QPointF& p : geo.node_pos) top = std::min(top, p.y());
    for (int k = 0; k < n; ++k)
      geo.prev_pos.emplace_back((k - (n - 1) / 2.0) * 1.6 * diameter, top - 2.5 * diameter);
  }
  QRectF bounds;
  for (const auto* positions : {&geo.node_pos, &geo.prev_pos})
    for (const QPointF& p : *positions)
      bounds |= QRectF(p - QPointF(diameter / 2, diameter / 2), geo.node_size);
  geo.edges.resize(pairs.size());
  for (size_t e = 0; e < pairs.size(); ++e) {
    DagGeometry::Edge& edge = geo.edges[e];
    edge.gate = static_cast<int>(e);
    if (!isValidGatePair(n, pairs[e])) continue;
    const int i = pairs[e].first;
    const QPointF tail = i > 0 ? geo.node_pos[static_cast<size_t>(i - 1)]
                               : geo.prev_pos[static_cast<size_t>(-i - 1)];
    const QPointF head = geo.node_pos[static_cast<size_t>(pairs[e].second - 1)];
    const QLineF line(tail, head);
    if (line.length() < diameter + kArrowLength) continue;
    const QPointF unit = (head - tail) / line.length();
    const QPointF start = tail + unit * (diameter / 2);
    const QPointF tip = head - unit * (diameter / 2);
    const QPointF base = tip - unit * kArrowLength;
    edge.path.moveTo(start);
    edge.path.lineTo(base);
    edge.arrow_head = arrowPolygon(base, tip);
    edge.label_pos = (start + base) / 2;
  }
  geo.bounds = bounds.adjusted(-4, -4, 4, 4);
  return geo;
}

QPainterPath edgeHitShape(const DagGeometry::Edge& edge, const QTransform& t, double tolerance) {
  if (edge.path.isEmpty()) return {};
  QPainterPathStroker stroker;
  stroker.setWidth(2.0 * tolerance);
  stroker.setCapStyle(Qt::RoundCap);
  stroker.setJoinStyle(Qt::RoundJoin);
  QPainterPath arrow;
  arrow.addPolygon(t.map(edge.arrow_head));
  arrow.closeSubpath();
  // united(), not addPath(): overlapping subpaths of opposite winding would cancel out.
  return stroker.createStroke(t.map(edge.path)).united(stroker.createStroke(arrow)).united(arrow);
}

double edgeDistance(const DagGeometry::Edge& edge, const QTransform& t, const QPointF& p) {
  double dist = std::numeric_limits<double>::infinity();
  if (edge.path.isEmpty()) return dist;
  QList<QPolygonF> lines = t.map(edge.path).toSubpathPolygons();
  lines.append(t.map(edge.arrow_head));
  for (const QPolygonF& line : lines)
    for (int k = 0; k + 1 < line.size(); ++k)
      dist = std::min(dist, distanceToSegment(p, line[k], line[k + 1]));
  return dist;
}

QString dagToDot(int nodes, const std::vector<std::pair<int, int>>& pairs,
                 const std::vector<double>& mu, const std::vector<int8_t>& frozen) {
  auto hex2 = [](int v) { return QStringLiteral("%1").arg(v, 2, 16, QLatin1Char('0')); };
  QStringList lines;
  lines << QStringLiteral("digraph gates {") << QStringLiteral("  rankdir=TB;")
        << QStringLiteral(
               "  node [shape=circle, fixedsize=true, width=0.5, fontname=\"Helvetica\"];")
        << QStringLiteral("  edge [fontname=\"Helvetica\", fontsize=9];");
  for (int k = 1; k <= nodes; ++k)
    lines << QStringLiteral("  z%1 [label=<<i>z</i><sub>%1</sub>>];").arg(k);
  if (hasRecurrentPairs(nodes, pairs)) {
    lines << QStringLiteral("  { rank=source;");
    for (int k = 1; k <= nodes; ++k)
      lines << QStringLiteral(
                   "    z%1_prev [label=<<i>z</i><sub>%1</sub> (t−1)>, style=dashed, "
                   "fixedsize=false];")
                   .arg(k);
    lines << QStringLiteral("  }");
  }
  for (size_t e = 0; e < pairs.size(); ++e) {
    if (!isValidGatePair(nodes, pairs[e])) continue;
    double m = e < mu.size() ? mu[e] : 0.0;
    m = std::isfinite(m) ? std::clamp(m, 0.0, 1.0) : 0.0;
    const int state = e < frozen.size() ? frozen[e] : -1;
    const QColor c = edgeColor(static_cast<int>(e));
    const QString mu_text = QString::number(m, 'f', 2);
    // Recurrent edges are dotted (whatever their state) with hollow arrow heads.
    const bool recurrent = pairs[e].first < 0;
    QString attrs;
    if (state == 0) {
      attrs = QStringLiteral("color=\"grey60\", style=") %
              (recurrent ? QLatin1String("dotted") : QLatin1String("dashed")) %
              QLatin1String(", penwidth=1.00, label=\"") % mu_text % QLatin1String(" ") %
              QCoreApplication::translate("gvae::DagView", "(frozen %1)").arg(0) %
              QLatin1String("\"");
    } else {
      const int alpha = static_cast<int>(std::lround(255.0 * (0.15 + 0.85 * m)));
      attrs = QStringLiteral("color=\"#") % hex2(c.red()) % hex2(c.green()) % hex2(c.blue()) %
              hex2(alpha) % QLatin1String("\", penwidth=") % QString::number(0.5 + 4.0 * m, 'f', 2);
      if (state == 1)
        attrs += QStringLiteral(", style=") %
                 (recurrent ? QLatin1String("\"dotted,bold\"") : QLatin1String("bold")) %
                 QLatin1String(", label=\"") % mu_text % QLatin1String(" ") %
                 QCoreApplication::translate("gvae::DagView", "(frozen %1)").arg(1) %
                 QLatin1String("\"");
      else
        attrs += (recurrent ? QLatin1String(", style=dotted") : QLatin1String()) %
                 QLatin1String(", label=\"") % mu_text % QLatin1String("\"");
    }
    if (recurrent) attrs += QLatin1String(", arrowhead=empty");
    const QString tail = recurrent ? QStringLiteral("z%1_prev").arg(-pairs[e].first)
                                   : QStringLiteral("z%1").arg(pairs[e].first);
    lines << QStringLiteral("  %1 -> z%2 [%3];").arg(tail).arg(pairs[e].second).arg(attrs);
  }
  lines << QStringLiteral("}");
  return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

}  // namespace gvae
