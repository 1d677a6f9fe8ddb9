// CrawlSummary: the figures of one crawl run, per site and per host, for the
// live progress line, the final text summary and --summary-json.
//
// The nightly funnel per site: URLs announced by feeds and sitemaps ->
// discovered (queued for the first time) -> fetched (200 / 304 / errors by
// kind) -> articles (new / updated / duplicate / unchanged).  Per host: how
// many requests failed and the last error, so a run without network ends
// with one clear line per host.
//
// Thread safety: none; the pipeline updates it from its writer thread and
// reads it there (the progress line gets a copy of the totals).
#ifndef NEWSCRAWL_CRAWLER_CRAWL_SUMMARY_H_
#define NEWSCRAWL_CRAWLER_CRAWL_SUMMARY_H_

#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace newscrawl {

struct SiteFunnel {
  std::int64_t announced = 0;   // URLs listed by the site's feeds and sitemaps
  std::int64_t discovered = 0;  // URLs queued for the first time
  std::int64_t fetched = 0;     // responses with a body (2xx)
  std::int64_t not_modified = 0;     // 304 answers to conditional GETs
  std::int64_t robots_denied = 0;    // URLs robots.txt did not allow
  std::map<std::string, std::int64_t> errors;  // by kind ("timeout", "http-404")
  std::int64_t new_articles = 0;
  std::int64_t updated_articles = 0;    // same URL, new body
  std::int64_t duplicate_articles = 0;  // body already stored (exact or near)
  std::int64_t unchanged_articles = 0;  // refetched, same body
  // Site-health inputs over extracted article pages.
  std::int64_t extracted = 0;
  std::int64_t short_bodies = 0;  // empty or under kShortBody characters
  std::int64_t no_title = 0;
  std::int64_t no_date = 0;

  std::int64_t ErrorCount() const;
  static constexpr std::size_t kShortBody = 200;
};

struct HostReport {
  std::int64_t requests = 0;
  std::int64_t failures = 0;
  std::string last_error;  // "Network: Could not resolve host: ..."
};

class CrawlSummary {
 public:
  SiteFunnel& site(const std::string& name) { return sites_[name]; }
  const std::map<std::string, SiteFunnel>& sites() const { return sites_; }

  // Records the outcome of one request to `host`.
  void AddRequest(const std::string& host, bool failed,
                  const std::string& error = {});
  const std::map<std::string, HostReport>& hosts() const { return hosts_; }

  // Why the run stopped: "done", "max-pages", "max-time", "interrupted",
  // "error".
  void set_stop_reason(std::string reason) { stop_reason_ = std::move(reason); }
  const std::string& stop_reason() const { return stop_reason_; }
  void set_elapsed_seconds(double s) { elapsed_ = s; }
  double elapsed_seconds() const { return elapsed_; }
  // The writer's Store::Write calls (one transaction each) and the CPU
  // seconds its thread spent in them.
  void AddStoreWrite(double seconds) {
    ++store_writes_;
    store_write_ += seconds;
  }
  std::int64_t store_writes() const { return store_writes_; }
  double store_write_seconds() const { return store_write_; }

  // Warnings (site-health alerts, sites that stopped yielding articles).
  void AddWarning(std::string warning) { warnings_.push_back(std::move(warning)); }
  const std::vector<std::string>& warnings() const { return warnings_; }

  SiteFunnel Totals() const;

  // One line for a terminal: "412 pages 37.1/s  queued 1 204  errors 3 ...".
  std::string ProgressLine(std::int64_t queued) const;
  // The final report, several lines, per site then per failing host.
  std::string ToText() const;
  // {"stop_reason", "elapsed_seconds", "store_writes",
  // "store_write_seconds", "totals": {...}, "sites": {name:
  // {...}}, "hosts": {...}, "warnings": [...]}
  nlohmann::json ToJson() const;

 private:
  std::map<std::string, SiteFunnel> sites_;
  std::map<std::string, HostReport> hosts_;
  std::vector<std::string> warnings_;
  std::string stop_reason_ = "done";
  double elapsed_ = 0;
  std::int64_t store_writes_ = 0;
  double store_write_ = 0;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWLER_CRAWL_SUMMARY_H_
