// CoreShare: one flock-held file per running training.
#include "core/training/core_share.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>

namespace gvae {
namespace {

std::string defaultDir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string base = tmp && *tmp ? tmp : "/tmp";
  return base + "/graphvae-" + std::to_string(::getuid());
}

}  // namespace

CoreShare::CoreShare(std::string dir) : dir_(dir.empty() ? defaultDir() : std::move(dir)) {
  ::mkdir(dir_.c_str(), 0700);  // private: only this user's trainings
  dir_ += "/trainers";
  ::mkdir(dir_.c_str(), 0700);
  static std::atomic<int> counter{0};
  file_ = dir_ + "/" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  fd_ = ::open(file_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ >= 0 && ::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

CoreShare::~CoreShare() {
  if (fd_ < 0) return;
  ::unlink(file_.c_str());
  ::close(fd_);  // releases the lock
}

int CoreShare::activeTrainings() const {
  if (fd_ < 0) return 1;
  int alive = 0;
  DIR* d = ::opendir(dir_.c_str());
  if (!d) return 1;
  while (const dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    const std::string path = dir_ + "/" + name;
    if (path == file_) {
      ++alive;
      continue;
    }
    const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) continue;
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
      ::unlink(path.c_str());  // its training died without removing it
    } else if (errno == EWOULDBLOCK) {
      ++alive;  // held: a training is running
    }
    ::close(fd);
  }
  ::closedir(d);
  return std::max(1, alive);
}

int sharedThreads(int requested, int cores, int trainings) {
  if (requested > 0) return requested;
  return std::max(1, std::max(1, cores) / std::max(1, trainings));
}

}  // namespace gvae
