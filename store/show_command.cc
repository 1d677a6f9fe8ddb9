#include "store/show_command.h"

namespace newscrawl {

int RunShowCommand(const GlobalOptions& /*global*/, const Config& /*config*/,
       const ShowOptions& /*options*/) {
  return CommandNotBuilt("show");
}

}  // namespace newscrawl
