// Tests of exportFigure / exportFigures: formats, resolution, atomic writes, errors.
#include <QtTest>

#include "widgets/figure.h"
#include "widgets/figure_export.h"

using gvae::ExportOptions;
using gvae::Figure;
using gvae::Status;

namespace {

// A figure of lines, a filled rectangle and text, like a small plot.
class TestFigure : public Figure {
 public:
  explicit TestFigure(QString name = QStringLiteral("test")) : name_(std::move(name)) {}
  QString figureName() const override { return name_; }
  QSize figureSize() const override { return {200, 120}; }
  void paintFigure(QPainter* painter, const QRect& rect) override {
    ++paints;
    painter->save();
    painter->setPen(QPen(Qt::black, 2));
    painter->drawLine(rect.topLeft() + QPoint(10, 10), rect.bottomRight() - QPoint(10, 10));
    painter->drawLine(rect.left() + 10, rect.bottom() - 10, rect.right() - 10, rect.top() + 10);
    painter->fillRect(QRect(rect.left() + 20, rect.top() + 20, 40, 30), QColor(31, 119, 180));
    painter->drawText(rect.adjusted(0, 0, 0, -4), Qt::AlignHCenter | Qt::AlignBottom,
                      QStringLiteral("epoch"));
    painter->restore();
  }
  int paints = 0;

 private:
  QString name_;
};

QByteArray readAll(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return {};
  return file.readAll();
}

bool hasNonWhitePixel(const QImage& image) {
  for (int y = 0; y < image.height(); ++y) {
    for (int x = 0; x < image.width(); ++x) {
      if ((image.pixel(x, y) & 0xffffff) != 0xffffff) return true;
    }
  }
  return false;
}

}  // namespace

class TstFigureExport : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void writesFormat_data();
  void writesFormat();
  void pngRecordsDpi_data();
  void pngRecordsDpi();
  void pngHonoursSize();
  void unknownSuffixFails_data();
  void unknownSuffixFails();
  void unwritableFolderFails_data();
  void unwritableFolderFails();
  void failedExportKeepsOldFile();
  void exportsAllFigures();
};

void TstFigureExport::writesFormat_data() {
  QTest::addColumn<QString>("suffix");
  QTest::newRow("png") << QStringLiteral("png");
  QTest::newRow("svg") << QStringLiteral("svg");
  QTest::newRow("pdf") << QStringLiteral("pdf");
  QTest::newRow("upper-case PDF") << QStringLiteral("PDF");
}

void TstFigureExport::writesFormat() {
  QFETCH(QString, suffix);
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString path = dir.filePath(QStringLiteral("figure.") + suffix);
  TestFigure figure;
  const Status status = gvae::exportFigure(figure, path);
  QVERIFY2(status.ok, status.message.c_str());
  QCOMPARE(figure.paints, 1);
  // Only the file itself: the temporary file was renamed, not left behind.
  QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden),
           QStringList{QFileInfo(path).fileName()});

  const QByteArray data = readAll(path);
  const QString format = suffix.toLower();
  if (format == QLatin1String("png")) {
    QVERIFY(data.startsWith("\x89PNG\r\n\x1a\n"));
    QImage image;
    QVERIFY(image.loadFromData(data, "PNG"));
    QCOMPARE(image.size(), figure.figureSize());
    QVERIFY(hasNonWhitePixel(image));
    QCOMPARE(image.pixel(image.width() - 2, 1) & 0xffffff, 0xffffffu);  // white background
  } else if (format == QLatin1String("svg")) {
    QVERIFY(data.contains("<svg"));
    QVERIFY(data.contains("<path") || data.contains("<polyline") || data.contains("<line"));
    QVERIFY(data.contains("epoch"));  // text stays text
    QVERIFY(data.contains("viewBox=\"0 0 200 120\""));
  } else {
    QVERIFY(data.startsWith("%PDF-"));
    QVERIFY2(data.size() > 800, qPrintable(QString::number(data.size())));
    QVERIFY(data.contains("/Contents"));
    QVERIFY(data.contains("stream"));
    // One page of 200 x 120 px at 96 dpi = 150 x 90 pt.
    const QRegularExpression media_box(QStringLiteral(R"(/MediaBox \[0 0 150(\.0*)? 90(\.0*)?\])"));
    QVERIFY(media_box.match(QString::fromLatin1(data)).hasMatch());
  }
}

void TstFigureExport::pngRecordsDpi_data() {
  QTest::addColumn<double>("dpi");
  QTest::addColumn<QSize>("pixels");
  QTest::newRow("96 dpi") << 96.0 << QSize(200, 120);
  QTest::newRow("192 dpi") << 192.0 << QSize(400, 240);
  QTest::newRow("300 dpi") << 300.0 << QSize(625, 375);
}

void TstFigureExport::pngRecordsDpi() {
  QFETCH(double, dpi);
  QFETCH(QSize, pixels);
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("figure.png"));
  TestFigure figure;
  ExportOptions options;
  options.dpi = dpi;
  const Status status = gvae::exportFigure(figure, path, options);
  QVERIFY2(status.ok, status.message.c_str());
  QImage image(path);
  QCOMPARE(image.size(), pixels);
  QCOMPARE(qRound(image.dotsPerMeterX() * 0.0254), qRound(dpi));
  QCOMPARE(qRound(image.dotsPerMeterY() * 0.0254), qRound(dpi));
  // Same layout at any dpi: the blue rectangle sits at (20, 20) - (60, 50) logical pixels.
  const double scale = dpi / 96.0;
  QCOMPARE(image.pixelColor(qRound(40 * scale), qRound(35 * scale)), QColor(31, 119, 180));
  QCOMPARE(image.pixelColor(qRound(70 * scale), qRound(35 * scale)).blue(), 255);
}

void TstFigureExport::pngHonoursSize() {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("figure.png"));
  TestFigure figure;
  ExportOptions options;
  options.size = QSize(320, 200);
  options.dpi = 192;
  QVERIFY(gvae::exportFigure(figure, path, options).ok);
  QCOMPARE(QImage(path).size(), QSize(640, 400));
  // Exact pixels, whatever the figure's on-screen size and the dpi (text scales with the dpi).
  for (double dpi : {96.0, 150.0, 300.0}) {
    ExportOptions exact;
    exact.pixels = QSize(1201, 799);
    exact.dpi = dpi;
    QVERIFY(gvae::exportFigure(figure, path, exact).ok);
    const QImage image(path);
    QCOMPARE(image.size(), QSize(1201, 799));
    QCOMPARE(image.dotsPerMeterX(), static_cast<int>(std::lround(dpi / 0.0254)));
  }
}

void TstFigureExport::unknownSuffixFails_data() {
  QTest::addColumn<QString>("fileName");
  QTest::newRow("bmp") << QStringLiteral("figure.bmp");
  QTest::newRow("no suffix") << QStringLiteral("figure");
}

void TstFigureExport::unknownSuffixFails() {
  QFETCH(QString, fileName);
  QTemporaryDir dir;
  const QString path = dir.filePath(fileName);
  TestFigure figure;
  const Status status = gvae::exportFigure(figure, path);
  QVERIFY(!status.ok);
  QVERIFY2(QString::fromStdString(status.message).contains(fileName), status.message.c_str());
  QVERIFY(!QFile::exists(path));
}

void TstFigureExport::unwritableFolderFails_data() {
  QTest::addColumn<QString>("suffix");
  QTest::newRow("png") << QStringLiteral("png");
  QTest::newRow("svg") << QStringLiteral("svg");
  QTest::newRow("pdf") << QStringLiteral("pdf");
}

void TstFigureExport::unwritableFolderFails() {
  QFETCH(QString, suffix);
  QTemporaryDir dir;
  // A "folder" that is a plain file cannot hold files, whoever runs the test (even root).
  const QString not_a_folder = dir.filePath(QStringLiteral("plain_file"));
  {
    QFile file(not_a_folder);
    QVERIFY(file.open(QIODevice::WriteOnly));
  }
  const QString path = not_a_folder + QStringLiteral("/figure.") + suffix;
  TestFigure figure;
  const Status status = gvae::exportFigure(figure, path);
  QVERIFY(!status.ok);
  QVERIFY2(QString::fromStdString(status.message).contains(QStringLiteral("figure.") + suffix),
           status.message.c_str());
  // A missing folder fails the same way.
  const Status missing =
      gvae::exportFigure(figure, dir.filePath(QStringLiteral("missing/figure.") + suffix));
  QVERIFY(!missing.ok);
  QVERIFY(QString::fromStdString(missing.message).contains(QStringLiteral("missing")));
}

void TstFigureExport::failedExportKeepsOldFile() {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("figure.svg"));
  {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("previous");
  }
  TestFigure figure;
  ExportOptions options;
  options.dpi = -1;  // invalid: fails before anything is written
  QVERIFY(!gvae::exportFigure(figure, path, options).ok);
  QCOMPARE(readAll(path), QByteArray("previous"));
  // A target that is a folder cannot be replaced; nothing is left beside it.
  const QString folder_target = dir.filePath(QStringLiteral("taken.png"));
  QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("taken.png")));
  QVERIFY(!gvae::exportFigure(figure, folder_target).ok);
  QVERIFY(QFileInfo(folder_target).isDir());
  QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
           (QStringList{QStringLiteral("figure.svg"), QStringLiteral("taken.png")}));
}

void TstFigureExport::exportsAllFigures() {
  QTemporaryDir dir;
  TestFigure curves(QStringLiteral("curves")), dag(QStringLiteral("dag"));
  const std::vector<Figure*> figures{&curves, &dag};
  const Status status = gvae::exportFigures(
      figures, dir.path(), {QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral(".pdf")},
      ExportOptions{});
  QVERIFY2(status.ok, status.message.c_str());
  QStringList files = QDir(dir.path()).entryList(QDir::Files | QDir::Hidden);
  files.sort();
  QCOMPARE(files, (QStringList{QStringLiteral("curves.pdf"), QStringLiteral("curves.png"),
                               QStringLiteral("curves.svg"), QStringLiteral("dag.pdf"),
                               QStringLiteral("dag.png"), QStringLiteral("dag.svg")}));
  for (const QString& file : files) QVERIFY(QFileInfo(dir.filePath(file)).size() > 0);

  // One bad format fails that file only, and the Status names it.
  const Status partial = gvae::exportFigures(
      figures, dir.path(), {QStringLiteral("tiff"), QStringLiteral("png")}, ExportOptions{});
  QVERIFY(!partial.ok);
  QVERIFY(QString::fromStdString(partial.message).contains(QStringLiteral("curves.tiff")));
  QVERIFY(QString::fromStdString(partial.message).contains(QStringLiteral("dag.tiff")));
}

QTEST_MAIN(TstFigureExport)
#include "tst_figure_export.moc"
