// MainWindow: the window's first size and the named dock layouts (Training, Analysis, Report).
#include <QAction>
#include <QDockWidget>
#include <QGuiApplication>
#include <QScreen>
#include <QShowEvent>
#include <QTabBar>
#include <QTimer>
#include <algorithm>

#include "app/studio/main_window.h"

namespace gvae {
QStringList MainWindow::layoutNames() {
  return {QStringLiteral("training"), QStringLiteral("analysis"), QStringLiteral("report")};
}

void MainWindow::fitToScreen() {
  // A screen up to 1500 x 1000 gets its whole available area; a larger one 92 % of it, centred
  // (a fixed 1500 x 1050 came up taller than a 1000-pixel screen and small on a 1920 one).
  const QScreen* screen = this->screen() ? this->screen() : QGuiApplication::primaryScreen();
  if (!screen) {
    resize(1500, 950);
    return;
  }
  const QRect avail = screen->availableGeometry();
  QSize size = avail.size();
  if (size.width() > 1500 && size.height() > 1000) size *= 0.92;
  // The frame (title bar, borders) is known only once shown; before, assume a common one.
  const QSize frame = isVisible() ? frameGeometry().size() - geometry().size() : QSize(0, 0);
  size -= frame;
  resize(size.expandedTo(minimumSizeHint()).boundedTo(avail.size() - frame));
  QRect r(QPoint(0, 0), size + frame);
  r.moveCenter(avail.center());
  move(r.topLeft());
}

void MainWindow::applyLayout(const QString& name) {
  if (!layoutNames().contains(name)) return;
  const auto dock = [this](const char* n) { return docks_.value(QLatin1String(n)); };
  QDockWidget *setup = dock("setup"), *training = dock("training"), *curves = dock("curves"),
              *gates = dock("gates"), *dag = dock("dag"), *latent = dock("latent"),
              *traversal = dock("traversal"), *samples = dock("samples"),
              *compare = dock("compare"), *evaluate = dock("evaluate"),
              *structure = dock("structure"), *disentanglement = dock("disentanglement"),
              *link = dock("link"), *runs = dock("runs"), *sweep = dock("sweep");
  for (QDockWidget* d : std::as_const(docks_)) {
    d->setFloating(false);
    removeDockWidget(d);
  }
  std::vector<QDockWidget*> fronts;  // the dock shown of each tab group
  const auto tabs = [this, &fronts](std::vector<QDockWidget*> group) {
    group.erase(std::remove(group.begin(), group.end(), nullptr), group.end());
    for (size_t k = 1; k < group.size(); ++k) tabifyDockWidget(group[k - 1], group[k]);
    fronts.push_back(group.front());
  };
  // Sizes as fractions of the window, applied once the window has its size (see below); one
  // list per dock area (docks of several areas in one resizeDocks() call came out overlapping).
  using Sizes = std::vector<std::pair<std::vector<QDockWidget*>, std::vector<double>>>;
  Sizes vertical, horizontal;
  std::vector<QDockWidget*> hidden;
  if (name == QLatin1String("analysis")) {
    // The analysis views large at the bottom; above them the curves (setup and training in
    // their tabs) and the DAG. (A left column beside them left the centre empty, and Qt then
    // split the width in halves whatever resizeDocks() asked.)
    addDockWidget(Qt::RightDockWidgetArea, curves);
    splitDockWidget(curves, dag, Qt::Horizontal);
    tabs({curves, gates, training, setup, runs});
    addDockWidget(Qt::BottomDockWidgetArea, latent);
    splitDockWidget(latent, traversal, Qt::Horizontal);
    tabs({traversal, samples, link, evaluate, compare, structure, disentanglement, sweep});
    vertical = {{{curves}, {0.36}}, {{latent}, {0.64}}};
    horizontal = {{{curves, dag}, {0.55, 0.45}}, {{latent, traversal}, {0.55, 0.45}}};
  } else if (name == QLatin1String("report")) {
    // The four figures of a report, each a quarter of the window; setup and training hidden.
    addDockWidget(Qt::LeftDockWidgetArea, setup);
    splitDockWidget(setup, training, Qt::Vertical);
    tabs({setup, runs});
    hidden = {setup, training, runs};
    addDockWidget(Qt::RightDockWidgetArea, curves);
    splitDockWidget(curves, dag, Qt::Horizontal);
    addDockWidget(Qt::BottomDockWidgetArea, gates);
    splitDockWidget(gates, latent, Qt::Horizontal);
    tabs({latent, traversal, samples, link, evaluate, compare, structure, disentanglement, sweep});
    vertical = {{{curves}, {0.5}}, {{gates}, {0.5}}};
    horizontal = {{{curves, dag}, {0.5, 0.5}}, {{gates, latent}, {0.5, 0.5}}};
  } else {
    // Training: set up and follow a run; the analysis views tabbed under the plots.
    addDockWidget(Qt::LeftDockWidgetArea, setup);
    splitDockWidget(setup, training, Qt::Vertical);
    tabs({setup, runs});
    addDockWidget(Qt::RightDockWidgetArea, curves);
    splitDockWidget(curves, dag, Qt::Horizontal);
    splitDockWidget(curves, gates, Qt::Vertical);
    addDockWidget(Qt::BottomDockWidgetArea, latent);
    tabs({latent, traversal, samples, link, evaluate, compare, structure, disentanglement, sweep});
    vertical = {{{curves, gates}, {0.34, 0.22}}, {{latent}, {0.40}}};
    horizontal = {{{setup}, {0.23}}, {{curves, dag}, {0.41, 0.29}}};
  }
  const auto isHidden = [&hidden](QDockWidget* d) {
    return std::find(hidden.begin(), hidden.end(), d) != hidden.end();
  };
  for (QDockWidget* d : std::as_const(docks_)) d->setVisible(!isHidden(d));
  for (QDockWidget* d : fronts)
    if (!isHidden(d)) d->raise();
  // Before the window is shown its docks have no geometry and resizeDocks() misplaces them
  // (the analysis docks came up overlapping): then they are sized right after the show.
  size_docks_ = [this, vertical, horizontal] {
    for (const auto& [docks, fractions] : vertical) {
      QList<int> px;
      for (double f : fractions) px.append(int(f * height()));
      resizeDocks(QList<QDockWidget*>(docks.begin(), docks.end()), px, Qt::Vertical);
    }
    for (const auto& [docks, fractions] : horizontal) {
      QList<int> px;
      for (double f : fractions) px.append(int(f * width()));
      resizeDocks(QList<QDockWidget*>(docks.begin(), docks.end()), px, Qt::Horizontal);
    }
  };
  if (isVisible()) {
    size_docks_();
    size_docks_ = nullptr;
  }
  layout_ = name;  // kept for the next launch by closeEvent()
  for (QAction* a : layout_actions_) a->setChecked(a->data().toString() == name);
}

void MainWindow::showEvent(QShowEvent* event) {
  QMainWindow::showEvent(event);
  if (event->spontaneous() || !size_docks_) return;
  // After the layout requests the show posted: the docks then have their places.
  QTimer::singleShot(50, this, [this] {
    if (size_docks_) size_docks_();
    size_docks_ = nullptr;  // once: later shows keep what the user arranged
  });
}

void MainWindow::childEvent(QChildEvent* event) {
  QMainWindow::childEvent(event);
  // The tab bars of tabbed docks (made, and later reused, by QMainWindow, which asks them to
  // elide): at 1366 pixels nine analysis tabs read "Trave…", "Evalu…", "Sw…". Whole titles,
  // scroll arrows where they do not fit. Polished: after QMainWindow has set them up.
  if (event->type() != QEvent::ChildPolished) return;
  if (auto* bar = qobject_cast<QTabBar*>(event->child())) {
    bar->setElideMode(Qt::ElideNone);
    bar->setUsesScrollButtons(true);
  }
}

void MainWindow::resetLayout() {
  fitToScreen();
  applyLayout(layout_);
}

}  // namespace gvae
