// SiteHealth: the per-site figures that show a broken extraction, compared
// from one run to the next.  A redesign that breaks extraction shows up as a
// jump in the share of article pages with an empty or very short body, no
// title or no date; a block page or a WAF challenge answered with HTTP 200
// shows up as a site that yielded articles before and yields none now.
//
// The crawl and the re-extraction compute these figures at the end of a run
// from their per-site counters, compare them with the previous run's
// (persisted by the caller as JSON) and turn jumps into warnings.
#ifndef NEWSCRAWL_CRAWLER_SITE_HEALTH_H_
#define NEWSCRAWL_CRAWLER_SITE_HEALTH_H_

#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "config/status.h"
#include "crawler/crawl_summary.h"

namespace newscrawl {

struct SiteHealth {
  std::int64_t pages = 0;     // article pages extracted in the run
  std::int64_t articles = 0;  // new + updated articles the run yielded
  double short_share = 0;     // share of pages with an empty/short body
  double no_title_share = 0;
  double no_date_share = 0;

  static SiteHealth FromFunnel(const SiteFunnel& funnel);

  // Minimum pages in a run before its shares are compared at all.
  static constexpr std::int64_t kMinPages = 5;
  // A share that grows by at least this much (absolute) is a jump.
  static constexpr double kJump = 0.25;
};

using HealthBySite = std::map<std::string, SiteHealth>;

// Human-readable warnings for the sites whose figures jumped between
// `previous` and `current`, e.g. "laodong: 64% of article pages have an
// empty or very short body (was 2%)".  Sites missing from either side are
// not compared.
std::vector<std::string> CompareHealth(const HealthBySite& previous,
                                       const HealthBySite& current);

// The figures of the previous runs, kept per store in
// STORE/site-health.json by UpdateSiteHealth.
std::string SiteHealthPath(const std::string& store_dir);

struct HealthUpdate {
  std::vector<std::string> warnings;  // CompareHealth(previous, current)
  Status saved;                       // Ok, or why the file was not written
};

// Compares `current` with the figures stored in `store_dir` (none if the
// file is absent or damaged) and, if `save`, stores them merged (a site not
// in `current` keeps its previous figures) through a temporary file, so a
// killed process never leaves half a file.  Used after every crawl and
// re-extraction.
HealthUpdate UpdateSiteHealth(const std::string& store_dir,
                              const HealthBySite& current, bool save);

nlohmann::json HealthToJson(const HealthBySite& health);
// Tolerant: unknown or malformed entries are skipped (the previous figures
// are advisory, a damaged file must not stop a crawl).
HealthBySite HealthFromJson(const nlohmann::json& json);

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWLER_SITE_HEALTH_H_
