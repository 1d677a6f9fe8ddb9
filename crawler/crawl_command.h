// crawl: the nightly crawl of the configured sites into the store.
#ifndef NEWSCRAWL_CRAWLER_CRAWL_COMMAND_H_
#define NEWSCRAWL_CRAWLER_CRAWL_COMMAND_H_

#include "config/commands.h"
#include "config/config.h"

namespace newscrawl {

// Runs `newscrawl crawl`; returns a process exit code (config/commands.h).
int RunCrawlCommand(const GlobalOptions& global, const Config& config,
       const CrawlOptions& options);

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWLER_CRAWL_COMMAND_H_
