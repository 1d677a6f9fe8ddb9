#include "config/logging.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace newscrawl {

void SetupLogging(int verbosity) {
  static const bool installed = [] {
    auto logger = spdlog::stderr_color_mt("newscrawl");
    spdlog::set_default_logger(logger);
    spdlog::set_pattern("%^%l%$: %v");
    return true;
  }();
  (void)installed;
  spdlog::level::level_enum level = spdlog::level::info;
  if (verbosity < 0) {
    level = spdlog::level::warn;
  } else if (verbosity == 1) {
    level = spdlog::level::debug;
  } else if (verbosity >= 2) {
    level = spdlog::level::trace;
  }
  spdlog::set_level(level);
}

}  // namespace newscrawl
