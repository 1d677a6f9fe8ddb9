#include "crawler/page_processor.h"

#include "extractor/html_document.h"

namespace newscrawl {

Result<PageProcessor> PageProcessor::Create(const Config& config) {
  PageProcessor p;
  p.config_ = std::make_shared<const Config>(config);
  NEWSCRAWL_ASSIGN_OR_RETURN(ExtractorSet extractors,
                             ExtractorSet::Create(*p.config_));
  p.extractors_ = std::make_shared<const ExtractorSet>(std::move(extractors));
  for (const SiteConfig& site : p.config_->sites) {
    NEWSCRAWL_ASSIGN_OR_RETURN(Discovery discovery, Discovery::Create(site));
    p.sites_.emplace(
        site.name,
        Site{&site, &p.extractors_->For(site.name),
             std::make_shared<const Discovery>(std::move(discovery))});
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

const SiteConfig* PageProcessor::SiteOf(const Url& url) const {
  for (const SiteConfig& site : config_->sites) {
    if (HostAllowed(url.host(), site.allowed_hosts)) return &site;
  }
  return nullptr;
}

std::vector<AnnouncedUrl> PageProcessor::FromRobots(
    const std::string& site, const Url& robots_url,
    const RobotsTxt& robots) const {
  std::vector<AnnouncedUrl> out;
  auto it = sites_.find(site);
  if (it == sites_.end()) return out;
  const Discovery::SeenFn unseen = [](const Url&) { return false; };
  Append(it->second, it->second.discovery->FromRobots(robots_url, robots, unseen),
         true, &out);
  return out;
}

std::string PageProcessor::HostKey(const Url& url) {
  const int default_port = url.scheme() == "https" ? 443 : 80;
  if (url.port() == default_port) return url.host();
  return url.host() + ":" + std::to_string(url.port());
}

void PageProcessor::Append(const Site& site, DiscoveryResult result,
                           bool announced, std::vector<AnnouncedUrl>* out) {
  for (DiscoveredUrl& d : result.urls) {
    AnnouncedUrl a;
    a.entry.url = d.url.spec();
    a.entry.host = HostKey(d.url);
    a.entry.site = site.config->name;
    a.entry.kind = d.kind;
    a.entry.priority = d.priority;
    a.entry.depth = d.depth;
    a.lastmod = d.lastmod.value_or(0);
    a.announced = announced;
    out->push_back(std::move(a));
  }
}

ProcessedPage PageProcessor::Process(FetchOutcome outcome,
                                     std::int64_t fetch_time) const {
  ProcessedPage page;
  page.outcome = std::move(outcome);
  FetchOutcome& o = page.outcome;
  if (o.disposition != FetchDisposition::kFetched || !o.result.status.ok() ||
      o.result.http_status != 200) {
    return page;
  }
  const FrontierEntry& e = o.job.entry;
  std::optional<Article> article;
  auto it = sites_.find(e.site);
  if (it != sites_.end()) {  // else a site removed from the config
    article = Analyse(it->second, &page);
  }
  FetchResult& r = o.result;
  PageWrite& write = page.write.emplace();
  write.page.url = e.url;
  write.page.final_url = r.final_url == e.url ? std::string() : r.final_url;
  write.page.status = r.http_status;
  write.page.fetch_time = fetch_time;
  write.page.etag = r.etag;
  write.page.last_modified = r.last_modified;
  write.page.content_type = r.content_type;
  write.page.site = e.site;
  write.page.body = std::move(r.body);
  write.page.fingerprint = Fingerprint(e.site);
  write.kind = e.kind;
  if (e.kind == UrlKind::kArticle) write.article = std::move(article);
  return page;
}

std::optional<Article> PageProcessor::Analyse(const Site& site,
                                              ProcessedPage* page) const {
  const FetchOutcome& o = page->outcome;
  Result<Url> url = Url::Parse(
      o.result.final_url.empty() ? o.job.entry.url : o.result.final_url);
  if (!url.ok()) {
    page->error = url.status().ToString();
    return std::nullopt;
  }
  // The coordinator knows what was seen (the store); Discovery only
  // filters what a page announces.
  const Discovery::SeenFn unseen = [](const Url&) { return false; };
  const UrlKind kind = o.job.entry.kind;
  if (kind == UrlKind::kFeed || kind == UrlKind::kSitemap) {
    Result<DiscoveryResult> found =
        kind == UrlKind::kFeed
            ? site.discovery->FromFeed(*url, o.result.body, unseen)
            : site.discovery->FromSitemap(*url, o.result.body, unseen);
    if (found.ok()) {
      Append(site, std::move(*found), true, &page->discovered);
    } else {
      page->error = found.status().ToString();
    }
    return std::nullopt;
  }
  if (kind != UrlKind::kArticle) {
    // A listing needs its links alone: the scanner reads them without a
    // tree, unless the page holds what only a full parse reads right.
    std::optional<DiscoveryResult> scanned = site.discovery->ScanPage(
        *url, UrlKind::kListing, o.job.entry.depth, o.result.body,
        o.result.content_type, unseen);
    if (scanned) {
      Append(site, std::move(*scanned), false, &page->discovered);
      return std::nullopt;
    }
  }
  Result<HtmlDocument> doc =
      HtmlDocument::Parse(o.result.body, o.result.content_type);
  if (!doc.ok()) {
    page->error = doc.status().ToString();
    return std::nullopt;
  }
  std::optional<Article> article;
  if (kind == UrlKind::kArticle) {
    ExtractRequest request;
    request.url = url->spec();
    request.content_type = o.result.content_type;
    Result<ExtractResult> extracted =
        site.extractor->ExtractDetailed(*doc, request);
    if (extracted.ok()) {
      article = std::move(extracted->article);
      if (article->url.empty()) article->url = o.job.entry.url;
    } else {
      page->error = extracted.status().ToString();
    }
  }
  Append(site,
         site.discovery->FromPage(*url, kind == UrlKind::kArticle
                                            ? UrlKind::kArticle
                                            : UrlKind::kListing,
                                  o.job.entry.depth, *doc, unseen),
         false, &page->discovered);
  return article;
}

}  // namespace newscrawl
