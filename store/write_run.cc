#include "store/write_run.h"

#include "store/profile_store.h"
#include "store/reindex_command.h"

namespace newscrawl {

Result<Config> PrepareWriteRun(Store& store, const char* command,
                               const Config& config) {
  if (!store.read_only()) {
    NEWSCRAWL_RETURN_IF_ERROR(RebuildStaleSearchIndex(store, command));
  }
  Config run_config = config;
  NEWSCRAWL_RETURN_IF_ERROR(AttachSiteProfiles(store, &run_config));
  return run_config;
}

}  // namespace newscrawl
