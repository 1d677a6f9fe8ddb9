#include "crawler/discovery.h"

#include "crawler/link_scanner.h"

#include <algorithm>
#include <string>
#include <unordered_set>
#include <utility>

namespace newscrawl {
namespace {

using Added = std::unordered_set<std::string>;  // specs added in one call

// Appends `url` as `kind` unless added before in this call or seen by the
// caller.
void Add(Url url, UrlKind kind, int depth, std::optional<std::int64_t> lastmod,
         const Discovery::SeenFn& seen, DiscoveryResult* result, Added* added) {
  if (!added->insert(url.spec()).second) return;
  if (seen && seen(url)) {
    ++result->seen;
    return;
  }
  result->urls.push_back(DiscoveredUrl{
      std::move(url), kind, DefaultPriority(kind, false), depth, lastmod});
}

// `ref` resolved against `base`, or nullopt (counted as invalid).
std::optional<Url> ResolveCounted(const Url& base, std::string_view ref,
                                  DiscoveryResult* result) {
  Result<Url> url = Url::Resolve(base, ref);
  if (!url.ok()) {
    ++result->invalid;
    return std::nullopt;
  }
  return std::move(*url);
}

}  // namespace

Result<Discovery> Discovery::Create(const SiteConfig& site,
                                    DiscoveryOptions options) {
  NEWSCRAWL_ASSIGN_OR_RETURN(UrlClassifier classifier,
                             UrlClassifier::Create(site));
  return Discovery(site, std::move(options), std::move(classifier));
}

Discovery::Discovery(const SiteConfig& site, DiscoveryOptions options,
                     UrlClassifier classifier)
    : site_(site),
      options_(std::move(options)),
      classifier_(std::move(classifier)) {
  site_.max_depth = std::max(0, site_.max_depth);
}

DiscoveryResult Discovery::Seeds(const SeenFn& seen) const {
  DiscoveryResult result;
  Added added;
  auto add_all = [&](const std::vector<std::string>& urls, UrlKind kind) {
    for (const std::string& text : urls) {
      Result<Url> url = Url::Parse(text);
      if (!url.ok()) {
        ++result.invalid;
        continue;
      }
      Add(std::move(*url), kind, 0, std::nullopt, seen, &result, &added);
    }
  };
  add_all(site_.feeds, UrlKind::kFeed);
  add_all(site_.sitemaps, UrlKind::kSitemap);
  add_all(site_.seeds, UrlKind::kListing);
  return result;
}

DiscoveryResult Discovery::FromPage(const Url& page_url, UrlKind kind,
                                    int depth, const HtmlDocument& doc,
                                    const SeenFn& seen) const {
  if (kind != UrlKind::kListing && kind != UrlKind::kArticle) return {};
  return FromLinks(depth,
                   LinkExtractor(options_.links).Extract(doc, page_url), seen);
}

std::optional<DiscoveryResult> Discovery::ScanPage(
    const Url& page_url, UrlKind kind, int depth, std::string_view bytes,
    std::string_view content_type, const SeenFn& seen) const {
  if (kind != UrlKind::kListing && kind != UrlKind::kArticle) {
    return DiscoveryResult();
  }
  std::optional<PageLinks> links =
      LinkScanner(options_.links).Scan(bytes, content_type, page_url);
  if (!links) return std::nullopt;
  return FromLinks(depth, std::move(*links), seen);
}

DiscoveryResult Discovery::FromLinks(int depth, PageLinks links,
                                     const SeenFn& seen) const {
  DiscoveryResult result;
  result.canonical = std::move(links.canonical);
  result.noindex = links.noindex;
  result.invalid = links.rejected;
  result.truncated =
      links.rejected > 0 && links.links.size() >= options_.links.max_links;
  const int next = depth + 1;
  Added added;
  for (ExtractedLink& link : links.links) {
    if (link.nofollow) {
      ++result.nofollow;
      continue;
    }
    const UrlClass url_kind = classifier_.Classify(link.url);
    if (url_kind == UrlClass::kOffSite) {
      ++result.off_site;
      continue;
    }
    if (link.source == LinkSource::kFeed) {
      Add(std::move(link.url), UrlKind::kFeed, 0, std::nullopt, seen, &result,
          &added);
      continue;
    }
    UrlKind target;
    if (link.source == LinkSource::kNext || url_kind == UrlClass::kListing) {
      target = UrlKind::kListing;
      if (next > site_.max_depth) {
        ++result.too_deep;
        continue;
      }
    } else if (url_kind == UrlClass::kArticle) {
      target = UrlKind::kArticle;
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

std::optional<UrlKind> Discovery::ListedKind(const Url& url,
                                             DiscoveryResult* result) const {
  const UrlClass kind = classifier_.Classify(url);
  if (kind == UrlClass::kOffSite) {
    ++result->off_site;
    return std::nullopt;
  }
  if (kind == UrlClass::kOther && !site_.article_patterns.empty()) {
    ++result->other;
    return std::nullopt;
  }
  return kind == UrlClass::kListing ? UrlKind::kListing : UrlKind::kArticle;
}

Result<DiscoveryResult> Discovery::FromFeed(const Url& feed_url,
                                            std::string_view body,
                                            const SeenFn& seen) const {
  NEWSCRAWL_ASSIGN_OR_RETURN(Feed feed, ParseFeed(body, options_.feed));
  DiscoveryResult result;
  result.truncated = feed.truncated;
  Added added;
  for (const FeedItem& item : feed.items) {
    std::optional<Url> url = ResolveCounted(feed_url, item.link, &result);
    if (!url) continue;
    const std::optional<UrlKind> kind = ListedKind(*url, &result);
    if (!kind) continue;
    Add(std::move(*url), *kind, 1, item.updated ? item.updated : item.published,
        seen, &result, &added);
  }
  return result;
}

Result<DiscoveryResult> Discovery::FromSitemap(const Url& sitemap_url,
                                               std::string_view body,
                                               const SeenFn& seen) const {
  NEWSCRAWL_ASSIGN_OR_RETURN(Sitemap sitemap,
                             ParseSitemap(body, options_.sitemap));
  DiscoveryResult result;
  result.truncated = sitemap.truncated;
  Added added;
  for (const SitemapEntry& entry : sitemap.entries) {
    std::optional<Url> url = ResolveCounted(sitemap_url, entry.loc, &result);
    if (!url) continue;
    const std::optional<std::int64_t> lastmod =
        entry.lastmod ? entry.lastmod : entry.news_published;
    if (options_.sitemap_since && lastmod &&
        *lastmod < *options_.sitemap_since) {
      ++result.old;
      continue;
    }
    if (sitemap.is_index) {
      if (classifier_.Classify(*url) == UrlClass::kOffSite) {
        ++result.off_site;
        continue;
      }
      Add(std::move(*url), UrlKind::kSitemap, 0, lastmod, seen, &result,
          &added);
      continue;
    }
    const std::optional<UrlKind> kind = ListedKind(*url, &result);
    if (!kind) continue;
    Add(std::move(*url), *kind, 1, lastmod, seen, &result, &added);
  }
  return result;
}

DiscoveryResult Discovery::FromRobots(const Url& robots_url,
                                      const RobotsTxt& robots,
                                      const SeenFn& seen) const {
  DiscoveryResult result;
  Added added;
  for (const std::string& text : robots.sitemaps()) {
    std::optional<Url> url = ResolveCounted(robots_url, text, &result);
    if (!url) continue;
    if (classifier_.Classify(*url) == UrlClass::kOffSite) {
      ++result.off_site;
      continue;
    }
    Add(std::move(*url), UrlKind::kSitemap, 0, std::nullopt, seen, &result,
        &added);
  }
  return result;
}

}  // namespace newscrawl
