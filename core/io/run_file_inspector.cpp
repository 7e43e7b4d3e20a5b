// The run-file inspector: posix_spawn, a pipe for its JSON, a wall-clock limit, and plain words
// for how it ended.
#include "core/io/run_file_inspector.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <nlohmann/json.hpp>
#include <vector>

extern char** environ;

namespace gvae {
namespace {

struct Inspector {
  std::mutex mutex;
  std::string executable;
  InspectorLimits limits;
};

Inspector& inspector() {
  static Inspector instance;
  return instance;
}

/// "SIGSEGV (Segmentation fault)".
std::string signalName(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  const char* text = strsignal(sig);
  return std::string(abbrev != nullptr ? "SIG" + std::string(abbrev)
                                       : "signal " + std::to_string(sig)) +
         (text != nullptr ? " (" + std::string(text) + ")" : "");
}

}  // namespace

void setRunFileInspector(const std::string& executable, InspectorLimits limits) {
  std::lock_guard<std::mutex> lock(inspector().mutex);
  inspector().executable = executable;
  inspector().limits = limits;
}

std::string runFileInspector() {
  std::lock_guard<std::mutex> lock(inspector().mutex);
  return inspector().executable;
}

Status inspectInChild(const std::string& path, std::string* sha256) {
  std::string exe;
  InspectorLimits limits;
  {
    std::lock_guard<std::mutex> lock(inspector().mutex);
    exe = inspector().executable;
    limits = inspector().limits;
  }
  auto fail = [&path](const std::string& problem) {
    return Status::Error("Cannot read run file '" + path + "': " + problem);
  };
  int64_t memory_mb = limits.memory_mb;
  if (memory_mb <= 0) {
    struct stat info {};
    const int64_t size = ::stat(path.c_str(), &info) == 0 ? info.st_size : 0;
    memory_mb = 1024 + 4 * (size >> 20);
  }
  const std::string seconds = std::to_string(static_cast<int64_t>(std::ceil(limits.seconds)));
  std::vector<std::string> args = {exe,      "inspect",         path,
                                   "--json", "--in-process",    "--max-seconds",
                                   seconds,  "--max-memory-mb", std::to_string(memory_mb)};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0)
    return fail(std::string("cannot start the file checker: ") + std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  const int spawned = posix_spawn(&pid, exe.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  if (spawned != 0) {
    ::close(out[0]);
    return fail("cannot start the file checker '" + exe + "': " + std::strerror(spawned));
  }

  // Collect its output until it closes the pipe or the time is up.
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::duration<double>(limits.seconds);
  std::string output;
  bool timed_out = false;
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{out[0], POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(left, 1000)));
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    char buffer[4096];
    const ssize_t n = ::read(out[0], buffer, sizeof buffer);
    if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) break;
    if (n > 0 && output.size() < (size_t{1} << 20)) output.append(buffer, static_cast<size_t>(n));
  }
  ::close(out[0]);
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    return fail("the file is damaged or too large: checking it took longer than " + seconds +
                " s (the checker was stopped)");
  }
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    if (sig == SIGXCPU)
      return fail("the file is damaged or too large: checking it ran out of time");
    if (sig == SIGKILL)
      return fail(
          "the file is damaged or too large: the checking process was killed (out of "
          "memory or time)");
    return fail("the file is damaged: the HDF5 library crashed on it in the checking process, " +
                signalName(sig) + "; nothing else was affected");
  }
  nlohmann::json reply = nlohmann::json::parse(output, nullptr, /*allow_exceptions=*/false);
  if (reply.is_object() && reply.value("ok", false) && WEXITSTATUS(status) == 0) {
    *sha256 = reply.value("sha256", std::string());
    return Status::Ok();
  }
  if (reply.is_object() && reply.contains("error") && reply["error"].is_string())
    return Status::Error(reply["error"].get<std::string>());
  if (WEXITSTATUS(status) == 127) return fail("cannot run the file checker '" + exe + "'");
  return fail("the file checker '" + exe + "' failed (exit status " +
              std::to_string(WEXITSTATUS(status)) + ") without saying why");
}

#ifndef GRAPHVAE_SANITIZER  // the memory limit cannot sit beside a sanitizer's shadow memory
namespace {

/// The data segment this process already has (VmData: heap, writable mappings of the
/// libraries, thread arenas), in bytes; 0 if unknown.
rlim_t dataInUse() {
  std::FILE* status = std::fopen("/proc/self/status", "r");
  if (status == nullptr) return 0;
  char line[256];
  unsigned long long kb = 0;
  while (std::fgets(line, sizeof line, status) != nullptr)
    if (std::sscanf(line, "VmData: %llu kB", &kb) == 1) break;
  std::fclose(status);
  return static_cast<rlim_t>(kb) << 10;
}

}  // namespace
#endif

void limitThisProcess(double seconds, int64_t memory_mb) {
#ifndef GRAPHVAE_SANITIZER
  if (memory_mb > 0) {  // on top of what the program itself takes (LibTorch: a few 100 MB)
    const rlim_t bytes = dataInUse() + (static_cast<rlim_t>(memory_mb) << 20);
    rlimit limit{bytes, bytes};
    ::setrlimit(RLIMIT_DATA, &limit);
  }
#else
  (void)memory_mb;
#endif
  if (seconds > 0) {
    const auto cpu = static_cast<rlim_t>(std::ceil(seconds));
    rlimit limit{cpu, cpu + 1};
    ::setrlimit(RLIMIT_CPU, &limit);
  }
}

}  // namespace gvae
