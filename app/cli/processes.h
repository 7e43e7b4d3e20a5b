// Child processes of the CLI (launch's ranks, a sweep's jobs): spawned with extra environment
// variables, waited for together, ended on request. POSIX only.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace gvae::cli {

/// How a child ended: its exit status, or the signal that killed it.
struct ChildExit {
  int code = 0;    // exit status when signal == 0
  int signal = 0;  // the killing signal, or 0
  bool ok() const { return signal == 0 && code == 0; }
  /// The status a shell would give: the code, or 128 + signal.
  int shellStatus() const { return signal ? 128 + signal : code; }
  /// "exited with status 1" / "was killed by signal 9 (Killed)".
  std::string describe() const;
};

/// Starts `program` with `args` (argv[1..]) and the current environment with `env` replacing
/// or adding variables; stdout and stderr are inherited, or appended to `log` when given.
/// Returns the pid, or -1 with `error`.
pid_t spawnChild(const std::string& program, const std::vector<std::string>& args,
                 const std::map<std::string, std::string>& env, std::string* error,
                 const std::string& log = {});

/// Waits up to `timeout` for any of `pids` to end (polling, so a signal flag stays honoured);
/// returns the pid that ended with `how`, or -1 at the timeout.
pid_t waitAny(const std::vector<pid_t>& pids, std::chrono::milliseconds timeout, ChildExit* how);

/// A free TCP port on the loopback interface (bound, read and released), or 0.
int freeLoopbackPort();

}  // namespace gvae::cli
