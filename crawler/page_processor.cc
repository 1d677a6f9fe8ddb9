#include "crawler/page_processor.h"

#include <ctime>

#include "crawler/feed_parser.h"
#include "crawler/link_extractor.h"
#include "crawler/sitemap_parser.h"
#include "extractor/html_document.h"

namespace newscrawl {

Result<PageProcessor> PageProcessor::Create(const Config& config) {
  PageProcessor p;
  p.config_ = std::make_shared<const Config>(config);
  for (const SiteConfig& site : p.config_->sites) {
    NEWSCRAWL_ASSIGN_OR_RETURN(Extractor extractor,
                               Extractor::Create(p.config_->extract, &site));
    NEWSCRAWL_ASSIGN_OR_RETURN(UrlClassifier classifier,
                               UrlClassifier::Create(site));
    p.sites_.emplace(
        site.name,
        Site{&site, std::make_shared<const Extractor>(std::move(extractor)),
             std::make_shared<const UrlClassifier>(std::move(classifier))});
  }
  return p;
}

std::string PageProcessor::Fingerprint(const std::string& site) const {
  auto it = sites_.find(site);
  return it == sites_.end() ? std::string() : it->second.extractor->RulesFingerprint();
}

const SiteConfig* PageProcessor::FindSite(const std::string& site) const {
  auto it = sites_.find(site);
  return it == sites_.end() ? nullptr : it->second.config;
}

std::string PageProcessor::HostKey(const Url& url) {
  const int default_port = url.scheme() == "https" ? 443 : 80;
  if (url.port() == default_port) return url.host();
  return url.host() + ":" + std::to_string(url.port());
}

ProcessedPage PageProcessor::Process(FetchOutcome outcome) const {
  ProcessedPage page;
  page.fetch_time = static_cast<std::int64_t>(std::time(nullptr));
  page.outcome = std::move(outcome);
  const FetchOutcome& o = page.outcome;
  if (o.disposition != FetchDisposition::kFetched || !o.result.status.ok() ||
      o.result.http_status != 200) {
    return page;
  }
  auto it = sites_.find(o.job.entry.site);
  if (it == sites_.end()) return page;  // a site removed from the config
  const Site& site = it->second;
  switch (o.job.entry.kind) {
    case UrlKind::kArticle: {
      ExtractRequest request;
      request.url = o.result.final_url.empty() ? o.job.entry.url
                                               : o.result.final_url;
      request.content_type = o.result.content_type;
      Result<Article> article = site.extractor->Extract(o.result.body, request);
      if (article.ok()) {
        page.article = std::move(*article);
        if (page.article->url.empty()) page.article->url = o.job.entry.url;
      } else {
        page.error = article.status().ToString();
      }
      DiscoverLinks(site, o, &page);
      break;
    }
    case UrlKind::kFeed:
      DiscoverFeed(site, o, &page);
      break;
    case UrlKind::kSitemap:
      DiscoverSitemap(site, o, &page);
      break;
    default:
      DiscoverLinks(site, o, &page);
      break;
  }
  return page;
}

void PageProcessor::Add(const Site& site, const Url& url, UrlKind kind,
                        int depth, std::int64_t lastmod, bool announced,
                        ProcessedPage* page) const {
  DiscoveredUrl d;
  d.entry.url = url.spec();
  d.entry.host = HostKey(url);
  d.entry.site = site.config->name;
  d.entry.kind = kind;
  d.entry.priority = DefaultPriority(kind, false);
  d.entry.depth = depth;
  d.lastmod = lastmod;
  d.announced = announced;
  page->discovered.push_back(std::move(d));
}

void PageProcessor::DiscoverLinks(const Site& site, const FetchOutcome& o,
                                  ProcessedPage* page) const {
  Result<HtmlDocument> doc =
      HtmlDocument::Parse(o.result.body, o.result.content_type);
  if (!doc.ok()) {
    if (page->error.empty()) page->error = doc.status().ToString();
    return;
  }
  Result<Url> base = Url::Parse(
      o.result.final_url.empty() ? o.job.entry.url : o.result.final_url);
  if (!base.ok()) return;
  const PageLinks links = LinkExtractor().Extract(*doc, *base);
  if (links.nofollow) return;  // <meta name=robots content=nofollow>
  const int depth = o.job.entry.depth + 1;
  const bool from_listing = o.job.entry.kind != UrlKind::kArticle;
  const int max_depth = site.config->max_depth;
  for (const ExtractedLink& link : links.links) {
    if (link.nofollow) continue;
    if (link.source == LinkSource::kFeed) {
      if (site.classifier->Classify(link.url) != UrlClass::kOffSite) {
        Add(site, link.url, UrlKind::kFeed, depth, 0, false, page);
      }
      continue;
    }
    switch (site.classifier->Classify(link.url)) {
      case UrlClass::kArticle:
        if (from_listing || depth <= max_depth) {
          Add(site, link.url, UrlKind::kArticle, depth, 0, false, page);
        }
        break;
      case UrlClass::kListing:
        if (from_listing && depth <= max_depth) {
          Add(site, link.url, UrlKind::kListing, depth, 0, false, page);
        }
        break;
      default:
        break;
    }
  }
}

void PageProcessor::DiscoverFeed(const Site& site, const FetchOutcome& o,
                                 ProcessedPage* page) const {
  Result<Feed> feed = ParseFeed(o.result.body);
  if (!feed.ok()) {
    page->error = feed.status().ToString();
    return;
  }
  Result<Url> base = Url::Parse(
      o.result.final_url.empty() ? o.job.entry.url : o.result.final_url);
  if (!base.ok()) return;
  for (const FeedItem& item : feed->items) {
    Result<Url> url = Url::Resolve(*base, item.link);
    if (!url.ok()) continue;
    if (site.classifier->Classify(*url) == UrlClass::kOffSite) continue;
    const std::int64_t lastmod =
        item.updated ? *item.updated : (item.published ? *item.published : 0);
    Add(site, *url, UrlKind::kArticle, o.job.entry.depth + 1, lastmod, true,
        page);
  }
}

void PageProcessor::DiscoverSitemap(const Site& site, const FetchOutcome& o,
                                    ProcessedPage* page) const {
  Result<Sitemap> sitemap = ParseSitemap(o.result.body);
  if (!sitemap.ok()) {
    page->error = sitemap.status().ToString();
    return;
  }
  Result<Url> base = Url::Parse(
      o.result.final_url.empty() ? o.job.entry.url : o.result.final_url);
  if (!base.ok()) return;
  for (const SitemapEntry& e : sitemap->entries) {
    Result<Url> url = Url::Resolve(*base, e.loc);
    if (!url.ok()) continue;
    const std::int64_t lastmod =
        e.lastmod ? *e.lastmod : (e.news_published ? *e.news_published : 0);
    const UrlClass cls = site.classifier->Classify(*url);
    if (cls == UrlClass::kOffSite) continue;
    if (sitemap->is_index) {
      Add(site, *url, UrlKind::kSitemap, o.job.entry.depth + 1, lastmod, true,
          page);
    } else if (cls == UrlClass::kArticle) {
      Add(site, *url, UrlKind::kArticle, o.job.entry.depth + 1, lastmod, true,
          page);
    } else if (cls == UrlClass::kListing) {
      Add(site, *url, UrlKind::kListing, 1, lastmod, true, page);
    }
  }
}

}  // namespace newscrawl
