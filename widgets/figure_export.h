// Figure export: renders any gvae::Figure to PNG, SVG or PDF, atomically (no half-written files).
#pragma once

#include <QSize>
#include <QString>
#include <QStringList>
#include <vector>

#include "core/util/status.h"
#include "widgets/figure.h"

class QCustomPlot;
class QPainter;
class QRect;

namespace gvae {

/// How a figure is exported.
///   ExportOptions options;
///   options.dpi = 300;  // PNG at 300 dpi, same layout as on screen
///   exportFigure(view, QStringLiteral("/tmp/curves.png"), options);
struct ExportOptions {
  /// Layout size in device-independent pixels (1/96 inch); empty: the figure's figureSize().
  QSize size;
  /// Resolution of PNG exports: the image has size * dpi / 96 pixels and records the dpi.
  /// SVG and PDF are vector and always have the physical size size / 96 inches.
  double dpi = 96;
  /// When set: PNG images of exactly these pixels, whatever the screen, laid out at
  /// pixels * 96 / dpi (so a higher dpi draws larger text on the same pixels); `size` is then
  /// ignored and SVG / PDF get that layout size too.
  QSize pixels;
};

/// Exports `figure` to `path`; the format follows the suffix (.png, .svg, .pdf, any case).
/// The file is written beside `path` under a temporary name and renamed when complete, so a
/// failed export leaves no partial file (and an existing file untouched). Errors (unknown
/// suffix, unwritable folder, full disk) return a Status naming the file and the problem.
/// GUI thread only (figures paint their widgets' state).
Status exportFigure(Figure& figure, const QString& path, const ExportOptions& options = {});

/// Writes `<dir>/<figureName>.<format>` for every figure and every format ("png", "svg",
/// "pdf"; a leading dot is ignored). Every file is attempted; the Status lists all failures.
/// The folder must exist. GUI thread only.
Status exportFigures(const std::vector<Figure*>& figures, const QString& dir,
                     const QStringList& formats, const ExportOptions& options = {});

/// Paints `plot` laid out to `rect` (logical coordinates of `painter`) as vector primitives, so
/// SVG and PDF exports of QCustomPlot-based figures stay vector. Restores the plot's on-screen
/// layout afterwards. GUI thread only.
void paintCustomPlot(QCustomPlot* plot, QPainter* painter, const QRect& rect);

/// A view's Figure::figureSize(): its size on screen while shown, else `fallback`.
QSize shownSizeOr(const QWidget* view, QSize fallback);

}  // namespace gvae
