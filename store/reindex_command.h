// reindex: rebuilds the full-text index from the articles (after an upgrade
// of the tokenizer or the index format).  It commits one batch of articles
// per transaction and records how far it got, so an interrupted reindex
// (Ctrl-C, kill) resumes where it stopped the next time it runs.
#ifndef NEWSCRAWL_STORE_REINDEX_COMMAND_H_
#define NEWSCRAWL_STORE_REINDEX_COMMAND_H_

#include <cstddef>
#include <cstdint>
#include <functional>

#include "config/commands.h"
#include "config/config.h"
#include "config/status.h"

namespace newscrawl {

class Store;

struct ReindexRun {
  size_t batch = 256;  // articles per transaction
  // Polled between batches; true stops the run (Aborted).
  std::function<bool()> interrupted;
};

struct ReindexReport {
  bool resumed = false;    // continued an interrupted run
  uint64_t indexed = 0;    // articles indexed by this run
  uint64_t documents = 0;  // documents in the index at the end
};

// Rebuilds (or resumes rebuilding) the index of `store` (writable).
// Aborted if `run.interrupted` said so; what was committed stays.
Status Reindex(Store& store, const ReindexRun& run, ReindexReport* report);

// Runs `newscrawl reindex`; returns a process exit code (config/commands.h).
// Commands that write articles (crawl, reextract, import) call this first:
// when the store's search index has another format version (an upgrade
// changed it), the index is rebuilt from the stored articles before any
// article is written, with one line on stderr naming `command`; otherwise
// nothing happens.  Aborted if interrupted (rerun to resume).
Status RebuildStaleSearchIndex(Store& store, const char* command);

int RunReindexCommand(const GlobalOptions& global, const Config& config,
                      const ReindexOptions& options);

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_REINDEX_COMMAND_H_
