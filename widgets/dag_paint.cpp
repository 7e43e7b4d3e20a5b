// DagView painting: scene transform, edges (self and recurrent), μ labels, nodes, legend, figure.
#include <QFontMetricsF>
#include <QPainter>
#include <algorithm>
#include <cmath>

#include "widgets/dag_view.h"
#include "widgets/edge_palette.h"

namespace gvae {
namespace {

constexpr double kDagMargin = 14.0;  // px around the drawing
constexpr double kMaxScale = 2.0;    // small graphs do not blow up in a big window
const QColor kFrozenOffGrey(140, 140, 140);
const QColor kCaptionInk(60, 60, 60);

// A small padlock glyph filling `r`, its body showing the frozen value.
void paintLock(QPainter* p, const QRectF& r, int value, const QColor& color, QFont font) {
  const double stroke = std::max(1.0, r.width() * 0.14);
  const QRectF body(r.left(), r.top() + r.height() * 0.36, r.width(), r.height() * 0.64);
  const double rise = body.top() - r.top() - stroke / 2;
  p->setPen(QPen(color, stroke));
  p->setBrush(Qt::NoBrush);
  p->drawArc(QRectF(r.left() + r.width() * 0.2, r.top() + stroke / 2, r.width() * 0.6, 2 * rise), 0,
             180 * 16);
  p->setPen(Qt::NoPen);
  p->setBrush(color);
  p->drawRoundedRect(body, stroke, stroke);
  font.setPixelSize(std::max(6, int(body.height())));
  font.setItalic(false);
  font.setBold(true);
  p->setFont(font);
  p->setPen(Qt::white);
  p->drawText(body, Qt::AlignCenter, QString::number(value));
}

// The dotted pen of recurrent edges: dots of at least 2 px and gaps of 3 px even for hairlines.
// The dots follow `edgeWidth`, so a wider outline under the edge (frozen on) dots in step with it.
QPen dottedPen(const QColor& color, double width, double edgeWidth) {
  QPen pen(color, width, Qt::CustomDashLine, Qt::FlatCap, Qt::RoundJoin);
  // A dash pattern counts in pen widths.
  pen.setDashPattern({std::max(edgeWidth, 2.0) / width, std::max(1.5 * edgeWidth, 3.0) / width});
  return pen;
}

}  // namespace

QString DagView::figureName() const { return QStringLiteral("dag"); }

QSize DagView::figureSize() const {
  if (geo_.bounds.isEmpty()) return QSize(320, 240);
  const QSizeF s = geo_.bounds.size() * 1.25 + QSizeF(40, 40 + legendHeight());
  return QSize(std::max(240, int(std::ceil(s.width()))), std::max(200, int(std::ceil(s.height()))));
}

QSize DagView::sizeHint() const { return figureSize(); }

QSize DagView::minimumSizeHint() const { return QSize(160, 120); }

void DagView::paintFigure(QPainter* painter, const QRect& rect) {
  painter->save();
  paintScene(painter, QRectF(rect), false);
  painter->restore();
}

void DagView::paintEvent(QPaintEvent* /*event*/) {
  QPainter painter(this);
  paintScene(&painter, QRectF(rect()), true);
}

double DagView::legendHeight() const {
  return geo_.prev_pos.empty() ? 0.0 : QFontMetricsF(font()).height() + 6.0;
}

QTransform DagView::sceneTransform(const QRectF& rect, double* scale) const {
  QTransform t;
  double s = 1.0;
  const QRectF b = geo_.bounds;
  if (!b.isEmpty()) {
    // The top margin leaves room for the sample caption, so hit shapes need not depend on mode;
    // the bottom one for the legend of a graph with recurrent edges.
    const QRectF avail =
        rect.adjusted(kDagMargin, kDagMargin + 10, -kDagMargin, -kDagMargin - legendHeight());
    s = std::min({avail.width() / b.width(), avail.height() / b.height(), kMaxScale});
    s = std::max(s, 1e-3);
    t.translate(avail.center().x(), avail.center().y());
    t.scale(s, s);
    t.translate(-b.center().x(), -b.center().y());
  }
  if (scale) *scale = s;
  return t;
}

void DagView::paintScene(QPainter* painter, const QRectF& rect, bool interactive) const {
  painter->save();
  painter->setClipRect(rect);
  painter->fillRect(rect, Qt::white);
  painter->setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
  if (nodes_ == 0) {
    painter->setPen(Qt::gray);
    painter->drawText(rect, Qt::AlignCenter, tr("No latent graph"));
    painter->restore();
    return;
  }
  double s = 1.0;
  const QTransform t = sceneTransform(rect, &s);
  const int highlighted = interactive ? hovered_ : -1;
  for (size_t g = 0; g < geo_.edges.size(); ++g)
    if (int(g) != highlighted) paintEdge(painter, t, int(g), false);
  if (highlighted >= 0) paintEdge(painter, t, highlighted, true);
  paintNodes(painter, t, s);
  painter->setFont(font());
  painter->setPen(kCaptionInk);
  if (showing_sample_) {
    size_t valid = 0;
    for (const DagGeometry::Edge& e : geo_.edges) valid += e.path.isEmpty() ? 0 : 1;
    painter->drawText(rect.adjusted(8, 4, -8, -4), Qt::AlignTop | Qt::AlignLeft,
                      tr("Sampled structure (seed %1): %2 of %3 edges")
                          .arg(sample_seed_)
                          .arg(sampledEdges().size())
                          .arg(valid));
  } else {
    for (size_t g = 0; g < geo_.edges.size(); ++g)
      if (edgeVisible(int(g))) paintEdgeLabel(painter, t, s, int(g));
  }
  if (!geo_.prev_pos.empty()) {
    painter->setFont(font());
    painter->setPen(kCaptionInk);
    painter->drawText(rect.adjusted(8, 4, -8, -4), Qt::AlignBottom | Qt::AlignHCenter,
                      tr("solid: within a step · dotted: from step t−1"));
  }
  painter->restore();
}

void DagView::paintEdge(QPainter* painter, const QTransform& t, int g, bool highlighted) const {
  if (!edgeVisible(g)) return;
  const DagGeometry::Edge& e = geo_.edges[size_t(g)];
  const QPainterPath path = t.map(e.path);
  const QPolygonF head = t.map(e.arrow_head);
  const int state = frozen_[size_t(g)];
  const double m = mu_[size_t(g)];
  const bool recurrent = pairs_[size_t(g)].first < 0;
  QColor color = edgeColor(g);
  double width = 2.5;
  Qt::PenStyle style = Qt::SolidLine;
  if (!showing_sample_ && state == 0) {
    color = kFrozenOffGrey;
    width = 1.2;
    style = Qt::DashLine;
  } else if (!showing_sample_) {
    const double rel = relativeImportance(g);
    const double w = rel >= 0 ? rel : m;
    width = 0.5 + 4.0 * w;
    color.setAlphaF(0.15 + 0.85 * w);
  }
  const int mark = size_t(g) < marks_.size() ? marks_[size_t(g)] : int(kEdgeAsIs);
  if (!marks_.empty()) {  // a comparison: the colour is the verdict, never the palette's
    color = mark == kEdgeAsIs       ? QColor(40, 40, 40)
            : mark == kEdgeReversed ? QColor(230, 140, 0)
                                    : QColor(200, 30, 30);
    width = 2.5;
    style = mark == kEdgeMissing ? Qt::DashLine : Qt::SolidLine;
  }
  painter->setBrush(Qt::NoBrush);
  if (highlighted) {
    const QColor halo(255, 190, 0, 110);
    painter->setPen(QPen(halo, width + 8, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter->drawPath(path);
    painter->drawPolygon(head);
  }
  if (state == 1) {  // frozen on: a black outline under the colored stroke
    painter->setPen(recurrent
                        ? dottedPen(Qt::black, width + 2.5, width)
                        : QPen(Qt::black, width + 2.5, Qt::SolidLine, Qt::FlatCap, Qt::RoundJoin));
    painter->drawPath(path);
    painter->setPen(QPen(Qt::black, 2.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter->drawPolygon(head);
  }
  // Recurrent edges (from step t-1) are dotted, frozen or not, with a hollow arrow head.
  painter->setPen(recurrent ? dottedPen(color, width, width)
                            : QPen(color, width, style, Qt::FlatCap, Qt::RoundJoin));
  painter->drawPath(path);
  if (recurrent) {
    color.setAlphaF(std::max(color.alphaF(), 0.5f));  // a faint outline alone would vanish
    painter->setPen(QPen(color, 1.4, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter->setBrush(Qt::white);
  } else {
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
  }
  painter->drawPolygon(head);
}

void DagView::paintEdgeLabel(QPainter* painter, const QTransform& t, double scale, int g) const {
  if (!marks_.empty()) return;  // a comparison with a true DAG: the marks say it all
  const int state = frozen_[size_t(g)];
  QFont f = font();
  f.setPixelSize(int(std::clamp(9.0 * scale, 8.0, 13.0)));
  const QFontMetricsF fm(f, painter->device());
  // By importance: what forcing the edge off costs, in nats (a negative ELBO change).
  const QString text = relativeImportance(g) >= 0
                           ? locale().toString(-importance_relaxed_[size_t(g)], 'f', 2)
                           : locale().toString(mu_[size_t(g)], 'f', 2);
  const double text_w = fm.horizontalAdvance(text);
  const double lock_w = state >= 0 ? std::round(fm.height() * 0.8) : 0.0;
  const double gap = state >= 0 ? 3.0 : 0.0;
  const QPointF c = t.map(geo_.edges[size_t(g)].label_pos);
  const QRectF box(c.x() - (text_w + gap + lock_w) / 2 - 2, c.y() - fm.height() / 2,
                   text_w + gap + lock_w + 4, fm.height());
  painter->setPen(Qt::NoPen);
  painter->setBrush(QColor(255, 255, 255, 210));
  painter->drawRoundedRect(box, 2, 2);
  const QColor ink = state == 0   ? kFrozenOffGrey
                     : state == 1 ? QColor(Qt::black)
                                  : edgeColor(g).darker(140);
  painter->setFont(f);
  painter->setPen(ink);
  painter->drawText(QRectF(box.left() + 2, box.top(), text_w, box.height()),
                    Qt::AlignLeft | Qt::AlignVCenter, text);
  if (state >= 0) {
    const QRectF lock(box.left() + 2 + text_w + gap, c.y() - lock_w * 0.7, lock_w, lock_w * 1.35);
    paintLock(painter, lock, state, ink, f);
  }
}

void DagView::paintNodes(QPainter* painter, const QTransform& t, double scale) const {
  const double r = geo_.node_size.width() / 2 * scale;
  QFont z_font = font();
  z_font.setPixelSize(std::max(7, int(r * 0.95)));
  z_font.setItalic(true);
  QFont sub_font = font();
  sub_font.setPixelSize(std::max(6, int(r * 0.62)));
  QFont sup_font = font();
  sup_font.setPixelSize(std::max(5, int(r * 0.5)));
  const QFontMetricsF zm(z_font, painter->device());
  const QFontMetricsF sm(sub_font, painter->device());
  const QFontMetricsF um(sup_font, painter->device());
  const QString z = tr("z", "latent node symbol");
  const QString previous = tr("t−1", "superscript of a node at the previous time step");
  // z_k, or z_k^{t-1} for a previous-step node: dashed outline, the step as a superscript.
  auto paintNode = [&](const QPointF& pos, int index, bool prev) {
    const QPointF c = t.map(pos);
    painter->setPen(QPen(QColor(40, 40, 40), 1.3, prev ? Qt::DashLine : Qt::SolidLine));
    painter->setBrush(prev ? QColor(238, 238, 238) : QColor(250, 250, 250));
    painter->drawEllipse(c, r, r);
    const QString sub = QString::number(index);
    const double scripts = prev
                               ? std::max(sm.horizontalAdvance(sub), um.horizontalAdvance(previous))
                               : sm.horizontalAdvance(sub);
    const double w = zm.horizontalAdvance(z) + scripts;
    const QPointF base(c.x() - w / 2, c.y() + zm.xHeight() / 2);
    painter->setPen(Qt::black);
    painter->setFont(z_font);
    painter->drawText(base, z);
    painter->setFont(sub_font);
    painter->drawText(base + QPointF(zm.horizontalAdvance(z), sm.xHeight() * 0.8), sub);
    if (prev) {
      painter->setFont(sup_font);
      painter->drawText(base + QPointF(zm.horizontalAdvance(z), -zm.xHeight() * 1.1), previous);
    }
  };
  for (size_t k = 0; k < geo_.node_pos.size(); ++k) paintNode(geo_.node_pos[k], int(k) + 1, false);
  for (size_t k = 0; k < geo_.prev_pos.size(); ++k) paintNode(geo_.prev_pos[k], int(k) + 1, true);
}

}  // namespace gvae
