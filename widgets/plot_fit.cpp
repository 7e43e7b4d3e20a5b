// plot_fit: QCustomPlot plots fitted to the room they get.
#include "widgets/plot_fit.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace gvae {

QSize leastSize(const QCustomPlot* plot) {
  return static_cast<const QWidget*>(plot)->minimumSizeHint();
}

void updateWhenLeastSizeChanges(const QCustomPlot* plot, QSize* last, QWidget* owner) {
  const QSize least = leastSize(plot);
  if (least == *last) return;
  *last = least;
  owner->updateGeometry();
}

bool spaceTicks(QCPAxis* axis, int most) {
  const QSharedPointer<QCPAxisTicker> ticker = axis->ticker();
  const int before = ticker->tickCount();
  const QFontMetrics metrics(axis->tickLabelFont());
  const auto wide = [&metrics](const QString& label) { return metrics.horizontalAdvance(label); };
  const bool horizontal = axis->orientation() == Qt::Horizontal;
  const QString format = axis->numberFormat();
  const QChar format_char = format.isEmpty() ? QLatin1Char('g') : format.at(0);
  int count = most;
  for (; count > 2; --count) {
    ticker->setTickCount(count);
    QVector<double> ticks;
    QVector<QString> labels;
    ticker->generate(axis->range(), axis->parentPlot()->locale(), format_char,
                     axis->numberPrecision(), ticks, nullptr, &labels);
    bool apart = true;
    for (int i = 1; i < ticks.size() && apart; ++i) {
      const double gap = std::abs(axis->coordToPixel(ticks[i]) - axis->coordToPixel(ticks[i - 1]));
      const double need =
          horizontal ? (wide(labels[i]) + wide(labels[i - 1])) / 2.0 + 6 : metrics.height() + 2;
      apart = gap >= need;
    }
    if (apart) break;
  }
  ticker->setTickCount(count);
  return count != before;
}

bool fitAxisLabel(QCPAxis* axis, const QString& full, const QString& brief) {
  const QRect rect = axis->axisRect()->rect();
  const QRect plot = axis->parentPlot()->rect();
  const bool horizontal = axis->orientation() == Qt::Horizontal;
  const int center = horizontal ? rect.center().x() : rect.center().y();
  const int end = horizontal ? plot.right() : plot.bottom();
  const int room = 2 * std::min(center, end - center);
  const QString label =
      QFontMetrics(axis->labelFont()).horizontalAdvance(full) <= room ? full : brief;
  if (axis->label() == label) return false;
  axis->setLabel(label);
  return true;
}

QCPItemText* addEmptyNote(QCustomPlot* plot, const QString& text) {
  auto* note = new QCPItemText(plot);
  note->position->setType(QCPItemPosition::ptAxisRectRatio);
  note->position->setCoords(0.5, 0.5);
  note->setPositionAlignment(Qt::AlignCenter);
  note->setText(text);
  note->setColor(Qt::darkGray);
  note->setVisible(false);
  return note;
}

}  // namespace gvae
