#include "store/import_command.h"

namespace newscrawl {

int RunImportCommand(const GlobalOptions& /*global*/, const Config& /*config*/,
       const ImportOptions& /*options*/) {
  return CommandNotBuilt("import");
}

}  // namespace newscrawl
