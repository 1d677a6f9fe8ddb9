// StoreLock: the one-writer lock of a store, an flock(LOCK_EX|LOCK_NB) on
// DIR/newscrawl.lock that holds the writer's pid.  Released when the
// object dies (or the process does: the kernel drops flocks of dead
// processes, so a killed crawl never leaves a stale lock).
#ifndef NEWSCRAWL_STORE_STORE_LOCK_H_
#define NEWSCRAWL_STORE_STORE_LOCK_H_

#include <string>

#include "config/result.h"

namespace newscrawl {

class StoreLock {
 public:
  // Busy("store DIR is being written by pid N") if another process (or
  // another StoreLock of this process) holds it.
  static Result<StoreLock> Acquire(const std::string& dir);

  StoreLock() = default;
  ~StoreLock();
  StoreLock(StoreLock&& other) noexcept;
  StoreLock& operator=(StoreLock&& other) noexcept;
  StoreLock(const StoreLock&) = delete;
  StoreLock& operator=(const StoreLock&) = delete;

  bool held() const { return fd_ >= 0; }

 private:
  explicit StoreLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_STORE_LOCK_H_
