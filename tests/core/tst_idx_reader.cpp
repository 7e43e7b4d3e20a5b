// Tests for readIdxFile and loadMnist: good and corrupt IDX files, plain and gzipped, real MNIST.
#include <torch/types.h>
#include <zlib.h>

#include <QtTest/QtTest>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/data/idx_reader.h"
#include "core/data/mnist.h"
#include "tests/file_fixtures.h"

using gvae::IdxArray;
using gvae::Status;

namespace {

/// n images of side x side with a pixel pattern that identifies the image and the pixel.
std::string imagePayload(int64_t n, int64_t side = 28) {
  std::string out(static_cast<size_t>(n * side * side), '\0');
  for (size_t k = 0; k < out.size(); ++k) {
    const size_t i = k / (side * side), j = k % (side * side);
    out[k] = static_cast<char>((i * 7 + j) % 256);
  }
  return out;
}

std::string labelPayload(int64_t n, int offset = 0) {
  std::string out(static_cast<size_t>(n), '\0');
  for (int64_t i = 0; i < n; ++i) out[i] = static_cast<char>((i + offset) % 10);
  return out;
}

std::string imagesFile(int64_t n, int64_t side = 28) {
  return idxBytes(
      gvae::kIdxImagesMagic,
      {static_cast<uint32_t>(n), static_cast<uint32_t>(side), static_cast<uint32_t>(side)},
      imagePayload(n, side));
}

std::string labelsFile(int64_t n, int offset = 0) {
  return idxBytes(gvae::kIdxLabelsMagic, {static_cast<uint32_t>(n)}, labelPayload(n, offset));
}

/// The gzip encoding of `bytes`, as a gzip writer produces it (via a scratch file).
std::string gzipped(const QString& scratch, const std::string& bytes) {
  return writeGzip(scratch, bytes) ? readWholeFile(scratch) : std::string();
}

}  // namespace

class TstIdxReader : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase();
  void readsGoodFiles_data();
  void readsGoodFiles();
  void rejectsBadFiles_data();
  void rejectsBadFiles();
  void neverCrashesOnDamagedFiles();
  void mnistRejectsBadSets_data();
  void mnistRejectsBadSets();
  void mnistSplitsFullSizeFake();
  void mnistLoadsRealData();

 private:
  QString path(const QString& name) const { return dir_.filePath(name); }
  QTemporaryDir dir_;
};

void TstIdxReader::initTestCase() { QVERIFY2(dir_.isValid(), qPrintable(dir_.errorString())); }

void TstIdxReader::readsGoodFiles_data() {
  QTest::addColumn<QByteArray>("content");  // the file's bytes exactly as written
  QTest::addColumn<uint>("magic");
  QTest::addColumn<QList<qint64>>("dims");
  QTest::addColumn<QByteArray>("payload");

  auto bytes = [](const std::string& s) {
    return QByteArray(s.data(), static_cast<int>(s.size()));
  };
  const QString scratch = path(QStringLiteral("scratch.gz"));
  const std::string images = imagesFile(5), labels = labelsFile(5);
  QTest::newRow("plain images") << bytes(images) << uint(gvae::kIdxImagesMagic)
                                << QList<qint64>{5, 28, 28} << bytes(imagePayload(5));
  QTest::newRow("gzip images") << bytes(gzipped(scratch, images)) << uint(gvae::kIdxImagesMagic)
                               << QList<qint64>{5, 28, 28} << bytes(imagePayload(5));
  QTest::newRow("plain labels") << bytes(labels) << uint(gvae::kIdxLabelsMagic) << QList<qint64>{5}
                                << bytes(labelPayload(5));
  QTest::newRow("gzip labels") << bytes(gzipped(scratch, labels)) << uint(gvae::kIdxLabelsMagic)
                               << QList<qint64>{5} << bytes(labelPayload(5));
  // Two gzip members (as `cat a.gz b.gz` makes) form one stream.
  const std::string two_members =
      gzipped(scratch, labels.substr(0, 7)) + gzipped(scratch, labels.substr(7));
  QTest::newRow("gzip in two members") << bytes(two_members) << uint(gvae::kIdxLabelsMagic)
                                       << QList<qint64>{5} << bytes(labelPayload(5));
  QTest::newRow("zero items") << bytes(labelsFile(0)) << uint(gvae::kIdxLabelsMagic)
                              << QList<qint64>{0} << QByteArray();
}

void TstIdxReader::readsGoodFiles() {
  QFETCH(QByteArray, content);
  QFETCH(uint, magic);
  QFETCH(QList<qint64>, dims);
  QFETCH(QByteArray, payload);

  const QString file = path(QStringLiteral("good-idx-ubyte"));
  QVERIFY(writeFile(file, std::string(content.constData(), static_cast<size_t>(content.size()))));
  IdxArray array;
  const Status st = gvae::readIdxFile(file.toStdString(), magic, &array);
  QVERIFY2(st.ok, st.message.c_str());
  QCOMPARE(QList<qint64>(array.dims.begin(), array.dims.end()), dims);
  QCOMPARE(QByteArray(reinterpret_cast<const char*>(array.data.data()),
                      static_cast<int>(array.data.size())),
           payload);
}

void TstIdxReader::rejectsBadFiles_data() {
  QTest::addColumn<QString>("name");        // file name, must appear in the message
  QTest::addColumn<QByteArray>("content");  // written unless `create` is false
  QTest::addColumn<bool>("create");
  QTest::addColumn<uint>("magic");
  QTest::addColumn<QString>("problem");  // a word the message must contain

  auto bytes = [](const std::string& s) {
    return QByteArray(s.data(), static_cast<int>(s.size()));
  };
  const QString scratch = path(QStringLiteral("scratch.gz"));
  const uint img = gvae::kIdxImagesMagic, lbl = gvae::kIdxLabelsMagic;
  const std::string images = imagesFile(20);
  const std::string gz = gzipped(scratch, images);
  QVERIFY(gz.size() > 40);
  std::string bad_crc = gz;
  bad_crc[bad_crc.size() - 6] = static_cast<char>(bad_crc[bad_crc.size() - 6] ^ 0x55);

  auto row = [&](const char* tag, const char* name, const std::string& content, bool create,
                 uint magic, const char* problem) {
    QTest::newRow(tag) << QString::fromLatin1(name) << bytes(content) << create << magic
                       << QString::fromLatin1(problem);
  };
  row("missing file", "missing-images-idx3-ubyte", "", false, img, "no such file");
  row("wrong magic", "swapped-images-idx3-ubyte", labelsFile(3), true, img, "wrong magic");
  row("wrong magic gzip", "swapped-labels-idx1-ubyte.gz", gzipped(scratch, images), true, lbl,
      "wrong magic");
  row("html page", "html-images-idx3-ubyte.gz", "<!DOCTYPE html><html>404</html>", true, img,
      "not an IDX file");
  row("empty file", "empty-images-idx3-ubyte", "", true, img, "truncated header");
  row("truncated magic", "short-images-idx3-ubyte", images.substr(0, 3), true, img,
      "truncated header");
  row("truncated dims", "halfhead-images-idx3-ubyte", images.substr(0, 10), true, img,
      "truncated header");
  row("truncated payload", "short-train-images-idx3-ubyte", images.substr(0, 16 + 1200), true, img,
      "truncated: header promises 15680 bytes of pixels");
  row("truncated labels", "short-labels-idx1-ubyte", labelsFile(10).substr(0, 12), true, lbl,
      "truncated");
  row("truncated payload gzip", "short-images-idx3-ubyte.gz",
      gzipped(scratch, images.substr(0, 100)), true, img, "truncated");
  row("gzip cut in the middle", "cut-images-idx3-ubyte.gz", gz.substr(0, gz.size() / 2), true, img,
      "gzip stream ends early");
  row("gzip cut in its trailer", "cut-trailer-images-idx3-ubyte.gz", gz.substr(0, gz.size() - 3),
      true, img, "gzip stream ends early");
  row("gzip header only", "cut-head-images-idx3-ubyte.gz", gz.substr(0, 10), true, img,
      "gzip stream ends early");
  row("gzip bad crc", "crc-images-idx3-ubyte.gz", bad_crc, true, img, "corrupt gzip");
  row("trailing bytes", "long-images-idx3-ubyte", images + "xyz", true, img, "3 trailing bytes");
  row("trailing bytes gzip", "long-images-idx3-ubyte.gz", gzipped(scratch, images + "xyz"), true,
      img, "trailing bytes");
  row("garbage after gzip", "garbage-images-idx3-ubyte.gz", gz + "junk", true, img,
      "after the end of the gzip stream");
  row("absurd dims", "huge-images-idx3-ubyte", idxBytes(img, {4000000000u, 28, 28}, "abc"), true,
      img, "absurd dimensions");
  row("absurd dims overflow", "wrap-images-idx3-ubyte",
      idxBytes(img, {0xffffffffu, 0xffffffffu, 0xffffffffu}, ""), true, img, "absurd");
  row("large promise gzip", "promise-images-idx3-ubyte.gz",
      gzipped(scratch, idxBytes(img, {2000000, 28, 28}, "abc")), true, img, "truncated");
}

void TstIdxReader::rejectsBadFiles() {
  QFETCH(QString, name);
  QFETCH(QByteArray, content);
  QFETCH(bool, create);
  QFETCH(uint, magic);
  QFETCH(QString, problem);

  const QString file = path(name);
  if (create) {
    QVERIFY(writeFile(file, std::string(content.constData(), static_cast<size_t>(content.size()))));
  }
  IdxArray array;
  const Status st = gvae::readIdxFile(file.toStdString(), magic, &array);
  QVERIFY2(!st.ok, "a damaged file was accepted");
  const QString message = qs(st.message);
  QVERIFY2(message.contains(name), qPrintable(message));
  QVERIFY2(message.contains(problem), qPrintable(message));
  QVERIFY(array.data.empty());
}

void TstIdxReader::neverCrashesOnDamagedFiles() {
  // Every prefix and many random byte flips of a small file, plain and gzipped: each read must
  // return (ok or a named error), never crash or hang.
  const QString scratch = path(QStringLiteral("scratch.gz"));
  const std::string plain = imagesFile(2);
  const std::string gz = gzipped(scratch, plain);
  const QString file = path(QStringLiteral("fuzz-images-idx3-ubyte"));
  std::mt19937 rng(1234);
  int accepted = 0;
  for (const std::string& original : {plain, gz}) {
    std::vector<std::string> cases;
    for (size_t len = 0; len < original.size(); ++len) cases.push_back(original.substr(0, len));
    for (int k = 0; k < 300; ++k) {
      std::string damaged = original;
      const int flips = 1 + static_cast<int>(rng() % 4);
      for (int f = 0; f < flips; ++f) damaged[rng() % damaged.size()] = static_cast<char>(rng());
      cases.push_back(damaged);
    }
    for (const std::string& content : cases) {
      QVERIFY(writeFile(file, content));
      IdxArray array;
      const Status st = gvae::readIdxFile(file.toStdString(), gvae::kIdxImagesMagic, &array);
      if (st.ok) {
        ++accepted;  // a flipped pixel is undetectable in a plain file
        int64_t product = 1;
        for (int64_t d : array.dims) product *= d;
        QCOMPARE(static_cast<int64_t>(array.data.size()), product);
      } else {
        QVERIFY2(qs(st.message).contains(QStringLiteral("fuzz-images-idx3-ubyte")),
                 st.message.c_str());
      }
    }
  }
  QVERIFY(accepted > 0);  // sanity: plain pixel flips pass
}

void TstIdxReader::mnistRejectsBadSets_data() {
  QTest::addColumn<QString>("subdir");  // empty: the directory does not exist
  QTest::addColumn<int>("trainImages");
  QTest::addColumn<int>("trainLabels");
  QTest::addColumn<int>("side");
  QTest::addColumn<int>("badLabel");  // written at index 42 of the training labels; -1: none
  QTest::addColumn<bool>("writeTestLabels");
  QTest::addColumn<QStringList>("needles");  // every one must appear in the message

  auto list = [](std::initializer_list<const char*> words) {
    QStringList out;
    for (const char* w : words) out << QString::fromLatin1(w);
    return out;
  };
  QTest::newRow("too few images") << QStringLiteral("few") << 100 << 100 << 28 << -1 << true
                                  << list({"train-images-idx3-ubyte", "100 images", "60000"});
  QTest::newRow("count mismatch") << QStringLiteral("mismatch") << 100 << 90 << 28 << -1 << true
                                  << list({"train-images-idx3-ubyte", "train-labels-idx1-ubyte.gz",
                                           "100 images", "90 labels", "disagree"});
  QTest::newRow("wrong image size") << QStringLiteral("size") << 100 << 100 << 32 << -1 << true
                                    << list({"train-images-idx3-ubyte", "32 x 32"});
  QTest::newRow("label out of range")
      << QStringLiteral("range") << 100 << 100 << 28 << 15 << true
      << list({"train-labels-idx1-ubyte.gz", "label 15 at index 42", "0..9"});
  QTest::newRow("missing file") << QStringLiteral("missing") << 60 << 60 << 28 << -1 << false
                                << list({"t10k-labels-idx1-ubyte", "t10k-labels-idx1-ubyte.gz"});
  QTest::newRow("missing directory") << QString() << 0 << 0 << 28 << -1 << false
                                     << list({"nonexistent-mnist", "no such directory"});
}

void TstIdxReader::mnistRejectsBadSets() {
  QFETCH(QString, subdir);
  QFETCH(int, trainImages);
  QFETCH(int, trainLabels);
  QFETCH(int, side);
  QFETCH(int, badLabel);
  QFETCH(bool, writeTestLabels);
  QFETCH(QStringList, needles);

  QString dir = path(QStringLiteral("nonexistent-mnist"));
  if (!subdir.isEmpty()) {
    dir = path(QStringLiteral("mnist-") + subdir);
    QVERIFY(QDir().mkpath(dir));
    std::string labels = labelsFile(trainLabels);
    if (badLabel >= 0) labels[8 + 42] = static_cast<char>(badLabel);
    QVERIFY(
        writeFile(dir + QStringLiteral("/train-images-idx3-ubyte"), imagesFile(trainImages, side)));
    QVERIFY(writeGzip(dir + QStringLiteral("/train-labels-idx1-ubyte.gz"), labels));
    QVERIFY(writeFile(dir + QStringLiteral("/t10k-images-idx3-ubyte"), imagesFile(10)));
    if (writeTestLabels) {
      QVERIFY(writeFile(dir + QStringLiteral("/t10k-labels-idx1-ubyte"), labelsFile(10)));
    }
  }
  gvae::DataSplits splits;
  const Status st = gvae::loadMnist(dir.toStdString(), &splits);
  QVERIFY2(!st.ok, "a bad MNIST directory was accepted");
  for (const QString& needle : needles) {
    QVERIFY2(qs(st.message).contains(needle),
             qPrintable(needle + QStringLiteral(" not in: ") + qs(st.message)));
  }
  QCOMPARE(splits.train.size(), int64_t{0});
}

void TstIdxReader::mnistSplitsFullSizeFake() {
  // MNIST-sized fake: gzipped training files, plain test images; the test labels exist both
  // plain and gzipped with different contents, and the plain one must win.
  const QString dir = path(QStringLiteral("mnist-fake"));
  QVERIFY(QDir().mkpath(dir));
  QVERIFY(writeGzip(dir + QStringLiteral("/train-images-idx3-ubyte.gz"), imagesFile(60000), "wb1"));
  QVERIFY(writeGzip(dir + QStringLiteral("/train-labels-idx1-ubyte.gz"), labelsFile(60000)));
  QVERIFY(writeFile(dir + QStringLiteral("/t10k-images-idx3-ubyte"), imagesFile(10000)));
  QVERIFY(writeFile(dir + QStringLiteral("/t10k-labels-idx1-ubyte"), labelsFile(10000, 3)));
  QVERIFY(writeGzip(dir + QStringLiteral("/t10k-labels-idx1-ubyte.gz"), labelsFile(10000, 0)));

  gvae::DataSplits splits;
  const Status st = gvae::loadMnist(dir.toStdString(), &splits);
  QVERIFY2(st.ok, st.message.c_str());
  QCOMPARE(splits.width, int64_t{28});
  QCOMPARE(splits.height, int64_t{28});

  struct Expect {
    const gvae::ImageSet* set;
    int64_t n, first_index, label_offset;
  };
  for (const Expect& e :
       {Expect{&splits.train, 50000, 0, 0}, Expect{&splits.valid, 10000, 50000, 0},
        Expect{&splits.test, 10000, 0, 3}}) {
    const torch::Tensor& images = e.set->images;
    const torch::Tensor& labels = e.set->labels;
    QCOMPARE(images.sizes().vec(), (std::vector<int64_t>{e.n, 784}));
    QCOMPARE(labels.sizes().vec(), (std::vector<int64_t>{e.n}));
    QCOMPARE(images.scalar_type(), torch::kFloat32);
    QCOMPARE(labels.scalar_type(), torch::kInt64);
    QVERIFY(images.is_contiguous());
    QCOMPARE(images.storage_offset(), int64_t{0});  // owns its storage, not a view of 60k
    for (int64_t row : {int64_t{0}, e.n - 1}) {
      const int64_t i = e.first_index + row;  // index in the original file
      for (int64_t j : {int64_t{0}, int64_t{1}, int64_t{783}}) {
        const float want = static_cast<float>((i * 7 + j) % 256) / 255.0f;
        QCOMPARE(images[row][j].item<float>(), want);
      }
      QCOMPARE(labels[row].item<int64_t>(), (i + e.label_offset) % 10);
    }
    QVERIFY(images.min().item<float>() >= 0.0f);
    QCOMPARE(images.max().item<float>(), 1.0f);
  }

  // The validation split alone: the same images, no test file read (even a broken one).
  QVERIFY(writeFile(dir + QStringLiteral("/t10k-images-idx3-ubyte"), "broken"));
  gvae::DataSplits valid;
  const Status only = gvae::loadMnist(dir.toStdString(), &valid, /*validation_only=*/true);
  QVERIFY2(only.ok, only.message.c_str());
  QVERIFY(!valid.train.images.defined() && !valid.test.images.defined());
  QVERIFY(torch::equal(valid.valid.images, splits.valid.images));
  QVERIFY(torch::equal(valid.valid.labels, splits.valid.labels));
}

void TstIdxReader::mnistLoadsRealData() {
  const QString dir = QStringLiteral(GRAPHVAE_SHARED_DATA "/mnist");
  if (!QDir(dir).exists()) QSKIP("no shared MNIST at " GRAPHVAE_SHARED_DATA "/mnist");

  gvae::DataSplits splits;
  const Status st = gvae::loadMnist(dir.toStdString(), &splits);
  QVERIFY2(st.ok, st.message.c_str());
  QCOMPARE(splits.train.size(), int64_t{50000});
  QCOMPARE(splits.valid.size(), int64_t{10000});
  QCOMPARE(splits.test.size(), int64_t{10000});
  QCOMPARE(splits.train.labels[0].item<int64_t>(), int64_t{5});
  QCOMPARE(splits.test.labels[0].item<int64_t>(), int64_t{7});
  for (const gvae::ImageSet* set : {&splits.train, &splits.valid, &splits.test}) {
    QCOMPARE(set->images.size(1), int64_t{784});
    QVERIFY(set->images.is_contiguous());
    QVERIFY(set->labels.is_contiguous());
    QVERIFY(set->images.min().item<float>() >= 0.0f);
    QVERIFY(set->images.max().item<float>() <= 1.0f);
    QCOMPARE(set->labels.min().item<int64_t>(), int64_t{0});
    QCOMPARE(set->labels.max().item<int64_t>(), int64_t{9});
    // Mostly background: MNIST's mean intensity is about 0.13.
    const float mean = set->images.mean().item<float>();
    QVERIFY2(mean > 0.1f && mean < 0.16f, qPrintable(QString::number(mean)));
  }
}

QTEST_GUILESS_MAIN(TstIdxReader)
#include "tst_idx_reader.moc"
