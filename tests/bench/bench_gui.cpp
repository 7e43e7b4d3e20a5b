// bench_gui: GUI event-loop stalls and training throughput while `graph` trains on MNIST under
// the workbench window, and the same Trainer without a window; prints one JSON object per run.
// Not a test: run by hand on a quiet machine (OpenMP threads spin-wait, so a concurrent compile
// on this 2-core box collapses throughput; `uptime` should show a load below ~0.5). The JSON
// records the load before and after beside the results.
//
// The target (issue): under the GUI the longest event-loop stall < 50 ms and its 95th percentile
// < 16 ms, with training throughput >= 95 % of the headless CLI's on the same machine.
//
// --model and --dataset choose another line (default graph on MNIST), e.g. the handwriting
// model on the embedded strokes: --model recurrent-graph --dataset strokes --steps 150.
// Compare the thread policies by running headless and gui back to back for each one:
//   export QT_QPA_PLATFORM=offscreen B=build/tests/bench/bench_gui
//   $B --mode headless --threads 2; $B --mode gui --threads 2    # all cores
//   $B --mode headless --threads 1; $B --mode gui --threads 1    # cores - 1
//   OMP_WAIT_POLICY=passive $B --mode headless --threads 2
//   OMP_WAIT_POLICY=passive $B --mode gui --threads 2            # all cores, no spinning
// ratio = gui samples_per_s / headless samples_per_s of the same line; the reference is
// the headless CLI's default (all cores, default wait policy), so also divide every gui figure
// by the first headless one. Repeat each pair: single runs vary a lot on this machine.
//
// What is measured:
// - Stall: a probe thread posts a timestamped event to a GUI-thread object every --probe-ms
//   (default 4 ms; 0: none), whether or not the previous one was handled; the GUI thread records
//   how long each waited in the queue. A GUI thread busy for 100 ms thus yields ~25 samples of
//   100, 96, ... ms: the percentiles are over time ("the delay an input event arriving now would
//   see").
//   Measured from the first step metrics (after loading) to the end of the throughput window.
// - Throughput: samples/s between the first published step >= --warmup (default 50) and the
//   first >= warmup + --steps (default 300), timed where the progress arrives (gui: the
//   controller's drain, a near-constant ~33 ms after the post; headless: at the post). With
//   the defaults the window stays inside epoch 1 (390 steps of 128), so no validation or save.
// - Use of the analysis views (gui): the window decodes samples, reconstructions, a traversal
//   and 2000 posterior means from the initial weights when training starts; a third into the
//   window the benchmark requests a fresh weight snapshot (what every epoch end does: all views
//   re-decode), two thirds in it switches the traversal to node 2 as a user would.
#include <QApplication>
#include <QEvent>
#include <QEventLoop>
#include <QObject>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "app/studio/analysis_panels.h"
#include "app/studio/main_window.h"
#include "app/studio/run_setup_panel.h"
#include "app/studio/training_controller.h"
#include "core/training/trainer.h"

using namespace gvae;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int64_t kBatch = 128;
constexpr int64_t kStepsPerEpoch = 390;  // MNIST: 50000 training images in batches of 128

struct Options {
  std::string model = "graph", dataset = "mnist";
  std::string data_dir = GRAPHVAE_SHARED_DATA "/mnist";
  std::string mode = "gui";
  int64_t steps = 300, warmup = 50;
  int threads = 2, probe_ms = 4;
};

// The throughput window, fed with every published step metric and the time it arrived.
struct StepWindow {
  int64_t warmup = 0, steps = 0;
  int64_t s0 = -1, s1 = -1;
  Clock::time_point t0, t1;
  bool started() const { return s0 >= 0; }
  bool done() const { return s1 >= 0; }
  void onStep(int64_t step, Clock::time_point now) {
    if (!started() && step >= warmup) {
      s0 = step;
      t0 = now;
    } else if (started() && !done() && step >= s0 + steps) {
      s1 = step;
      t1 = now;
    }
  }
  double seconds() const { return std::chrono::duration<double>(t1 - t0).count(); }
};

struct Result {
  std::string error;
  StepWindow window;
  int trainer_threads = 0;
  std::vector<double> stalls_ms;
  double stall_seconds = 0;
  int snapshots = 0;  // weight snapshots that reached the window while stalls were measured
  bool snapshot_requested = false, traversal_switched = false, analysis_complete = false;
};

std::string loadavg() {
  std::ifstream f("/proc/loadavg");
  std::string a;
  f >> a;
  return a.empty() ? std::string("null") : a;
}

double msSince(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

RunConfig benchConfig(const Options& o) {
  RunConfig c;
  c.model = o.model;
  c.dataset = o.dataset;
  c.data_dir = o.data_dir;
  c.device = "cpu";
  c.threads = o.threads;
  c.nodes = 5;
  c.node_dim = 16;
  c.batch = kBatch;
  // The run never ends inside the window (stopped after it); MNIST's window stays in epoch 1,
  // shorter epochs (the embedded strokes: 75 steps) put epoch ends into both modes' windows.
  c.epochs = o.dataset == "mnist" ? (o.warmup + o.steps) / kStepsPerEpoch + 2 : 1000;
  return c;
}

// Lives on the GUI thread; records how long each probe event waited in its queue.
class ProbeReceiver : public QObject {
 public:
  static QEvent::Type type() {
    static const auto t = static_cast<QEvent::Type>(QEvent::registerEventType());
    return t;
  }
  struct ProbeEvent : QEvent {
    explicit ProbeEvent(Clock::time_point t) : QEvent(ProbeReceiver::type()), posted(t) {}
    Clock::time_point posted;
  };
  bool event(QEvent* e) override {
    if (e->type() != type()) return QObject::event(e);
    if (measuring) latencies.push_back(msSince(static_cast<ProbeEvent*>(e)->posted));
    return true;
  }
  bool measuring = false;
  std::vector<double> latencies;
};

// Posts a ProbeEvent every `period_ms` from its own thread (QCoreApplication::postEvent is
// thread-safe); sleeping in between, it costs the trainer ~250 wake-ups/s at 4 ms.
class Prober {
 public:
  Prober(ProbeReceiver* receiver, int period_ms) {
    thread_ = std::thread([this, receiver, period_ms] {
      auto next = Clock::now();
      while (!stop_) {
        next += std::chrono::milliseconds(period_ms);
        std::this_thread::sleep_until(next);
        const auto now = Clock::now();
        if (now > next + std::chrono::milliseconds(period_ms)) next = now;  // no catch-up burst
        QCoreApplication::postEvent(receiver, new ProbeReceiver::ProbeEvent(now));
      }
    });
  }
  ~Prober() {
    stop_ = true;
    thread_.join();
  }

 private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

Result runGui(const Options& o) {
  Result r;
  r.window.warmup = o.warmup;
  r.window.steps = o.steps;
  QTemporaryDir tmp;
  MainWindow window;
  window.show();
  window.setup()->setConfig(benchConfig(o));
  TrainingController* training = window.training();

  // A loop of its own: QApplication::quit() closes the window first, and its close asks
  // "Training is running, stop?" in a modal dialog nobody answers.
  QEventLoop loop;
  ProbeReceiver receiver;
  std::unique_ptr<Prober> prober;  // --probe-ms 0: no probe, to see what probing costs
  if (o.probe_ms > 0) prober = std::make_unique<Prober>(&receiver, o.probe_ms);
  Clock::time_point stall_t0;
  // Connected after the window's own slot: runs once the window has taken the same contents.
  auto on_progress = [&](const MailboxContents& m) {
    const auto now = Clock::now();
    if (m.latest && m.latest->threads > 0) r.trainer_threads = m.latest->threads;
    if (m.snapshot && receiver.measuring) ++r.snapshots;
    for (const StepMetrics& s : m.steps) {
      if (!receiver.measuring && !r.window.done()) {
        receiver.measuring = true;  // loading is over: the first step metrics are in
        stall_t0 = now;
      }
      r.window.onStep(s.step, now);
    }
    if (r.window.done()) {
      if (!receiver.measuring) return;
      receiver.measuring = false;
      r.stall_seconds = std::chrono::duration<double>(now - stall_t0).count();
      r.analysis_complete = window.analysisComplete();
      QTimer::singleShot(0, &loop, &QEventLoop::quit);
      return;
    }
    if (!r.window.started() || m.steps.empty()) return;
    const int64_t into = m.steps.back().step - r.window.s0;
    if (!r.snapshot_requested && into >= o.steps / 3) {
      r.snapshot_requested = true;
      training->requestSnapshot();  // as at an epoch end: every analysis view re-decodes
    }
    if (!r.traversal_switched && into >= 2 * o.steps / 3) {
      r.traversal_switched = true;
      TraversalRequest t = window.traversal()->request();
      t.node = t.node == 2 ? 1 : 2;
      window.traversal()->setRequest(t);  // the node spin box emits traversalRequested
    }
  };
  QObject::connect(training, &TrainingController::progressed, &window, on_progress);
  QObject::connect(training, &TrainingController::ended, &window,
                   [&](TrainerState s, const QString& message) {
                     if (!r.window.done())
                       r.error = s == TrainerState::kFailed
                                     ? message.toStdString()
                                     : std::string("training ended before the window did");
                     QTimer::singleShot(0, &loop, &QEventLoop::quit);
                   });
  if (!window.startTraining(tmp.filePath(QStringLiteral("bench.h5")))) {
    r.error = "cannot start: " + window.lastError().toStdString();
    return r;
  }
  loop.exec();
  training->stopAndWait();  // the step in flight finishes and the file is saved: not measured
  r.stalls_ms = std::move(receiver.latencies);
  return r;
}

Result runHeadless(const Options& o) {
  Result r;
  r.window.warmup = o.warmup;
  r.window.steps = o.steps;
  QTemporaryDir tmp;
  RunConfig c = benchConfig(o);
  c.out_path = tmp.filePath(QStringLiteral("bench.h5")).toStdString();
  std::mutex mutex;
  std::condition_variable cv;
  bool finished = false;
  Trainer trainer(c);
  // Called on the training thread at the first post after a drain: draining right here times
  // each step metric at its post, with no thread woken (the CLI itself polls every 100 ms).
  trainer.mailbox().setNotifier([&] {
    const auto now = Clock::now();
    MailboxContents m = trainer.mailbox().drain();
    std::lock_guard<std::mutex> lock(mutex);
    if (finished) return;
    for (const StepMetrics& s : m.steps) r.window.onStep(s.step, now);
    if (m.latest && m.latest->threads > 0) r.trainer_threads = m.latest->threads;
    if (m.latest && m.latest->state == TrainerState::kFailed) r.error = m.latest->message;
    if (m.latest &&
        (m.latest->state == TrainerState::kFinished || m.latest->state == TrainerState::kStopped) &&
        !r.window.done())
      r.error = "training ended before the window did";
    if (r.window.done() || !r.error.empty()) {
      finished = true;
      cv.notify_one();
    }
  });
  trainer.start();
  {
    std::unique_lock<std::mutex> lock(mutex);
    cv.wait(lock, [&] { return finished; });
  }
  trainer.requestStop();
  trainer.wait();
  return r;
}

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto k = static_cast<size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return sorted[std::min(sorted.size(), std::max<size_t>(k, 1)) - 1];
}

std::string jsonString(const char* s) { return s ? "\"" + std::string(s) + "\"" : "null"; }

bool parse(int argc, char** argv, Options* o) {
  for (int k = 1; k < argc; k += 2) {
    const std::string a = argv[k];
    if (k + 1 >= argc) {
      std::fprintf(stderr, "bench_gui: %s needs a value\n", a.c_str());
      return false;
    }
    const std::string v = argv[k + 1];
    if (a == "--data")
      o->data_dir = v;
    else if (a == "--model")
      o->model = v;
    else if (a == "--dataset")
      o->dataset = v;
    else if (a == "--mode")
      o->mode = v;
    else if (a == "--steps")
      o->steps = std::stoll(v);
    else if (a == "--warmup")
      o->warmup = std::stoll(v);
    else if (a == "--threads")
      o->threads = std::stoi(v);
    else if (a == "--probe-ms")
      o->probe_ms = std::stoi(v);
    else {
      std::fprintf(stderr, "bench_gui: unknown option %s\n", a.c_str());
      return false;
    }
  }
  if (o->mode != "gui" && o->mode != "headless") {
    std::fprintf(stderr, "bench_gui: --mode is gui or headless\n");
    return false;
  }
  if (o->steps < 10 || o->warmup < 0 || o->threads < 1 || o->probe_ms < 0) {
    std::fprintf(stderr,
                 "bench_gui: --steps >= 10, --warmup >= 0, --threads >= 1, "
                 "--probe-ms >= 0\n");
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  bool gui = true;
  for (int k = 1; k + 1 < argc; ++k)
    if (std::string(argv[k]) == "--mode") gui = std::string(argv[k + 1]) != "headless";
  // Headless needs no display: a QCoreApplication only (for QTemporaryDir and the settings).
  // QApplication takes Qt's own options (-platform ...) out of argv.
  std::unique_ptr<QCoreApplication> app = gui ? std::make_unique<QApplication>(argc, argv)
                                              : std::make_unique<QCoreApplication>(argc, argv);
  // Own settings: the window's geometry and recent-runs list stay out of the user's.
  QApplication::setOrganizationName(QStringLiteral("GraphVAE Studio bench"));
  QApplication::setApplicationName(QStringLiteral("bench_gui"));
  Options o;
  try {
    if (!parse(argc, argv, &o)) return 2;
  } catch (const std::exception&) {
    std::fprintf(stderr, "bench_gui: option values must be numbers\n");
    return 2;
  }
  const std::string load_before = loadavg();
  const Result r = o.mode == "gui" ? runGui(o) : runHeadless(o);
  const std::string load_after = loadavg();
  if (!r.error.empty()) {
    std::fprintf(stderr, "bench_gui: %s\n", r.error.c_str());
    return 1;
  }
  const int64_t steps = r.window.s1 - r.window.s0;
  const double secs = r.window.seconds();
  const double samples_per_s = static_cast<double>(steps * kBatch) / std::max(1e-9, secs);
  std::printf(
      "{\"bench\":\"gui_training\",\"mode\":\"%s\",\"model\":\"%s\",\"dataset\":\"%s\","
      "\"nodes\":5,\"node_dim\":16,\"batch\":128,\"threads\":%d,\"trainer_threads\":%d,"
      "\"omp_wait_policy\":%s,\"omp_num_threads\":%s,\"qpa_platform\":%s,\"warmup_steps\":%lld,"
      "\"first_step\":%lld,\"steps\":%lld,\"seconds\":%.3f,\"samples_per_s\":%.1f",
      o.mode.c_str(), o.model.c_str(), o.dataset.c_str(), o.threads, r.trainer_threads,
      jsonString(std::getenv("OMP_WAIT_POLICY")).c_str(),
      jsonString(std::getenv("OMP_NUM_THREADS")).c_str(),
      jsonString(o.mode == "gui" ? qPrintable(QGuiApplication::platformName()) : nullptr).c_str(),
      (long long)o.warmup, (long long)r.window.s0, (long long)steps, secs, samples_per_s);
  if (o.mode == "gui") {
    std::vector<double> s = r.stalls_ms;
    std::sort(s.begin(), s.end());
    const auto over = [&s](double ms) {
      return static_cast<long long>(s.end() - std::upper_bound(s.begin(), s.end(), ms));
    };
    const double max = s.empty() ? 0 : s.back(), p95 = percentile(s, 0.95);
    std::printf(
        ",\"probe_ms\":%d,\"stall_samples\":%zu,\"stall_seconds\":%.2f,\"stall_max_ms\":%.2f,"
        "\"stall_p50_ms\":%.2f,\"stall_p95_ms\":%.2f,\"stall_p99_ms\":%.2f,"
        "\"stall_over_16ms\":%lld,\"stall_over_50ms\":%lld,\"stall_target_met\":%s,"
        "\"snapshots_while_measuring\":%d,\"traversal_switched\":%s,\"analysis_complete\":%s",
        o.probe_ms, s.size(), r.stall_seconds, max, percentile(s, 0.5), p95, percentile(s, 0.99),
        over(16), over(50), (max < 50 && p95 < 16) ? "true" : "false", r.snapshots,
        r.traversal_switched ? "true" : "false", r.analysis_complete ? "true" : "false");
  }
  std::printf(",\"nproc\":%u,\"loadavg_before\":%s,\"loadavg_after\":%s}\n",
              std::thread::hardware_concurrency(), load_before.c_str(), load_after.c_str());
  std::fflush(stdout);
  return 0;
}
