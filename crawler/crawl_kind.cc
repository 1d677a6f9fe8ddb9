#include "crawler/crawl_kind.h"

namespace newscrawl {

std::string_view CrawlKindName(CrawlKind kind) {
  switch (kind) {
    case CrawlKind::kFeed:
      return "feed";
    case CrawlKind::kSitemap:
      return "sitemap";
    case CrawlKind::kListing:
      return "listing";
    case CrawlKind::kArticle:
      return "article";
    case CrawlKind::kOther:
      break;
  }
  return "other";
}

int CrawlPriority(CrawlKind kind, bool revisit) {
  switch (kind) {
    case CrawlKind::kFeed:
    case CrawlKind::kSitemap:
      return 0;
    case CrawlKind::kListing:
      return 1;
    case CrawlKind::kArticle:
      return revisit ? 3 : 2;
    case CrawlKind::kOther:
      break;
  }
  return 4;
}

}  // namespace newscrawl
