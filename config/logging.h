// Logging: spdlog to standard error, one process-wide logger.  Levels come
// from the CLI: --quiet shows warnings and errors, the default adds info,
// each --verbose adds a level (debug, then trace).
#ifndef NEWSCRAWL_CONFIG_LOGGING_H_
#define NEWSCRAWL_CONFIG_LOGGING_H_

namespace newscrawl {

// verbosity: -1 quiet, 0 normal, 1 debug, 2 or more trace.  Safe to call
// again (the level changes); call before starting threads.
void SetupLogging(int verbosity);

}  // namespace newscrawl

#endif  // NEWSCRAWL_CONFIG_LOGGING_H_
