// Tests of ImageGridView: ImageGrid -> QImage conversion, stored grid, painting, stroke grids.
#include <QtTest>
#include <cmath>
#include <limits>
#include <memory>
#include <set>
#include <thread>

#include "core/analysis/image_grid.h"
#include "figure_test_util.h"
#include "widgets/figure_export.h"
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

// One pen step: offset from the previous point (y up), pen lift after it, mask.
struct Step {
  float dx, dy, pen, mask = 1.0f;
};
using Drawing = std::vector<Step>;

// A closed square of side `side`, starting at the origin.
Drawing square(float side) {
  return {{0, 0, 0}, {side, 0, 0}, {0, side, 0}, {-side, 0, 0}, {0, -side, 1}};
}

// A "+" of two strokes: (-1, 0) -> (1, 0), pen lift, (0, 1) -> (0, -1).
Drawing cross() { return {{-1, 0, 0}, {2, 0, 1}, {-1, 1, 0}, {0, -2, 1}}; }

// rows x cols stroke cells of `steps` steps each; cell (r, c) = drawings[r * cols + c], padded
// with all-zero (masked) steps.
ImageGrid strokeGrid(int rows, int cols, int steps, const std::vector<Drawing>& drawings) {
  ImageGrid grid;
  grid.rows = rows;
  grid.cols = cols;
  grid.height = steps;
  grid.width = 4;
  grid.strokes = true;
  grid.pixels.assign(static_cast<size_t>(rows) * cols * steps * 4, 0.0f);
  for (int cell = 0; cell < rows * cols; ++cell) {
    const Drawing& d = drawings[static_cast<size_t>(cell)];
    for (size_t t = 0; t < d.size() && int(t) < steps; ++t) {
      float* step = grid.pixels.data() + (static_cast<size_t>(cell) * steps + t) * 4;
      step[0] = d[t].dx;
      step[1] = d[t].dy;
      step[2] = d[t].pen;
      step[3] = d[t].mask;
    }
  }
  return grid;
}

// The 2 x 3 test grid: squares and crosses alternating.
ImageGrid squaresAndCrosses() {
  return strokeGrid(2, 3, 8, {square(1), cross(), square(3), cross(), square(0.5f), cross()});
}

// Pixels of `image` inside `box` brighter than mid-gray.
int brightPixels(const QImage& image, const QRect& box) {
  int n = 0;
  for (int y = box.top(); y <= box.bottom(); ++y)
    for (int x = box.left(); x <= box.right(); ++x) n += gray(image, x, y) > 128 ? 1 : 0;
  return n;
}

int countNonBackground(const QImage& image, QRgb background) {
  int n = 0;
  for (int y = 0; y < image.height(); ++y) {
    for (int x = 0; x < image.width(); ++x) n += (image.pixel(x, y) | 0xff000000) != background;
  }
  return n;
}

}  // namespace

class TstImageGridView : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void toImageLayout_data();
  void toImageLayout();
  void toImageClampsIntensities();
  void toImageRejectsBadShape();
  void toImageFromWorkerThread();
  void setGridStoresShape();
  void magnificationFixesCellSize();
  void nullImageClears();
  void paintsImageAndLabels();
  void emptyShowsHint();
  void figurePaintsOnWhite();
  void strokesToImage_data();
  void strokesToImage();
  void strokesToImageRejectsBadShape();
  void strokesToImageFromWorkerThread();
  void strokePathFitsCell();
  void maskedStepsAreNotDrawn();
  void setStrokesSwitchesMode();
  void strokesPaintOnScreen();
  void strokesFigureIsVector();
};

void TstImageGridView::toImageLayout_data() {
  QTest::addColumn<int>("pad");
  QTest::newRow("pad 2") << 2;
  QTest::newRow("pad 0") << 0;
  QTest::newRow("pad 5") << 5;
}

void TstImageGridView::toImageLayout() {
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

void TstImageGridView::toImageClampsIntensities() {
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

void TstImageGridView::toImageRejectsBadShape() {
  ImageGrid grid = constantCells(2, 2, 3, 3);
  grid.pixels.pop_back();
  QVERIFY(ImageGridView::toImage(grid).isNull());
  QVERIFY(ImageGridView::toImage(ImageGrid{}).isNull());
}

void TstImageGridView::toImageFromWorkerThread() {
  const ImageGrid grid = constantCells(3, 4, 7, 6);
  QImage off_thread;
  std::thread worker([&] { off_thread = ImageGridView::toImage(grid); });
  worker.join();
  QCOMPARE(off_thread, ImageGridView::toImage(grid));
}

void TstImageGridView::magnificationFixesCellSize() {
  const ImageGrid grid = constantCells(2, 3, 28, 28);
  const QImage image = ImageGridView::toImage(grid);  // 3 * 28 + 4 * 2 = 92 wide
  ImageGridView view;
  view.setGrid(image, 2, 3, {}, {}, QString());
  view.resize(400, 300);
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
  QCOMPARE(view.magnification(), 0);
  const int fitted = view.shownMagnification();
  QCOMPARE(fitted, (300 - 16) / image.height());  // the largest whole factor that fits
  // A fixed factor: the view asks for the whole grid at it (a scroll area then scrolls).
  view.setMagnification(5);
  QCOMPARE(view.shownMagnification(), 5);
  QCOMPARE(view.minimumSizeHint().width(), image.width() * 5 + 16);
  QCOMPARE(view.minimumSizeHint().height(), image.height() * 5 + 16);
  // Ctrl + wheel steps from what is shown; a plain wheel is left to the scroll area.
  QSignalSpy changed(&view, &ImageGridView::magnificationChanged);
  const QPointF at(50, 50);
  QWheelEvent up(at, view.mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton,
                 Qt::ControlModifier, Qt::NoScrollPhase, false);
  QCoreApplication::sendEvent(&view, &up);
  QCOMPARE(view.magnification(), 6);
  QCOMPARE(changed.count(), 1);
  QWheelEvent plain(at, view.mapToGlobal(at), QPoint(), QPoint(0, -120), Qt::NoButton,
                    Qt::NoModifier, Qt::NoScrollPhase, false);
  QCoreApplication::sendEvent(&view, &plain);
  QCOMPARE(view.magnification(), 6);
  // A figure fits its rectangle whatever the screen's magnification.
  const auto figure = [&view] {
    QImage out(200, 150, QImage::Format_RGB32);
    QPainter painter(&out);
    view.paintFigure(&painter, out.rect());
    return out;
  };
  const QImage at6 = figure();
  view.setMagnification(0);
  QCOMPARE(view.shownMagnification(), fitted);
  QCOMPARE(figure(), at6);
}

void TstImageGridView::setGridStoresShape() {
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

void TstImageGridView::nullImageClears() {
  ImageGridView view;
  view.setGrid(ImageGridView::toImage(constantCells(1, 2, 3, 3)), 1, 2, {}, {}, QString());
  QCOMPARE(view.cols(), 2);
  view.setGrid(QImage(), 1, 2, {}, {}, QString());
  QCOMPARE(view.rows(), 0);
  QCOMPARE(view.cols(), 0);
  QVERIFY(view.image().isNull());
}

void TstImageGridView::paintsImageAndLabels() {
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

void TstImageGridView::emptyShowsHint() {
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

void TstImageGridView::figurePaintsOnWhite() {
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

void TstImageGridView::strokesToImage_data() {
  QTest::addColumn<int>("pad");
  QTest::newRow("pad 2") << 2;
  QTest::newRow("pad 0") << 0;
}

void TstImageGridView::strokesToImage() {
  QFETCH(int, pad);
  const ImageGrid grid = squaresAndCrosses();
  const QImage image = ImageGridView::toImage(grid, pad);
  const int cell = ImageGridView::kStrokeCellPixels;
  QVERIFY(!image.isNull());
  QCOMPARE(image.format(), QImage::Format_Grayscale8);
  QCOMPARE(image.width(), 3 * cell + 4 * pad);
  QCOMPARE(image.height(), 2 * cell + 3 * pad);
  for (int r = 0; r < 2; ++r) {
    for (int c = 0; c < 3; ++c) {
      const QRect box(pad + c * (cell + pad), pad + r * (cell + pad), cell, cell);
      QVERIFY2(brightPixels(image, box) > 60,
               qPrintable(QStringLiteral("cell %1,%2").arg(r).arg(c)));
      QCOMPARE(gray(image, box.left(), box.top()), 0);  // black corners: the margin stays dark
      QCOMPARE(gray(image, box.right(), box.bottom()), 0);
    }
  }
  if (pad > 0) QCOMPARE(gray(image, 0, 0), int(ImageGridView::kPaddingGray));

  // The cross in cell (0, 1): both bars lit through the center, the pen-lift jump from the end
  // of the bar (1, 0) to the top of the other (0, 1) not drawn.
  const QRect box(pad + cell + pad, pad, cell, cell);
  const int cx = box.left() + cell / 2, cy = box.top() + cell / 2;
  const int arm = int(0.5 * cell * (1 - 2 * 0.08));  // half the fitted extent
  QVERIFY(gray(image, cx, cy) > 200);
  QVERIFY(gray(image, cx + arm / 2, cy) > 200);          // on the horizontal bar
  QVERIFY(gray(image, cx, cy - arm / 2) > 200);          // on the vertical bar
  QCOMPARE(gray(image, cx + arm / 2, cy - arm / 2), 0);  // on the lifted jump: dark
  QVERIFY(brightPixels(image, QRect(cx + 4, cy - arm + 2, arm - 6, arm - 6)) == 0);
}

void TstImageGridView::strokesToImageRejectsBadShape() {
  ImageGrid grid = squaresAndCrosses();
  grid.pixels.pop_back();
  QVERIFY(ImageGridView::toImage(grid).isNull());
  ImageGrid three = squaresAndCrosses();
  three.width = 3;  // not (dx, dy, pen, mask)
  three.height = 8 * 4 / 3 + 1;
  QVERIFY(ImageGridView::toImage(three).isNull());
  QVERIFY(ImageGridView::strokePath(grid, 0, 0, QRectF(0, 0, 64, 64)).isEmpty());
  QVERIFY(ImageGridView::strokePath(squaresAndCrosses(), 2, 0, QRectF(0, 0, 64, 64)).isEmpty());
}

void TstImageGridView::strokesToImageFromWorkerThread() {
  const ImageGrid grid = squaresAndCrosses();
  QImage off_thread;
  std::thread worker([&] { off_thread = ImageGridView::toImage(grid); });
  worker.join();
  QVERIFY(!off_thread.isNull());
  QCOMPARE(off_thread, ImageGridView::toImage(grid));
}

void TstImageGridView::strokePathFitsCell() {
  const ImageGrid grid = squaresAndCrosses();
  const QRectF cell(10, 20, 100, 50);
  for (int c : {0, 2}) {  // squares of side 1 and 3: both fill the cell's height, centered
    const QRectF box = ImageGridView::strokePath(grid, 0, c, cell).boundingRect();
    QVERIFY2(std::abs(box.height() - 50 * (1 - 2 * 0.08)) < 0.01, qPrintable(QString::number(c)));
    QVERIFY(std::abs(box.width() - box.height()) < 0.01);  // aspect ratio kept
    QVERIFY(std::abs(box.center().x() - cell.center().x()) < 0.01);
    QVERIFY(std::abs(box.center().y() - cell.center().y()) < 0.01);
  }
  // Two strokes: two subpaths; the first square starts at the bottom left (y flipped).
  const QPainterPath plus = ImageGridView::strokePath(grid, 0, 1, cell);
  QCOMPARE(plus.toSubpathPolygons().size(), 2);
  const QPainterPath sq = ImageGridView::strokePath(grid, 0, 0, cell);
  QCOMPARE(sq.toSubpathPolygons().size(), 1);
  QVERIFY(sq.elementAt(0).y > cell.center().y());
  QVERIFY(sq.elementAt(2).y < cell.center().y());  // after moving up by `side`
}

void TstImageGridView::maskedStepsAreNotDrawn() {
  Drawing with = square(1);
  with.insert(with.begin() + 2, Step{40, -60, 0, 0});  // masked, in the middle
  with.push_back(Step{500, 500, 1, 0});                // masked, far away, at the end
  const ImageGrid plain = strokeGrid(1, 1, 8, {square(1)});
  const ImageGrid masked = strokeGrid(1, 1, 8, {with});
  const QRectF cell(0, 0, 72, 72);
  QCOMPARE(ImageGridView::strokePath(masked, 0, 0, cell),
           ImageGridView::strokePath(plain, 0, 0, cell));
  QCOMPARE(ImageGridView::toImage(masked), ImageGridView::toImage(plain));
  // A far point that is real does shrink the drawing.
  Drawing far = square(1);
  far.push_back(Step{500, 500, 1, 1});
  const ImageGrid real = strokeGrid(1, 1, 8, {far});
  QVERIFY(ImageGridView::toImage(real) != ImageGridView::toImage(plain));

  ImageGridView a, b;
  a.setStrokes(std::make_shared<const ImageGrid>(plain), {}, {}, QString());
  b.setStrokes(std::make_shared<const ImageGrid>(masked), {}, {}, QString());
  QCOMPARE(paintToImage(b), paintToImage(a));
}

void TstImageGridView::setStrokesSwitchesMode() {
  ImageGridView view;
  QVERIFY(!view.showingStrokes());
  auto grid = std::make_shared<const ImageGrid>(squaresAndCrosses());
  view.setStrokes(grid, {QStringLiteral("a"), QStringLiteral("b")}, {QStringLiteral("x")},
                  QStringLiteral("Samples"));
  QVERIFY(view.showingStrokes());
  QCOMPARE(view.strokeGrid(), grid);
  QCOMPARE(view.rows(), 2);
  QCOMPARE(view.cols(), 3);
  QVERIFY(view.image().isNull());
  QCOMPARE(view.title(), QStringLiteral("Samples"));
  // Natural figure: cells of about 72 px.
  const QSize natural = view.figureSize();
  QVERIFY2(natural.width() >= 3 * 72 && natural.width() < 3 * 72 + 120,
           qPrintable(QString::number(natural.width())));
  QVERIFY(natural.height() >= 2 * 72);

  const QImage image = ImageGridView::toImage(constantCells(1, 2, 3, 3));
  view.setGrid(image, 1, 2, {}, {}, QString());
  QVERIFY(!view.showingStrokes());
  QCOMPARE(view.rows(), 1);
  QCOMPARE(view.image(), image);
  view.setStrokes(grid, {}, {}, QString());
  QVERIFY(view.showingStrokes());
  QVERIFY(view.image().isNull());
  QCOMPARE(view.cols(), 3);

  // A malformed grid or none clears.
  ImageGrid bad = squaresAndCrosses();
  bad.pixels.resize(5);
  view.setStrokes(std::make_shared<const ImageGrid>(bad), {}, {}, QString());
  QVERIFY(!view.showingStrokes());
  QCOMPARE(view.rows(), 0);
  view.setStrokes(grid, {}, {}, QString());
  view.setStrokes(nullptr, {}, {}, QString());
  QCOMPARE(view.cols(), 0);
  view.setStrokes(grid, {}, {}, QString());
  view.clear();
  QVERIFY(!view.showingStrokes());
}

void TstImageGridView::strokesPaintOnScreen() {
  ImageGridView view;
  view.resize(500, 360);
  view.setStrokes(std::make_shared<const ImageGrid>(squaresAndCrosses()),
                  {QStringLiteral("r1"), QStringLiteral("r2")}, {}, QStringLiteral("Strokes"));
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
  const QImage shot = view.grab().toImage().convertToFormat(QImage::Format_RGB32);
  int light = 0, black = 0;
  for (int y = 0; y < shot.height(); ++y) {
    for (int x = 0; x < shot.width(); ++x) {
      const int g = gray(shot, x, y);
      light += g > 200 ? 1 : 0;
      black += (shot.pixel(x, y) & 0xffffff) == 0 ? 1 : 0;
    }
  }
  QVERIFY2(light > 6 * 60, qPrintable(QString::number(light)));  // light strokes ...
  QVERIFY(black > 6 * 40 * 40);                                  // ... on black cells
}

void TstImageGridView::strokesFigureIsVector() {
  ImageGridView view;
  view.setStrokes(std::make_shared<const ImageGrid>(squaresAndCrosses()),
                  {QStringLiteral("r1"), QStringLiteral("r2")},
                  {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")},
                  QStringLiteral("Strokes"));
  const QImage figure = paintToImage(view);
  QCOMPARE(figure.pixel(0, 0) & 0xffffff, 0xffffffu);  // white background
  int dark = 0;
  for (int y = 0; y < figure.height(); ++y)
    for (int x = 0; x < figure.width(); ++x) dark += qGray(figure.pixel(x, y)) < 80 ? 1 : 0;
  QVERIFY2(dark > 6 * 60, qPrintable(QString::number(dark)));  // dark strokes (and text)

  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString path = dir.filePath(QStringLiteral("strokes.svg"));
  const gvae::Status status = gvae::exportFigure(view, path);
  QVERIFY2(status.ok, qPrintable(QString::fromStdString(status.message)));
  QFile file(path);
  QVERIFY(file.open(QIODevice::ReadOnly));
  const QByteArray svg = file.readAll();
  QVERIFY(svg.contains("<path"));
  QVERIFY(!svg.contains("<image"));
}

QTEST_MAIN(TstImageGridView)
#include "tst_image_grid_view.moc"
