// Figure export: PNG through QImage, SVG through QSvgGenerator, PDF through QPdfWriter, each
// rendered in memory and committed with QSaveFile.
#include "widgets/figure_export.h"

#include <qcustomplot.h>

#include <QBuffer>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QImageWriter>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QPicture>
#include <QSaveFile>
#include <QSvgGenerator>
#include <algorithm>
#include <cmath>

namespace gvae {
namespace {

// Figures are laid out in device-independent pixels of 1/96 inch, as on a standard screen.
constexpr double kLogicalDpi = 96.0;
constexpr double kPointsPerInch = 72.0;
constexpr double kMetersPerInch = 0.0254;
// QPainter's raster engine works in 16-bit coordinates.
constexpr int kMaxImageSide = 32767;

enum class Format { Png, Svg, Pdf };

// Translation context for the messages of this file (it has no QObject).
class FigureExport {
  Q_DECLARE_TR_FUNCTIONS(gvae::FigureExport)

 public:
  static Status error(const QString& path, const QString& problem) {
    return Status::Error(tr("Cannot export the figure to \"%1\": %2")
                             .arg(QDir::toNativeSeparators(path), problem)
                             .toStdString());
  }
};

bool formatFromSuffix(const QString& suffix, Format* format) {
  const QString s = suffix.toLower();
  if (s == QLatin1String("png")) {
    *format = Format::Png;
  } else if (s == QLatin1String("svg")) {
    *format = Format::Svg;
  } else if (s == QLatin1String("pdf")) {
    *format = Format::Pdf;
  } else {
    return false;
  }
  return true;
}

// Paints the figure laid out at `size` onto a painter whose device measures `device` units.
void paintScaled(Figure& figure, QPainter* painter, const QSize& size, const QSizeF& device) {
  painter->setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
  painter->scale(device.width() / size.width(), device.height() / size.height());
  figure.paintFigure(painter, QRect(QPoint(0, 0), size));
}

// Returns an empty string on success, else the problem.
QString renderPng(Figure& figure, const QSize& size, double dpi, const QSize& exact,
                  QByteArray* out) {
  const double scale = dpi / kLogicalDpi;
  const double width = exact.isEmpty() ? size.width() * scale : exact.width();
  const double height = exact.isEmpty() ? size.height() * scale : exact.height();
  if (width > kMaxImageSide || height > kMaxImageSide) {
    return FigureExport::tr("an image of %1 × %2 pixels is too large")
        .arg(width, 0, 'f', 0)
        .arg(height, 0, 'f', 0);
  }
  const QSize pixels(std::max(1, static_cast<int>(std::lround(width))),
                     std::max(1, static_cast<int>(std::lround(height))));
  QImage image(pixels, QImage::Format_RGB32);
  if (image.isNull()) {
    return FigureExport::tr("not enough memory for an image of %1 × %2 pixels")
        .arg(pixels.width())
        .arg(pixels.height());
  }
  // Painting at the logical DPI gives fonts in points the same pixel size as on screen; the
  // painter's scale then enlarges text, lines and images alike, so the layout never changes.
  const int logical_dpm = static_cast<int>(std::lround(kLogicalDpi / kMetersPerInch));
  image.setDotsPerMeterX(logical_dpm);
  image.setDotsPerMeterY(logical_dpm);
  image.fill(Qt::white);
  {
    QPainter painter(&image);
    paintScaled(figure, &painter, size, QSizeF(pixels));
  }
  const int dpm = static_cast<int>(std::lround(dpi / kMetersPerInch));
  image.setDotsPerMeterX(dpm);
  image.setDotsPerMeterY(dpm);

  QBuffer buffer(out);
  buffer.open(QIODevice::WriteOnly);
  QImageWriter writer(&buffer, "png");
  if (!writer.write(image)) return writer.errorString();
  return {};
}

QString renderSvg(Figure& figure, const QSize& size, QByteArray* out) {
  QBuffer buffer(out);
  buffer.open(QIODevice::WriteOnly);
  QSvgGenerator generator;
  generator.setOutputDevice(&buffer);
  generator.setSize(size);
  generator.setViewBox(QRect(QPoint(0, 0), size));
  generator.setResolution(static_cast<int>(kLogicalDpi));
  generator.setTitle(figure.figureName());
  generator.setDescription(FigureExport::tr("Exported from GraphVAE Studio"));
  QPainter painter;
  if (!painter.begin(&generator)) return FigureExport::tr("the SVG renderer could not start");
  paintScaled(figure, &painter, size, QSizeF(size));
  if (!painter.end()) return FigureExport::tr("the SVG renderer failed");
  return {};
}

QString renderPdf(Figure& figure, const QSize& size, QByteArray* out) {
  QBuffer buffer(out);
  buffer.open(QIODevice::WriteOnly);
  QPdfWriter writer(&buffer);
  writer.setCreator(FigureExport::tr("GraphVAE Studio"));
  writer.setTitle(figure.figureName());
  // One page exactly the figure's physical size (size / 96 inches), without margins.
  const QPageSize page(QSizeF(size) * (kPointsPerInch / kLogicalDpi), QPageSize::Point, QString(),
                       QPageSize::ExactMatch);
  if (!writer.setPageLayout(
          QPageLayout(page, QPageLayout::Portrait, QMarginsF(0, 0, 0, 0), QPageLayout::Point))) {
    return FigureExport::tr("the page size %1 × %2 is not valid")
        .arg(size.width())
        .arg(size.height());
  }
  // The logical DPI keeps font sizes as on screen (see renderPng); PDF stays vector anyway.
  writer.setResolution(static_cast<int>(kLogicalDpi));
  QPainter painter;
  if (!painter.begin(&writer)) return FigureExport::tr("the PDF renderer could not start");
  paintScaled(figure, &painter, size, QSizeF(writer.width(), writer.height()));
  if (!painter.end()) return FigureExport::tr("the PDF renderer failed");
  return {};
}

// Writes `data` to `path` through a temporary file in the same folder, renamed on success.
Status writeAtomically(const QString& path, const QByteArray& data) {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly)) return FigureExport::error(path, file.errorString());
  if (file.write(data) != data.size()) {
    const QString problem = file.errorString();
    file.cancelWriting();
    return FigureExport::error(path, problem);
  }
  if (!file.commit()) return FigureExport::error(path, file.errorString());
  return Status::Ok();
}

}  // namespace

Status exportFigure(Figure& figure, const QString& path, const ExportOptions& options) {
  const QString suffix = QFileInfo(path).suffix();
  Format format = Format::Png;
  if (suffix.isEmpty()) {
    return FigureExport::error(
        path, FigureExport::tr("the file name has no suffix (use .png, .svg or .pdf)"));
  }
  if (!formatFromSuffix(suffix, &format)) {
    return FigureExport::error(
        path, FigureExport::tr("unknown format \".%1\" (use .png, .svg or .pdf)").arg(suffix));
  }
  if (!std::isfinite(options.dpi) || options.dpi <= 0) {
    return FigureExport::error(
        path, FigureExport::tr("the resolution %1 dpi is not positive").arg(options.dpi));
  }
  QSize size = options.size.isEmpty() ? figure.figureSize() : options.size;
  if (!options.pixels.isEmpty()) {
    const double layout = kLogicalDpi / options.dpi;
    size = QSize(std::max(1, static_cast<int>(std::lround(options.pixels.width() * layout))),
                 std::max(1, static_cast<int>(std::lround(options.pixels.height() * layout))));
  }
  if (size.isEmpty()) return FigureExport::error(path, FigureExport::tr("the figure is empty"));

  QByteArray data;
  QString problem;
  switch (format) {
    case Format::Png:
      problem = renderPng(figure, size, options.dpi, options.pixels, &data);
      break;
    case Format::Svg:
      problem = renderSvg(figure, size, &data);
      break;
    case Format::Pdf:
      problem = renderPdf(figure, size, &data);
      break;
  }
  if (!problem.isEmpty()) return FigureExport::error(path, problem);
  return writeAtomically(path, data);
}

Status exportFigures(const std::vector<Figure*>& figures, const QString& dir,
                     const QStringList& formats, const ExportOptions& options) {
  const QDir folder(dir);
  QStringList failures;
  for (Figure* figure : figures) {
    if (figure == nullptr) continue;
    for (QString format : formats) {
      if (format.startsWith(QLatin1Char('.'))) format.remove(0, 1);
      const QString path = folder.filePath(figure->figureName() + QLatin1Char('.') + format);
      const Status status = exportFigure(*figure, path, options);
      if (!status) failures << QString::fromStdString(status.message);
    }
  }
  if (!failures.isEmpty()) return Status::Error(failures.join(QLatin1Char('\n')).toStdString());
  return Status::Ok();
}

void paintCustomPlot(QCustomPlot* plot, QPainter* painter, const QRect& rect) {
  // QCustomPlot draws only through a QCPPainter it owns; recording into a QPicture and replaying
  // it keeps every line and label a vector primitive on the target device.
  QPicture picture;
  {
    QCPPainter recorder(&picture);
    recorder.setMode(QCPPainter::pmVectorized);
    recorder.setMode(QCPPainter::pmNoCaching);
    // Cosmetic (width 0) pens would be hairlines in PDF and 1 px at any PNG resolution.
    recorder.setMode(QCPPainter::pmNonCosmetic);
    plot->toPainter(&recorder, rect.width(), rect.height());
  }
  painter->save();
  painter->drawPicture(rect.topLeft(), picture);
  painter->restore();
  // toPainter() laid the plot out at `rect`; lay it out for the screen again now (pixel <->
  // coordinate mapping of mouse events depends on it), repainting later.
  plot->replot(QCustomPlot::rpQueuedRefresh);
}

QSize shownSizeOr(const QWidget* view, QSize fallback) {
  return view->isVisible() && !view->size().isEmpty() ? view->size() : fallback;
}

}  // namespace gvae
