// ParseFeed: the items of an RSS 2.0 (and 0.9x), Atom 1.0 or RSS 1.0
// (RDF) feed, for discovery.  Built on ReadXml (crawler/xml_reader.h), so
// it inherits its hardening: no DTDs or entity declarations, bounded size
// and depth.  A gzipped body is inflated first (bounded, crawler/gzip.h).
// Links are returned as written; the caller resolves them against the
// feed URL.
#ifndef NEWSCRAWL_CRAWLER_FEED_PARSER_H_
#define NEWSCRAWL_CRAWLER_FEED_PARSER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/result.h"
#include "crawler/xml_reader.h"

namespace newscrawl {

enum class FeedFormat { kRss2, kAtom, kRss1 };

struct FeedItem {
  std::string link;   // the article URL as written (may be relative)
  std::string title;  // whitespace-trimmed
  std::string id;     // guid / atom:id, if any
  std::optional<std::int64_t>
      published;  // Unix seconds (pubDate, published, dc:date)
  std::optional<std::int64_t> updated;  // Unix seconds (atom:updated)
};

struct Feed {
  FeedFormat format = FeedFormat::kRss2;
  std::string title;
  std::string link;  // the site's home page, as written
  std::vector<FeedItem>
      items;               // in document order, items without a link skipped
  bool truncated = false;  // max_items reached, or an XML error after items
};

struct FeedLimits {
  std::size_t max_bytes = 16 * 1024 * 1024;  // also the gunzip limit
  std::size_t max_items = 10000;
  XmlLimits xml;
};

// Errors: TooLarge, Corruption (malformed XML before any item; gzip),
// Unsupported (well-formed XML that is not a feed, e.g. a sitemap).
// An XML error after at least one item returns the items, truncated.
Result<Feed> ParseFeed(std::string_view bytes,
                       const FeedLimits& limits = FeedLimits());

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWLER_FEED_PARSER_H_
