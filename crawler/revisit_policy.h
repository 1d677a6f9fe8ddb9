// RevisitPolicy: whether a known URL is fetched in this run, and when it is
// due next, from what the frontier remembers about it.
//   - feeds, sitemaps and listings: every run;
//   - articles: once, then revisited `revisit_after_days` after the first
//     successful fetch ({1, 7}: after a day and after a week), then never;
//     revisit points already passed when a run was missed are skipped;
//   - other pages: once;
//   - failures (consecutive, with no success since): retried after
//     failure_backoff * 2^(failures - 1), capped at max_failure_backoff;
//     articles and other pages are given up after `max_failures`.
// Every due time has `slack` subtracted, so that a nightly run starting a
// little earlier than yesterday's still counts a day as passed.
//
// Times are Unix seconds (wall clock: the frontier persists them).
//
// Thread safety: immutable; Decide() is const.
#ifndef NEWSCRAWL_CRAWLER_REVISIT_POLICY_H_
#define NEWSCRAWL_CRAWLER_REVISIT_POLICY_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "config/config.h"
#include "crawler/crawl_kind.h"

namespace newscrawl {

struct RevisitOptions {
  std::vector<int> revisit_after_days = {1, 7};
  int max_failures = 5;
  std::int64_t failure_backoff = 20 * 3600;           // seconds
  std::int64_t max_failure_backoff = 7 * 24 * 3600;   // seconds
  std::int64_t slack = 3 * 3600;                      // seconds

  static RevisitOptions FromConfig(const CrawlConfig& crawl);
};

// What the frontier knows about a URL.
struct UrlState {
  CrawlKind kind = CrawlKind::kArticle;
  std::optional<std::int64_t> first_fetched;  // first successful fetch
  std::optional<std::int64_t> last_fetched;   // last successful fetch (200 or 304)
  std::optional<std::int64_t> last_attempt;   // last fetch attempt, any outcome
  int failures = 0;  // consecutive failed attempts since the last success
};

struct RevisitDecision {
  bool fetch_now = false;
  bool revisit = false;  // a re-fetch of a page fetched before (conditional GET)
  int priority = 4;      // CrawlPriority()
  // When the URL is next due if not fetched now, or after this fetch
  // succeeds; nullopt: never again.
  std::optional<std::int64_t> next_due;
};

class RevisitPolicy {
 public:
  explicit RevisitPolicy(RevisitOptions options);

  RevisitDecision Decide(const UrlState& state, std::int64_t now) const;

 private:
  RevisitOptions options_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWLER_REVISIT_POLICY_H_
