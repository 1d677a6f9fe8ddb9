#include "config/commands.h"

#include <cstdio>

namespace newscrawl {

int CommandNotBuilt(const char* command) {
  std::fprintf(stderr,
               "newscrawl %s: not available in this build yet (exit code 2)\n",
               command);
  return kExitUsage;
}

}  // namespace newscrawl
