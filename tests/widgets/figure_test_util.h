// Test helpers for plots and figures: graph data, painted images, pixel counts.
#pragma once

#include <qcustomplot.h>

#include <QBuffer>
#include <QImage>
#include <QPainter>
#include <QSvgGenerator>
#include <QVector>

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
