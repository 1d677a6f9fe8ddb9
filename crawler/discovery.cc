#include "crawler/discovery.h"

#include <algorithm>
#include <string>
#include <unordered_set>
#include <utility>

namespace newscrawl {
namespace {

using Added = std::unordered_set<std::string>;  // specs added in one call

// Appends `url` as `kind` unless added before in this call or seen by the
// caller.
void Add(Url url, CrawlKind kind, int depth, std::optional<std::int64_t> lastmod,
         const Discovery::SeenFn& seen, DiscoveryResult* result, Added* added) {
  if (!added->insert(url.spec()).second) return;
  if (seen && seen(url)) {
    ++result->seen;
    return;
  }
  result->urls.push_back(
      DiscoveredUrl{std::move(url), kind, CrawlPriority(kind, false), depth, lastmod});
}

}  // namespace

Result<Discovery> Discovery::Create(const SiteConfig& site,
                                    DiscoveryOptions options) {
  NEWSCRAWL_ASSIGN_OR_RETURN(UrlClassifier classifier, UrlClassifier::Create(site));
  return Discovery(site, std::move(options), std::move(classifier));
}

Discovery::Discovery(const SiteConfig& site, DiscoveryOptions options,
                     UrlClassifier classifier)
    : site_(site), options_(std::move(options)), classifier_(std::move(classifier)) {
  site_.max_depth = std::max(0, site_.max_depth);
}

DiscoveryResult Discovery::Seeds(const SeenFn& seen) const {
  DiscoveryResult result;
  Added added;
  auto add_all = [&](const std::vector<std::string>& urls, CrawlKind kind) {
    for (const std::string& text : urls) {
      Result<Url> url = Url::Parse(text);
      if (!url.ok()) {
        ++result.invalid;
        continue;
      }
      Add(std::move(*url), kind, 0, std::nullopt, seen, &result, &added);
    }
  };
  add_all(site_.feeds, CrawlKind::kFeed);
  add_all(site_.sitemaps, CrawlKind::kSitemap);
  add_all(site_.seeds, CrawlKind::kListing);
  return result;
}

DiscoveryResult Discovery::FromPage(const Url& page_url, CrawlKind kind, int depth,
                                    const HtmlDocument& doc,
                                    const SeenFn& seen) const {
  DiscoveryResult result;
  if (kind != CrawlKind::kListing && kind != CrawlKind::kArticle) return result;
  PageLinks links = LinkExtractor(options_.links).Extract(doc, page_url);
  result.canonical = std::move(links.canonical);
  result.noindex = links.noindex;
  result.invalid = links.rejected;
  result.truncated = links.rejected > 0 && links.links.size() >= options_.links.max_links;
  const int next = depth + 1;
  Added added;
  for (ExtractedLink& link : links.links) {
    if (link.nofollow) {
      ++result.nofollow;
      continue;
    }
    const UrlKind url_kind = classifier_.Classify(link.url);
    if (url_kind == UrlKind::kOffSite) {
      ++result.off_site;
      continue;
    }
    if (link.source == LinkSource::kFeed) {
      Add(std::move(link.url), CrawlKind::kFeed, 0, std::nullopt, seen, &result, &added);
      continue;
    }
    CrawlKind target;
    if (link.source == LinkSource::kNext || url_kind == UrlKind::kListing) {
      target = CrawlKind::kListing;
      if (next > site_.max_depth) {
        ++result.too_deep;
        continue;
      }
    } else if (url_kind == UrlKind::kArticle) {
      target = CrawlKind::kArticle;
      if (next > site_.max_depth + 1) {
        ++result.too_deep;
        continue;
      }
    } else {
      ++result.other;
      continue;
    }
    Add(std::move(link.url), target, next, std::nullopt, seen, &result, &added);
  }
  return result;
}

Result<DiscoveryResult> Discovery::FromFeed(const Url& feed_url, std::string_view body,
                                            const SeenFn& seen) const {
  NEWSCRAWL_ASSIGN_OR_RETURN(Feed feed, ParseFeed(body, options_.feed));
  DiscoveryResult result;
  result.truncated = feed.truncated;
  Added added;
  for (const FeedItem& item : feed.items) {
    Result<Url> url = Url::Resolve(feed_url, item.link);
    if (!url.ok()) {
      ++result.invalid;
      continue;
    }
    const UrlKind kind = classifier_.Classify(*url);
    if (kind == UrlKind::kOffSite) {
      ++result.off_site;
      continue;
    }
    if (kind == UrlKind::kOther && !site_.article_patterns.empty()) {
      ++result.other;
      continue;
    }
    const CrawlKind target =
        kind == UrlKind::kListing ? CrawlKind::kListing : CrawlKind::kArticle;
    Add(std::move(*url), target, 1, item.updated ? item.updated : item.published, seen,
        &result, &added);
  }
  return result;
}

Result<DiscoveryResult> Discovery::FromSitemap(const Url& sitemap_url,
                                               std::string_view body,
                                               const SeenFn& seen) const {
  NEWSCRAWL_ASSIGN_OR_RETURN(Sitemap sitemap, ParseSitemap(body, options_.sitemap));
  DiscoveryResult result;
  result.truncated = sitemap.truncated;
  Added added;
  for (const SitemapEntry& entry : sitemap.entries) {
    Result<Url> url = Url::Resolve(sitemap_url, entry.loc);
    if (!url.ok()) {
      ++result.invalid;
      continue;
    }
    const std::optional<std::int64_t> lastmod =
        entry.lastmod ? entry.lastmod : entry.news_published;
    if (options_.sitemap_since && lastmod && *lastmod < *options_.sitemap_since) {
      ++result.old;
      continue;
    }
    const UrlKind kind = classifier_.Classify(*url);
    if (kind == UrlKind::kOffSite) {
      ++result.off_site;
      continue;
    }
    CrawlKind target = CrawlKind::kSitemap;
    int depth = 0;
    if (!sitemap.is_index) {
      if (kind == UrlKind::kOther && !site_.article_patterns.empty()) {
        ++result.other;
        continue;
      }
      target = kind == UrlKind::kListing ? CrawlKind::kListing : CrawlKind::kArticle;
      depth = 1;
    }
    Add(std::move(*url), target, depth, lastmod, seen, &result, &added);
  }
  return result;
}

DiscoveryResult Discovery::FromRobots(const Url& robots_url, const RobotsTxt& robots,
                                      const SeenFn& seen) const {
  DiscoveryResult result;
  Added added;
  for (const std::string& text : robots.sitemaps()) {
    Result<Url> url = Url::Resolve(robots_url, text);
    if (!url.ok()) {
      ++result.invalid;
      continue;
    }
    if (classifier_.Classify(*url) == UrlKind::kOffSite) {
      ++result.off_site;
      continue;
    }
    Add(std::move(*url), CrawlKind::kSitemap, 0, std::nullopt, seen, &result, &added);
  }
  return result;
}

}  // namespace newscrawl
