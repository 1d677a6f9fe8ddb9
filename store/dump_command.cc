#include "store/dump_command.h"

namespace newscrawl {

int RunDumpCommand(const GlobalOptions& /*global*/, const Config& /*config*/,
       const DumpOptions& /*options*/) {
  return CommandNotBuilt("dump");
}

}  // namespace newscrawl
