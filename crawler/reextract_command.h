// reextract: re-runs extraction over stored raw pages.
#ifndef NEWSCRAWL_CRAWLER_REEXTRACT_COMMAND_H_
#define NEWSCRAWL_CRAWLER_REEXTRACT_COMMAND_H_

#include "config/commands.h"
#include "config/config.h"

namespace newscrawl {

// Runs `newscrawl reextract`; returns a process exit code (config/commands.h).
int RunReextractCommand(const GlobalOptions& global, const Config& config,
       const ReextractOptions& options);

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWLER_REEXTRACT_COMMAND_H_
