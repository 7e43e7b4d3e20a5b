// printableUtf8 and Status::Error: messages stay valid UTF-8 whatever bytes a file held.
#include <QtTest/QtTest>
#include <string>

#include "core/util/printable.h"
#include "core/util/status.h"

using gvae::printableUtf8;

class TstPrintable : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void escapes_data();
  void escapes();
  void statusMessagesAreValidUtf8();
};

void TstPrintable::escapes_data() {
  QTest::addColumn<QByteArray>("in");
  QTest::addColumn<QByteArray>("out");
  QTest::newRow("ascii") << QByteArray("epoch 3: lr") << QByteArray("epoch 3: lr");
  QTest::newRow("utf-8 kept") << QByteArray("μ → z₁ 𝔼") << QByteArray("μ → z₁ 𝔼");
  QTest::newRow("newline, tab kept") << QByteArray("a\n\tb") << QByteArray("a\n\tb");
  QTest::newRow("control") << QByteArray(
                                  "a\x01"
                                  "b\x7f")
                           << QByteArray("a\\x01b\\x7f");
  QTest::newRow("lone byte") << QByteArray(
                                    "w\xff"
                                    "x")
                             << QByteArray("w\\xffx");
  QTest::newRow("overlong /") << QByteArray("\xc0\xaf") << QByteArray("\\xc0\\xaf");
  QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80") << QByteArray("\\xed\\xa0\\x80");
  QTest::newRow("cut at the end") << QByteArray("ok\xe2\x86") << QByteArray("ok\\xe2\\x86");
  QTest::newRow("beyond U+10FFFF")
      << QByteArray("\xf4\x90\x80\x80") << QByteArray("\\xf4\\x90\\x80\\x80");
  QTest::newRow("nul") << QByteArray("a\0b", 3) << QByteArray("a\\x00b");
}

void TstPrintable::escapes() {
  QFETCH(QByteArray, in);
  QFETCH(QByteArray, out);
  const std::string got = printableUtf8(std::string(in.constData(), size_t(in.size())));
  QCOMPARE(QByteArray::fromStdString(got), out);
  QVERIFY(QUtf8StringView(got).isValidUtf8());
}

void TstPrintable::statusMessagesAreValidUtf8() {
  // A name read from a damaged file, quoted in an error.
  const std::string name("encoder.0.w\xe9ight\x02");
  const gvae::Status st = gvae::Status::Error("run.h5: missing dataset /checkpoint/" + name);
  QVERIFY(!st.ok);
  QCOMPARE(QByteArray::fromStdString(st.message),
           QByteArray("run.h5: missing dataset /checkpoint/encoder.0.w\\xe9ight\\x02"));
}

QTEST_GUILESS_MAIN(TstPrintable)
#include "tst_printable.moc"
