// Discovery: turns what was fetched for one site (a page, a feed, a
// sitemap, robots.txt) into the new URLs to queue, each with its kind,
// frontier priority (store/frontier_entry.h DefaultPriority: feeds and
// sitemaps, then listings, then new articles) and depth.  No I/O.
//
// Depth counts link hops from a seed.  Seeds, feeds and sitemaps are depth
// 0.  A link found on a page of depth d has depth d + 1 and is queued only
//   - if it is a listing (or rel=next pagination): d + 1 <= max_depth;
//   - if it is an article: d + 1 <= max_depth + 1 (articles one hop beyond
//     the deepest listing, and related-article links within that bound).
// Feed items and sitemap entries are depth 1 whatever their source.
// Skipped: off-site URLs (UrlClassifier), rel=nofollow links and pages with
// <meta name=robots content=nofollow>, kOther URLs (media, unmatched pages:
// for feeds and sitemaps only when the site has article_patterns), URLs
// the caller has seen (the `seen` predicate: queued or fetched before),
// duplicates within one call, and sitemap entries older than
// `sitemap_since`.
//
// Thread safety: immutable after Create(); the From*() calls are const and
// may run concurrently if `seen` is thread-safe.
#ifndef NEWSCRAWL_CRAWLER_DISCOVERY_H_
#define NEWSCRAWL_CRAWLER_DISCOVERY_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "config/result.h"
#include "crawler/feed_parser.h"
#include "crawler/link_extractor.h"
#include "crawler/robots_txt.h"
#include "crawler/sitemap_parser.h"
#include "crawler/url.h"
#include "crawler/url_classifier.h"
#include "extractor/html_document.h"
#include "store/frontier_entry.h"
#include "store/store_records.h"

namespace newscrawl {

struct DiscoveredUrl {
  Url url;
  UrlKind kind = UrlKind::kArticle;  // kFeed, kSitemap, kListing or kArticle
  FrontierPriority priority =
      FrontierPriority::kNewArticle;  // DefaultPriority(kind, false)
  int depth = 0;
  std::optional<std::int64_t> lastmod;  // from a feed or sitemap, Unix seconds
};

struct DiscoveryResult {
  std::vector<DiscoveredUrl> urls;  // new URLs, in source order
  std::optional<Url> canonical;     // pages: <link rel=canonical>
  bool noindex = false;             // pages: <meta name=robots noindex>
  bool truncated = false;           // the source hit a size or count limit
  // What was skipped, for the crawl summary.
  std::size_t off_site = 0;
  std::size_t seen = 0;
  std::size_t too_deep = 0;
  std::size_t nofollow = 0;
  std::size_t other = 0;    // UrlClass::kOther (media, unmatched)
  std::size_t invalid = 0;  // not an http(s) URL
  std::size_t old = 0;      // sitemap entries before sitemap_since
};

struct DiscoveryOptions {
  // Sitemap entries (and child sitemaps) whose lastmod or
  // news:publication_date is before this are skipped (Unix seconds).
  std::optional<std::int64_t> sitemap_since;
  LinkExtractorOptions links;
  FeedLimits feed;
  SitemapLimits sitemap;
};

class Discovery {
 public:
  // True if the URL was queued or fetched before.
  using SeenFn = std::function<bool(const Url&)>;

  // InvalidArgument for a bad pattern of the site.
  static Result<Discovery> Create(
      const SiteConfig& site, DiscoveryOptions options = DiscoveryOptions());

  // The site's seeds (listings), feeds and sitemaps, all depth 0.
  DiscoveryResult Seeds(const SeenFn& seen) const;

  // Links of a fetched HTML page of kind `kind` (UrlKind::kListing or
  // kArticle; other kinds yield nothing) at `depth`.
  DiscoveryResult FromPage(const Url& page_url, UrlKind kind, int depth,
                           const HtmlDocument& doc, const SeenFn& seen) const;

  // The same for the undecoded page `bytes` (Content-Type `content_type`),
  // read by the link scanner (crawler/link_scanner.h) with no tree: for
  // listing pages, which need nothing else.  nullopt when the page needs a
  // full parse: then parse it and call FromPage.
  std::optional<DiscoveryResult> ScanPage(const Url& page_url, UrlKind kind,
                                          int depth, std::string_view bytes,
                                          std::string_view content_type,
                                          const SeenFn& seen) const;

  // Items of a fetched feed.  Errors from ParseFeed().
  Result<DiscoveryResult> FromFeed(const Url& feed_url, std::string_view body,
                                   const SeenFn& seen) const;

  // Entries of a fetched sitemap or sitemap index.  Errors from
  // ParseSitemap().
  Result<DiscoveryResult> FromSitemap(const Url& sitemap_url,
                                      std::string_view body,
                                      const SeenFn& seen) const;

  // The Sitemap: lines of a robots.txt on `robots_url`'s origin.
  DiscoveryResult FromRobots(const Url& robots_url, const RobotsTxt& robots,
                             const SeenFn& seen) const;

  const UrlClassifier& classifier() const { return classifier_; }
  int max_depth() const { return site_.max_depth; }

 private:
  Discovery(const SiteConfig& site, DiscoveryOptions options,
            UrlClassifier classifier);

  // The kind of a URL listed by a feed or sitemap, or nullopt when it is
  // off-site or (for sites with article patterns) unmatched; counts those.
  std::optional<UrlKind> ListedKind(const Url& url,
                                    DiscoveryResult* result) const;
  // FromPage and ScanPage once the links are known.
  DiscoveryResult FromLinks(int depth, PageLinks links,
                            const SeenFn& seen) const;

  SiteConfig site_;
  DiscoveryOptions options_;
  UrlClassifier classifier_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWLER_DISCOVERY_H_
