// Reextractor: runs the current extraction rules over the raw pages already
// in a store (`newscrawl reextract`), without fetching anything, and applies
// what changed (store/reextract_write.h).
//
// Pipeline (threads):
//   scanner  --work queue-->  `jobs` extraction workers  --done queue-->
//   writer (the calling thread, the store's only writer)
// The scanner reads the latest page of each article URL in URL order, in
// short read transactions, and keeps those whose recorded rules
// fingerprint differs from their site's current one (all with `all`), with
// their URL's article record.  Workers extract (through ExtractorSet, the
// one place that builds extractors) and do the transaction-free work of the
// write (PrepareReextractWrite: keys, SimHash, search tokens, the stored
// record decoded and the edit's records encoded).  The writer puts results back in scan order and
// applies them in batches of `batch_pages` (or fewer, `batch_bytes`), one
// transaction each, so the outcome does not depend on thread timing: a run
// killed at any point and rerun gives the same store as one uninterrupted
// run, and a second run finds nothing to do.  Large batches make the
// commits cheap: LMDB copies each B-tree page a transaction touches once,
// however many records on it change.  Pages go from thread to thread in
// groups of a few (one wake-up per group).  Both queues are bounded, so
// memory stays flat (a batch and a quarter of one in flight, about).  The
// search index's tombstones (one per replaced article, at most) are not
// purged during the run (Store::DeferIndexPurge) but once, by the store's
// next write of an article; queries skip them meanwhile.
//
// InterruptRequested() (config/interrupt.h) stops the scanner; the pages in
// flight are extracted and committed, and the report says "interrupted".
//
// Thread safety: one Run() at a time; the Store must not have another
// writer in this process meanwhile.
#ifndef NEWSCRAWL_CRAWLER_REEXTRACTOR_H_
#define NEWSCRAWL_CRAWLER_REEXTRACTOR_H_

#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "config/config.h"
#include "config/result.h"
#include "crawler/site_health.h"

namespace newscrawl {

class Store;

// Per site.  A page counts in exactly one of changed, metadata, unchanged,
// newly_empty, stale, failed; newly_duplicate and no_longer_duplicate are
// among the changed.
struct SiteReextractReport {
  std::int64_t processed = 0;  // pages extracted again
  std::int64_t changed = 0;    // new body
  std::int64_t metadata = 0;   // same body, new title/date/...
  std::int64_t unchanged = 0;
  std::int64_t newly_empty = 0;        // article kept, see reextract_write.h
  std::int64_t newly_duplicate = 0;    // became a near duplicate
  std::int64_t no_longer_duplicate = 0;
  std::int64_t stale = 0;   // refetched meanwhile: skipped
  std::int64_t failed = 0;  // extraction errors (retried by a rerun)
  // Site-health inputs over the processed pages.
  std::int64_t short_bodies = 0;  // empty or < SiteFunnel::kShortBody
  std::int64_t no_title = 0;
  std::int64_t no_date = 0;
  std::int64_t articles = 0;  // processed pages with a non-empty body

  SiteHealth Health() const;
  void Add(const SiteReextractReport& other);
};

struct ReextractReport {
  std::map<std::string, SiteReextractReport> sites;
  bool interrupted = false;
  bool dry_run = false;
  int jobs = 0;
  double elapsed_seconds = 0;
  // CPU seconds of the writer thread in ApplyReextraction, and of the
  // extraction workers (CLOCK_THREAD_CPUTIME_ID): where the time goes, on a
  // machine whose cores are shared.
  double store_cpu_seconds = 0;
  double worker_cpu_seconds = 0;
  std::int64_t diffs_written = 0;

  SiteReextractReport Totals() const;
  // A table, one line per site and a total line.
  std::string ToText() const;
};

struct ReextractorOptions {
  std::vector<std::string> sites;  // empty: every site in the store
  bool all = false;      // every page, not only those with old rules
  bool dry_run = false;  // extract and report, write nothing
  int diff = 0;          // write unified diffs of this many changed bodies
  int jobs = 0;          // extraction threads; 0: one per core
  std::size_t batch_pages = 512;  // pages per write transaction, at most
  // A transaction's pages stop at this many bytes of results (article
  // text, search tokens, encoded records; approximate).
  std::size_t batch_bytes = std::size_t{16} << 20;
  std::FILE* diff_out = nullptr;  // where diffs go (null: none written)
  // Called on the writer thread after each batch is applied (committed
  // unless dry_run), with the report so far: progress, tests.
  std::function<void(const ReextractReport&)> on_batch;
};

class Reextractor {
 public:
  // `config` and `store` must outlive the Reextractor.  A dry run may use a
  // read-only store.
  Reextractor(const Config& config, Store* store, ReextractorOptions options);

  // Runs to the end (or to an interruption).  A store or configuration
  // error stops the run: what was committed before stays, and a rerun
  // continues.
  Result<ReextractReport> Run();

 private:
  const Config& config_;
  Store* store_;
  ReextractorOptions options_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWLER_REEXTRACTOR_H_
