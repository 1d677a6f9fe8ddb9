// CrawlKind: what a queued URL is, and the queue priority that follows
// from it (feeds and sitemaps first, then listings, then new articles,
// then article revisits, then anything else).
#ifndef NEWSCRAWL_CRAWLER_CRAWL_KIND_H_
#define NEWSCRAWL_CRAWLER_CRAWL_KIND_H_

#include <string_view>

namespace newscrawl {

enum class CrawlKind { kFeed, kSitemap, kListing, kArticle, kOther };

// "feed", "sitemap", "listing", "article", "other".
std::string_view CrawlKindName(CrawlKind kind);

// Smaller is more urgent: feed/sitemap 0, listing 1, new article 2,
// article revisit 3, other 4.
int CrawlPriority(CrawlKind kind, bool revisit);

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWLER_CRAWL_KIND_H_
