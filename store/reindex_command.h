// reindex: rebuilds the full-text index from the articles.
#ifndef NEWSCRAWL_STORE_REINDEX_COMMAND_H_
#define NEWSCRAWL_STORE_REINDEX_COMMAND_H_

#include "config/commands.h"
#include "config/config.h"

namespace newscrawl {

// Runs `newscrawl reindex`; returns a process exit code (config/commands.h).
int RunReindexCommand(const GlobalOptions& global, const Config& config,
       const ReindexOptions& options);

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_REINDEX_COMMAND_H_
