#include "crawler/reextract_command.h"

#include <cstdio>
#include <utility>

#include "config/interrupt.h"
#include "crawler/reextractor.h"
#include "crawler/site_health.h"
#include "store/profile_refresh.h"
#include "store/store.h"
#include "store/write_run.h"

namespace newscrawl {

int RunReextractCommand(const GlobalOptions& global, const Config& config,
                        const ReextractOptions& options) {
  InstallInterruptHandlers();
  StoreOptions store_options;
  store_options.near_duplicate_bits = config.store.near_duplicate_bits;
  store_options.read_only = options.dry_run;
  store_options.sync = false;  // one fsync at the end (Reextractor::Run)
  Result<std::unique_ptr<Store>> store =
      Store::Open(global.store_dir, store_options);
  if (!store.ok()) {
    std::fprintf(stderr, "newscrawl reextract: %s\n",
                 store.status().ToString().c_str());
    return kExitFailure;
  }

  // A stale search index rebuilt; the sites' learned profiles attached.
  Result<Config> prepared = PrepareWriteRun(**store, "reextract", config);
  if (!prepared.ok()) {
    std::fprintf(stderr, "newscrawl reextract: %s\n",
                 prepared.status().ToString().c_str());
    return prepared.status().IsAborted() ? kExitInterrupted : kExitFailure;
  }
  const Config run_config = std::move(prepared).value();

  ReextractorOptions run;
  run.sites = options.sites;
  run.all = options.all;
  run.dry_run = options.dry_run;
  run.diff = options.diff;
  run.jobs = options.jobs;
  run.diff_out = options.diff > 0 ? stdout : nullptr;
  Reextractor reextractor(run_config, store->get(), run);
  Result<ReextractReport> report = reextractor.Run();
  if (!report.ok()) {
    std::fprintf(stderr, "newscrawl reextract: %s\n",
                 report.status().ToString().c_str());
    return kExitFailure;
  }

  // Profiles learn from the bodies just stored (as after a crawl).
  if (!options.dry_run && !report->interrupted) {
    if (Status s = RefreshSiteProfiles(store->get(), config); !s.ok()) {
      std::fprintf(stderr, "newscrawl reextract: site profiles not updated: %s\n",
                   s.ToString().c_str());
    }
  }

  // Site health of the sites whose pages were extracted again.
  HealthBySite current;
  for (const auto& [site, r] : report->sites) {
    if (r.processed > 0) current[site] = r.Health();
  }
  const HealthUpdate health =
      UpdateSiteHealth(global.store_dir, current, !options.dry_run);
  std::fputs(report->ToText().c_str(), stdout);
  for (const std::string& w : health.warnings) {
    std::printf("warning: %s\n", w.c_str());
  }
  std::fflush(stdout);
  if (!health.saved.ok()) {
    std::fprintf(stderr, "newscrawl reextract: %s\n",
                 health.saved.ToString().c_str());
  }
  if (report->interrupted) return kExitInterrupted;
  if (options.strict && !health.warnings.empty()) return kExitFailure;
  return kExitOk;
}

}  // namespace newscrawl
