// dump: writes stored articles (jsonl, text) or raw pages (warc) to files.
#ifndef NEWSCRAWL_STORE_DUMP_COMMAND_H_
#define NEWSCRAWL_STORE_DUMP_COMMAND_H_

#include "config/commands.h"
#include "config/config.h"

namespace newscrawl {

// Runs `newscrawl dump`; returns a process exit code (config/commands.h).
int RunDumpCommand(const GlobalOptions& global, const Config& config,
       const DumpOptions& options);

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_DUMP_COMMAND_H_
