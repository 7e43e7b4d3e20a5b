// Tests for the stroke sequence sources: Omniglot NPY files, IAM-OnDB XML and the generated
// glyphs (packing: tst_stroke_packing.cpp; loadDataSplits and RunConfig: tst_stroke_dataset.cpp).
#include <torch/types.h>
#include <zlib.h>

#include <QtTest/QtTest>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "core/data/strokes.h"
#include "tests/file_fixtures.h"

using gvae::Status;
using gvae::StrokeSequence;

namespace {

/// Omniglot split files in `dir`: strokes gzipped (<i2 rows), offsets plain (<i8).
bool writeOmniglot(const QString& dir, const QString& split, const std::vector<int64_t>& rows,
                   const std::vector<int64_t>& offsets, int columns = 3) {
  const QString base = dir + QStringLiteral("/omniglot_") + split;
  const std::string shape =
      "(" + std::to_string(rows.size() / columns) + ", " + std::to_string(columns) + ")";
  const std::string off_shape = "(" + std::to_string(offsets.size()) + ",)";
  return QDir().mkpath(dir) &&
         writeGzip(base + QStringLiteral("_strokes.npy.gz"), npyInts("<i2", shape, rows)) &&
         writeFile(base + QStringLiteral("_offsets.npy"), npyInts("<i8", off_shape, offsets));
}

// Two drawings: rows dx, dy (downwards), pen.
const std::vector<int64_t> kRows{0, 0, 0, 5, -3, 0, 2, 4, 1, 0, 0, 0, 1, 1, 1, 3, 0, 0, 0, -2, 1};
const std::vector<int64_t> kOffsets{0, 3, 7};

/// A line file with `n` points in one stroke.
std::string iamLine(int n) {
  std::string s = "<WhiteboardCaptureSession><StrokeSet><Stroke>\n";
  for (int i = 0; i < n; ++i)
    s += "<Point x=\"" + std::to_string(10 * i) + "\" y=\"" + std::to_string(i * i) + "\"/>\n";
  return s + "</Stroke></StrokeSet></WhiteboardCaptureSession>\n";
}

std::string replaced(std::string s, const std::string& from, const std::string& to) {
  const size_t at = s.find(from);
  return at == std::string::npos ? s : s.replace(at, from.size(), to);
}

bool sameBytes(const std::vector<StrokeSequence>& a, const std::vector<StrokeSequence>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].label != b[i].label || a[i].dx.size() != b[i].dx.size() || a[i].pen != b[i].pen ||
        std::memcmp(a[i].dx.data(), b[i].dx.data(), a[i].dx.size() * 4) != 0 ||
        std::memcmp(a[i].dy.data(), b[i].dy.data(), a[i].dy.size() * 4) != 0)
      return false;
  }
  return true;
}

}  // namespace

class TstStrokes : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase();
  void omniglotReadsGoodFiles();
  void omniglotRejectsBadFiles_data();
  void omniglotRejectsBadFiles();
  void omniglotRealTrainSplit();
  void iamReadsGoodFile();
  void iamReadsFoldersRecursivelyInOrder();
  void iamRejectsBadFiles_data();
  void iamRejectsBadFiles();
  void iamRejectsEmptyFolders();
  void generatedIsDeterministic_data();
  void generatedIsDeterministic();
  void generatedHasEveryClass();

 private:
  QTemporaryDir dir_;
};

void TstStrokes::initTestCase() { QVERIFY2(dir_.isValid(), qPrintable(dir_.errorString())); }

void TstStrokes::omniglotReadsGoodFiles() {
  const QString dir = dir_.filePath(QStringLiteral("omni-good"));
  QVERIFY(writeOmniglot(dir, QStringLiteral("train"), kRows, kOffsets));
  std::vector<StrokeSequence> seqs;
  const Status st = gvae::loadOmniglotStrokes(dir.toStdString(), "train", &seqs);
  QVERIFY2(st.ok, st.message.c_str());
  QCOMPARE(seqs.size(), size_t{2});
  QCOMPARE(seqs[0].dx, (std::vector<float>{0, 5, 2}));
  QCOMPARE(seqs[0].dy, (std::vector<float>{0, 3, -4}));  // flipped to grow upwards
  QCOMPARE(seqs[0].pen, (std::vector<uint8_t>{0, 0, 1}));
  QCOMPARE(seqs[1].dx, (std::vector<float>{0, 1, 3, 0}));
  QCOMPARE(seqs[1].dy, (std::vector<float>{0, -1, 0, 2}));
  QCOMPARE(seqs[1].pen, (std::vector<uint8_t>{0, 1, 0, 1}));
  QCOMPARE(seqs[1].label, int64_t{0});
}

void TstStrokes::omniglotRejectsBadFiles_data() {
  QTest::addColumn<QList<qint64>>("rows");
  QTest::addColumn<QList<qint64>>("offsets");
  QTest::addColumn<int>("columns");
  QTest::addColumn<QString>("problem");
  const QList<qint64> rows(kRows.begin(), kRows.end());
  QTest::newRow("offsets start at 1")
      << rows << QList<qint64>{1, 3, 7} << 3 << QStringLiteral("must start at 0");
  QTest::newRow("offsets decrease")
      << rows << QList<qint64>{0, 4, 3, 7} << 3 << QStringLiteral("decrease at index 2");
  QTest::newRow("offsets end before P")
      << rows << QList<qint64>{0, 3, 6} << 3 << QStringLiteral("last offset is 6");
  QTest::newRow("offsets end after P")
      << rows << QList<qint64>{0, 3, 8} << 3 << QStringLiteral("has 7 rows");
  QTest::newRow("empty drawing") << rows << QList<qint64>{0, 3, 3, 7} << 3
                                 << QStringLiteral("drawing 1 is empty");
  QTest::newRow("single offset") << rows << QList<qint64>{0} << 3 << QStringLiteral("no drawings");
  QTest::newRow("two columns") << QList<qint64>{0, 0, 1, 1} << QList<qint64>{0, 2} << 2
                               << QStringLiteral("expected (P, 3)");
  QTest::newRow("pen value 2") << QList<qint64>{0, 0, 0, 1, 1, 2} << QList<qint64>{0, 2} << 3
                               << QStringLiteral("row 1 has pen_lift 2");
}

void TstStrokes::omniglotRejectsBadFiles() {
  QFETCH(QList<qint64>, rows);
  QFETCH(QList<qint64>, offsets);
  QFETCH(int, columns);
  QFETCH(QString, problem);
  const QString dir = dir_.filePath(QStringLiteral("omni-bad"));
  QVERIFY(writeOmniglot(dir, QStringLiteral("valid"),
                        std::vector<int64_t>(rows.begin(), rows.end()),
                        std::vector<int64_t>(offsets.begin(), offsets.end()), columns));
  std::vector<StrokeSequence> seqs{StrokeSequence{}};
  const Status st = gvae::loadOmniglotStrokes(dir.toStdString(), "valid", &seqs);
  QVERIFY2(!st.ok, "bad Omniglot files were accepted");
  QVERIFY2(qs(st.message).contains(QStringLiteral("omniglot_valid_")), st.message.c_str());
  QVERIFY2(qs(st.message).contains(problem), st.message.c_str());
  QCOMPARE(seqs.size(), size_t{1});                                          // untouched
  QVERIFY(!gvae::loadOmniglotStrokes(dir.toStdString(), "test", &seqs).ok);  // missing files
}

void TstStrokes::omniglotRealTrainSplit() {
  const QString dir = QStringLiteral(GRAPHVAE_SHARED_DATA "/omniglot_strokes");
  if (!QDir(dir).exists()) QSKIP("shared/data/omniglot_strokes is not here");
  QElapsedTimer timer;
  timer.start();
  std::vector<StrokeSequence> train;
  const Status st = gvae::loadOmniglotStrokes(dir.toStdString(), "train", &train);
  const qint64 ms = timer.elapsed();
  QVERIFY2(st.ok, st.message.c_str());
  qInfo("Omniglot train split: %zu drawings loaded in %lld ms", train.size(), ms);
  QCOMPARE(train.size(), size_t{30000});
  int64_t shortest = 1 << 30, longest = 0, points = 0;
  for (const StrokeSequence& s : train) {
    shortest = std::min(shortest, s.size());
    longest = std::max(longest, s.size());
    points += s.size();
    QCOMPARE(s.pen.back(), uint8_t{1});
  }
  QCOMPARE(points, int64_t{933430});
  QVERIFY2(shortest >= 2 && longest <= 157,
           qPrintable(QStringLiteral("lengths %1..%2").arg(shortest).arg(longest)));
}

void TstStrokes::iamReadsGoodFile() {
  const QString dir = dir_.filePath(QStringLiteral("iam-good"));
  QVERIFY(QDir().mkpath(dir));
  QVERIFY(writeFile(dir + QStringLiteral("/a01-000u-01.xml"), kIamGood));
  std::vector<StrokeSequence> seqs;
  const Status st = gvae::loadIamOnDb(dir.toStdString(), &seqs);
  QVERIFY2(st.ok, st.message.c_str());
  QCOMPARE(seqs.size(), size_t{1});
  QCOMPARE(seqs[0].dx, (std::vector<float>{0, 3, 4, 13, 5.5f}));
  QCOMPARE(seqs[0].dy, (std::vector<float>{0, 10, -5, -15, 5}));  // y flipped
  QCOMPARE(seqs[0].pen, (std::vector<uint8_t>{0, 0, 1, 0, 1}));   // two strokes
}

void TstStrokes::iamReadsFoldersRecursivelyInOrder() {
  const QString dir = dir_.filePath(QStringLiteral("iam-tree"));
  QVERIFY(QDir().mkpath(dir + QStringLiteral("/b/b01")));
  QVERIFY(QDir().mkpath(dir + QStringLiteral("/a")));
  QVERIFY(writeFile(dir + QStringLiteral("/top.xml"), iamLine(4)));
  QVERIFY(writeFile(dir + QStringLiteral("/b/b01/z.xml"), iamLine(3)));
  QVERIFY(writeFile(dir + QStringLiteral("/a/y.xml"), iamLine(2)));
  QVERIFY(writeFile(dir + QStringLiteral("/a/notes.txt"), "not a line file"));
  std::vector<StrokeSequence> seqs;
  const Status st = gvae::loadIamOnDb(dir.toStdString(), &seqs);
  QVERIFY2(st.ok, st.message.c_str());
  QCOMPARE(seqs.size(), size_t{3});
  QCOMPARE(seqs[0].size(), int64_t{2});  // a/y.xml < b/b01/z.xml < top.xml
  QCOMPARE(seqs[1].size(), int64_t{3});
  QCOMPARE(seqs[2].size(), int64_t{4});
  QCOMPARE(seqs[2].dy, (std::vector<float>{0, -1, -3, -5}));
}

void TstStrokes::iamRejectsBadFiles_data() {
  QTest::addColumn<QByteArray>("content");
  QTest::addColumn<QString>("problem");
  const std::string good = kIamGood;
  auto row = [](const char* name, const std::string& text, const char* problem) {
    QTest::newRow(name) << QByteArray(text.data(), static_cast<int>(text.size()))
                        << QString::fromLatin1(problem);
  };
  row("truncated inside a tag", good.substr(0, good.find("y='190'")), "line 10: truncated");
  row("truncated after a point", good.substr(0, good.find("</Stroke>")),
      "line 13: truncated: <WhiteboardCaptureSession> opened at line 3 is not closed");
  row("non-numeric x", replaced(good, "x='103'", "x='1O3'"), "line 10: <Point> x=\"1O3\"");
  row("infinite y", replaced(good, "y=\"205\"", "y=\"inf\""), "line 16: <Point> y=\"inf\"");
  row("missing y", replaced(good, "y=\"200\" ", ""), "line 9: <Point> without a y");
  row("no StrokeSet",
      replaced(replaced(good, "<StrokeSet>", "<Strokes>"), "</StrokeSet>", "</Strokes>"),
      "no <StrokeSet>");
  row("no points", "<WhiteboardCaptureSession><StrokeSet/></WhiteboardCaptureSession>",
      "holds no <Point>");
  row("mismatched end tag", replaced(good, "</StrokeSet>", "</Stroke>"),
      "line 18: </Stroke> does not close the element open there");
  row("unquoted attribute", replaced(good, "x=\"120\"", "x=120"),
      "line 15: malformed attribute (values need quotes) in <Point x=120 ");
  row("damaged bytes", replaced(good, "x=\"120\"", "x=\xff\x01"),
      "line 15: malformed attribute (values need quotes) in <Point x=?? ");  // never raw bytes
  row("unterminated comment", "<StrokeSet><!-- no end", "never closed");
  row("empty file", "", "no <StrokeSet>");
}

void TstStrokes::iamRejectsBadFiles() {
  QFETCH(QByteArray, content);
  QFETCH(QString, problem);
  const QString dir = dir_.filePath(QStringLiteral("iam-bad"));
  QVERIFY(QDir().mkpath(dir));
  QVERIFY(writeFile(dir + QStringLiteral("/a.xml"), iamLine(3)));
  QVERIFY(writeFile(dir + QStringLiteral("/b-broken.xml"),
                    std::string(content.constData(), content.size())));
  std::vector<StrokeSequence> seqs;
  const Status st = gvae::loadIamOnDb(dir.toStdString(), &seqs);
  QVERIFY2(!st.ok, "a broken XML file was accepted");
  QVERIFY2(qs(st.message).contains(QStringLiteral("b-broken.xml: ")), st.message.c_str());
  QVERIFY2(qs(st.message).contains(problem), st.message.c_str());
  QVERIFY(seqs.empty());
}

void TstStrokes::iamRejectsEmptyFolders() {
  const QString dir = dir_.filePath(QStringLiteral("iam-empty"));
  QVERIFY(QDir().mkpath(dir + QStringLiteral("/sub")));
  QVERIFY(writeFile(dir + QStringLiteral("/sub/readme.txt"), "nothing here"));
  std::vector<StrokeSequence> seqs;
  Status st = gvae::loadIamOnDb(dir.toStdString(), &seqs);
  QVERIFY2(!st.ok && st.message.find("no .xml files") != std::string::npos, st.message.c_str());
  st = gvae::loadIamOnDb(dir.toStdString() + "/absent", &seqs);
  QVERIFY2(!st.ok && st.message.find("no such directory") != std::string::npos, st.message.c_str());
}

void TstStrokes::generatedIsDeterministic_data() {
  QTest::addColumn<qint64>("count");
  QTest::addColumn<quint64>("seed");
  QTest::newRow("empty") << qint64(0) << quint64(1);
  QTest::newRow("one") << qint64(1) << quint64(0);
  QTest::newRow("300, seed 7") << qint64(300) << quint64(7);
  QTest::newRow("odd count, huge seed") << qint64(77) << quint64(~0ull);
}

void TstStrokes::generatedIsDeterministic() {
  QFETCH(qint64, count);
  QFETCH(quint64, seed);
  const auto a = gvae::generateStrokes(count, seed);
  QCOMPARE(static_cast<qint64>(a.size()), count);
  QVERIFY(sameBytes(a, gvae::generateStrokes(count, seed)));
  if (count == 0) return;
  QVERIFY(!sameBytes(a, gvae::generateStrokes(count, seed + 1)));
  const auto prefix = gvae::generateStrokes(count / 2, seed);  // glyph i ignores the count
  QVERIFY(sameBytes(prefix, std::vector<StrokeSequence>(a.begin(), a.begin() + count / 2)));
}

void TstStrokes::generatedHasEveryClass() {
  QElapsedTimer timer;
  timer.start();
  const auto all = gvae::generateStrokes(12000, 1234);
  qInfo("generateStrokes(12000): %lld ms", timer.elapsed());
  std::vector<int> per_class(gvae::kStrokeGlyphClasses, 0);
  for (const StrokeSequence& s : all) {
    QVERIFY(s.label >= 0 && s.label < gvae::kStrokeGlyphClasses);
    ++per_class[static_cast<size_t>(s.label)];
    QVERIFY2(s.size() >= 20 && s.size() <= 60, qPrintable(QString::number(s.size())));
    QCOMPARE(s.dy.size(), s.dx.size());
    QCOMPARE(s.pen.size(), s.dx.size());
    QCOMPARE(s.pen.back(), uint8_t{1});
    int lifts = 0;
    for (uint8_t p : s.pen) lifts += p;
    QCOMPARE(lifts, s.label == 4 ? 2 : 1);  // the cross '+' has two strokes
    for (size_t t = 0; t < s.dx.size(); ++t)
      QVERIFY(std::isfinite(s.dx[t]) && std::isfinite(s.dy[t]) && std::fabs(s.dx[t]) < 40);
  }
  for (int c = 0; c < gvae::kStrokeGlyphClasses; ++c)
    QVERIFY2(per_class[c] > 12000 / gvae::kStrokeGlyphClasses * 8 / 10,
             qPrintable(QStringLiteral("class %1: %2").arg(c).arg(per_class[c])));
}

QTEST_GUILESS_MAIN(TstStrokes)
#include "tst_strokes.moc"
