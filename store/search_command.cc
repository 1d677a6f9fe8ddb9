#include "store/search_command.h"

namespace newscrawl {

int RunSearchCommand(const GlobalOptions& /*global*/, const Config& /*config*/,
       const SearchOptions& /*options*/) {
  return CommandNotBuilt("search");
}

}  // namespace newscrawl
