// SiteCounters: per-site totals kept in the `meta` database under
// "site:<name>" and updated in every write transaction, so that
// Store::Stats() needs no scan of pages or articles.
// Encoding: u8 format=1, then five svarints in field order.
#ifndef NEWSCRAWL_STORE_SITE_COUNTERS_H_
#define NEWSCRAWL_STORE_SITE_COUNTERS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "config/result.h"

namespace newscrawl {

struct SiteCounters {
  std::int64_t pages = 0;
  std::int64_t raw_bytes = 0;     // page bodies, uncompressed
  std::int64_t stored_bytes = 0;  // page records as stored
  std::int64_t articles = 0;      // indexed articles, duplicates included
  std::int64_t duplicates = 0;    // near duplicates

  void Add(const SiteCounters& d) {
    pages += d.pages;
    raw_bytes += d.raw_bytes;
    stored_bytes += d.stored_bytes;
    articles += d.articles;
    duplicates += d.duplicates;
  }
};

inline constexpr std::string_view kSiteCountersPrefix = "site:";

void EncodeSiteCounters(const SiteCounters& counters, std::string* out);
Result<SiteCounters> DecodeSiteCounters(std::string_view value);

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_SITE_COUNTERS_H_
