#include "crawler/page_processor.h"

#include <ctime>

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

std::string PageProcessor::HostKey(const Url& url) {
  const int default_port = url.scheme() == "https" ? 443 : 80;
  if (url.port() == default_port) return url.host();
  return url.host() + ":" + std::to_string(url.port());
}

void PageProcessor::Append(const Site& site, DiscoveryResult result,
                           bool announced, ProcessedPage* page) {
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
    page->discovered.push_back(std::move(a));
  }
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
  Result<Url> url = Url::Parse(
      o.result.final_url.empty() ? o.job.entry.url : o.result.final_url);
  if (!url.ok()) {
    page.error = url.status().ToString();
    return page;
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
      Append(site, std::move(*found), true, &page);
    } else {
      page.error = found.status().ToString();
    }
    return page;
  }
  if (kind == UrlKind::kArticle) {
    ExtractRequest request;
    request.url = url->spec();
    request.content_type = o.result.content_type;
    Result<Article> article = site.extractor->Extract(o.result.body, request);
    if (article.ok()) {
      page.article = std::move(*article);
      if (page.article->url.empty()) page.article->url = o.job.entry.url;
    } else {
      page.error = article.status().ToString();
    }
  }
  Result<HtmlDocument> doc =
      HtmlDocument::Parse(o.result.body, o.result.content_type);
  if (!doc.ok()) {
    if (page.error.empty()) page.error = doc.status().ToString();
    return page;
  }
  Append(site,
         site.discovery->FromPage(*url, kind == UrlKind::kArticle
                                            ? UrlKind::kArticle
                                            : UrlKind::kListing,
                                  o.job.entry.depth, *doc, unseen),
         false, &page);
  return page;
}

}  // namespace newscrawl
