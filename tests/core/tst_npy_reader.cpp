// Tests for readNpyFile: good and damaged NPY files, plain and gzipped, made in the test.
#include <zlib.h>

#include <QtTest/QtTest>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "core/data/npy_reader.h"
#include "tests/file_fixtures.h"

using gvae::NpyArray;
using gvae::Status;

namespace {

/// The payload of `values` in dtype `descr` (one of the five supported ones).
std::string payload(const std::string& descr, const std::vector<double>& values) {
  std::string out;
  const int bytes = descr[2] - '0';
  for (double v : values) {
    uint64_t bits = 0;
    if (descr[1] == 'f' && bytes == 4) {
      const float f = static_cast<float>(v);
      uint32_t u = 0;
      std::memcpy(&u, &f, 4);
      bits = u;
    } else if (descr[1] == 'f') {
      std::memcpy(&bits, &v, 8);
    } else {
      bits = static_cast<uint64_t>(static_cast<int64_t>(v));
    }
    out += littleEndian(bits, bytes);
  }
  return out;
}

/// The gzip encoding of `bytes` (zlib's compress2 with a gzip wrapper).
std::string gzip(const std::string& bytes) {
  z_stream zs{};
  deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, bytes.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = static_cast<uInt>(bytes.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

QByteArray qb(const std::string& s) { return QByteArray(s.data(), static_cast<int>(s.size())); }
std::string sb(const QByteArray& b) { return std::string(b.constData(), b.size()); }

}  // namespace

class TstNpyReader : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase();
  void readsGoodFiles_data();
  void readsGoodFiles();
  void rejectsBadFiles_data();
  void rejectsBadFiles();
  void rejectsMissingFileAndDirectory();
  void neverCrashesOnTruncations();

 private:
  QTemporaryDir dir_;
};

void TstNpyReader::initTestCase() { QVERIFY2(dir_.isValid(), qPrintable(dir_.errorString())); }

void TstNpyReader::readsGoodFiles_data() {
  QTest::addColumn<QByteArray>("content");
  QTest::addColumn<QString>("descr");
  QTest::addColumn<QList<qint64>>("shape");
  QTest::addColumn<QList<double>>("values");

  const std::vector<double> i2{-32768, -1, 0, 1, 255, 32767};
  const std::vector<double> i4{-2147483648.0, -70000, 0, 1, 65536, 2147483647.0};
  const std::vector<double> i8{-4611686018427387904.0, -1, 0, 3, 1099511627776.0, 9};
  const std::vector<double> f4{-1.5, 0, 0.25, 3e10, -7.125, 1e-3f};
  const std::vector<double> f8{-1.5, 0, 0.1, 1e300, -2.5e-300, 12345.678};
  struct Case {
    const char* descr;
    const std::vector<double>* values;
  };
  for (const Case& c :
       {Case{"<i2", &i2}, Case{"<i4", &i4}, Case{"<i8", &i8}, Case{"<f4", &f4}, Case{"<f8", &f8}}) {
    const std::string file = npyFile(npyDict(c.descr, "(2, 3)"), payload(c.descr, *c.values));
    const std::string file_v2 = npyFile(npyDict(c.descr, "(6,)"), payload(c.descr, *c.values), 2);
    const QList<double> vals(c.values->begin(), c.values->end());
    const QString d = QString::fromLatin1(c.descr);
    QTest::addRow("%s plain v1", c.descr) << qb(file) << d << QList<qint64>{2, 3} << vals;
    QTest::addRow("%s gzip v1", c.descr) << qb(gzip(file)) << d << QList<qint64>{2, 3} << vals;
    QTest::addRow("%s plain v2", c.descr) << qb(file_v2) << d << QList<qint64>{6} << vals;
    QTest::addRow("%s gzip v2", c.descr) << qb(gzip(file_v2)) << d << QList<qint64>{6} << vals;
  }
  QTest::newRow("scalar") << qb(npyFile(npyDict("<f8", "()"), payload("<f8", {2.5})))
                          << QStringLiteral("<f8") << QList<qint64>{} << QList<double>{2.5};
  QTest::newRow("empty (0, 3)") << qb(npyFile(npyDict("<i2", "(0, 3)"), ""))
                                << QStringLiteral("<i2") << QList<qint64>{0, 3} << QList<double>{};
  QTest::newRow("keys reordered, double quotes, no trailing comma")
      << qb(npyFile("{\"shape\": (2,), \"fortran_order\": False, \"descr\": \"<i4\"}",
                    payload("<i4", {7, -7})))
      << QStringLiteral("<i4") << QList<qint64>{2} << QList<double>{7, -7};
  QTest::newRow("Python 2 longs") << qb(npyFile(npyDict("<i2", "(1L, 2L)"), payload("<i2", {4, 5})))
                                  << QStringLiteral("<i2") << QList<qint64>{1, 2}
                                  << QList<double>{4, 5};
  const std::string two = npyFile(npyDict("<i2", "(3,)"), payload("<i2", {1, 2, 3}));
  QTest::newRow("gzip in two members")
      << qb(gzip(two.substr(0, 50)) + gzip(two.substr(50))) << QStringLiteral("<i2")
      << QList<qint64>{3} << QList<double>{1, 2, 3};
}

void TstNpyReader::readsGoodFiles() {
  QFETCH(QByteArray, content);
  QFETCH(QString, descr);
  QFETCH(QList<qint64>, shape);
  QFETCH(QList<double>, values);
  const QString file = dir_.filePath(QStringLiteral("good.npy"));
  QVERIFY(writeFile(file, sb(content)));
  NpyArray a;
  const Status st = gvae::readNpyFile(file.toStdString(), &a);
  QVERIFY2(st.ok, st.message.c_str());
  QCOMPARE(QString::fromStdString(a.descr), descr);
  QCOMPARE(QList<qint64>(a.shape.begin(), a.shape.end()), shape);
  QCOMPARE(a.count(), static_cast<int64_t>(values.size()));
  QCOMPARE(a.floating, descr.contains(QLatin1Char('f')));
  QCOMPARE(a.floating ? a.floats.size() : a.ints.size(), static_cast<size_t>(values.size()));
  QVERIFY(a.floating ? a.ints.empty() : a.floats.empty());
  for (int i = 0; i < values.size(); ++i) {
    const double want = descr == QLatin1String("<f4") ? static_cast<float>(values[i]) : values[i];
    QCOMPARE(a.at(i), want);
  }
}

void TstNpyReader::rejectsBadFiles_data() {
  QTest::addColumn<QByteArray>("content");
  QTest::addColumn<QString>("problem");  // a phrase the message must contain

  const std::string good = npyFile(npyDict("<i4", "(2, 2)"), payload("<i4", {1, 2, 3, 4}));
  auto row = [](const char* name, const std::string& bytes, const char* problem) {
    QTest::newRow(name) << qb(bytes) << QString::fromLatin1(problem);
  };
  row("bad magic", "\x93NUMPX" + good.substr(6), "bad magic");
  row("a text file", "hello, this is not an array\n", "bad magic");
  row("empty file", "", "truncated header");
  row("truncated prelude", good.substr(0, 7), "truncated header");
  row("truncated v2 prelude", npyFile(npyDict("<i4", "(1,)"), "", 2).substr(0, 10),
      "truncated header");
  row("truncated header text", good.substr(0, 40), "truncated header");
  row("truncated header, gzip", gzip(good.substr(0, 40)), "truncated header");
  row("header not a dict", npyFile("['descr', '<i4']", ""), "not a dict");
  row("header dict not closed", npyFile("{'descr': '<i4', 'fortran_order': False", ""),
      "not closed");
  row("no shape key", npyFile("{'descr': '<i4', 'fortran_order': False}", ""), "no 'shape'");
  row("unknown key", npyFile("{'descr': '<i4', 'fortran_order': False, 'shape': (), 'x': 'y'}", ""),
      "unknown key 'x'");
  row("repeated key", npyFile("{'descr': '<i4', 'descr': '<i4', 'fortran_order': False}", ""),
      "repeats key 'descr'");
  row("object dtype (pickle)", npyFile(npyDict("|O", "(2,)"), std::string(16, '\0')), "pickle");
  row("structured dtype",
      npyFile("{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (1,), }", "abcd"),
      "structured");
  row("big-endian", npyFile(npyDict(">i4", "(1,)"), "abcd"), "big-endian");
  row("unsigned dtype", npyFile(npyDict("<u2", "(1,)"), "ab"), "unsupported dtype '<u2'");
  row("int8 dtype", npyFile(npyDict("|i1", "(1,)"), "a"), "unsupported dtype '|i1'");
  row("fortran order", npyFile(npyDict("<i4", "(2, 2)", true), payload("<i4", {1, 2, 3, 4})),
      "fortran_order True");
  row("shape not a tuple", npyFile(npyDict("<i4", "5"), "abcd"), "'shape'");
  row("one-element tuple without comma", npyFile(npyDict("<i4", "(1)"), "abcd"), "not a tuple");
  row("negative dimension", npyFile(npyDict("<i4", "(-1,)"), ""), "not a tuple of integers");
  row("absurd shape", npyFile(npyDict("<f8", "(100000000, 100000000)"), ""), "absurd shape");
  row("version 3.0", npyFile(npyDict("<i4", "(1,)"), "abcd", 3), "version 3.0");
  row("payload short", good.substr(0, good.size() - 3), "truncated payload");
  row("payload short, gzip", gzip(good.substr(0, good.size() - 3)), "truncated payload");
  row("trailing bytes", good + "xyz", "3 trailing bytes");
  row("trailing bytes, gzip", gzip(good + "xyz"), "3 trailing bytes");
  const std::string big = npyFile(npyDict("<i8", "(4000,)"), std::string(32000, '\x11'));
  const std::string big_gz = gzip(big);
  row("gzip stream cut", big_gz.substr(0, big_gz.size() / 2), "gzip stream ends early");
  row("gzip trailer cut", big_gz.substr(0, big_gz.size() - 4), "gzip stream ends early");
  row("garbage after the gzip stream", big_gz + "junk", "after the end of the gzip stream");
}

void TstNpyReader::rejectsBadFiles() {
  QFETCH(QByteArray, content);
  QFETCH(QString, problem);
  const QString file = dir_.filePath(QStringLiteral("damaged_array.npy.gz"));
  QVERIFY(writeFile(file, sb(content)));
  NpyArray a;
  const Status st = gvae::readNpyFile(file.toStdString(), &a);
  QVERIFY2(!st.ok, "a damaged file was accepted");
  const QString message = QString::fromStdString(st.message);
  QVERIFY2(message.contains(QStringLiteral("damaged_array.npy.gz")), qPrintable(message));
  QVERIFY2(message.contains(problem), qPrintable(message));
  QVERIFY(a.shape.empty() && a.ints.empty() && a.floats.empty() && a.descr.empty());
}

void TstNpyReader::rejectsMissingFileAndDirectory() {
  NpyArray a;
  Status st = gvae::readNpyFile(dir_.filePath(QStringLiteral("absent.npy")).toStdString(), &a);
  QVERIFY(!st.ok && st.message.find("absent.npy: no such file") != std::string::npos);
  st = gvae::readNpyFile(dir_.path().toStdString(), &a);
  QVERIFY2(!st.ok && st.message.find("is a directory") != std::string::npos, st.message.c_str());
}

void TstNpyReader::neverCrashesOnTruncations() {
  // Every prefix of a good file, plain and gzipped, is an error (and nothing crashes).
  const std::string good =
      npyFile(npyDict("<f4", "(3, 5)"), payload("<f4", std::vector<double>(15, 1)));
  const QString file = dir_.filePath(QStringLiteral("cut.npy"));
  for (const std::string& whole : {good, gzip(good)}) {
    for (size_t n = 0; n < whole.size(); ++n) {
      QVERIFY(writeFile(file, whole.substr(0, n)));
      NpyArray a;
      const Status st = gvae::readNpyFile(file.toStdString(), &a);
      QVERIFY2(!st.ok, qPrintable(QStringLiteral("prefix of %1 bytes accepted").arg(n)));
    }
  }
}

QTEST_GUILESS_MAIN(TstNpyReader)
#include "tst_npy_reader.moc"
