// RocView: the ROC curve of link prediction.
#include "widgets/roc_view.h"

#include <qcustomplot.h>

#include <QVBoxLayout>

#include "widgets/figure_export.h"
#include "widgets/plot_fit.h"

namespace gvae {
namespace {

constexpr QSize kRocFigureSize(440, 420);

}  // namespace

RocView::RocView(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(plot_);
  plot_->plotLayout()->insertRow(0);
  QFont title_font = font();
  title_font.setBold(true);
  title_ = new QCPTextElement(plot_, QString(), title_font);
  plot_->plotLayout()->addElement(0, 0, title_);
  plot_->xAxis->setLabel(tr("false-positive rate (non-edges ranked above the cut)"));
  plot_->yAxis->setLabel(tr("true-positive rate (edges found)"));
  // Whole where the view is large enough, else brief (cut at both ends in a small dock).
  connect(plot_, &QCustomPlot::afterLayout, this, [this] {
    fitAxisLabel(plot_->xAxis, tr("false-positive rate (non-edges ranked above the cut)"),
                 tr("false-positive rate"));
    fitAxisLabel(plot_->yAxis, tr("true-positive rate (edges found)"), tr("true-positive rate"));
  });
  plot_->xAxis->setRange(0, 1);
  plot_->yAxis->setRange(0, 1.02);
  chance_ = plot_->addGraph();
  chance_->setName(tr("chance"));
  chance_->setPen(QPen(QColor(127, 127, 127), 1.2, Qt::DashLine));
  chance_->setData(QVector<double>{0, 1}, QVector<double>{0, 1}, true);
  curve_ = plot_->addGraph();
  curve_->setName(tr("ROC"));
  curve_->setPen(QPen(QColor(31, 119, 180), 2.0));
  curve_->setBrush(QColor(31, 119, 180, 40));
  plot_->legend->setVisible(true);
  plot_->legend->setBorderPen(Qt::NoPen);
  plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignRight | Qt::AlignBottom);
  clear(tr("No link prediction yet"));
}

RocView::~RocView() = default;

void RocView::setCurve(const std::vector<double>& fpr, const std::vector<double>& tpr, double auc,
                       double ap, long long edges, const QString& split) {
  QVector<double> x(fpr.begin(), fpr.end()), y(tpr.begin(), tpr.end());
  // The corners share false-positive rates (a vertical step): keep their order, not a sort.
  curve_->setData(x, y, true);
  title_->setText(tr("AUC %1 · AP %2 · %3 split: %4 edges, as many non-edges")
                      .arg(locale().toString(auc, 'f', 3), locale().toString(ap, 'f', 3))
                      .arg(split)
                      .arg(edges));
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void RocView::clear(const QString& note) {
  curve_->data()->clear();
  title_->setText(note);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

QString RocView::title() const { return title_->text(); }

int RocView::pointCount() const { return curve_->dataCount(); }

QString RocView::figureName() const { return QStringLiteral("roc"); }

QSize RocView::figureSize() const { return shownSizeOr(this, kRocFigureSize); }

void RocView::paintFigure(QPainter* painter, const QRect& rect) {
  paintCustomPlot(plot_, painter, rect);
}

}  // namespace gvae
