// Tests of ImageGridView: ImageGrid -> QImage conversion, stored grid, painting.
#include <QtTest>
#include <cmath>
#include <limits>
#include <set>
#include <thread>

#include "core/analysis/image_grid.h"
#include "widgets/image_grid_view.h"

using gvae::ImageGrid;
using gvae::ImageGridView;

namespace {

// rows x cols cells of height x width, cell (r, c) filled with a distinct constant intensity.
ImageGrid constantCells(int rows, int cols, int height, int width) {
  ImageGrid grid;
  grid.rows = rows;
  grid.cols = cols;
  grid.height = height;
  grid.width = width;
  grid.pixels.resize(static_cast<size_t>(rows) * cols * height * width);
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) {
      const float v = static_cast<float>(r * cols + c + 1) / (rows * cols);
      for (int i = 0; i < height * width; ++i) {
        grid.pixels[((static_cast<size_t>(r) * cols + c) * height * width) + i] = v;
      }
    }
  }
  return grid;
}

int gray(const QImage& image, int x, int y) { return qGray(image.pixel(x, y)); }

int countNonBackground(const QImage& image, QRgb background) {
  int n = 0;
  for (int y = 0; y < image.height(); ++y) {
    for (int x = 0; x < image.width(); ++x) n += (image.pixel(x, y) | 0xff000000) != background;
  }
  return n;
}

}  // namespace

class TestImageGridView : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void toImageLayout_data();
  void toImageLayout();
  void toImageClampsIntensities();
  void toImageRejectsBadShape();
  void toImageFromWorkerThread();
  void setGridStoresShape();
  void nullImageClears();
  void paintsImageAndLabels();
  void emptyShowsHint();
  void figurePaintsOnWhite();
};

void TestImageGridView::toImageLayout_data() {
  QTest::addColumn<int>("pad");
  QTest::newRow("pad 2") << 2;
  QTest::newRow("pad 0") << 0;
  QTest::newRow("pad 5") << 5;
}

void TestImageGridView::toImageLayout() {
  QFETCH(int, pad);
  const int rows = 2, cols = 3, height = 4, width = 5;
  const ImageGrid grid = constantCells(rows, cols, height, width);
  const QImage image = ImageGridView::toImage(grid, pad);
  QVERIFY(!image.isNull());
  QCOMPARE(image.format(), QImage::Format_Grayscale8);
  QCOMPARE(image.width(), cols * width + (cols + 1) * pad);
  QCOMPARE(image.height(), rows * height + (rows + 1) * pad);

  std::set<int> levels;
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) {
      const int left = pad + c * (width + pad), top = pad + r * (height + pad);
      const int expected = static_cast<int>(std::lround(grid.at(r, c, 0, 0) * 255));
      // Every pixel of the cell, corners included, carries the cell's intensity.
      QCOMPARE(gray(image, left, top), expected);
      QCOMPARE(gray(image, left + width - 1, top + height - 1), expected);
      levels.insert(expected);
    }
  }
  QCOMPARE(levels.size(), size_t(rows * cols));  // all cells differ
  QCOMPARE(*levels.rbegin(), 255);               // intensity 1 is white

  if (pad > 0) {
    const int kPad = ImageGridView::kPaddingGray;
    QCOMPARE(gray(image, 0, 0), kPad);                                   // frame
    QCOMPARE(gray(image, pad + width, pad), kPad);                       // between columns
    QCOMPARE(gray(image, pad, pad + height), kPad);                      // between rows
    QCOMPARE(gray(image, image.width() - 1, image.height() - 1), kPad);  // frame
  }
}

void TestImageGridView::toImageClampsIntensities() {
  ImageGrid grid;
  grid.rows = grid.cols = 1;
  grid.height = 1;
  grid.width = 4;
  grid.pixels = {-0.5f, 0.0f, 2.0f, std::numeric_limits<float>::quiet_NaN()};
  const QImage image = ImageGridView::toImage(grid, 1);
  QCOMPARE(gray(image, 1, 1), 0);
  QCOMPARE(gray(image, 2, 1), 0);
  QCOMPARE(gray(image, 3, 1), 255);
  QCOMPARE(gray(image, 4, 1), 0);
}

void TestImageGridView::toImageRejectsBadShape() {
  ImageGrid grid = constantCells(2, 2, 3, 3);
  grid.pixels.pop_back();
  QVERIFY(ImageGridView::toImage(grid).isNull());
  QVERIFY(ImageGridView::toImage(ImageGrid{}).isNull());
}

void TestImageGridView::toImageFromWorkerThread() {
  const ImageGrid grid = constantCells(3, 4, 7, 6);
  QImage off_thread;
  std::thread worker([&] { off_thread = ImageGridView::toImage(grid); });
  worker.join();
  QCOMPARE(off_thread, ImageGridView::toImage(grid));
}

void TestImageGridView::setGridStoresShape() {
  const ImageGrid grid = constantCells(2, 3, 4, 5);
  const QImage image = ImageGridView::toImage(grid);
  ImageGridView view;
  QCOMPARE(view.rows(), 0);
  QVERIFY(view.image().isNull());
  view.setGrid(image, 2, 3, {QStringLiteral("input"), QStringLiteral("output")},
               {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")},
               QStringLiteral("Reconstructions"));
  QCOMPARE(view.rows(), 2);
  QCOMPARE(view.cols(), 3);
  QCOMPARE(view.image(), image);
  QCOMPARE(view.title(), QStringLiteral("Reconstructions"));

  QCOMPARE(view.figureName(), QStringLiteral("images"));
  view.setFigureName(QStringLiteral("reconstructions"));
  QCOMPARE(view.figureName(), QStringLiteral("reconstructions"));
  // The natural figure is the image magnified by a whole factor plus labels and title.
  const QSize size = view.figureSize();
  QVERIFY(size.width() >= 2 * image.width());
  QVERIFY(size.height() >= 2 * image.height());
}

void TestImageGridView::nullImageClears() {
  ImageGridView view;
  view.setGrid(ImageGridView::toImage(constantCells(1, 2, 3, 3)), 1, 2, {}, {}, QString());
  QCOMPARE(view.cols(), 2);
  view.setGrid(QImage(), 1, 2, {}, {}, QString());
  QCOMPARE(view.rows(), 0);
  QCOMPARE(view.cols(), 0);
  QVERIFY(view.image().isNull());
}

void TestImageGridView::paintsImageAndLabels() {
  const QImage image = ImageGridView::toImage(constantCells(2, 3, 8, 8));
  ImageGridView view;
  view.resize(400, 300);
  view.setGrid(image, 2, 3, {QStringLiteral("z1.1"), QStringLiteral("z1.2")},
               {QStringLiteral("-3"), QStringLiteral("0"), QStringLiteral("3")},
               QStringLiteral("Traversal"));
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
  const QImage shot = view.grab().toImage().convertToFormat(QImage::Format_RGB32);
  const QRgb background = shot.pixel(0, 0) | 0xff000000;
  QVERIFY(countNonBackground(shot, background) > image.width() * image.height());
  // Nearest-neighbour magnification: the white cell (intensity 1) shows as a block of pure white.
  int white = 0;
  for (int y = 0; y < shot.height(); ++y) {
    for (int x = 0; x < shot.width(); ++x) white += (shot.pixel(x, y) & 0xffffff) == 0xffffff;
  }
  QVERIFY2(white >= 4 * 8 * 8, qPrintable(QString::number(white)));
}

void TestImageGridView::emptyShowsHint() {
  ImageGridView view;
  view.resize(300, 200);
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
  const QImage shot = view.grab().toImage().convertToFormat(QImage::Format_RGB32);
  const QRgb background = shot.pixel(0, 0) | 0xff000000;
  QVERIFY(countNonBackground(shot, background) > 20);  // the hint text
  // ... and it is centered: nothing drawn near the corners.
  QCOMPARE(countNonBackground(shot.copy(0, 0, 40, 40), background), 0);
}

void TestImageGridView::figurePaintsOnWhite() {
  const QImage image = ImageGridView::toImage(constantCells(2, 2, 6, 6));
  ImageGridView view;
  view.setGrid(image, 2, 2, {}, {}, QStringLiteral("Samples"));
  QImage figure(view.figureSize(), QImage::Format_RGB32);
  figure.fill(Qt::red);
  {
    QPainter painter(&figure);
    view.paintFigure(&painter, figure.rect());
  }
  QCOMPARE(figure.pixel(0, 0) & 0xffffff, 0xffffffu);  // white background
  QVERIFY(countNonBackground(figure, qRgb(255, 255, 255)) > image.width() * image.height());
}

QTEST_MAIN(TestImageGridView)
#include "tst_image_grid_view.moc"
