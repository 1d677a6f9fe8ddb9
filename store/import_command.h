// import: imports WARC files into the store.
#ifndef NEWSCRAWL_STORE_IMPORT_COMMAND_H_
#define NEWSCRAWL_STORE_IMPORT_COMMAND_H_

#include "config/commands.h"
#include "config/config.h"

namespace newscrawl {

// Runs `newscrawl import`; returns a process exit code (config/commands.h).
int RunImportCommand(const GlobalOptions& global, const Config& config,
       const ImportOptions& options);

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_IMPORT_COMMAND_H_
