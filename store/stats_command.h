// stats: summarises the store.
#ifndef NEWSCRAWL_STORE_STATS_COMMAND_H_
#define NEWSCRAWL_STORE_STATS_COMMAND_H_

#include "config/commands.h"
#include "config/config.h"

namespace newscrawl {

// Runs `newscrawl stats`; returns a process exit code (config/commands.h).
int RunStatsCommand(const GlobalOptions& global, const Config& config,
       const StatsOptions& options);

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_STATS_COMMAND_H_
