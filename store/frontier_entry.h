// FrontierEntry: one URL waiting in the crawl frontier (store/frontier.h).
#ifndef NEWSCRAWL_STORE_FRONTIER_ENTRY_H_
#define NEWSCRAWL_STORE_FRONTIER_ENTRY_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "store/store_records.h"

namespace newscrawl {

// Lower is fetched first within a host.  Stored as one byte.
enum class FrontierPriority : std::uint8_t {
  kRobots = 0,
  kFeed = 1,
  kSitemap = 2,
  kListing = 3,
  kNewArticle = 4,
  kRevisit = 5,
  kOther = 6,
};

// The usual priority of a URL of `kind`; `revisit` = it was fetched before.
FrontierPriority DefaultPriority(UrlKind kind, bool revisit);

// The longest URL the frontier queues (its LMDB keys are limited to 511
// bytes, and the revisit index prefixes URLs with 8 bytes of time).
inline constexpr std::size_t kMaxFrontierUrlBytes = 500;

struct FrontierEntry {
  std::string url;   // canonical
  std::string host;  // queue it belongs to (lower-case host[:port])
  std::string site;  // config site name
  FrontierPriority priority = FrontierPriority::kOther;
  UrlKind kind = UrlKind::kOther;
  std::int32_t depth = 0;         // link hops from a seed
  std::int64_t not_before = 0;    // Unix seconds; 0 = now
  std::uint64_t seq = 0;          // FIFO order, assigned by Push

  bool operator==(const FrontierEntry&) const = default;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_FRONTIER_ENTRY_H_
