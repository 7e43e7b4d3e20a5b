// DataParallel: c10d's TCPStore rendezvous and Gloo process group for data-parallel training.
#include "core/training/data_parallel.h"

#include <chrono>
#include <cstdlib>
#include <map>
#include <thread>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

namespace gvae {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kBeat = std::chrono::milliseconds(500);

std::string aliveKey(int rank) { return "graphvae/alive/" + std::to_string(rank); }

// The first line of an exception's text, without LibTorch's backtrace.
std::string firstLine(const std::exception& e) {
  const auto* c10 = dynamic_cast<const c10::Error*>(&e);
  std::string text = c10 ? c10->what_without_backtrace() : e.what();
  const size_t nl = text.find('\n');
  return nl == std::string::npos ? text : text.substr(0, nl);
}

// `member`: one of the group's own connections, counted at the rendezvous (the server waits
// for all of them); the heartbeat's extra connections are not.
c10::intrusive_ptr<c10d::TCPStore> openStore(const DistributedSetup& s, bool member,
                                             std::chrono::milliseconds timeout) {
  c10d::TCPStoreOptions o;
  o.port = static_cast<uint16_t>(s.master_port);
  o.isServer = member && s.rank == 0;
  if (member) o.numWorkers = static_cast<size_t>(s.world);
  o.waitWorkers = member;
  o.timeout = timeout;
  return c10::make_intrusive<c10d::TCPStore>(s.master_addr, o);
}

bool isLoopback(const std::string& addr) {
  return addr == "localhost" || addr.rfind("127.", 0) == 0 || addr == "::1";
}

}  // namespace

DataParallel::DataParallel(const DistributedSetup& setup) : setup_(setup) {}

DataParallel::~DataParallel() {
  stopping_ = true;
  if (beat_.joinable()) beat_.join();
}

Status DataParallel::connect(const DistributedSetup& setup, std::unique_ptr<DataParallel>* out) {
  std::unique_ptr<DataParallel> dp(new DataParallel(setup));
  const auto timeout = std::chrono::milliseconds(static_cast<int64_t>(setup.timeout_s * 1000));
  const std::string where = setup.master_addr + ":" + std::to_string(setup.master_port);
  try {
    auto store = openStore(setup, true, timeout);
    auto options = c10d::ProcessGroupGloo::Options::create(timeout);
    if (const char* ifname = std::getenv("GLOO_SOCKET_IFNAME"))
      options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(ifname));
    else if (isLoopback(setup.master_addr))
      options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
    else
      options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
    auto group =
        c10::make_intrusive<c10d::ProcessGroupGloo>(store, setup.rank, setup.world, options);
    dp->store_ = store.get();
    dp->group_ = group.get();
    struct Keep {
      c10::intrusive_ptr<c10d::TCPStore> store;
      c10::intrusive_ptr<c10d::ProcessGroupGloo> group;
    };
    dp->keep_ = std::make_shared<Keep>(Keep{store, group});
  } catch (const std::exception& e) {
    return Status::Error("data-parallel training: " + setup.describe() +
                         " could not join the group at " + where + " within " +
                         std::to_string(static_cast<int>(setup.timeout_s)) + " s: " + firstLine(e));
  }
  dp->beat_ = std::thread([p = dp.get()] { p->heartbeat(); });
  *out = std::move(dp);
  return Status::Ok();
}

void DataParallel::heartbeat() {
  // Its own connection to the store: the training thread's may be blocked in a collective.
  c10::intrusive_ptr<c10d::TCPStore> store;
  try {
    store = openStore(setup_, false, std::chrono::seconds(5));
  } catch (const std::exception&) {
    return;  // the rendezvous is gone; the collectives will say so
  }
  for (int64_t beat = 0; !stopping_; ++beat) {
    try {
      const std::string v = std::to_string(beat);
      store->set(aliveKey(setup_.rank), std::vector<uint8_t>(v.begin(), v.end()));
    } catch (const std::exception&) {
      return;
    }
    for (auto t = Clock::now(); !stopping_ && Clock::now() - t < kBeat;)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

std::string DataParallel::silentRanks() {
  c10::intrusive_ptr<c10d::TCPStore> store;
  try {
    store = openStore(setup_, false, std::chrono::seconds(3));
  } catch (const std::exception&) {
    return setup_.rank == 0 ? "" : "rank 0 (it served the rendezvous, which is gone)";
  }
  auto read = [&] {
    std::map<int, std::vector<uint8_t>> beats;
    for (int r = 0; r < setup_.world; ++r) {
      if (r == setup_.rank) continue;
      try {
        if (store->check({aliveKey(r)})) beats[r] = store->get(aliveKey(r));
      } catch (const std::exception&) {
      }
    }
    return beats;
  };
  auto before = read();
  std::this_thread::sleep_for(6 * kBeat);
  auto after = read();
  std::string who;
  int count = 0;
  for (int r = 0; r < setup_.world; ++r) {
    if (r == setup_.rank) continue;
    auto b = before.find(r), a = after.find(r);
    if (a != after.end() && b != before.end() && a->second != b->second) continue;  // alive
    who += (who.empty() ? "" : ", ") + std::to_string(r);
    ++count;
  }
  if (count == 0) return "";
  return (count == 1 ? "rank " : "ranks ") + who;
}

Status DataParallel::run(const char* what, const std::function<void()>& collective) {
  try {
    collective();
    return Status::Ok();
  } catch (const std::exception& e) {
    const std::string cause = firstLine(e);
    const std::string who = silentRanks();
    return Status::Error(
        "data-parallel training: " +
        (who.empty() ? std::string("a peer rank") : who + " (no heartbeat for 3 s)") +
        " stopped answering during the " + what + "; this is " + setup_.describe() +
        ", ending too (" + cause + ")");
  }
}

Status DataParallel::averageGradients(const std::vector<torch::Tensor>& grads,
                                      torch::Tensor* extra) {
  const auto t0 = Clock::now();
  // Buckets: consecutive gradients up to kBucketFloats (one gradient larger than that is a
  // bucket alone); the extras ride in the last one.
  std::vector<std::vector<size_t>> members(1);
  int64_t filled = 0;
  for (size_t k = 0; k < grads.size(); ++k) {
    const int64_t n = grads[k].numel();
    if (filled > 0 && filled + n > kBucketFloats) {
      members.emplace_back();
      filled = 0;
    }
    members.back().push_back(k);
    filled += n;
  }
  std::vector<torch::Tensor> flats;
  int64_t bytes = 0;
  for (size_t b = 0; b < members.size(); ++b) {
    std::vector<torch::Tensor> parts;
    for (size_t k : members[b]) parts.push_back(grads[k].reshape({-1}));
    if (b + 1 == members.size() && extra)
      parts.push_back(extra->to(grads.empty() ? extra->options() : grads[0].options()));
    flats.push_back(parts.empty() ? torch::zeros({0}) : torch::cat(parts));
    bytes += flats.back().numel() * static_cast<int64_t>(flats.back().element_size());
  }
  Status st = run("gradient all-reduce", [&] {
    // The work handle's type moved between LibTorch 1.13 (ProcessGroup::Work) and 2.x (Work).
    std::vector<at::Tensor> probe;
    std::vector<decltype(group_->allreduce(probe))> works;
    std::vector<std::vector<at::Tensor>> inputs;
    inputs.reserve(flats.size());
    for (auto& f : flats) {
      inputs.push_back({f});
      works.push_back(group_->allreduce(inputs.back()));
    }
    for (auto& w : works) w->wait();
  });
  if (!st) return st;
  const double scale = 1.0 / setup_.world;
  for (size_t b = 0; b < members.size(); ++b) {
    int64_t at = 0;
    for (size_t k : members[b]) {
      const int64_t n = grads[k].numel();
      grads[k].copy_(flats[b].narrow(0, at, n).view_as(grads[k]).mul(scale));
      at += n;
    }
    if (b + 1 == members.size() && extra)
      extra->copy_(flats[b].narrow(0, at, extra->numel()).to(extra->options()));
  }
  last_bytes_ = bytes;
  last_seconds_ = std::chrono::duration<double>(Clock::now() - t0).count();
  return Status::Ok();
}

Status DataParallel::broadcast(const std::vector<torch::Tensor>& tensors) {
  return run("broadcast of rank 0's state", [&] {
    for (const auto& t : tensors) {
      // Gloo broadcasts contiguous tensors; copy back where a view is not.
      auto c = t.contiguous();
      std::vector<at::Tensor> one{c};
      group_->broadcast(one)->wait();
      if (!c.is_same(t)) t.copy_(c);
    }
  });
}

Status DataParallel::sum(const torch::Tensor& t) {
  return run("sum of the batch-norm statistics", [&] {
    std::vector<at::Tensor> one{t};
    group_->allreduce(one)->wait();
  });
}

}  // namespace gvae
