// Data parallelism inside one process: the environment of torchrun and Slurm, and two ranks as
// two Trainers (threads) that must apply rank 0's commands at the same step and stop together.
#include <QtTest/QtTest>
#include <map>
#include <thread>

#include "app/cli/processes.h"
#include "core/io/run_file.h"
#include "core/training/distributed.h"
#include "core/training/trainer.h"
#include "tests/tiny_config.h"

using namespace gvae;

namespace {

Status fromEnv(const std::map<std::string, std::string>& vars, DistributedSetup* out) {
  return distributedFromEnvironment(out, [&vars](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  });
}

}  // namespace

class TstDataParallel : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void torchrunEnvironment();
  void slurmEnvironment();
  void badEnvironmentIsNamed_data();
  void badEnvironmentIsNamed();
  void slurmNodeLists();
  void commandsReachEveryRankAtTheSameStep();
};

void TstDataParallel::torchrunEnvironment() {
  DistributedSetup s;
  QVERIFY(fromEnv({}, &s).ok);
  QVERIFY(!s.active());
  QVERIFY(fromEnv({{"WORLD_SIZE", "1"}}, &s).ok);
  QVERIFY(!s.active());
  QVERIFY(fromEnv({{"WORLD_SIZE", "4"},
                   {"RANK", "3"},
                   {"LOCAL_RANK", "1"},
                   {"MASTER_ADDR", "node17"},
                   {"MASTER_PORT", "29501"},
                   {"GRAPHVAE_DIST_TIMEOUT", "12.5"},
                   {"GRAPHVAE_SYNC_BATCH_NORM", "1"}},
                  &s)
              .ok);
  QCOMPARE(s.world, 4);
  QCOMPARE(s.rank, 3);
  QCOMPARE(s.local_rank, 1);
  QCOMPARE(s.master_addr, std::string("node17"));
  QCOMPARE(s.master_port, 29501);
  QCOMPARE(s.timeout_s, 12.5);
  QCOMPARE(s.source, std::string("torchrun"));
  QVERIFY(s.sync_batch_norm);
  QVERIFY(
      fromEnv({{"WORLD_SIZE", "2"}, {"RANK", "0"}, {"MASTER_ADDR", "a"}, {"MASTER_PORT", "1"}}, &s)
          .ok);
  QVERIFY(!s.sync_batch_norm);  // DistributedDataParallel's default: each rank's rows
}

void TstDataParallel::slurmEnvironment() {
  DistributedSetup s;
  QVERIFY(fromEnv({{"SLURM_NTASKS", "8"},
                   {"SLURM_PROCID", "5"},
                   {"SLURM_LOCALID", "1"},
                   {"SLURM_JOB_NODELIST", "gpu[03-05,07]"},
                   {"MASTER_PORT", "23456"}},
                  &s)
              .ok);
  QCOMPARE(s.world, 8);
  QCOMPARE(s.rank, 5);
  QCOMPARE(s.local_rank, 1);
  QCOMPARE(s.master_addr, std::string("gpu03"));
  QCOMPARE(s.master_port, 23456);
  QCOMPARE(s.source, std::string("slurm"));
  // torchrun's variables win over Slurm's (torchrun started inside an allocation).
  QVERIFY(fromEnv({{"SLURM_NTASKS", "8"},
                   {"SLURM_PROCID", "5"},
                   {"WORLD_SIZE", "2"},
                   {"RANK", "1"},
                   {"MASTER_ADDR", "a"},
                   {"MASTER_PORT", "1"}},
                  &s)
              .ok);
  QCOMPARE(s.world, 2);
  QCOMPARE(s.source, std::string("torchrun"));
}

void TstDataParallel::badEnvironmentIsNamed_data() {
  QTest::addColumn<QString>("vars");  // NAME=VALUE;...
  QTest::addColumn<QString>("named");
  QTest::newRow("rank not a number") << "WORLD_SIZE=2;RANK=x;MASTER_ADDR=a;MASTER_PORT=1"
                                     << "RANK";
  QTest::newRow("rank too large") << "WORLD_SIZE=2;RANK=2;MASTER_ADDR=a;MASTER_PORT=1"
                                  << "world size";
  QTest::newRow("no rendezvous") << "WORLD_SIZE=2;RANK=0"
                                 << "MASTER_ADDR";
  QTest::newRow("port out of range") << "WORLD_SIZE=2;RANK=0;MASTER_ADDR=a;MASTER_PORT=70000"
                                     << "MASTER_PORT";
  QTest::newRow("bad timeout")
      << "WORLD_SIZE=2;RANK=0;MASTER_ADDR=a;MASTER_PORT=1;GRAPHVAE_DIST_TIMEOUT=-1"
      << "GRAPHVAE_DIST_TIMEOUT";
  QTest::newRow("bad sync flag")
      << "WORLD_SIZE=2;RANK=0;MASTER_ADDR=a;MASTER_PORT=1;GRAPHVAE_SYNC_BATCH_NORM=yes"
      << "GRAPHVAE_SYNC_BATCH_NORM";
  QTest::newRow("slurm without nodes") << "SLURM_NTASKS=2;SLURM_PROCID=0"
                                       << "SLURM_JOB_NODELIST";
}

void TstDataParallel::badEnvironmentIsNamed() {
  QFETCH(QString, vars);
  QFETCH(QString, named);
  std::map<std::string, std::string> env;
  for (const QString& kv : vars.split(QLatin1Char(';')))
    env[kv.section(QLatin1Char('='), 0, 0).toStdString()] =
        kv.section(QLatin1Char('='), 1).toStdString();
  DistributedSetup s;
  Status st = fromEnv(env, &s);
  QVERIFY(!st.ok);
  QVERIFY2(st.message.find(named.toStdString()) != std::string::npos, st.message.c_str());
}

void TstDataParallel::slurmNodeLists() {
  QCOMPARE(firstSlurmHost("node7"), std::string("node7"));
  QCOMPARE(firstSlurmHost("a1,b2"), std::string("a1"));
  QCOMPARE(firstSlurmHost("gpu[03-05,07],cpu1"), std::string("gpu03"));
  QCOMPARE(firstSlurmHost("rack2-n[9,11]"), std::string("rack2-n9"));
}

// Two ranks as two Trainers in this process: a freeze and a tau sent to rank 0 before its first
// step reach rank 1 too, at the same step; a stop asked of rank 1 alone stops both.
void TstDataParallel::commandsReachEveryRankAtTheSameStep() {
  RunConfig c = tinyConfig("graph", 50);
  c.batch = 16;
  c.importance_n = 0;
  const QTemporaryDir dir;
  c.out_path = dir.filePath(QStringLiteral("run.h5")).toStdString();
  DistributedSetup base;
  base.world = 2;
  base.master_port = cli::freeLoopbackPort();
  base.timeout_s = 60;
  base.source = "test";
  std::vector<std::unique_ptr<Trainer>> ranks;
  for (int r = 0; r < 2; ++r) {
    RunConfig rc = c;
    if (r > 0) rc.out_path.clear();
    ranks.push_back(std::make_unique<Trainer>(rc));
    DistributedSetup s = base;
    s.rank = s.local_rank = r;
    ranks.back()->setDistributed(s);
  }
  ranks[0]->freezeGate(2, 1, true);
  ranks[0]->setTau(0.37);
  for (auto& t : ranks) t->start();
  std::vector<std::vector<TrainingEvent>> events(2);
  std::vector<int64_t> steps(2, 0);
  // Rank 1 alone is asked to stop once both have run a few steps.
  bool stop_sent = false;
  for (auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
       std::chrono::steady_clock::now() < deadline;) {
    bool ended = true;
    for (int r = 0; r < 2; ++r) {
      MailboxContents m = ranks[r]->mailbox().waitAndDrain(std::chrono::milliseconds(20));
      for (const auto& e : m.events) events[r].push_back(e);
      if (m.latest) steps[r] = m.latest->step;
      ended = ended && hasEnded(ranks[r]->state());
    }
    if (!stop_sent && steps[0] >= 20 && steps[1] >= 20) {
      ranks[1]->requestStop();
      stop_sent = true;
    }
    if (ended) break;
  }
  for (auto& t : ranks) t->wait();
  QCOMPARE(ranks[0]->state(), TrainerState::kStopped);
  QCOMPARE(ranks[1]->state(), TrainerState::kStopped);
  auto find = [&](int r, const std::string& kind, const std::string& text) -> const TrainingEvent* {
    for (const auto& e : events[r])
      if (e.kind == kind && e.message.find(text) != std::string::npos) return &e;
    return nullptr;
  };
  for (int r = 0; r < 2; ++r) {
    QVERIFY2(find(r, "freeze", "z2 -> z1 frozen to 1"), qPrintable(QString::number(r)));
    QVERIFY(find(r, "set", "tau set to 0.37"));
    QVERIFY(find(r, "distributed", "global batch 32 = 2 x 16"));
  }
  QCOMPARE(find(0, "freeze", "z2")->step, find(1, "freeze", "z2")->step);
  QCOMPARE(find(0, "set", "tau")->step, find(1, "set", "tau")->step);
  // Rank 0 wrote the file; it ends at its last finished epoch, with the freeze in its gates.
  RunRecord rec;
  QVERIFY(readRunFile(c.out_path, &rec, true).ok);
  QVERIFY(rec.checkpoint.has_value());
}

QTEST_GUILESS_MAIN(TstDataParallel)
#include "tst_data_parallel.moc"
