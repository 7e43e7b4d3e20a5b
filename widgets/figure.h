// Figure: what every exportable view implements, so one "Export figure..." serves them all.
#pragma once

#include <QPainter>
#include <QRect>
#include <QSize>
#include <QString>

namespace gvae {

/// A view that can paint itself for a report. Vector views paint vector primitives (lines,
/// text, paths) so SVG and PDF exports stay vector; image views paint their images.
class Figure {
 public:
  virtual ~Figure() = default;
  /// File-name stem for "Export all figures" ("curves", "dag", ...).
  virtual QString figureName() const = 0;
  /// Size in device-independent pixels at which the figure looks as on screen.
  virtual QSize figureSize() const = 0;
  /// Paints the whole figure into `rect` of `painter` (any paint device: image, SVG, PDF).
  virtual void paintFigure(QPainter* painter, const QRect& rect) = 0;
};

}  // namespace gvae
