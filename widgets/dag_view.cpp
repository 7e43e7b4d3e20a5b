// DagView: state, hit testing and interaction (hover tooltip, freeze menu, sampled structures).
#include "widgets/dag_view.h"

#include <QHelpEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QToolTip>
#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

namespace gvae {
namespace {

constexpr double kHitTolerance = 6.0;  // px either side of a drawn edge

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

void DagView::setImportance(const std::vector<double>& relaxed,
                            const std::vector<double>& sampled) {
  importance_relaxed_ = relaxed;
  importance_sampled_ = sampled;
  update();
}

void DagView::setEdgeMarks(const std::vector<int8_t>& marks) {
  marks_ = marks;
  update();
}

void DagView::setWidthByImportance(bool on) {
  by_importance_ = on;
  update();
}

double DagView::relativeImportance(int g) const {
  if (!by_importance_ || importance_relaxed_.size() != pairs_.size()) return -1;
  double top = 0;
  for (double d : importance_relaxed_)
    if (std::isfinite(d)) top = std::max(top, -d);
  const double d = importance_relaxed_[size_t(g)];
  if (!std::isfinite(d)) return -1;
  return top > 0 ? std::max(0.0, -d) / top : 0.0;
}

QString DagView::edgeToolTip(int g) const {
  const int state = frozen_[size_t(g)];
  const QString how = state == 1 ? tr("frozen to 1") : state == 0 ? tr("frozen to 0") : tr("free");
  const auto [i, j] = pairs_[size_t(g)];
  QString text = (i < 0 ? tr("z%1(t−1)→z%2 μ=%3, %4") : tr("z%1→z%2 μ=%3, %4"))
                     .arg(std::abs(i))
                     .arg(j)
                     .arg(locale().toString(mu_[size_t(g)], 'f', 2), how);
  auto at = [g](const std::vector<double>& v) {
    return size_t(g) < v.size() ? v[size_t(g)] : std::nan("");
  };
  if (std::isfinite(at(importance_relaxed_)))
    text += QLatin1Char('\n') +
            tr("forced off, the ELBO changes by %1 nats (relaxed gates), %2 (sampled)")
                .arg(locale().toString(at(importance_relaxed_), 'f', 2),
                     locale().toString(at(importance_sampled_), 'f', 2));
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
  const QString title = (i < 0 ? tr("z%1(t−1) → z%2  (μ = %3)") : tr("z%1 → z%2  (μ = %3)"))
                            .arg(std::abs(i))
                            .arg(j)
                            .arg(locale().toString(mu_[size_t(g)], 'f', 2));
  menu->addSection(title);
  // A menu is sized by its actions only, and the section title was cut ("z5 → z4  (μ = 0.…").
  QFont bold = menu->font();
  bold.setBold(true);  // some styles draw section titles bold
  menu->setMinimumWidth(QFontMetrics(bold).horizontalAdvance(title) + 48);
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

}  // namespace gvae
