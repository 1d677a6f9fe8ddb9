// ParseSitemap: an XML sitemap (<urlset>) or sitemap index
// (<sitemapindex>), per sitemaps.org, with Google News extensions
// (<news:news><news:publication_date>, <news:title>), gzipped or not, and
// plain-text sitemaps (one URL per line).  Built on ReadXml
// (crawler/xml_reader.h) and Gunzip (crawler/gzip.h): no DTDs or entity
// declarations, bounded compressed and inflated size, entry count and
// depth.  URLs are returned as written (trimmed).
#ifndef NEWSCRAWL_CRAWLER_SITEMAP_PARSER_H_
#define NEWSCRAWL_CRAWLER_SITEMAP_PARSER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/result.h"
#include "crawler/xml_reader.h"

namespace newscrawl {

struct SitemapEntry {
  std::string loc;
  std::optional<std::int64_t> lastmod;         // Unix seconds
  std::optional<std::int64_t> news_published;  // news:publication_date
  std::string news_title;                      // news:title
};

struct Sitemap {
  bool is_index = false;  // entries are sitemaps, not pages
  std::vector<SitemapEntry> entries;
  bool truncated = false;  // max_entries reached, or an XML error after entries
};

struct SitemapLimits {
  // The protocol allows 50 MB uncompressed and 50 000 URLs per file.
  std::size_t max_bytes = 50 * 1024 * 1024;  // inflated size
  std::size_t max_entries = 50000;
  XmlLimits xml;
};

// Errors: TooLarge (also a gzip bomb), Corruption (bad gzip; malformed XML
// before any entry), Unsupported (XML that is not a sitemap).
Result<Sitemap> ParseSitemap(std::string_view bytes,
                             const SitemapLimits& limits = SitemapLimits());

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWLER_SITEMAP_PARSER_H_
