// show: prints one stored article or page.
#ifndef NEWSCRAWL_STORE_SHOW_COMMAND_H_
#define NEWSCRAWL_STORE_SHOW_COMMAND_H_

#include "config/commands.h"
#include "config/config.h"

namespace newscrawl {

// Runs `newscrawl show`; returns a process exit code (config/commands.h).
int RunShowCommand(const GlobalOptions& global, const Config& config,
       const ShowOptions& options);

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_SHOW_COMMAND_H_
