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
//   MapTrimmer trimmer(store);
//   ... after each write transaction:
//   NEWSCRAWL_RETURN_IF_ERROR(trimmer.Check());
//
// Thread safety: one thread (the crawl's coordinator).
#ifndef NEWSCRAWL_CRAWLER_MAP_TRIMMER_H_
#define NEWSCRAWL_CRAWLER_MAP_TRIMMER_H_

#include <cstdint>

#include "config/status.h"

namespace newscrawl {

class Store;

class MapTrimmer {
 public:
  static constexpr std::uint64_t kDefaultBudget = std::uint64_t{16} << 20;

  explicit MapTrimmer(Store* store, std::uint64_t budget = kDefaultBudget);

  // Releases the map's pages if the resident file-backed memory grew by
  // more than the budget since the last release (or since construction).
  Status Check();
  // Releases them now.
  Status Release();

  std::int64_t releases() const { return releases_; }

  // The calling process's resident file-backed (and shared) memory in
  // bytes, from /proc/self/statm; 0 if it cannot be read.
  static std::uint64_t ResidentSharedBytes();

 private:
  Store* store_;
  std::uint64_t budget_;
  std::uint64_t baseline_;
  std::int64_t releases_ = 0;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWLER_MAP_TRIMMER_H_
