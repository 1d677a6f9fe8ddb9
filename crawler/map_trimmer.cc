#include "crawler/map_trimmer.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdlib>

#include "store/store.h"

namespace newscrawl {

MapTrimmer::MapTrimmer(Store* store, std::uint64_t budget)
    : store_(store), budget_(budget), baseline_(ResidentSharedBytes()) {}

MapTrimmer::~MapTrimmer() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  stop_cv_.notify_all();
  if (watcher_.joinable()) watcher_.join();
}

std::uint64_t MapTrimmer::ResidentSharedBytes() {
  // open/read/close on a stack buffer: the watcher calls this every
  // millisecond, so no stdio (and no allocation).
  const int fd = ::open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  char buf[128];
  const ssize_t n = ::read(fd, buf, sizeof buf - 1);
  ::close(fd);
  if (n <= 0) return 0;
  buf[n] = '\0';
  // "size resident shared text lib data dt", in pages.
  char* p = buf;
  for (int field = 0; field < 2; ++field) {
    std::strtoull(p, &p, 10);
    if (*p != ' ') return 0;
  }
  char* end = nullptr;
  const unsigned long long shared = std::strtoull(p, &end, 10);
  if (end == p) return 0;
  static const long page = ::sysconf(_SC_PAGESIZE);
  return shared * static_cast<std::uint64_t>(page > 0 ? page : 4096);
}

Status MapTrimmer::Check() { return CheckWith(false); }

Status MapTrimmer::CheckInWrite() { return CheckWith(true); }

Status MapTrimmer::CheckWith(bool in_write) {
  const std::uint64_t now = ResidentSharedBytes();
  std::lock_guard lock(mu_);
  if (now == 0 || now < baseline_ + budget_) {
    if (now < baseline_) baseline_ = now;  // the kernel reclaimed some
    return Status::Ok();
  }
  return ReleaseLocked(in_write);
}

Status MapTrimmer::Release() {
  std::lock_guard lock(mu_);
  return ReleaseLocked(false);
}

Status MapTrimmer::ReleaseLocked(bool in_write) {
  NEWSCRAWL_RETURN_IF_ERROR(in_write ? store_->ReleaseMappedPagesInTxn()
                                     : store_->ReleaseMappedPages());
  ++releases_;
  baseline_ = ResidentSharedBytes();
  return Status::Ok();
}

std::int64_t MapTrimmer::releases() const {
  std::lock_guard lock(mu_);
  return releases_;
}

bool MapTrimmer::watching() const {
  std::lock_guard lock(mu_);
  return watching_;
}

void MapTrimmer::Watch(std::chrono::microseconds interval) {
  std::lock_guard lock(mu_);
  if (watching_ || watcher_.joinable() || stop_) return;
  watching_ = true;
  watcher_ = std::thread([this, interval] { WatchLoop(interval); });
}

void MapTrimmer::WatchLoop(std::chrono::microseconds interval) {
  std::unique_lock lock(mu_);
  while (!stop_cv_.wait_for(lock, interval, [this] { return stop_; })) {
    lock.unlock();
    const Status s = Check();
    lock.lock();
    if (!s.ok()) {
      spdlog::warn("store memory is no longer trimmed: {}", s.ToString());
      break;
    }
  }
  watching_ = false;
}

}  // namespace newscrawl
