// search: full-text search over the stored articles.
#ifndef NEWSCRAWL_STORE_SEARCH_COMMAND_H_
#define NEWSCRAWL_STORE_SEARCH_COMMAND_H_

#include "config/commands.h"
#include "config/config.h"

namespace newscrawl {

// Runs `newscrawl search`; returns a process exit code (config/commands.h).
int RunSearchCommand(const GlobalOptions& global, const Config& config,
       const SearchOptions& options);

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_SEARCH_COMMAND_H_
