#include "extractor/extract_command.h"

namespace newscrawl {

int RunExtractCommand(const GlobalOptions& /*global*/, const Config& /*config*/,
       const ExtractOptions& /*options*/) {
  return CommandNotBuilt("extract");
}

}  // namespace newscrawl
