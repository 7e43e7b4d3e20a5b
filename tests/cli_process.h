// Test helper: runs the graphvae CLI (GRAPHVAE_CLI) to its end and keeps what it said (shared by
// the CLI's tests).
#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

namespace clitest {

struct Result {
  int code = -1;  // the exit status; -2: killed by a signal
  QString out, err;
};

/// Runs `graphvae args...`; after `timeout_ms` it is killed and err says "timed out".
inline Result run(const QStringList& args, int timeout_ms = 120000) {
  QProcess p;
  p.start(QStringLiteral(GRAPHVAE_CLI), args);
  Result r;
  if (!p.waitForFinished(timeout_ms)) {
    p.kill();
    p.waitForFinished();
    r.err = QStringLiteral("timed out");
    return r;
  }
  r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
  r.out = QString::fromUtf8(p.readAllStandardOutput());
  r.err = QString::fromUtf8(p.readAllStandardError());
  return r;
}

}  // namespace clitest
