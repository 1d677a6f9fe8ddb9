#include "store/reindex_command.h"

namespace newscrawl {

int RunReindexCommand(const GlobalOptions& /*global*/, const Config& /*config*/,
       const ReindexOptions& /*options*/) {
  return CommandNotBuilt("reindex");
}

}  // namespace newscrawl
