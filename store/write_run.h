// PrepareWriteRun: what every command that extracts and writes articles
// (crawl, reextract, import) first does with its store, so that they all
// behave alike after an upgrade and with learned site profiles.
#ifndef NEWSCRAWL_STORE_WRITE_RUN_H_
#define NEWSCRAWL_STORE_WRITE_RUN_H_

#include "config/config.h"
#include "config/result.h"
#include "store/store.h"

namespace newscrawl {

// Rebuilds a search index of an older format first (RebuildStaleSearchIndex,
// unless the store is read-only), then returns `config` with the store's
// learned site profiles attached (AttachSiteProfiles), for the run's
// extractors.  Aborted if the rebuild was interrupted (rerun to resume).
Result<Config> PrepareWriteRun(Store& store, const char* command,
                               const Config& config);

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_WRITE_RUN_H_
