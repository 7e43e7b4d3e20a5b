// CoreShare: trainings find each other through flock-held files; a dead one stops counting;
// each takes its share of the cores unless the user chose its threads.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <QDir>
#include <QTemporaryDir>
#include <QtTest/QtTest>
#include <csignal>
#include <memory>

#include "core/training/core_share.h"

using gvae::CoreShare;
using gvae::sharedThreads;

class TstCoreShare : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void countsLiveTrainings();
  void aDeadTrainingStopsCounting();
  void threadsAreShared();
};

void TstCoreShare::countsLiveTrainings() {
  QTemporaryDir dir;
  const std::string d = dir.path().toStdString();
  auto a = std::make_unique<CoreShare>(d);
  QVERIFY(a->registered());
  QCOMPARE(a->activeTrainings(), 1);
  {
    CoreShare b(d);
    QCOMPARE(a->activeTrainings(), 2);
    QCOMPARE(b.activeTrainings(), 2);
    CoreShare c(d);
    QCOMPARE(c.activeTrainings(), 3);
  }
  QCOMPARE(a->activeTrainings(), 1);  // the others unregistered
  a.reset();
  QCOMPARE(QDir(dir.filePath(QStringLiteral("trainers"))).entryList(QDir::Files).size(), 0);
}

void TstCoreShare::aDeadTrainingStopsCounting() {
  QTemporaryDir dir;
  const std::string d = dir.path().toStdString();
  CoreShare me(d);
  // A file left by a killed training: nobody holds its lock.
  const QString stale = dir.filePath(QStringLiteral("trainers/99999-0"));
  QFile f(stale);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.close();
  QCOMPARE(me.activeTrainings(), 1);
  QVERIFY(!QFile::exists(stale));  // cleaned up by the count
  // A training of another process, alive: a child holding the lock.
  const QString held = dir.filePath(QStringLiteral("trainers/88888-0"));
  const pid_t child = ::fork();
  if (child == 0) {
    const int fd = ::open(held.toLocal8Bit().constData(), O_RDWR | O_CREAT, 0600);
    ::flock(fd, LOCK_EX);
    ::pause();  // until killed
    ::_exit(0);
  }
  QTRY_COMPARE_WITH_TIMEOUT(me.activeTrainings(), 2, 5000);
  ::kill(child, SIGKILL);  // killed: the kernel drops its lock
  ::waitpid(child, nullptr, 0);
  QCOMPARE(me.activeTrainings(), 1);
}

void TstCoreShare::threadsAreShared() {
  QCOMPARE(sharedThreads(0, 2, 1), 2);  // alone: every core
  QCOMPARE(sharedThreads(0, 2, 2), 1);
  QCOMPARE(sharedThreads(0, 2, 5), 1);  // never below one
  QCOMPARE(sharedThreads(0, 16, 3), 5);
  QCOMPARE(sharedThreads(3, 16, 4), 3);  // the user's choice stays
}

QTEST_GUILESS_MAIN(TstCoreShare)
#include "tst_core_share.moc"
