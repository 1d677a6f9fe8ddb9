#include "crawler/reextract_command.h"

namespace newscrawl {

int RunReextractCommand(const GlobalOptions& /*global*/, const Config& /*config*/,
       const ReextractOptions& /*options*/) {
  return CommandNotBuilt("reextract");
}

}  // namespace newscrawl
