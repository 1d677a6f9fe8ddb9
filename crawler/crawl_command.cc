#include "crawler/crawl_command.h"

namespace newscrawl {

int RunCrawlCommand(const GlobalOptions& /*global*/, const Config& /*config*/,
       const CrawlOptions& /*options*/) {
  return CommandNotBuilt("crawl");
}

}  // namespace newscrawl
