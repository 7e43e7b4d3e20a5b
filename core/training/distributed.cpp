// Distributed setup from torchrun's or Slurm's environment variables.
#include "core/training/distributed.h"

#include <cerrno>
#include <cstdlib>
#include <string>

namespace gvae {
namespace {

// A whole non-negative decimal number, or -1.
long parseCount(const char* text) {
  if (!text || !*text) return -1;
  char* end = nullptr;
  errno = 0;
  const long v = std::strtol(text, &end, 10);
  return (*end || errno || v < 0) ? -1 : v;
}

}  // namespace

std::string DistributedSetup::describe() const {
  return "rank " + std::to_string(rank) + " of " + std::to_string(world) + " (" +
         (source.empty() ? "local" : source) + ", rendezvous " + master_addr + ":" +
         std::to_string(master_port) + ")";
}

std::string firstSlurmHost(const std::string& nodelist) {
  // The first entry ends at a comma outside brackets; a bracket expands to its first number.
  std::string out;
  bool in_bracket = false;
  for (size_t k = 0; k < nodelist.size(); ++k) {
    const char c = nodelist[k];
    if (c == '[') {
      in_bracket = true;
      size_t end = nodelist.find_first_of(",-]", k + 1);
      out += nodelist.substr(k + 1, end == std::string::npos ? std::string::npos : end - k - 1);
      continue;
    }
    if (in_bracket) {
      if (c == ']') in_bracket = false;
      continue;
    }
    if (c == ',') break;
    out += c;
  }
  return out;
}

Status distributedFromEnvironment(DistributedSetup* out,
                                  const std::function<const char*(const char*)>& getenv_fn) {
  auto env = [&](const char* name) -> const char* {
    return getenv_fn ? getenv_fn(name) : std::getenv(name);
  };
  DistributedSetup s;
  auto number = [&](const char* name, long* v) {
    *v = parseCount(env(name));
    if (*v < 0)
      return Status::Error(std::string("distributed training: ") + name + "='" +
                           (env(name) ? env(name) : "") + "' is not a non-negative number");
    return Status::Ok();
  };
  long rank = 0, world = 1, local = 0;
  Status st;
  if (env("WORLD_SIZE")) {
    s.source = "torchrun";
    if (!(st = number("WORLD_SIZE", &world))) return st;
    if (world > 1) {
      if (!(st = number("RANK", &rank))) return st;
      if (env("LOCAL_RANK") && !(st = number("LOCAL_RANK", &local))) return st;
      if (!env("MASTER_ADDR") || !env("MASTER_PORT"))
        return Status::Error(
            "distributed training: WORLD_SIZE > 1 needs MASTER_ADDR and MASTER_PORT (the "
            "rendezvous of rank 0), as torchrun or `graphvae launch` set them");
    }
  } else if (env("SLURM_NTASKS") && env("SLURM_PROCID")) {
    s.source = "slurm";
    if (!(st = number("SLURM_NTASKS", &world))) return st;
    if (!(st = number("SLURM_PROCID", &rank))) return st;
    if (env("SLURM_LOCALID") && !(st = number("SLURM_LOCALID", &local))) return st;
    if (world > 1 && !env("MASTER_ADDR")) {
      const char* nodes =
          env("SLURM_JOB_NODELIST") ? env("SLURM_JOB_NODELIST") : env("SLURM_NODELIST");
      if (!nodes)
        return Status::Error(
            "distributed training: Slurm gives SLURM_NTASKS > 1 but no SLURM_JOB_NODELIST to "
            "find rank 0's host (set MASTER_ADDR)");
      s.master_addr = firstSlurmHost(nodes);
    }
  }
  if (world <= 1) {
    *out = DistributedSetup{};
    return Status::Ok();
  }
  if (rank >= world)
    return Status::Error("distributed training: rank " + std::to_string(rank) +
                         " is not below the world size " + std::to_string(world));
  if (env("MASTER_ADDR") && *env("MASTER_ADDR")) s.master_addr = env("MASTER_ADDR");
  if (env("MASTER_PORT")) {
    long port = -1;
    if (!(st = number("MASTER_PORT", &port))) return st;
    if (port < 1 || port > 65535)
      return Status::Error("distributed training: MASTER_PORT=" + std::to_string(port) +
                           " is not a port (1-65535)");
    s.master_port = static_cast<int>(port);
  }
  if (const char* t = env("GRAPHVAE_DIST_TIMEOUT")) {
    char* end = nullptr;
    const double v = std::strtod(t, &end);
    if (*end || !(v > 0))
      return Status::Error(std::string("distributed training: GRAPHVAE_DIST_TIMEOUT='") + t +
                           "' is not a positive number of seconds");
    s.timeout_s = v;
  }
  if (const char* b = env("GRAPHVAE_SYNC_BATCH_NORM")) {
    if (std::string(b) != "0" && std::string(b) != "1")
      return Status::Error(std::string("distributed training: GRAPHVAE_SYNC_BATCH_NORM='") + b +
                           "' is not 0 or 1");
    s.sync_batch_norm = std::string(b) == "1";
  }
  s.rank = static_cast<int>(rank);
  s.world = static_cast<int>(world);
  s.local_rank = static_cast<int>(local);
  *out = s;
  return Status::Ok();
}

}  // namespace gvae
