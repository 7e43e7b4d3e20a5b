// DagView: state, hit testing and interaction (hover tooltip, freeze menu, sampled structures).
#include "widgets/dag_view.h"

#include <QFontMetricsF>
#include <QHelpEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "widgets/edge_palette.h"

namespace gvae {
namespace {

constexpr double kHitTolerance = 6.0;  // px either side of a drawn edge
constexpr double kMargin = 14.0;       // px around the drawing
constexpr double kMaxScale = 2.0;      // small graphs do not blow up in a big window
const QColor kFrozenOffGrey(140, 140, 140);

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

}  // namespace

DagView::DagView(QWidget* parent) : QWidget(parent) {
  setMouseTracking(true);
  setAttribute(Qt::WA_OpaquePaintEvent);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

DagView::~DagView() = default;

void DagView::setGraph(int nodes, const std::vector<std::pair<int, int>>& pairs) {
  nodes = std::max(nodes, 0);
  const bool same = nodes == nodes_ && pairs == pairs_ && geo_.node_pos.size() == size_t(nodes);
  if (same) return;
  nodes_ = nodes;
  pairs_ = pairs;
  geo_ = layoutDag(nodes_, pairs_);
  mu_.assign(pairs_.size(), 0.0);
  frozen_.assign(pairs_.size(), static_cast<int8_t>(-1));
  hovered_ = -1;
  hit_valid_ = false;
  if (menu_) menu_->close();  // its gate may no longer exist
  if (showing_sample_) showMeans();
  updateGeometry();
  update();
}

void DagView::setGates(const std::vector<double>& mu, const std::vector<int8_t>& frozen) {
  for (size_t g = 0; g < pairs_.size(); ++g) {
    const double m = g < mu.size() ? mu[g] : 0.0;
    mu_[g] = std::isfinite(m) ? std::clamp(m, 0.0, 1.0) : 0.0;
    const int8_t f = g < frozen.size() ? frozen[g] : static_cast<int8_t>(-1);
    frozen_[g] = f == 0 || f == 1 ? f : static_cast<int8_t>(-1);
  }
  update();
}

void DagView::sampleStructure(quint32 seed) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  sample_.assign(pairs_.size(), 0);
  for (size_t g = 0; g < pairs_.size(); ++g) {
    const double u = uniform(gen);  // drawn for every gate so the stream does not depend on freezes
    if (geo_.edges[g].path.isEmpty()) continue;
    if (frozen_[g] == 1)
      sample_[g] = 1;
    else if (frozen_[g] == -1)
      sample_[g] = u < mu_[g] ? 1 : 0;
  }
  sample_seed_ = seed;
  const bool changed = !showing_sample_;
  showing_sample_ = true;
  hovered_ = -1;
  update();
  if (changed) Q_EMIT sampleModeChanged(true);
}

void DagView::showMeans() {
  if (!showing_sample_) return;
  showing_sample_ = false;
  sample_.clear();
  update();
  Q_EMIT sampleModeChanged(false);
}

std::vector<int> DagView::sampledEdges() const {
  std::vector<int> out;
  if (!showing_sample_) return out;
  for (size_t g = 0; g < sample_.size(); ++g)
    if (sample_[g]) out.push_back(static_cast<int>(g));
  return out;
}

bool DagView::edgeVisible(int g) const {
  if (g < 0 || size_t(g) >= geo_.edges.size() || geo_.edges[size_t(g)].path.isEmpty()) return false;
  return !showing_sample_ || (size_t(g) < sample_.size() && sample_[size_t(g)]);
}

void DagView::rebuildHitShapes() const {
  const QTransform t = sceneTransform(QRectF(rect()));
  hit_shapes_.clear();
  for (const DagGeometry::Edge& e : geo_.edges)
    hit_shapes_.push_back(edgeHitShape(e, t, kHitTolerance));
  hit_size_ = size();
  hit_valid_ = true;
}

int DagView::edgeAt(const QPointF& widgetPos) const {
  if (!hit_valid_ || hit_size_ != size()) rebuildHitShapes();
  const QTransform t = sceneTransform(QRectF(rect()));
  int best = -1;
  double best_dist = std::numeric_limits<double>::infinity();
  for (size_t g = 0; g < hit_shapes_.size(); ++g) {
    if (!edgeVisible(int(g)) || !hit_shapes_[g].contains(widgetPos)) continue;
    const double dist = edgeDistance(geo_.edges[g], t, widgetPos);  // nearest of crossing edges
    if (dist < best_dist) {
      best_dist = dist;
      best = int(g);
    }
  }
  return best;
}

QPointF DagView::edgeAnchor(int gate) const {
  if (gate < 0 || size_t(gate) >= geo_.edges.size() || geo_.edges[size_t(gate)].path.isEmpty())
    return QPointF();
  const QTransform t = sceneTransform(QRectF(rect()));
  const QPainterPath& path = geo_.edges[size_t(gate)].path;
  // Whole pixels, so a synthesized mouse event lands on the same point; walk outwards from the
  // middle until the point is unambiguously this edge's.
  for (int step = 0; step <= 16; ++step) {
    for (int sign : {1, -1}) {
      const QPointF p = QPointF(t.map(path.pointAtPercent(0.5 + sign * step * 0.025)).toPoint());
      if (edgeAt(p) == gate) return p;
    }
  }
  return QPointF(t.map(path.pointAtPercent(0.5)).toPoint());
}

QString DagView::toDot() const { return dagToDot(nodes_, pairs_, mu_, frozen_); }

QString DagView::edgeToolTip(int g) const {
  const int state = frozen_[size_t(g)];
  const QString how = state == 1 ? tr("frozen to 1") : state == 0 ? tr("frozen to 0") : tr("free");
  QString text = tr("z%1→z%2 μ=%3, %4")
                     .arg(pairs_[size_t(g)].first)
                     .arg(pairs_[size_t(g)].second)
                     .arg(QString::number(mu_[size_t(g)], 'f', 2), how);
  if (showing_sample_) text += QLatin1Char('\n') + tr("present in the sampled structure");
  return text;
}

void DagView::openEdgeMenu(int g, const QPoint& globalPos) {
  if (menu_) menu_->close();
  const int i = pairs_[size_t(g)].first;
  const int j = pairs_[size_t(g)].second;
  auto* menu = new QMenu(this);
  menu->setAttribute(Qt::WA_DeleteOnClose);
  menu->setObjectName(QStringLiteral("edgeMenu"));
  menu->addSection(tr("z%1 → z%2  (μ = %3)").arg(i).arg(j).arg(mu_[size_t(g)], 0, 'f', 2));
  struct Choice {
    const char* name;
    QString text;
    int state;
  };
  const Choice choices[] = {{"freezeOn", tr("Freeze to 1"), 1},
                            {"freezeOff", tr("Freeze to 0"), 0},
                            {"unfreeze", tr("Unfreeze"), -1}};
  for (const Choice& c : choices) {
    QAction* action = menu->addAction(c.text);
    action->setObjectName(QLatin1String(c.name));
    action->setEnabled(frozen_[size_t(g)] != c.state);  // asking for the current state is a no-op
    const int state = c.state;
    connect(action, &QAction::triggered, this,
            [this, i, j, state] { Q_EMIT freezeRequested(i, j, state); });
  }
  menu_ = menu;
  menu->popup(globalPos);
}

void DagView::mouseMoveEvent(QMouseEvent* event) {
  const int g = edgeAt(event->position());
  if (g != hovered_) {
    hovered_ = g;
    if (g >= 0)
      setCursor(Qt::PointingHandCursor);
    else
      unsetCursor();
    update();
  }
  QWidget::mouseMoveEvent(event);
}

void DagView::mousePressEvent(QMouseEvent* event) {
  if (event->button() == Qt::LeftButton) {
    const int g = edgeAt(event->position());
    if (g >= 0) {
      openEdgeMenu(g, event->globalPosition().toPoint());
      event->accept();
      return;
    }
  }
  QWidget::mousePressEvent(event);
}

void DagView::leaveEvent(QEvent* event) {
  if (hovered_ >= 0) {
    hovered_ = -1;
    unsetCursor();
    update();
  }
  QWidget::leaveEvent(event);
}

void DagView::resizeEvent(QResizeEvent* event) {
  hit_valid_ = false;
  QWidget::resizeEvent(event);
}

bool DagView::event(QEvent* event) {
  if (event->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(event);
    const int g = edgeAt(QPointF(help->pos()));
    if (g >= 0) {
      QToolTip::showText(help->globalPos(), edgeToolTip(g), this);
    } else {
      QToolTip::hideText();
      event->ignore();
    }
    return true;
  }
  return QWidget::event(event);
}

QString DagView::figureName() const { return QStringLiteral("dag"); }

QSize DagView::figureSize() const {
  if (geo_.bounds.isEmpty()) return QSize(320, 240);
  const QSizeF s = geo_.bounds.size() * 1.25 + QSizeF(40, 40);
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

QTransform DagView::sceneTransform(const QRectF& rect, double* scale) const {
  QTransform t;
  double s = 1.0;
  const QRectF b = geo_.bounds;
  if (!b.isEmpty()) {
    // The top margin leaves room for the sample caption, so hit shapes need not depend on mode.
    const QRectF avail = rect.adjusted(kMargin, kMargin + 10, -kMargin, -kMargin);
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
  if (showing_sample_) {
    size_t valid = 0;
    for (const DagGeometry::Edge& e : geo_.edges) valid += e.path.isEmpty() ? 0 : 1;
    painter->setFont(font());
    painter->setPen(QColor(60, 60, 60));
    painter->drawText(rect.adjusted(8, 4, -8, -4), Qt::AlignTop | Qt::AlignLeft,
                      tr("Sampled structure (seed %1): %2 of %3 edges")
                          .arg(sample_seed_)
                          .arg(sampledEdges().size())
                          .arg(valid));
  } else {
    for (size_t g = 0; g < geo_.edges.size(); ++g)
      if (edgeVisible(int(g))) paintEdgeLabel(painter, t, s, int(g));
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
  QColor color = edgeColor(g);
  double width = 2.5;
  Qt::PenStyle style = Qt::SolidLine;
  if (!showing_sample_ && state == 0) {
    color = kFrozenOffGrey;
    width = 1.2;
    style = Qt::DashLine;
  } else if (!showing_sample_) {
    width = 0.5 + 4.0 * m;
    color.setAlphaF(0.15 + 0.85 * m);
  }
  painter->setBrush(Qt::NoBrush);
  if (highlighted) {
    const QColor halo(255, 190, 0, 110);
    painter->setPen(QPen(halo, width + 8, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter->drawPath(path);
    painter->drawPolygon(head);
  }
  if (state == 1) {  // frozen on: a black outline under the colored stroke
    painter->setPen(QPen(Qt::black, width + 2.5, Qt::SolidLine, Qt::FlatCap, Qt::RoundJoin));
    painter->drawPath(path);
    painter->setPen(QPen(Qt::black, 2.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter->drawPolygon(head);
  }
  painter->setPen(QPen(color, width, style, Qt::FlatCap, Qt::RoundJoin));
  painter->drawPath(path);
  painter->setPen(Qt::NoPen);
  painter->setBrush(color);
  painter->drawPolygon(head);
}

void DagView::paintEdgeLabel(QPainter* painter, const QTransform& t, double scale, int g) const {
  const int state = frozen_[size_t(g)];
  QFont f = font();
  f.setPixelSize(int(std::clamp(9.0 * scale, 8.0, 13.0)));
  const QFontMetricsF fm(f, painter->device());
  const QString text = QString::number(mu_[size_t(g)], 'f', 2);
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
  const QFontMetricsF zm(z_font, painter->device());
  const QFontMetricsF sm(sub_font, painter->device());
  const QString z = tr("z", "latent node symbol");
  for (size_t k = 0; k < geo_.node_pos.size(); ++k) {
    const QPointF c = t.map(geo_.node_pos[k]);
    painter->setPen(QPen(QColor(40, 40, 40), 1.3));
    painter->setBrush(QColor(250, 250, 250));
    painter->drawEllipse(c, r, r);
    const QString index = QString::number(k + 1);
    const double w = zm.horizontalAdvance(z) + sm.horizontalAdvance(index);
    const QPointF base(c.x() - w / 2, c.y() + zm.xHeight() / 2);
    painter->setPen(Qt::black);
    painter->setFont(z_font);
    painter->drawText(base, z);
    painter->setFont(sub_font);
    painter->drawText(base + QPointF(zm.horizontalAdvance(z), sm.xHeight() * 0.8), index);
  }
}

}  // namespace gvae
