// bench_train: epoch time and samples/s of training on MNIST, sprites, pen strokes or a graph
// (--dataset sbm --model gae / vgae), and the mean time per step of each phase (forward,
// backward, gradient norm, update), as JSON.
// Not a test: run by hand (see README "Benchmarks"). Records the machine's load beside results.
//   bench_train --data ../shared/data/mnist --model graph --node-dim 16 --batch 128 --threads 2
//   bench_train --dataset omniglot-strokes --data ../shared/data/omniglot_strokes
//               --model recurrent-graph --nodes 5 --node-dim 1 --threads 2
#include <torch/types.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include "core/data/dataset.h"
#include "core/training/session.h"

using namespace gvae;

namespace {
std::string loadavg() {
  std::ifstream f("/proc/loadavg");
  std::string a, b, c;
  f >> a >> b >> c;
  return a;
}
// Multiply-adds of every linear map per example, forward pass (weights [out, in] or [G, in, out]).
double forwardFlopsPerExample(LatentModelImpl& m) {
  double flops = 0;
  for (const auto& p : m.named_parameters()) {
    const auto& t = p.value();
    if (p.key().find("weight") == std::string::npos || t.dim() < 2) continue;
    flops += 2.0 * static_cast<double>(t.numel());
  }
  return flops;
}
}  // namespace

int main(int argc, char** argv) {
  RunConfig c;
  c.dataset = "mnist";
  c.data_dir = "../shared/data/mnist";
  c.device = "cpu";
  int epochs = 1;
  for (int k = 1; k + 1 < argc; k += 2) {
    std::string a = argv[k], v = argv[k + 1];
    if (a == "--data")
      c.data_dir = v;
    else if (a == "--dataset")
      c.dataset = v;
    else if (a == "--model")
      c.model = v;
    else if (a == "--nodes")
      c.nodes = std::stoll(v);
    else if (a == "--node-dim")
      c.node_dim = std::stoll(v);
    else if (a == "--batch")
      c.batch = std::stoll(v);
    else if (a == "--threads")
      c.threads = std::stoi(v);
    else if (a == "--device")
      c.device = v;
    else if (a == "--max-steps")
      c.max_steps = std::stoll(v);
    else if (a == "--strokes-count")
      c.strokes_count = std::stoll(v);
    else if (a == "--epochs")
      epochs = std::stoi(v);
    else {
      std::fprintf(stderr, "bench_train: unknown option %s\n", a.c_str());
      return 2;
    }
  }
  const int threads = configureThreads(c.threads);
  const std::string load_before = loadavg();
  std::unique_ptr<TrainingSession> s;
  const auto c0 = std::chrono::steady_clock::now();
  Status st = TrainingSession::create(c, &s);
  // Loading the data and building the model: what the workbench shows as "Loading…".
  const double create_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - c0).count();
  if (!st) {
    std::fprintf(stderr, "bench_train: %s\n", st.message.c_str());
    return 1;
  }
  auto x_all = binarizeTrain(s->data().train.images, c);
  const double fwd = forwardFlopsPerExample(s->model());
  for (int e = 1; e <= epochs; ++e) {
    torch::manual_seed(e);
    auto batches = trainingBatches(s->data(), x_all, c.batch, s->device());
    auto t0 = std::chrono::steady_clock::now();
    int64_t skipped = 0;
    double phase[4] = {0, 0, 0, 0};  // forward, backward, norm, update: seconds in the epoch
    for (const auto& batch : batches) {
      StepOutcome o = s->step(batchInputs(x_all, batch), e - 1.0, c.tau, batch.index);
      skipped += o.skipped;
      phase[0] += o.forward_s;
      phase[1] += o.backward_s;
      phase[2] += o.norm_s;
      phase[3] += o.update_s;
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double per_step_ms = 1e3 / static_cast<double>(batches.size());
    double samples = static_cast<double>(batches.size() * c.batch);
    // Training ~ 3x the forward multiply-adds (forward, grad wrt inputs, grad wrt weights).
    double gflops = 3.0 * fwd * samples / secs / 1e9;
    const auto v0 = std::chrono::steady_clock::now();
    SplitMetrics v = s->evaluate(s->data().valid, s->config().tau);
    const double valid_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - v0).count();
    std::printf(
        "{\"bench\":\"train_epoch\",\"model\":\"%s\",\"dataset\":\"%s\",\"nodes\":%lld,"
        "\"node_dim\":%lld,\"batch\":%lld,\"device\":\"%s\",\"threads\":%d,\"epoch\":%d,"
        "\"create_seconds\":%.3f,\"epoch_seconds\":%.3f,\"valid_seconds\":%.3f,"
        "\"samples_per_s\":%.1f,\"train_gflops\":%.2f,"
        "\"fraction_of_peak\":%.3f,\"peak_gflops_assumed\":%.0f,\"valid_elbo\":%.3f,"
        "\"skipped\":%lld,\"step_ms\":{\"forward\":%.3f,\"backward\":%.3f,\"norm\":%.3f,"
        "\"update\":%.3f,\"all\":%.3f},\"loadavg_before\":%s,\"loadavg_after\":%s}\n",
        c.model.c_str(), c.dataset.c_str(), (long long)c.nodes, (long long)c.node_dim,
        (long long)c.batch, s->device().str().c_str(), threads, e, create_s, secs, valid_s,
        samples / secs, gflops, gflops / (85.0 * threads), 85.0 * threads, v.elbo,
        (long long)skipped, phase[0] * per_step_ms, phase[1] * per_step_ms, phase[2] * per_step_ms,
        phase[3] * per_step_ms, secs * per_step_ms, load_before.c_str(), loadavg().c_str());
    std::fflush(stdout);
  }
  return 0;
}
