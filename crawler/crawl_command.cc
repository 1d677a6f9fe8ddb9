#include "crawler/crawl_command.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <utility>
#include <nlohmann/json.hpp>

#include "config/interrupt.h"
#include "crawler/crawler.h"
#include "crawler/site_health.h"
#include "store/profile_refresh.h"
#include "store/store.h"
#include "store/write_run.h"

namespace newscrawl {
namespace {

// Writes `text` to `path` through a temporary file and a rename, so a
// killed process never leaves half a file.
bool WriteFileAtomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return false;
    out << text;
    out.flush();
    if (!out) return false;
  }
  return std::rename(tmp.c_str(), path.c_str()) == 0;
}

}  // namespace

int RunCrawlCommand(const GlobalOptions& global, const Config& config,
                    const CrawlOptions& options) {
  InstallInterruptHandlers();
  StoreOptions store_options;
  store_options.near_duplicate_bits = config.store.near_duplicate_bits;
  store_options.sync = false;  // one fsync at the end of the run (Sync)
  Result<std::unique_ptr<Store>> store =
      Store::Open(global.store_dir, store_options);
  if (!store.ok()) {
    std::fprintf(stderr, "newscrawl crawl: %s\n",
                 store.status().ToString().c_str());
    return kExitFailure;
  }

  // A stale search index rebuilt; the sites' learned profiles attached.
  Result<Config> prepared = PrepareWriteRun(**store, "crawl", config);
  if (!prepared.ok()) {
    std::fprintf(stderr, "newscrawl crawl: %s\n",
                 prepared.status().ToString().c_str());
    return prepared.status().IsAborted() ? kExitInterrupted : kExitFailure;
  }
  const Config run_config = std::move(prepared).value();

  CrawlRunOptions run;
  run.sites = options.sites;
  run.max_pages = options.max_pages >= 0 ? options.max_pages
                                         : config.crawl.max_pages;
  run.max_time = options.max_time >= 0 ? options.max_time
                                       : config.crawl.max_time;
  run.progress = global.verbosity >= 0 && ::isatty(STDERR_FILENO) == 1;
  Crawler crawler(run_config, store->get(), run);
  Result<CrawlSummary> summary = crawler.Run();
  if (!summary.ok()) {
    std::fprintf(stderr, "newscrawl crawl: %s\n",
                 summary.status().ToString().c_str());
    return kExitFailure;
  }

  // Profiles learn from what this run stored (not after an interrupt: the
  // user asked to stop).
  if (summary->stop_reason() != "interrupted") {
    if (Status s = RefreshSiteProfiles(store->get(), config); !s.ok()) {
      summary->AddWarning(
          std::string("site profiles not updated: ").append(s.ToString()));
    }
  }

  // Site health against the previous run.
  HealthBySite current;
  for (const auto& [site, funnel] : summary->sites()) {
    current[site] = SiteHealth::FromFunnel(funnel);
  }
  HealthUpdate health = UpdateSiteHealth(global.store_dir, current, true);
  for (std::string& w : health.warnings) summary->AddWarning(std::move(w));
  if (!health.saved.ok()) {
    std::fprintf(stderr, "newscrawl crawl: %s\n",
                 health.saved.ToString().c_str());
  }

  std::fputs(summary->ToText().c_str(), stdout);
  std::fflush(stdout);
  if (!options.summary_json.empty() &&
      !WriteFileAtomically(options.summary_json,
                           summary->ToJson().dump(2) + "\n")) {
    std::fprintf(stderr, "newscrawl crawl: cannot write %s\n",
                 options.summary_json.c_str());
    return kExitFailure;
  }
  if (summary->stop_reason() == "interrupted") return kExitInterrupted;
  // Nothing could be fetched at all (no network, every host down): a
  // runtime failure, after the per-host summary above.
  const SiteFunnel totals = summary->Totals();
  if (totals.fetched + totals.not_modified == 0 && totals.ErrorCount() > 0) {
    return kExitFailure;
  }
  if (options.strict && !summary->warnings().empty()) return kExitFailure;
  return kExitOk;
}

}  // namespace newscrawl
