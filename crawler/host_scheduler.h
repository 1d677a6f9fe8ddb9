// HostScheduler: per-host politeness for the fetch loop.  Decides which
// host may start a request now, or how long to wait, given
//   - at most `per_host_connections` requests in flight per host,
//   - a minimum delay between request starts on a host: max(config delay,
//     the robots.txt Crawl-delay set with SetCrawlDelay()), multiplied by a
//     throttle factor that doubles (up to 16x) each time the host answers
//     429 or 503,
//   - at most `global_connections` requests in flight overall,
//   - a backoff after errors: a failed request (network error, 5xx) holds
//     the host for delay * 2^(consecutive errors), a 429/503 for at least
//     its Retry-After; both capped at `max_backoff`.
// Among ready hosts the one that has been ready longest goes first (ties by
// name), so hosts are served round-robin.  "Host" is whatever key the
// caller uses for politeness (Url::Origin() is a good one).
//
// No clock inside: every call takes `now`, so tests are deterministic.
// Cost: O(hosts) per NextReady(); hosts are the sites' hosts, a few dozen.
//
// Thread safety: not synchronised; use from the fetch loop's thread.
#ifndef NEWSCRAWL_CRAWLER_HOST_SCHEDULER_H_
#define NEWSCRAWL_CRAWLER_HOST_SCHEDULER_H_

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "config/config.h"

namespace newscrawl {

struct HostSchedulerOptions {
  int global_connections = 64;
  int per_host_connections = 2;
  double per_host_delay = 1.0;  // seconds between request starts
  double max_backoff = 600.0;   // seconds, cap of any error backoff

  static HostSchedulerOptions FromConfig(const CrawlConfig& crawl);
};

// How a request ended, for Finish().
enum class FetchOutcome {
  kOk,         // any HTTP answer that is not an error below (2xx, 3xx, 4xx)
  kError,      // network error, timeout, 5xx other than 503
  kThrottled,  // 429 or 503: the host asks us to slow down
};

class HostScheduler {
 public:
  using Clock = std::chrono::steady_clock;
  using TimePoint = Clock::time_point;

  explicit HostScheduler(HostSchedulerOptions options);

  // Adds `count` requests waiting for `host`.
  void Enqueue(std::string_view host, std::size_t count = 1);
  // Forgets the waiting requests of `host` (e.g. robots disallows all).
  void DropPending(std::string_view host);
  std::size_t pending(std::string_view host) const;
  std::size_t total_pending() const { return total_pending_; }
  int in_flight(std::string_view host) const;
  int total_in_flight() const { return total_in_flight_; }

  // The robots.txt Crawl-delay of `host`, already capped by the caller
  // (RobotsCache::CrawlDelay()); the effective delay is the larger of it
  // and the configured delay.
  void SetCrawlDelay(std::string_view host, double seconds);
  // Current minimum seconds between request starts on `host`.
  double Delay(std::string_view host) const;

  struct Next {
    std::string host;  // non-empty: start a request to it now (call Start)
    // With an empty host: when to ask again; nullopt when only a Finish()
    // (or Enqueue()) can make a host ready, or nothing is pending.
    std::optional<TimePoint> wake;
  };
  Next NextReady(TimePoint now) const;

  // A request to `host` starts: takes one pending request and a slot.
  void Start(std::string_view host, TimePoint now);
  // A request to `host` ended.  `retry_after` is the Retry-After header in
  // seconds, if the answer had one.
  void Finish(std::string_view host, TimePoint now, FetchOutcome outcome,
              std::optional<double> retry_after = std::nullopt);

 private:
  struct Host {
    std::size_t pending = 0;
    int in_flight = 0;
    double crawl_delay = 0;
    double throttle = 1;  // multiplies the delay after 429/503
    int errors = 0;       // consecutive
    std::optional<TimePoint> last_start;
    TimePoint blocked_until{};  // error backoff
  };
  Host& Get(std::string_view host);
  double DelayOf(const Host& h) const;
  TimePoint ReadyAt(const Host& h) const;

  HostSchedulerOptions options_;
  std::map<std::string, Host, std::less<>> hosts_;
  std::size_t total_pending_ = 0;
  int total_in_flight_ = 0;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWLER_HOST_SCHEDULER_H_
