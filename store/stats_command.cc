#include "store/stats_command.h"

namespace newscrawl {

int RunStatsCommand(const GlobalOptions& /*global*/, const Config& /*config*/,
       const StatsOptions& /*options*/) {
  return CommandNotBuilt("stats");
}

}  // namespace newscrawl
