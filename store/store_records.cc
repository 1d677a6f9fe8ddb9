#include "store/store_records.h"

#include <ctime>

namespace newscrawl {

std::string_view UrlKindName(UrlKind kind) {
  switch (kind) {
    case UrlKind::kArticle:
      return "article";
    case UrlKind::kListing:
      return "listing";
    case UrlKind::kFeed:
      return "feed";
    case UrlKind::kSitemap:
      return "sitemap";
    case UrlKind::kRobots:
      return "robots";
    case UrlKind::kOther:
      break;
  }
  return "other";
}

std::string ArticleRecord::IndexDate() const {
  const std::string& p = article.published;
  auto digit = [&p](std::size_t i) { return p[i] >= '0' && p[i] <= '9'; };
  if (p.size() >= 10 && digit(0) && digit(1) && digit(2) && digit(3) &&
      p[4] == '-' && digit(5) && digit(6) && p[7] == '-' && digit(8) &&
      digit(9)) {
    return p.substr(0, 10);
  }
  const std::time_t t = static_cast<std::time_t>(first_seen);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
  return buf;
}

}  // namespace newscrawl
