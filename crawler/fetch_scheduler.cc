#include "crawler/fetch_scheduler.h"

#include <algorithm>

namespace newscrawl {

FetchScheduler::FetchScheduler(boost::asio::io_context& io, Fetcher& fetcher,
                               RobotsCache robots,
                               FetchSchedulerOptions options, Done done)
    : io_(io),
      fetcher_(fetcher),
      robots_(std::move(robots)),
      options_(options),
      done_(std::move(done)),
      timer_(io) {
  options_.per_host_connections = std::max(1, options_.per_host_connections);
}

void FetchScheduler::Add(CrawlJob job) {
  Result<Url> url = Url::Parse(job.entry.url);
  if (!url.ok()) {
    Finish(std::move(job), FetchDisposition::kBadUrl, url.status().ToString());
    return;
  }
  if (stopped_) {
    Finish(std::move(job), FetchDisposition::kAborted, "crawl stopping");
    return;
  }
  Host& host = hosts_[job.entry.host];
  if (host.origin.empty()) host.origin = url->Origin();
  host.waiting.push_back(Job{std::move(job), std::move(*url)});
  Pump();
}

void FetchScheduler::Stop() {
  stopped_ = true;
  timer_.cancel();
  for (auto& [key, host] : hosts_) {
    while (!host.waiting.empty()) {
      Job job = std::move(host.waiting.front());
      host.waiting.pop_front();
      Finish(std::move(job.crawl), FetchDisposition::kAborted,
             "crawl stopping");
    }
  }
  fetcher_.Stop();
}

std::size_t FetchScheduler::waiting() const {
  std::size_t n = 0;
  for (const auto& [key, host] : hosts_) n += host.waiting.size();
  return n;
}

void FetchScheduler::Pump() {
  if (stopped_) return;
  const Clock::time_point now = Clock::now();
  Clock::time_point earliest = Clock::time_point::max();
  for (auto& [key, host] : hosts_) {
    while (!host.waiting.empty() && !host.robots_fetching) {
      Job& front = host.waiting.front();
      const RobotsVerdict verdict = robots_.Check(front.url, now);
      if (verdict == RobotsVerdict::kUnknown) {
        StartRobots(host, key, front);
        break;
      }
      if (verdict == RobotsVerdict::kDisallowed) {
        Job job = std::move(front);
        host.waiting.pop_front();
        if (host.robots_error.empty()) {
          Finish(std::move(job.crawl), FetchDisposition::kRobotsDenied,
                 "disallowed by robots.txt");
        } else {
          Finish(std::move(job.crawl), FetchDisposition::kRobotsUnreachable,
                 "robots.txt unreachable: " + host.robots_error);
        }
        continue;
      }
      if (host.in_flight >= options_.per_host_connections) break;
      if (now < host.next_start) {
        earliest = std::min(earliest, host.next_start);
        break;
      }
      Job job = std::move(front);
      host.waiting.pop_front();
      StartFetch(host, key, std::move(job));
    }
  }
  if (earliest != Clock::time_point::max()) ArmTimer(earliest);
}

void FetchScheduler::ArmTimer(Clock::time_point at) {
  if (at >= timer_at_) return;  // an earlier wake-up is already set
  timer_at_ = at;
  timer_.expires_at(at);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;  // cancelled: re-armed or stopping
    timer_at_ = Clock::time_point::max();
    Pump();
  });
}

void FetchScheduler::StartRobots(Host& host, const std::string& key,
                                 const Job& job) {
  host.robots_fetching = true;
  FetchRequest request;
  request.url = RobotsCache::RobotsUrl(job.url);
  request.accept = "text/plain,*/*;q=0.5";
  request.max_bytes = 512 * 1024;
  std::string robots_url = request.url;
  fetcher_.Fetch(std::move(request), [this, key, site = job.crawl.entry.site,
                                      robots_url = std::move(robots_url)](
                                         FetchResult result) {
    auto it = hosts_.find(key);
    if (it == hosts_.end()) return;
    Host& h = it->second;
    h.robots_fetching = false;
    const Clock::time_point now = Clock::now();
    if (result.status.ok()) {
      h.robots_error.clear();
      robots_.Record(h.origin, result.http_status, result.body, now);
      const RobotsTxt* rules = robots_.Find(h.origin, now);
      if (options_.on_robots && rules != nullptr && !rules->sitemaps().empty()) {
        if (Result<Url> url = Url::Parse(robots_url); url.ok()) {
          options_.on_robots(site, *url, *rules);
        }
      }
    } else {
      h.robots_error = result.status.ToString();
      robots_.RecordUnreachable(h.origin, now);
    }
    // The next request to the host waits for its delay.
    h.next_start = now + std::chrono::duration_cast<Clock::duration>(
                             std::chrono::duration<double>(
                                 robots_.CrawlDelay(h.origin)));
    if (stopped_) return;
    Pump();
  });
}

void FetchScheduler::StartFetch(Host& host, const std::string& key, Job job) {
  ++host.in_flight;
  const double delay = robots_.CrawlDelay(host.origin);
  // Without a delay the next start is not pushed past Pump()'s `now`, so
  // one Pump() fills every free connection of the host instead of starting
  // one fetch and a timer for the next.
  if (delay > 0) {
    host.next_start =
        Clock::now() + std::chrono::duration_cast<Clock::duration>(
                           std::chrono::duration<double>(delay));
  }
  FetchRequest request;
  request.url = job.crawl.entry.url;
  request.if_none_match = job.crawl.etag;
  request.if_modified_since = job.crawl.last_modified;
  request.allowed_hosts = job.crawl.allowed_hosts;
  if (job.crawl.entry.kind == UrlKind::kFeed ||
      job.crawl.entry.kind == UrlKind::kSitemap) {
    request.accept =
        "application/rss+xml,application/atom+xml,application/xml,"
        "text/xml;q=0.9,*/*;q=0.5";
  }
  auto shared = std::make_shared<Job>(std::move(job));
  fetcher_.Fetch(std::move(request), [this, key, shared](FetchResult result) {
    auto it = hosts_.find(key);
    if (it != hosts_.end()) {
      Host& h = it->second;
      --h.in_flight;
      // A server that asks us to slow down gets its wish.
      if (result.http_status == 429 || result.http_status == 503) {
        const std::int64_t wait = std::clamp<std::int64_t>(
            result.retry_after > 0 ? result.retry_after : 30, 1,
            options_.max_defer.count());
        h.next_start =
            std::max(h.next_start, Clock::now() + std::chrono::seconds(wait));
      }
    }
    Finish(std::move(shared->crawl), FetchDisposition::kFetched, {},
           std::move(result));
    Pump();
  });
}

void FetchScheduler::Finish(CrawlJob job, FetchDisposition disposition,
                            std::string reason, FetchResult result) {
  FetchOutcome outcome;
  outcome.job = std::move(job);
  outcome.disposition = disposition;
  outcome.reason = std::move(reason);
  outcome.result = std::move(result);
  done_(std::move(outcome));
}

}  // namespace newscrawl
