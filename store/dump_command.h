// dump: writes stored articles (jsonl, text) or raw pages (warc) to files.
//
//   jsonl  one article per line (store/article_jsonl.h) to a file or "-"
//   text   one file per article under a directory (store/article_text.h);
//          with "-", every article to standard output, each preceded by a
//          "==> PATH <==" line
//   warc   every stored page as a WARC/1.1 response record, one gzip member
//          per record (store/warc_writer.h)
//
// --site selects sites, --since/--until (YYYY-MM-DD, inclusive) the
// articles' index dates (published, else first seen) or, for warc, the
// pages' fetch dates (UTC).  Dumps stream from the store's indexes in one
// read transaction: memory does not grow with the store.  Files appear
// under their names only when complete (store/output_file.h).
#ifndef NEWSCRAWL_STORE_DUMP_COMMAND_H_
#define NEWSCRAWL_STORE_DUMP_COMMAND_H_

#include <cstdint>

#include "config/commands.h"
#include "config/config.h"
#include "config/result.h"

namespace newscrawl {

class Store;

struct DumpSummary {
  std::uint64_t articles = 0;  // jsonl, text
  std::uint64_t pages = 0;     // warc
  std::uint64_t files = 0;     // files written
  std::uint64_t bytes = 0;     // bytes written
};

// Checks the options: the format, --out, and the dates.  InvalidArgument
// with a message for the user.
Status ValidateDumpOptions(const DumpOptions& options);

// Writes the dump described by `options` from an open store.  Aborted if an
// interrupt was requested (config/interrupt.h); nothing is left under the
// output name of an unfinished file.
Result<DumpSummary> DumpStore(Store& store, const DumpOptions& options);

// Runs `newscrawl dump`; returns a process exit code (config/commands.h).
int RunDumpCommand(const GlobalOptions& global, const Config& config,
                   const DumpOptions& options);

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_DUMP_COMMAND_H_
