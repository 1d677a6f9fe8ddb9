#include "crawler/revisit_policy.h"

#include <doctest/doctest.h>

namespace newscrawl {
namespace {

constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 24 * kHour;
// A nightly run at 02:00 on day N; the first fetch happened at 02:30.
constexpr std::int64_t kDay0 = 1715911200;  // 2024-05-17T02:00:00Z
std::int64_t Night(int n) { return kDay0 + n * kDay; }

UrlState Article(std::optional<std::int64_t> first, std::optional<std::int64_t> last) {
  UrlState s;
  s.kind = CrawlKind::kArticle;
  s.first_fetched = first;
  s.last_fetched = last;
  s.last_attempt = last;
  return s;
}

TEST_CASE("a new article is fetched now, and due again after a day") {
  const RevisitPolicy policy{RevisitOptions()};
  const RevisitDecision d = policy.Decide(Article(std::nullopt, std::nullopt), Night(0));
  CHECK(d.fetch_now);
  CHECK_FALSE(d.revisit);
  CHECK(d.priority == 2);
  CHECK(d.next_due == Night(1));
}

TEST_CASE("articles: revisited after 1 and 7 days, then never") {
  const RevisitPolicy policy{RevisitOptions()};
  const std::int64_t first = Night(0) + 30 * 60;  // 02:30 on day 0
  // Night 1 (02:00, slightly earlier than 24 h later): first revisit.
  RevisitDecision d = policy.Decide(Article(first, first), Night(1));
  CHECK(d.fetch_now);
  CHECK(d.revisit);
  CHECK(d.priority == 3);
  CHECK(d.next_due == first + 7 * kDay);
  // Nights 2..6: nothing.
  for (int n = 2; n <= 6; ++n) {
    d = policy.Decide(Article(first, Night(1)), Night(n));
    CHECK_FALSE(d.fetch_now);
    CHECK(d.next_due == first + 7 * kDay);
  }
  // Night 7: second revisit, then never again.
  d = policy.Decide(Article(first, Night(1)), Night(7));
  CHECK(d.fetch_now);
  CHECK_FALSE(d.next_due.has_value());
  for (int n : {8, 30, 365}) {
    d = policy.Decide(Article(first, Night(7)), Night(n));
    CHECK_FALSE(d.fetch_now);
    CHECK_FALSE(d.next_due.has_value());
  }
  // Fetched twice in the first night (e.g. a second run): not due again yet.
  d = policy.Decide(Article(first, first + kHour), Night(0) + 4 * kHour);
  CHECK_FALSE(d.fetch_now);
  CHECK(d.next_due == first + kDay);
}

TEST_CASE("missed nights skip revisit points already passed") {
  const RevisitPolicy policy{RevisitOptions()};
  const std::int64_t first = Night(0);
  const RevisitDecision d = policy.Decide(Article(first, first), Night(10));
  CHECK(d.fetch_now);
  CHECK_FALSE(d.next_due.has_value());
}

TEST_CASE("listings, feeds and sitemaps every run; other pages once") {
  const RevisitPolicy policy{RevisitOptions()};
  for (CrawlKind kind : {CrawlKind::kListing, CrawlKind::kFeed, CrawlKind::kSitemap}) {
    UrlState s;
    s.kind = kind;
    s.first_fetched = s.last_fetched = s.last_attempt = Night(0);
    const RevisitDecision d = policy.Decide(s, Night(0) + kHour);
    CHECK(d.fetch_now);
    CHECK(d.priority == (kind == CrawlKind::kListing ? 1 : 0));
  }
  UrlState other;
  other.kind = CrawlKind::kOther;
  CHECK(policy.Decide(other, Night(0)).fetch_now);
  other.first_fetched = other.last_fetched = Night(0);
  CHECK_FALSE(policy.Decide(other, Night(5)).fetch_now);
  CHECK_FALSE(policy.Decide(other, Night(5)).next_due.has_value());
}

TEST_CASE("failures back off, articles are given up") {
  RevisitOptions options;
  options.failure_backoff = 20 * kHour;
  options.max_failures = 3;
  const RevisitPolicy policy(options);
  UrlState s = Article(std::nullopt, std::nullopt);
  s.last_attempt = Night(0);
  s.failures = 1;
  CHECK(policy.Decide(s, Night(0) + kHour).fetch_now == false);
  CHECK(policy.Decide(s, Night(1)).fetch_now);  // 20 h later, within slack
  s.failures = 2;                               // 40 h
  CHECK_FALSE(policy.Decide(s, Night(1)).fetch_now);
  CHECK(policy.Decide(s, Night(2)).fetch_now);
  s.failures = 3;
  CHECK_FALSE(policy.Decide(s, Night(30)).fetch_now);
  CHECK_FALSE(policy.Decide(s, Night(30)).next_due.has_value());
  // A listing is never given up, but backs off (capped at a week).
  s.kind = CrawlKind::kListing;
  s.failures = 10;
  CHECK_FALSE(policy.Decide(s, Night(6)).fetch_now);
  CHECK(policy.Decide(s, Night(7)).fetch_now);
}

TEST_CASE("the schedule comes from the config and is sanitised") {
  CrawlConfig crawl;
  crawl.revisit_after_days = {30, 0, 3, 3, -1};
  const RevisitPolicy policy(RevisitOptions::FromConfig(crawl));
  const std::int64_t first = Night(0);
  RevisitDecision d = policy.Decide(Article(first, first), Night(1));
  CHECK_FALSE(d.fetch_now);
  CHECK(d.next_due == first + 3 * kDay);
  d = policy.Decide(Article(first, first), Night(3));
  CHECK(d.fetch_now);
  CHECK(d.next_due == first + 30 * kDay);
  crawl.revisit_after_days.clear();
  const RevisitPolicy never(RevisitOptions::FromConfig(crawl));
  CHECK_FALSE(never.Decide(Article(first, first), Night(100)).fetch_now);
  CHECK(CrawlKindName(CrawlKind::kSitemap) == "sitemap");
  CHECK(CrawlPriority(CrawlKind::kOther, false) == 4);
}

}  // namespace
}  // namespace newscrawl
