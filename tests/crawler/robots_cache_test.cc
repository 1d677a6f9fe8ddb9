#include "crawler/robots_cache.h"

#include <doctest/doctest.h>

namespace newscrawl {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using TimePoint = RobotsCache::TimePoint;

Url U(std::string_view s) { return Url::Parse(s).value(); }

RobotsCacheOptions Options() {
  RobotsCacheOptions o;
  o.user_agent = "newscrawl/0.1 (+https://x.invalid)";
  o.per_host_delay = 1.0;
  return o;
}

const TimePoint kT0 = TimePoint() + hours(1000);

TEST_CASE("unknown origin needs a fetch; robots.txt itself is always allowed") {
  RobotsCache cache(Options());
  CHECK(cache.Check(U("https://a.vn/x"), kT0) == RobotsVerdict::kUnknown);
  CHECK(cache.Check(U("https://a.vn/robots.txt"), kT0) ==
        RobotsVerdict::kAllowed);
  CHECK(RobotsCache::RobotsUrl(U("https://a.vn:8443/x/y?z=1")) ==
        "https://a.vn:8443/robots.txt");
  CHECK(RobotsCache::RobotsUrl(U("http://A.vn:80/x")) ==
        "http://a.vn/robots.txt");
}

TEST_CASE("2xx: parsed rules, kept 24 hours, per origin") {
  RobotsCache cache(Options());
  cache.Record("https://a.vn", 200, "user-agent: *\ndisallow: /private\n", kT0);
  CHECK(cache.Check(U("https://a.vn/public"), kT0) == RobotsVerdict::kAllowed);
  CHECK(cache.Check(U("https://a.vn/private/1"), kT0) ==
        RobotsVerdict::kDisallowed);
  // Another scheme or port is another origin.
  CHECK(cache.Check(U("http://a.vn/private/1"), kT0) ==
        RobotsVerdict::kUnknown);
  CHECK(cache.Check(U("https://a.vn:444/private/1"), kT0) ==
        RobotsVerdict::kUnknown);
  CHECK(cache.Check(U("https://a.vn/private"), kT0 + hours(23)) ==
        RobotsVerdict::kDisallowed);
  CHECK(cache.Check(U("https://a.vn/private"), kT0 + hours(24)) ==
        RobotsVerdict::kUnknown);
}

TEST_CASE("4xx and unresolved redirects allow everything") {
  RobotsCache cache(Options());
  cache.Record("https://a.vn", 404, "<html>not found</html>", kT0);
  cache.Record("https://b.vn", 403, "", kT0);
  cache.Record("https://c.vn", 301, "", kT0);  // more than 5 redirects
  CHECK(cache.Check(U("https://a.vn/x"), kT0) == RobotsVerdict::kAllowed);
  CHECK(cache.Check(U("https://b.vn/x"), kT0) == RobotsVerdict::kAllowed);
  CHECK(cache.Check(U("https://c.vn/x"), kT0) == RobotsVerdict::kAllowed);
  CHECK(cache.Check(U("https://a.vn/x"), kT0 + hours(25)) ==
        RobotsVerdict::kUnknown);
}

TEST_CASE("5xx, 429 and unreachable disallow everything until a retry") {
  RobotsCache cache(Options());
  cache.Record("https://a.vn", 503, "user-agent: *\nallow: /\n", kT0);
  cache.Record("https://b.vn", 429, "", kT0);
  cache.RecordUnreachable("https://c.vn", kT0);
  for (const char* u : {"https://a.vn/x", "https://b.vn/x", "https://c.vn/x"}) {
    CHECK(cache.Check(U(u), kT0) == RobotsVerdict::kDisallowed);
    CHECK(cache.Check(U(u), kT0 + minutes(9)) == RobotsVerdict::kDisallowed);
    CHECK(cache.Check(U(u), kT0 + minutes(10)) == RobotsVerdict::kUnknown);
  }
  // A later success replaces the error.
  cache.Record("https://a.vn", 200, "user-agent: *\ndisallow: /y\n",
               kT0 + minutes(11));
  CHECK(cache.Check(U("https://a.vn/x"), kT0 + minutes(11)) ==
        RobotsVerdict::kAllowed);
  CHECK(cache.Check(U("https://a.vn/y"), kT0 + minutes(11)) ==
        RobotsVerdict::kDisallowed);
}

TEST_CASE("effective crawl delay: max of config and Crawl-delay, capped") {
  RobotsCache cache(Options());
  CHECK(cache.CrawlDelay("https://a.vn") == doctest::Approx(1.0));
  cache.Record("https://a.vn", 200, "user-agent: *\ncrawl-delay: 5\n", kT0);
  cache.Record("https://b.vn", 200, "user-agent: *\ncrawl-delay: 0.2\n", kT0);
  cache.Record("https://c.vn", 200, "user-agent: *\ncrawl-delay: 86400\n", kT0);
  CHECK(cache.CrawlDelay("https://a.vn") == doctest::Approx(5.0));
  CHECK(cache.CrawlDelay("https://b.vn") == doctest::Approx(1.0));
  CHECK(cache.CrawlDelay("https://c.vn") == doctest::Approx(60.0));
}

TEST_CASE("robots = false in the config: everything allowed, no fetch") {
  CrawlConfig crawl;
  crawl.robots = false;
  crawl.per_host_delay = 0.5;
  RobotsCache cache(RobotsCacheOptions::FromConfig(crawl));
  CHECK(cache.Check(U("https://a.vn/x"), kT0) == RobotsVerdict::kAllowed);
  CHECK(cache.CrawlDelay("https://a.vn") == doctest::Approx(0.5));
}

TEST_CASE("the cache is bounded") {
  RobotsCacheOptions o = Options();
  o.max_origins = 3;
  RobotsCache cache(o);
  cache.Record("https://a.vn", 200, "", kT0);
  cache.Record("https://b.vn", 200, "", kT0 + seconds(1));
  cache.Record("https://c.vn", 200, "", kT0 + seconds(2));
  cache.Record("https://d.vn", 200, "", kT0 + seconds(3));
  CHECK(cache.size() == 3);
  CHECK(cache.Find("https://a.vn", kT0 + seconds(3)) == nullptr);
  CHECK(cache.Find("https://d.vn", kT0 + seconds(3)) != nullptr);
}

}  // namespace
}  // namespace newscrawl
