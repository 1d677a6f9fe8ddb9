#include "crawler/revisit_policy.h"

#include <doctest/doctest.h>

#include <limits>

#include "store/revisit_index.h"

namespace newscrawl {
namespace {

constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 24 * kHour;
constexpr std::int64_t kDay0 = 1715911200;  // 2024-05-17T02:00:00Z
// A nightly run at 02:00 on day n.
std::int64_t Night(int n) { return kDay0 + n * kDay; }

// Simulates the pipeline: one nightly run per day; a due article is fetched
// at 02:30 and its state updated as the store would.
std::vector<int> FetchNights(const RevisitPolicy& policy, UrlKind kind,
                             int nights) {
  UrlState state;
  state.kind = kind;
  std::vector<int> fetched;
  for (int n = 0; n < nights; ++n) {
    if (!policy.Due(state, Night(n))) continue;
    const std::int64_t at = Night(n) + 30 * 60;
    state.next_revisit = policy.AfterResponse(kind, state.fetch_count, at);
    state.fetch_count += 1;
    state.last_fetch = at;
    fetched.push_back(n);
  }
  return fetched;
}

TEST_CASE("articles: fetched, revisited after 1 and 7 days, then never") {
  const RevisitPolicy policy{RevisitOptions()};
  CHECK(FetchNights(policy, UrlKind::kArticle, 60) ==
        std::vector<int>{0, 1, 7});
  CHECK(policy.AfterResponse(UrlKind::kArticle, 0, Night(0)) == Night(1));
  CHECK(policy.AfterResponse(UrlKind::kArticle, 1, Night(1)) == Night(7));
  CHECK(policy.AfterResponse(UrlKind::kArticle, 2, Night(7)) == 0);
  CHECK(policy.AfterResponse(UrlKind::kArticle, 9, Night(7)) == 0);
}

TEST_CASE("listings, feeds, sitemaps and robots.txt every run; other once") {
  const RevisitPolicy policy{RevisitOptions()};
  for (UrlKind kind : {UrlKind::kListing, UrlKind::kFeed, UrlKind::kSitemap,
                       UrlKind::kRobots}) {
    CHECK(FetchNights(policy, kind, 5) == std::vector<int>{0, 1, 2, 3, 4});
  }
  CHECK(FetchNights(policy, UrlKind::kOther, 30) == std::vector<int>{0});
}

TEST_CASE("a run that starts earlier than yesterday's still counts the day") {
  const RevisitPolicy policy{RevisitOptions()};
  UrlState state;
  state.kind = UrlKind::kArticle;
  state.fetch_count = 1;
  state.next_revisit = Night(1) + 30 * 60;
  CHECK(policy.Due(state, Night(1) - 2 * kHour));  // within the 3 h slack
  CHECK_FALSE(policy.Due(state, Night(1) - 4 * kHour));
  state.next_revisit = 0;
  CHECK_FALSE(policy.Due(state, Night(100)));
}

TEST_CASE("failures back off; articles are given up, listings never") {
  RevisitOptions options;
  options.max_failures = 3;
  const RevisitPolicy policy(options);
  CHECK(policy.AfterFailure(UrlKind::kArticle, 1, Night(0)) ==
        Night(0) + 20 * kHour);
  CHECK(policy.AfterFailure(UrlKind::kArticle, 2, Night(0)) ==
        Night(0) + 40 * kHour);
  CHECK(policy.AfterFailure(UrlKind::kArticle, 3, Night(0)) == 0);
  CHECK(policy.AfterFailure(UrlKind::kListing, 30, Night(0)) == Night(7));
  UrlState state;
  state.kind = UrlKind::kArticle;
  state.fail_count = 1;
  state.next_revisit = policy.AfterFailure(UrlKind::kArticle, 1, Night(0));
  CHECK_FALSE(policy.Due(state, Night(0) + kHour));
  CHECK(policy.Due(state, Night(1)));  // 20 h later, within the slack
  // A failing listing waits for its backoff too.
  state.kind = UrlKind::kListing;
  state.fail_count = 4;
  state.next_revisit = policy.AfterFailure(UrlKind::kListing, 4, Night(0));
  CHECK_FALSE(policy.Due(state, Night(5)));
  CHECK(policy.Due(state, Night(7)));
}

TEST_CASE("priorities: new articles before revisits") {
  UrlState state;
  state.kind = UrlKind::kArticle;
  CHECK(RevisitPolicy::Priority(state) == FrontierPriority::kNewArticle);
  state.fetch_count = 2;
  CHECK(RevisitPolicy::Priority(state) == FrontierPriority::kRevisit);
  state.kind = UrlKind::kFeed;
  CHECK(RevisitPolicy::Priority(state) == FrontierPriority::kFeed);
}

TEST_CASE("the schedule comes from the config and is sanitised") {
  CrawlConfig crawl;
  crawl.revisit_after_days = {30, 0, 3, 3, -1};
  const RevisitPolicy policy(RevisitOptions::FromConfig(crawl));
  CHECK(FetchNights(policy, UrlKind::kArticle, 100) ==
        std::vector<int>{0, 3, 30});
  crawl.revisit_after_days.clear();
  const RevisitPolicy never(RevisitOptions::FromConfig(crawl));
  CHECK(FetchNights(never, UrlKind::kArticle, 100) == std::vector<int>{0});
}

TEST_CASE("an article is due exactly when its revisit index time is reached") {
  const RevisitPolicy policy{RevisitOptions()};
  const std::string url = "https://laodong.vn/cong-doan/tin-1.ldo";
  int due = 0;
  int checked = 0;
  for (std::int64_t next : {std::int64_t{0}, std::int64_t{-7}, Night(0),
                            Night(1), Night(1) + 1, Night(7)}) {
    for (std::uint32_t fetches : {0u, 1u, 3u}) {
      for (std::uint32_t failures : {0u, 1u, 5u}) {
        UrlState s;
        s.kind = UrlKind::kArticle;
        s.next_revisit = next;
        s.fetch_count = fetches;
        s.fail_count = failures;
        const auto time = RevisitIndexTime(url, s);
        for (std::int64_t now = Night(-1); now <= Night(8); now += kHour / 2) {
          CAPTURE(next);
          CAPTURE(fetches);
          CAPTURE(failures);
          CAPTURE(now);
          const bool indexed_due = time && *time <= policy.DueUntil(now);
          CHECK(policy.Due(s, now) == indexed_due);
          due += indexed_due ? 1 : 0;
          ++checked;
        }
      }
    }
  }
  CHECK(due > 0);
  CHECK(due < checked);
  CHECK(policy.DueUntil(Night(0)) == Night(0) + 3 * kHour);
  CHECK(policy.DueUntil(std::numeric_limits<std::int64_t>::max() - 5) ==
        std::numeric_limits<std::int64_t>::max());
}

}  // namespace
}  // namespace newscrawl
