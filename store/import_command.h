// import: imports WARC files into the store (store/warc_importer.h), with
// each HTML page's article extracted by the Extractor of its site.
#ifndef NEWSCRAWL_STORE_IMPORT_COMMAND_H_
#define NEWSCRAWL_STORE_IMPORT_COMMAND_H_

#include "config/commands.h"
#include "config/config.h"
#include "store/warc_importer.h"

namespace newscrawl {

// A PageExtractFn backed by extractor/extractor_set.h: one Extractor per
// site.  Fails if a site's rules do not compile.  `config` must outlive the
// function.
Result<PageExtractFn> MakeSiteExtractFn(const Config& config);

// Runs `newscrawl import`; returns a process exit code (config/commands.h):
// 0 when every file was read to its end, 1 if a file could not be opened or
// read to its end (what was read before is stored), 130 on interrupt.
int RunImportCommand(const GlobalOptions& global, const Config& config,
                     const ImportOptions& options);

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_IMPORT_COMMAND_H_
