#include "store/frontier_entry.h"

namespace newscrawl {

FrontierPriority DefaultPriority(UrlKind kind, bool revisit) {
  switch (kind) {
    case UrlKind::kRobots:
      return FrontierPriority::kRobots;
    case UrlKind::kFeed:
      return FrontierPriority::kFeed;
    case UrlKind::kSitemap:
      return FrontierPriority::kSitemap;
    case UrlKind::kListing:
      return FrontierPriority::kListing;
    case UrlKind::kArticle:
      return revisit ? FrontierPriority::kRevisit : FrontierPriority::kNewArticle;
    case UrlKind::kOther:
      break;
  }
  return FrontierPriority::kOther;
}

}  // namespace newscrawl
