// bench_gemm: the matrix products of one training step of a model, timed alone with their
// operands hot in cache (the best the BLAS can do at batch B), as JSON: one line per linear
// layer (forward, gradient of the input, gradient of the weight) and a total. The gap to a
// training step's own GEMM time is the cost of operands coming from memory.
//   bench_gemm --model graph --batch 128 --threads 2
#include <ATen/Parallel.h>
#include <torch/types.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

#include "core/models/model_registry.h"
#include "core/training/run_config.h"
#include "core/training/session.h"

using namespace gvae;

int main(int argc, char** argv) {
  RunConfig c;
  c.model = "graph";
  for (int k = 1; k + 1 < argc; k += 2) {
    std::string a = argv[k], v = argv[k + 1];
    if (a == "--model")
      c.model = v;
    else if (a == "--batch")
      c.batch = std::stoll(v);
    else if (a == "--threads")
      c.threads = std::stoi(v);
    else if (a == "--nodes")
      c.nodes = std::stoll(v);
    else if (a == "--node-dim")
      c.node_dim = std::stoll(v);
    else {
      std::fprintf(stderr, "bench_gemm: unknown option %s\n", a.c_str());
      return 2;
    }
  }
  const int threads = configureThreads(c.threads);
  torch::NoGradGuard no_grad;
  auto model = makeModel(c, 784);
  const int64_t B = c.batch;
  auto best_us = [](auto fn) {
    double best = 1e30;
    for (int r = 0; r < 200; ++r) {
      auto t0 = std::chrono::steady_clock::now();
      fn();
      best = std::min(best,
                      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    return best * 1e6;
  };
  double total_us = 0, total_flop = 0;
  for (const auto& p : model->named_parameters()) {
    const auto& w = p.value();  // Linear weights [out, in]; grouped layers are left out
    if (p.key().find("weight") == std::string::npos || w.dim() != 2) continue;
    auto x = torch::randn({B, w.size(1)}), g = torch::randn({B, w.size(0)});
    auto b = torch::randn({w.size(0)});
    const double fwd = best_us([&] { torch::addmm(b, x, w.t()); });
    const double gx = best_us([&] { torch::mm(g, w); });
    const double gw = best_us([&] { torch::mm(g.t(), x); });
    const double flop = 2.0 * B * w.size(0) * w.size(1);  // per product
    std::printf(
        "{\"bench\":\"gemm\",\"layer\":\"%s\",\"in\":%lld,\"out\":%lld,\"batch\":%lld,"
        "\"threads\":%d,\"forward_us\":%.1f,\"grad_input_us\":%.1f,\"grad_weight_us\":%.1f,"
        "\"gflops\":%.1f}\n",
        p.key().c_str(), (long long)w.size(1), (long long)w.size(0), (long long)B, threads, fwd, gx,
        gw, 3 * flop / (fwd + gx + gw) / 1e3);
    total_us += fwd + gx + gw;
    total_flop += 3 * flop;
  }
  std::printf(
      "{\"bench\":\"gemm_total\",\"model\":\"%s\",\"threads\":%d,\"ms_per_step\":%.3f,"
      "\"gflops\":%.1f}\n",
      c.model.c_str(), threads, total_us / 1e3, total_flop / total_us / 1e3);
  return 0;
}
