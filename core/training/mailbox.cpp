// Mailbox: append / replace under a short lock, one notification per drain cycle.
#include "core/training/mailbox.h"

namespace gvae {

void Mailbox::setNotifier(std::function<void()> notify) {
  std::lock_guard<std::mutex> lock(mutex_);
  notify_ = std::move(notify);
}

template <typename F>
void Mailbox::append(F&& f) {
  std::function<void()> notify;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    f(contents_);
    if (!notified_) {
      notified_ = true;
      notify = notify_;
    }
  }
  posted_.notify_all();
  if (notify) notify();
}

void Mailbox::post(const StepMetrics& m) {
  append([&](MailboxContents& c) { c.steps.push_back(m); });
}
void Mailbox::post(const EpochMetrics& m) {
  append([&](MailboxContents& c) { c.epochs.push_back(m); });
}
void Mailbox::post(const TrainingEvent& e) {
  append([&](MailboxContents& c) { c.events.push_back(e); });
}
void Mailbox::post(const LiveStatus& s) {
  append([&](MailboxContents& c) { c.latest = s; });
}
void Mailbox::post(std::shared_ptr<const ModelSnapshot> s) {
  append([&](MailboxContents& c) { c.snapshot = std::move(s); });
}

MailboxContents Mailbox::drain() {
  std::lock_guard<std::mutex> lock(mutex_);
  MailboxContents out = std::move(contents_);
  contents_ = {};
  notified_ = false;
  return out;
}

MailboxContents Mailbox::waitAndDrain(std::chrono::milliseconds max_wait) {
  std::unique_lock<std::mutex> lock(mutex_);
  posted_.wait_for(lock, max_wait, [this] { return !contents_.empty(); });
  MailboxContents out = std::move(contents_);
  contents_ = {};
  notified_ = false;
  return out;
}

}  // namespace gvae
