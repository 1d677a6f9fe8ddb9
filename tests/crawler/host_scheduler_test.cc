#include "crawler/host_scheduler.h"

#include <doctest/doctest.h>

namespace newscrawl {
namespace {

using TimePoint = HostScheduler::TimePoint;
using std::chrono::milliseconds;
using std::chrono::seconds;

const TimePoint kT0 = TimePoint() + std::chrono::hours(1);

HostSchedulerOptions Options(int global, int per_host, double delay) {
  HostSchedulerOptions o;
  o.global_connections = global;
  o.per_host_connections = per_host;
  o.per_host_delay = delay;
  o.max_backoff = 600;
  return o;
}

TEST_CASE("nothing pending: nothing to do, no wake-up") {
  HostScheduler s(Options(4, 2, 1.0));
  const HostScheduler::Next next = s.NextReady(kT0);
  CHECK(next.host.empty());
  CHECK_FALSE(next.wake.has_value());
}

TEST_CASE("minimum delay between request starts on one host") {
  HostScheduler s(Options(64, 2, 1.0));
  s.Enqueue("https://a.vn", 3);
  REQUIRE(s.NextReady(kT0).host == "https://a.vn");
  s.Start("https://a.vn", kT0);
  HostScheduler::Next next = s.NextReady(kT0 + milliseconds(100));
  CHECK(next.host.empty());
  REQUIRE(next.wake.has_value());
  CHECK(next.wake == kT0 + seconds(1));
  CHECK(s.NextReady(kT0 + seconds(1)).host == "https://a.vn");
  s.Start("https://a.vn", kT0 + seconds(1));
  // Two in flight: the per-host limit holds even after the delay.
  next = s.NextReady(kT0 + seconds(5));
  CHECK(next.host.empty());
  CHECK_FALSE(next.wake.has_value());
  s.Finish("https://a.vn", kT0 + seconds(5), FetchOutcome::kOk);
  CHECK(s.NextReady(kT0 + seconds(5)).host == "https://a.vn");
  CHECK(s.pending("https://a.vn") == 1);
  CHECK(s.in_flight("https://a.vn") == 1);
}

TEST_CASE("Crawl-delay raises the delay, never lowers it") {
  HostScheduler s(Options(64, 2, 1.0));
  s.SetCrawlDelay("https://a.vn", 5);
  s.SetCrawlDelay("https://b.vn", 0.1);
  CHECK(s.Delay("https://a.vn") == doctest::Approx(5));
  CHECK(s.Delay("https://b.vn") == doctest::Approx(1));
  CHECK(s.Delay("https://unknown.vn") == doctest::Approx(1));
  s.Enqueue("https://a.vn", 2);
  s.Start("https://a.vn", kT0);
  CHECK(s.NextReady(kT0).wake == kT0 + seconds(5));
}

TEST_CASE("hosts are served round-robin and in parallel") {
  HostScheduler s(Options(64, 1, 2.0));
  for (const char* h : {"https://a.vn", "https://b.vn", "https://c.vn"})
    s.Enqueue(h, 10);
  std::vector<std::string> order;
  TimePoint now = kT0;
  for (int i = 0; i < 9; ++i) {
    HostScheduler::Next next = s.NextReady(now);
    if (next.host.empty()) {
      REQUIRE(next.wake.has_value());
      now = *next.wake;
      next = s.NextReady(now);
    }
    REQUIRE_FALSE(next.host.empty());
    order.push_back(next.host);
    s.Start(next.host, now);
    s.Finish(next.host, now + milliseconds(100), FetchOutcome::kOk);
  }
  CHECK(order == std::vector<std::string>{
                     "https://a.vn", "https://b.vn", "https://c.vn",
                     "https://a.vn", "https://b.vn", "https://c.vn",
                     "https://a.vn", "https://b.vn", "https://c.vn"});
  // Three hosts, 2 s delay each: 9 requests in 4 s, not 16 s.
  CHECK(now == kT0 + seconds(4));
}

TEST_CASE("the global connection limit") {
  HostScheduler s(Options(2, 2, 0.0));
  s.Enqueue("https://a.vn", 5);
  s.Enqueue("https://b.vn", 5);
  s.Start(s.NextReady(kT0).host, kT0);
  s.Start(s.NextReady(kT0).host, kT0);
  CHECK(s.total_in_flight() == 2);
  const HostScheduler::Next next = s.NextReady(kT0);
  CHECK(next.host.empty());
  CHECK_FALSE(next.wake.has_value());
  s.Finish("https://a.vn", kT0, FetchOutcome::kOk);
  CHECK_FALSE(s.NextReady(kT0).host.empty());
  CHECK(s.total_pending() == 8);
}

TEST_CASE("errors back off exponentially; success resets") {
  HostScheduler s(Options(64, 1, 1.0));
  s.Enqueue("https://a.vn", 100);
  s.Start("https://a.vn", kT0);
  s.Finish("https://a.vn", kT0, FetchOutcome::kError);
  CHECK(s.NextReady(kT0).wake == kT0 + seconds(2));
  s.Start("https://a.vn", kT0 + seconds(2));
  s.Finish("https://a.vn", kT0 + seconds(2), FetchOutcome::kError);
  CHECK(s.NextReady(kT0 + seconds(2)).wake == kT0 + seconds(6));
  s.Start("https://a.vn", kT0 + seconds(6));
  s.Finish("https://a.vn", kT0 + seconds(6), FetchOutcome::kOk);
  CHECK(s.NextReady(kT0 + seconds(6)).wake == kT0 + seconds(7));
  // Capped at max_backoff.
  TimePoint now = kT0 + seconds(7);
  for (int i = 0; i < 20; ++i) {
    s.Start("https://a.vn", now);
    s.Finish("https://a.vn", now, FetchOutcome::kError);
    const HostScheduler::Next wait = s.NextReady(now);
    REQUIRE(wait.wake.has_value());
    now = *wait.wake;
  }
  const HostScheduler::Next next = s.NextReady(now - seconds(1));
  REQUIRE(next.wake.has_value());
  CHECK(*next.wake - (now - seconds(1)) <= seconds(601));
}

TEST_CASE("429/503 honour Retry-After and slow the host down for good") {
  HostScheduler s(Options(64, 1, 1.0));
  s.Enqueue("https://a.vn", 10);
  s.Start("https://a.vn", kT0);
  s.Finish("https://a.vn", kT0, FetchOutcome::kThrottled, 120.0);
  CHECK(s.NextReady(kT0).wake == kT0 + seconds(120));
  CHECK(s.Delay("https://a.vn") == doctest::Approx(2.0));
  s.Start("https://a.vn", kT0 + seconds(120));
  s.Finish("https://a.vn", kT0 + seconds(121), FetchOutcome::kOk);
  // The doubled delay stays after the host recovers.
  CHECK(s.NextReady(kT0 + seconds(121)).wake == kT0 + seconds(122));
  // A Retry-After beyond the cap is capped.
  s.Start("https://a.vn", kT0 + seconds(122));
  s.Finish("https://a.vn", kT0 + seconds(122), FetchOutcome::kThrottled, 1e9);
  CHECK(s.NextReady(kT0 + seconds(122)).wake == kT0 + seconds(722));
}

TEST_CASE("absurd delays are clamped, never overflow") {
  HostScheduler s(Options(64, 1, 1.0));
  s.SetCrawlDelay("https://a.vn", 1e300);
  s.Enqueue("https://a.vn", 2);
  s.Start("https://a.vn", kT0);
  s.Finish("https://a.vn", kT0, FetchOutcome::kOk);
  const HostScheduler::Next next = s.NextReady(kT0);
  REQUIRE(next.wake.has_value());
  CHECK(*next.wake == kT0 + std::chrono::hours(30 * 24));
}

TEST_CASE("dropping a host's pending work") {
  HostScheduler s(Options(64, 1, 1.0));
  s.Enqueue("https://a.vn", 3);
  s.DropPending("https://a.vn");
  CHECK(s.total_pending() == 0);
  CHECK(s.NextReady(kT0).host.empty());
  HostSchedulerOptions from = HostSchedulerOptions::FromConfig(CrawlConfig());
  CHECK(from.global_connections == 64);
  CHECK(from.per_host_connections == 2);
  CHECK(from.per_host_delay == doctest::Approx(1.0));
}

}  // namespace
}  // namespace newscrawl
