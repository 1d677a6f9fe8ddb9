// FetchScheduler: the crawl's I/O-thread side.  It takes the URLs the
// coordinator popped from the frontier, keeps them in per-host queues and
// starts their fetches politely: robots.txt is fetched and obeyed first
// (crawler/robots_cache.h), at most `per_host_connections` transfers run
// per host, request starts on a host are at least the host's delay apart
// (max of the config delay and Crawl-delay), and a 429/503 with
// Retry-After defers the host.  Each URL ends in exactly one FetchOutcome,
// fetched or not, handed to the `done` callback.
//
// Thread safety: everything runs on the io_context's thread; Add() and
// Stop() must be called there (post them).
#ifndef NEWSCRAWL_CRAWLER_FETCH_SCHEDULER_H_
#define NEWSCRAWL_CRAWLER_FETCH_SCHEDULER_H_

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "crawler/fetcher.h"
#include "crawler/robots_cache.h"
#include "crawler/url.h"
#include "store/frontier_entry.h"

namespace newscrawl {

// One URL handed to the I/O thread.
struct CrawlJob {
  FrontierEntry entry;
  std::string etag;           // validators for a conditional GET
  std::string last_modified;
  std::vector<std::string> allowed_hosts;  // of its site, for redirects
};

enum class FetchDisposition {
  kFetched,        // `result` holds the response or the fetch error
  kRobotsDenied,   // robots.txt disallows the URL
  kRobotsUnreachable,  // robots.txt could not be fetched: not crawled now
  kAborted,        // the crawl stopped before it was fetched
  kBadUrl,         // the URL could not be parsed
};

struct FetchOutcome {
  CrawlJob job;
  FetchDisposition disposition = FetchDisposition::kFetched;
  FetchResult result;
  std::string reason;  // for the dispositions other than kFetched
};

struct FetchSchedulerOptions {
  int per_host_connections = 2;
  // Longest a 429/503 Retry-After defers a host.
  std::chrono::seconds max_defer{300};
  // Called on the I/O thread when a robots.txt that names sitemaps was
  // fetched, with the site of the URL that needed it: the crawler queues
  // those sitemaps.
  std::function<void(const std::string& site, const Url& robots_url,
                     const RobotsTxt& robots)>
      on_robots;
};

class FetchScheduler {
 public:
  using Done = std::function<void(FetchOutcome)>;
  using Clock = std::chrono::steady_clock;

  FetchScheduler(boost::asio::io_context& io, Fetcher& fetcher,
                 RobotsCache robots, FetchSchedulerOptions options, Done done);
  FetchScheduler(const FetchScheduler&) = delete;
  FetchScheduler& operator=(const FetchScheduler&) = delete;

  void Add(CrawlJob job);

  // Completes every waiting job as kAborted and aborts the fetches in
  // flight (their outcomes arrive with an Aborted status).
  void Stop();

  std::size_t waiting() const;

 private:
  struct Job {
    CrawlJob crawl;
    Url url;
  };
  struct Host {
    std::string origin;
    std::deque<Job> waiting;
    int in_flight = 0;
    Clock::time_point next_start{};
    bool robots_fetching = false;
    std::string robots_error;  // why robots.txt was unreachable
  };

  void Pump();
  void StartFetch(Host& host, const std::string& key, Job job);
  void StartRobots(Host& host, const std::string& key, const Job& job);
  void Finish(CrawlJob job, FetchDisposition disposition, std::string reason,
              FetchResult result = {});
  void ArmTimer(Clock::time_point at);

  boost::asio::io_context& io_;
  Fetcher& fetcher_;
  RobotsCache robots_;
  FetchSchedulerOptions options_;
  Done done_;
  std::unordered_map<std::string, Host> hosts_;
  boost::asio::steady_timer timer_;
  Clock::time_point timer_at_ = Clock::time_point::max();
  bool stopped_ = false;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWLER_FETCH_SCHEDULER_H_
