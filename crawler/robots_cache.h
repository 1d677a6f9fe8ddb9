// RobotsCache: robots.txt rules per origin (scheme://host[:port]), with
// RFC 9309's rules for fetch outcomes and an expiry:
//   2xx          -> the file is parsed                       (kept `expiry`)
//   3xx          -> the fetcher follows up to 5 redirects; a 3xx reaching
//                   Record() means it gave up: "unavailable" -> allow all
//   4xx          -> unavailable -> allow all                 (kept `expiry`)
//   429, 5xx,
//   unreachable  -> unreachable -> disallow all for now    (kept `error_retry`,
//                   then the caller fetches robots.txt again)
// It also yields the effective delay between request starts on a host:
// max(per_host_delay, Crawl-delay), the latter capped at max_crawl_delay.
//
// No I/O: the caller fetches robots.txt (RobotsUrl()) when Check() says
// kUnknown and reports the outcome.  Time is passed in, so tests control it.
//
// Thread safety: not synchronised; use from one thread (the scheduler).
#ifndef NEWSCRAWL_CRAWLER_ROBOTS_CACHE_H_
#define NEWSCRAWL_CRAWLER_ROBOTS_CACHE_H_

#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "config/config.h"
#include "crawler/robots_txt.h"
#include "crawler/url.h"

namespace newscrawl {

struct RobotsCacheOptions {
  std::string user_agent = CrawlConfig().user_agent;
  bool obey = true;  // false: everything is allowed, nothing is fetched
  std::chrono::seconds expiry = std::chrono::hours(24);
  std::chrono::seconds error_retry = std::chrono::minutes(10);
  double per_host_delay = 1.0;       // seconds
  double max_crawl_delay = 60.0;     // a larger Crawl-delay is capped to this
  std::size_t max_origins = 100000;  // beyond: the stalest entry is dropped

  static RobotsCacheOptions FromConfig(const CrawlConfig& crawl);
};

enum class RobotsVerdict {
  kAllowed,
  kDisallowed,
  kUnknown,  // no fresh rules: fetch RobotsUrl() first, then Record()
};

class RobotsCache {
 public:
  using Clock = std::chrono::steady_clock;
  using TimePoint = Clock::time_point;

  explicit RobotsCache(RobotsCacheOptions options);

  RobotsVerdict Check(const Url& url, TimePoint now) const;

  // "scheme://host[:port]/robots.txt" for `url`.
  static std::string RobotsUrl(const Url& url);

  // Records the final outcome of fetching robots.txt for `origin`
  // (Url::Origin()): the HTTP status after redirects and the body.
  void Record(std::string_view origin, int http_status, std::string_view body,
              TimePoint now);
  // Records that the server could not be reached (DNS, connect, timeout).
  void RecordUnreachable(std::string_view origin, TimePoint now);

  // Fresh rules for `origin`, or nullptr.
  const RobotsTxt* Find(std::string_view origin, TimePoint now) const;

  // Seconds between request starts on `origin` (see above); the config
  // delay alone when no rules are known.
  double CrawlDelay(std::string_view origin) const;

  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    RobotsTxt rules;
    TimePoint expires;
  };
  void Put(std::string_view origin, RobotsTxt rules, TimePoint expires,
           TimePoint now);

  RobotsCacheOptions options_;
  std::map<std::string, Entry, std::less<>> entries_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWLER_ROBOTS_CACHE_H_
