// SHA-256: the FIPS 180-4 example vectors, and agreement with Qt's implementation on every
// length around the block and padding boundaries and on chunked updates.
#include <QCryptographicHash>
#include <QtTest/QtTest>
#include <random>
#include <string>

#include "core/util/sha256.h"

class TstSha256 : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void knownVectors_data();
  void knownVectors();
  void agreesWithQt();
};

void TstSha256::knownVectors_data() {
  QTest::addColumn<QByteArray>("message");
  QTest::addColumn<QString>("digest");
  QTest::newRow("empty") << QByteArray()
                         << "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  QTest::newRow("abc") << QByteArray("abc")
                       << "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  QTest::newRow("448 bits") << QByteArray(
                                   "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                            << "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
  QTest::newRow("a million a")
      << QByteArray(1000000, 'a')
      << "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
}

void TstSha256::knownVectors() {
  QFETCH(QByteArray, message);
  QFETCH(QString, digest);
  QCOMPARE(QString::fromStdString(gvae::sha256Hex(message.constData(), message.size())), digest);
}

void TstSha256::agreesWithQt() {
  std::mt19937 rng(13);
  QByteArray data(300, '\0');
  for (char& c : data) c = static_cast<char>(rng());
  for (int length = 0; length <= 300; ++length) {
    const QByteArray part = data.left(length);
    const QString expected =
        QString::fromLatin1(QCryptographicHash::hash(part, QCryptographicHash::Sha256).toHex());
    gvae::Sha256 h;  // in pieces of 1..70 bytes
    for (int at = 0; at < length;) {
      const int n = std::min<int>(length - at, 1 + static_cast<int>(rng() % 70));
      h.update(part.constData() + at, static_cast<size_t>(n));
      at += n;
    }
    QCOMPARE(QString::fromStdString(h.hex()), expected);
  }
}

QTEST_GUILESS_MAIN(TstSha256)
#include "tst_sha256.moc"
