// MapTrimmer: keeps the store pages a crawl reads through LMDB's map from
// piling up in its resident memory (see Store::ReleaseMappedPages).
//
// Releasing after every transaction would cost a minor fault for every
// B-tree page the next one reads; so the trimmer watches the process's
// resident file-backed memory (/proc/self/statm, one small read) and
// releases the map's pages only when it grew by more than `budget` bytes
// since the last release.  The run's resident memory then stays within
// about `budget` of what it was at the start, whatever the store's size.
//
// A single write transaction can read far more than the budget (a search
// index merge touches the last chunk of every term of a batch, and each
// read fault maps a whole page-cache folio, up to 2 MiB), so checking
// between transactions is not enough: Watch() checks from a thread of its
// own every `interval`, inside transactions too.  That is safe because
// LMDB (without MDB_WRITEMAP, as the store opens it) maps data.mdb
// read-only and keeps a write transaction's dirty pages in its own memory:
// releasing the map only drops page-table entries of clean page-cache
// pages, which the next read maps again; and Store::ReleaseMappedPages
// holds off a map resize while it runs.
//
//   MapTrimmer trimmer(store);
//   trimmer.Watch(std::chrono::milliseconds(1));   // or, after each
//   NEWSCRAWL_RETURN_IF_ERROR(trimmer.Check());     // transaction
//
// Thread safety: Check() and Release() may be called from any thread,
// also while the watcher runs.  Watch() and the destructor from the owner.
#ifndef NEWSCRAWL_CRAWLER_MAP_TRIMMER_H_
#define NEWSCRAWL_CRAWLER_MAP_TRIMMER_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "config/status.h"

namespace newscrawl {

class Store;

class MapTrimmer {
 public:
  static constexpr std::uint64_t kDefaultBudget = std::uint64_t{16} << 20;

  explicit MapTrimmer(Store* store, std::uint64_t budget = kDefaultBudget);
  ~MapTrimmer();  // stops the watcher
  MapTrimmer(const MapTrimmer&) = delete;
  MapTrimmer& operator=(const MapTrimmer&) = delete;

  // Releases the map's pages if the resident file-backed memory grew by
  // more than the budget since the last release (or since construction).
  Status Check();
  // Check() from inside a write transaction of the store, by the thread
  // that runs it (Store::SetWriteCheck): the writer bounds what its own
  // transaction maps, which the watcher alone cannot when it does not get
  // a core in time.
  Status CheckInWrite();
  // Releases them now.
  Status Release();

  // Starts a thread that calls Check() every `interval` until the trimmer
  // is destroyed.  A failed release is logged once (only memory is at
  // stake) and ends the watching.  No-op if already watching.
  void Watch(std::chrono::microseconds interval);
  // True while the watcher runs (false after a failed release).
  bool watching() const;

  std::int64_t releases() const;

  // The calling process's resident file-backed (and shared) memory in
  // bytes, from /proc/self/statm; 0 if it cannot be read.
  static std::uint64_t ResidentSharedBytes();

 private:
  void WatchLoop(std::chrono::microseconds interval);
  Status CheckWith(bool in_write);
  Status ReleaseLocked(bool in_write);

  Store* store_;
  const std::uint64_t budget_;
  mutable std::mutex mu_;  // guards the fields below
  std::uint64_t baseline_;
  std::int64_t releases_ = 0;
  bool stop_ = false;
  bool watching_ = false;
  std::condition_variable stop_cv_;
  std::thread watcher_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWLER_MAP_TRIMMER_H_
