// Crawler: one crawl run over the configured sites, from the frontier in
// the store to stored pages and articles.
//
// Threads and stages (bounded in between, so memory stays flat however
// large the site):
//   coordinator (the caller's thread; the only one that touches LMDB):
//       pops URLs from the frontier, hands them to the I/O thread, takes
//       processed pages back and writes them in batched transactions
//       together with the URLs they announce and the frontier updates;
//   I/O thread: FetchScheduler + Fetcher (libcurl multi on Asio): robots,
//       per-host limits and delays, conditional GETs;
//   workers (one per core): PageProcessor: extraction, links, feeds,
//       sitemaps.
// The number of URLs between pop and write is capped (4 x concurrency), so
// the queues never hold more than that.
//
// Incremental: every run queues the sites' seeds, feeds and sitemaps;
// listings are fetched once per run; an article URL already stored is
// fetched again only when its revisit time has come (crawler/
// revisit_policy.h: after 1 and 7 days by default, then never; failures
// back off) or a feed/sitemap says it changed since; refetches are
// conditional GETs (a 304 downloads nothing).
//
// Stopping: the page and time budgets and SIGINT/SIGTERM stop popping; what
// is in flight is finished and committed (after a grace period it is
// aborted and stays in the frontier), and the next run resumes.
#ifndef NEWSCRAWL_CRAWLER_CRAWLER_H_
#define NEWSCRAWL_CRAWLER_CRAWLER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "config/config.h"
#include "config/result.h"
#include "crawler/crawl_summary.h"

namespace newscrawl {

class Store;

struct CrawlRunOptions {
  std::vector<std::string> sites;  // empty: every enabled site
  std::int64_t max_pages = 0;      // fetches per run, all sites; 0: none
  double max_time = 0;             // seconds; 0: none
  bool progress = false;           // a live progress line on stderr
  int workers = 0;                 // 0: one per core
  double stop_grace = 15;          // seconds to finish in-flight fetches
  // Seconds added to the wall clock for the run's times (fetch times,
  // revisit schedule, frontier delays), e.g. a test's "two nights later".
  std::int64_t clock_offset = 0;
  // true: the store's CPU work for each page (Store::PreparePage:
  // normalising, hashing, SimHash, zstd) runs on the workers, so that the
  // writer's transactions do LMDB work alone; false: the writer does it
  // (kept for the pipeline benchmark's comparison).
  bool prepare_on_workers = true;
};

class Crawler {
 public:
  Crawler(const Config& config, Store* store, CrawlRunOptions options);

  // Runs until the frontier has nothing ready, a budget is spent or an
  // interrupt arrives.  Errors are setup and store failures (a full disk);
  // fetch errors are figures in the summary.
  Result<CrawlSummary> Run();

 private:
  const Config& config_;
  Store* store_;
  CrawlRunOptions options_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWLER_CRAWLER_H_
