// Test helpers for plots and figures: graph data, painted images, pixel counts.
#pragma once

#include <qcustomplot.h>

#include <QBuffer>
#include <QImage>
#include <QPainter>
#include <QString>
#include <QSvgGenerator>
#include <QVector>
#include <cmath>

#include "widgets/figure.h"

inline QVector<double> keysOf(const QCPGraph* graph) {
  QVector<double> keys;
  for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it)
    keys.append(it->key);
  return keys;
}

inline QVector<double> valuesOf(const QCPGraph* graph) {
  QVector<double> values;
  for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it)
    values.append(it->value);
  return values;
}

/// Where two neighbouring tick labels of `axis` (as last replotted) come closer than a few
/// pixels: "'-3.5' and '-3' 15 pixels apart, 22 needed"; empty when all stand apart, or when the
/// axis has fewer than `least` ticks: "1 tick".
inline QString tickLabelsCrowded(const QCPAxis* axis, int least = 2) {
  const QVector<double> ticks = axis->tickVector();
  const QVector<QString> labels = axis->tickVectorLabels();
  if (ticks.size() < least) return QStringLiteral("%1 tick(s)").arg(ticks.size());
  const QFontMetrics metrics(axis->tickLabelFont());
  for (int i = 1; i < ticks.size(); ++i) {
    const double gap = std::abs(axis->coordToPixel(ticks[i]) - axis->coordToPixel(ticks[i - 1]));
    const double need =
        axis->orientation() == Qt::Horizontal
            ? (metrics.horizontalAdvance(labels[i]) + metrics.horizontalAdvance(labels[i - 1])) /
                      2.0 +
                  4
            : metrics.height() + 2;
    if (gap < need)
      return QStringLiteral("'%1' and '%2' %3 pixels apart, %4 needed")
          .arg(labels[i - 1], labels[i])
          .arg(gap, 0, 'f', 0)
          .arg(need, 0, 'f', 0);
  }
  return {};
}

inline int pixelsOfColor(const QImage& image, QRgb rgb) {
  int count = 0;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x)
      if ((image.pixel(x, y) & 0xffffff) == (rgb & 0xffffff)) ++count;
  return count;
}

inline int nonWhitePixels(const QImage& image) {
  return image.width() * image.height() - pixelsOfColor(image, 0xffffff);
}

inline QImage paintToImage(gvae::Figure& figure) {
  QImage image(figure.figureSize(), QImage::Format_ARGB32);
  image.fill(Qt::white);
  QPainter painter(&image);
  figure.paintFigure(&painter, image.rect());
  return image;
}

// The figure painted into an SVG document at its natural size.
inline QByteArray svgOf(gvae::Figure& figure) {
  QBuffer svg;
  svg.open(QIODevice::WriteOnly);
  QSvgGenerator generator;
  generator.setOutputDevice(&svg);
  generator.setSize(figure.figureSize());
  generator.setViewBox(QRect(QPoint(0, 0), figure.figureSize()));
  QPainter painter(&generator);
  figure.paintFigure(&painter, QRect(QPoint(0, 0), figure.figureSize()));
  painter.end();
  return svg.data();
}
