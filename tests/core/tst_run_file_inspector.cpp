// The run-file inspector: untrusted files are parsed in a child process, and how that child
// ends (a verdict, a crash, a hang, no child at all) becomes a message for the caller.
#include <QtTest/QtTest>
#include <chrono>
#include <string>

#include "core/io/run_file.h"
#include "core/io/run_file_inspector.h"
#include "tests/file_fixtures.h"

namespace {

using gvae::readRunFile;
using gvae::RunFileFacts;
using gvae::RunRecord;
using gvae::Status;

const QString kSchemaOne = QStringLiteral(GRAPHVAE_TEST_DATA "/run_schema1.h5");

/// The schema-1 fixture with one byte changed (offset 3374 to 0xfe, in the metadata of its
/// variable-length strings): HDF5 1.10 dies with SIGSEGV reading it. Found by mutating the
/// fixture as the fuzz test does.
QByteArray crashingFile() {
  QFile f(kSchemaOne);
  if (!f.open(QIODevice::ReadOnly)) return {};
  QByteArray bytes = f.readAll();
  bytes[3374] = static_cast<char>(0xfe);
  return bytes;
}

/// An executable shell script at `path`.
bool writeScript(const QString& path, const QByteArray& body) {
  QFile f(path);
  return f.open(QIODevice::WriteOnly) && f.write("#!/bin/sh\n" + body) > 0 &&
         f.setPermissions(QFileDevice::ReadOwner | QFileDevice::ExeOwner);
}

}  // namespace

class TstRunFileInspector : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void init() { gvae::setRunFileInspector(GRAPHVAE_CLI); }
  void cleanup() { gvae::setRunFileInspector(""); }
  void crashInTheChildBecomesAnError();
  void schemaOneFileIsCheckedInTheChild();
  void fileWithDigestSkipsTheChild();
  void hangingCheckerIsStopped();
  void missingChecker();
  void checkerGetsTheLimits();
  void changedBetweenCheckAndRead();
};

void TstRunFileInspector::crashInTheChildBecomesAnError() {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("damaged.h5"));
  QVERIFY(writeFile(path, crashingFile().toStdString()));
  // The file really crashes HDF5: parsed in process (what the child does), it dies.
  QProcess direct;
  direct.start(QStringLiteral(GRAPHVAE_CLI),
               {QStringLiteral("inspect"), QStringLiteral("--in-process"), path});
  QVERIFY(direct.waitForFinished(60000));
  QCOMPARE(direct.exitStatus(), QProcess::CrashExit);
  // Read through the inspector, this process lives on and gets a message.
  RunRecord record;
  const Status status = readRunFile(path.toStdString(), &record);
  QVERIFY(!status.ok);
  const QString message = QString::fromStdString(status.message);
  QVERIFY2(message.contains(path), qPrintable(message));
  QVERIFY2(
      message.contains(QStringLiteral("crashed")) && message.contains(QStringLiteral("SIGSEGV")),
      qPrintable(message));
}

void TstRunFileInspector::schemaOneFileIsCheckedInTheChild() {
  RunRecord record;
  RunFileFacts facts;
  const Status status = readRunFile(kSchemaOne.toStdString(), &record, true, &facts);
  QVERIFY2(status.ok, status.message.c_str());
  QVERIFY(facts.inspected);
  QVERIFY(!facts.digest_valid);
  QCOMPARE(record.epochs.size(), size_t(2));
}

void TstRunFileInspector::fileWithDigestSkipsTheChild() {
  QTemporaryDir dir;
  const std::string path = dir.filePath(QStringLiteral("run.h5")).toStdString();
  RunRecord written;
  written.config = {{"model", "vae"}};
  QVERIFY(gvae::writeRunFile(path, written).ok);
  gvae::setRunFileInspector("/nonexistent/graphvae");  // would fail if it were run
  RunRecord record;
  RunFileFacts facts;
  const Status status = readRunFile(path, &record, true, &facts);
  QVERIFY2(status.ok, status.message.c_str());
  QVERIFY(facts.digest_valid);
  QVERIFY(!facts.inspected);
}

void TstRunFileInspector::hangingCheckerIsStopped() {
  QTemporaryDir dir;
  const QString checker = dir.filePath(QStringLiteral("hangs"));
  QVERIFY(writeScript(checker, "exec sleep 60\n"));
  gvae::setRunFileInspector(checker.toStdString(), {1.0, 0});
  const auto t0 = std::chrono::steady_clock::now();
  RunRecord record;
  const Status status = readRunFile(kSchemaOne.toStdString(), &record);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  QVERIFY(!status.ok);
  QVERIFY2(QString::fromStdString(status.message).contains(QStringLiteral("longer than 1 s")),
           status.message.c_str());
  QVERIFY2(seconds < 30, qPrintable(QString::number(seconds)));  // killed, not waited for
}

void TstRunFileInspector::missingChecker() {
  gvae::setRunFileInspector("/nonexistent/graphvae");
  RunRecord record;
  const Status status = readRunFile(kSchemaOne.toStdString(), &record);
  QVERIFY(!status.ok);
  QVERIFY2(QString::fromStdString(status.message)
               .contains(QStringLiteral("cannot start the file checker '/nonexistent/graphvae'")),
           status.message.c_str());
}

void TstRunFileInspector::checkerGetsTheLimits() {
  // The child's contract: `inspect FILE --json --in-process --max-seconds S --max-memory-mb M`,
  // and its {"ok": false, "error"} verdict is the caller's message.
  QTemporaryDir dir;
  const QString checker = dir.filePath(QStringLiteral("echoes"));
  QVERIFY(
      writeScript(checker, "printf '{\"ok\": false, \"error\": \"args: %s\"}' \"$*\"\nexit 1\n"));
  gvae::setRunFileInspector(checker.toStdString(), {7.0, 0});
  RunRecord record;
  const Status status = readRunFile(kSchemaOne.toStdString(), &record);
  QVERIFY(!status.ok);
  // memory: 1 GB plus four times the file's size in MB (the fixture is under 1 MB)
  const QString expected = QStringLiteral(
                               "args: inspect %1 --json --in-process --max-seconds 7 "
                               "--max-memory-mb 1024")
                               .arg(kSchemaOne);
  QCOMPARE(QString::fromStdString(status.message), expected);
}

void TstRunFileInspector::changedBetweenCheckAndRead() {
  // The child vouches for the bytes it read (their SHA-256); other bytes are not parsed.
  QTemporaryDir dir;
  const QString checker = dir.filePath(QStringLiteral("vouches"));
  QVERIFY(writeScript(checker, "printf '{\"ok\": true, \"sha256\": \"%064d\"}' 0\n"));
  gvae::setRunFileInspector(checker.toStdString());
  RunRecord record;
  const Status status = readRunFile(kSchemaOne.toStdString(), &record);
  QVERIFY(!status.ok);
  QVERIFY2(QString::fromStdString(status.message).contains(QStringLiteral("changed while")),
           status.message.c_str());
}

QTEST_GUILESS_MAIN(TstRunFileInspector)
#include "tst_run_file_inspector.moc"
