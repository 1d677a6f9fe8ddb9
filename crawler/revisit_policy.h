// RevisitPolicy: when a URL is fetched again, expressed through the
// store's UrlState (store/store_records.h): after each response or failure
// the pipeline stores the `next_revisit` this policy computes, and on the
// next run Due() says whether the URL is fetched.
//   - feeds, sitemaps, listings, robots.txt: every run;
//   - articles: revisited `revisit_after_days` after the first fetch
//     ({1, 7}: a day and a week later), then never (next_revisit 0).  The
//     gaps are taken from the time of each fetch (1 day, then 6 more), so a
//     missed night shifts the later revisits instead of bunching them;
//   - other pages: fetched once;
//   - failures: retried after failure_backoff * 2^(failures - 1), capped at
//     max_failure_backoff; articles and other pages are given up after
//     `max_failures` consecutive failures.
// Due() subtracts `slack` from next_revisit, so that a nightly run starting
// a little earlier than the previous one still counts a day as passed.
//
// Times are Unix seconds (wall clock, as the store keeps them).
//
// Thread safety: immutable; all methods are const.
#ifndef NEWSCRAWL_CRAWLER_REVISIT_POLICY_H_
#define NEWSCRAWL_CRAWLER_REVISIT_POLICY_H_

#include <cstdint>
#include <vector>

#include "config/config.h"
#include "store/frontier_entry.h"
#include "store/store_records.h"

namespace newscrawl {

struct RevisitOptions {
  std::vector<int> revisit_after_days = {1, 7};
  int max_failures = 5;
  std::int64_t failure_backoff = 20 * 3600;          // seconds
  std::int64_t max_failure_backoff = 7 * 24 * 3600;  // seconds
  std::int64_t slack = 3 * 3600;                     // seconds

  static RevisitOptions FromConfig(const CrawlConfig& crawl);
};

class RevisitPolicy {
 public:
  explicit RevisitPolicy(RevisitOptions options);

  // Whether a URL with stored state `state` is fetched in a run at `now`.
  bool Due(const UrlState& state, std::int64_t now) const;
  // The latest revisit time due at `now` (now + slack): an article is due
  // exactly when its revisit index time (store/revisit_index.h) is at most
  // this, so a run reads the index up to it (Store::ScanDueRevisits).
  std::int64_t DueUntil(std::int64_t now) const;

  // The next_revisit to store after a response (200, 304, ...) at `now`.
  // `responses_before` is the stored fetch_count before this response (0
  // for a URL never fetched).  0 means never again.
  std::int64_t AfterResponse(UrlKind kind, std::uint32_t responses_before,
                             std::int64_t now) const;

  // The next_revisit to store after a failed attempt at `now`;
  // `failures` counts consecutive failures including this one.
  std::int64_t AfterFailure(UrlKind kind, std::uint32_t failures,
                            std::int64_t now) const;

  // Frontier priority of a due URL (revisits of articles after new ones).
  static FrontierPriority Priority(const UrlState& state);

 private:
  static bool EveryRun(UrlKind kind);

  RevisitOptions options_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWLER_REVISIT_POLICY_H_
