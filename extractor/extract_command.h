// extract: extracts articles from saved HTML files.
#ifndef NEWSCRAWL_EXTRACTOR_EXTRACT_COMMAND_H_
#define NEWSCRAWL_EXTRACTOR_EXTRACT_COMMAND_H_

#include "config/commands.h"
#include "config/config.h"

namespace newscrawl {

// Runs `newscrawl extract`; returns a process exit code (config/commands.h).
int RunExtractCommand(const GlobalOptions& global, const Config& config,
       const ExtractOptions& options);

}  // namespace newscrawl

#endif  // NEWSCRAWL_EXTRACTOR_EXTRACT_COMMAND_H_
