// PageProcessor: the crawl's worker-pool stage.  Turns one FetchOutcome
// into what the store writer needs: the extracted article of an article
// page, and the URLs a page announces (links of listing and article pages,
// items of feeds, entries of sitemaps), classified, canonical and with
// their depth, kind and priority.
//
// Discovery (crawler/discovery.h) decides what a page announces; whether
// a URL is new or due is the coordinator's call (it reads the store).
//
// Thread safety: immutable after Create(); Process() is const and runs on
// several worker threads at once.
#ifndef NEWSCRAWL_CRAWLER_PAGE_PROCESSOR_H_
#define NEWSCRAWL_CRAWLER_PAGE_PROCESSOR_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "config/result.h"
#include "crawler/fetch_scheduler.h"
#include "crawler/url.h"
#include "crawler/discovery.h"
#include "extractor/article.h"
#include "extractor/extractor.h"
#include "extractor/extractor_set.h"
#include "store/frontier_entry.h"
#include "store/write_batch.h"

namespace newscrawl {

struct AnnouncedUrl {
  FrontierEntry entry;
  // When the page last changed, as announced by a feed or a sitemap
  // (Unix seconds); 0 when unknown.
  std::int64_t lastmod = 0;
  bool announced = false;  // came from a feed or a sitemap
};

struct ProcessedPage {
  FetchOutcome outcome;  // for a 200, result.body has moved to write
  // Pages answered with 200: the records to store, with the extracted
  // article of an article page in write->article.  The coordinator sets
  // write->next_revisit (it knows the URL's history).
  std::optional<PageWrite> write;
  std::string error;  // a parse or extraction failure
  std::vector<AnnouncedUrl> discovered;
};

class PageProcessor {
 public:
  // Builds an extractor and a URL classifier for every site of `config`.
  static Result<PageProcessor> Create(const Config& config);

  // `fetch_time`: Unix seconds, recorded with the stored page.  One HTML
  // parse serves both the extraction and the link discovery.
  ProcessedPage Process(FetchOutcome outcome, std::int64_t fetch_time) const;

  // The sitemaps named by the Sitemap: lines of `site`'s robots.txt at
  // `robots_url` (announced, depth 0).
  std::vector<AnnouncedUrl> FromRobots(const std::string& site,
                                       const Url& robots_url,
                                       const RobotsTxt& robots) const;

  // The first configured site whose allowed hosts hold `url`'s host, or
  // null.
  const SiteConfig* SiteOf(const Url& url) const;

  // The rules fingerprint of `site`'s extractor ("" if unknown).
  std::string Fingerprint(const std::string& site) const;
  const SiteConfig* FindSite(const std::string& site) const;

  // The frontier's host key of a URL: "host" or "host:port" when the port
  // is not the scheme's default.
  static std::string HostKey(const Url& url);

 private:
  struct Site {
    const SiteConfig* config;
    const Extractor* extractor;  // owned by extractors_
    std::shared_ptr<const Discovery> discovery;
  };
  // Extraction and discovery of a 200 response of `site`; the article of an
  // article page.
  std::optional<Article> Analyse(const Site& site, ProcessedPage* page) const;
  // Appends what Discovery found; `announced` for feeds and sitemaps.
  static void Append(const Site& site, DiscoveryResult result,
                     bool announced, std::vector<AnnouncedUrl>* out);

  std::shared_ptr<const Config> config_;
  std::shared_ptr<const ExtractorSet> extractors_;
  std::map<std::string, Site> sites_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWLER_PAGE_PROCESSOR_H_
