#include "store/reindex_command.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

#include "config/interrupt.h"
#include "store/search_index.h"
#include "store/search_index_hook.h"
#include "store/search_index_writer.h"
#include "store/store.h"

namespace newscrawl {
namespace {

constexpr const char* kProgress = "reindex_progress";
constexpr const char* kStarted = "started";

}  // namespace

Status Reindex(Store& store, const ReindexRun& run, ReindexReport* report) {
  *report = ReindexReport{};
  std::unique_ptr<SearchIndex> index;
  std::string progress;
  // Start (empty the index) or resume; an index of an older format is
  // emptied.
  Status status = store.WriteTransaction([&](MDB_txn* txn) {
    NEWSCRAWL_ASSIGN_OR_RETURN(index, SearchIndex::OpenForRebuild(txn));
    NEWSCRAWL_ASSIGN_OR_RETURN(progress, index->GetMeta(txn, kProgress));
    if (!progress.empty()) return Status::Ok();
    NEWSCRAWL_RETURN_IF_ERROR(index->Clear(txn));
    return index->PutMeta(txn, kProgress, kStarted);
  });
  if (!status.ok()) return status;
  report->resumed = !progress.empty();

  // The current articles (near duplicates and replaced versions are not
  // indexed), in key order; those up to `progress` are done.
  std::vector<ArticleKey> keys;
  ArticleFilter filter;
  filter.include_duplicates = false;
  status = store.ForEachArticle(filter, [&](const ArticleRecord& record) {
    keys.push_back(record.key);
    return Status::Ok();
  });
  if (!status.ok()) return status;
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  size_t next = 0;
  if (report->resumed && progress != kStarted) {
    NEWSCRAWL_ASSIGN_OR_RETURN(const ArticleKey done,
                               ArticleKey::FromHex(progress));
    next = static_cast<size_t>(
        std::upper_bound(keys.begin(), keys.end(), done) - keys.begin());
  }

  std::vector<ArticleRecord> records;
  while (next < keys.size()) {
    if (run.interrupted && run.interrupted()) {
      return Status::Aborted("reindex interrupted; run it again to resume");
    }
    const size_t end =
        std::min(keys.size(), next + std::max<size_t>(1, run.batch));
    records.clear();
    for (size_t i = next; i < end; ++i) {
      auto record = store.GetArticle(keys[i]);
      if (record.status().IsNotFound()) continue;
      if (!record.ok()) return record.status();
      if (record->is_duplicate() || !record->replaced_by.empty()) continue;
      records.push_back(std::move(*record));
    }
    const ArticleKey last = keys[end - 1];
    status = store.WriteTransaction([&](MDB_txn* txn) {
      NEWSCRAWL_RETURN_IF_ERROR(index->Attach(txn));
      SearchIndexWriter writer(*index, txn);
      for (const ArticleRecord& record : records) {
        NEWSCRAWL_RETURN_IF_ERROR(
            writer.Put(record.key.AsBytes(), ToIndexedArticle(record)));
      }
      NEWSCRAWL_RETURN_IF_ERROR(writer.Finish());
      return index->PutMeta(txn, kProgress, last.ToHex());
    });
    if (!status.ok()) return status;
    report->indexed += records.size();
    next = end;
  }
  return store.WriteTransaction([&](MDB_txn* txn) {
    NEWSCRAWL_RETURN_IF_ERROR(index->Attach(txn));
    NEWSCRAWL_RETURN_IF_ERROR(index->PutMeta(txn, kProgress, ""));
    NEWSCRAWL_ASSIGN_OR_RETURN(const SearchIndexStats stats, index->Stats(txn));
    report->documents = stats.documents;
    return Status::Ok();
  });
}

Status RebuildStaleSearchIndex(Store& store, const char* command) {
  bool stale = false;
  NEWSCRAWL_RETURN_IF_ERROR(store.ReadTransaction([&](MDB_txn* txn) {
    Result<std::unique_ptr<SearchIndex>> index = SearchIndex::Open(txn, false);
    if (index.ok() || index.status().IsNotFound()) return Status::Ok();
    if (!index.status().IsUnsupported()) return index.status();
    stale = true;
    return Status::Ok();
  }));
  if (!stale) return Status::Ok();
  std::fprintf(stderr,
               "newscrawl %s: the search index has an older format; "
               "rebuilding it from the stored articles first\n",
               command);
  ReindexRun run;
  run.interrupted = [] { return InterruptRequested(); };
  ReindexReport report;
  NEWSCRAWL_RETURN_IF_ERROR(Reindex(store, run, &report));
  std::fprintf(stderr, "newscrawl %s: search index rebuilt (%llu articles)\n",
               command, static_cast<unsigned long long>(report.documents));
  return Status::Ok();
}

int RunReindexCommand(const GlobalOptions& global, const Config& /*config*/,
                      const ReindexOptions& /*options*/) {
  InstallInterruptHandlers();
  auto store = Store::Open(global.store_dir, StoreOptions{});
  if (!store.ok()) {
    std::fprintf(stderr, "newscrawl reindex: %s\n",
                 store.status().ToString().c_str());
    return kExitFailure;
  }
  ReindexRun run;
  run.interrupted = [] { return InterruptRequested(); };
  ReindexReport report;
  const Status status = Reindex(**store, run, &report);
  if (status.IsAborted()) {
    std::fprintf(stderr,
                 "newscrawl reindex: interrupted after %llu articles; run it "
                 "again to resume\n",
                 static_cast<unsigned long long>(report.indexed));
    return kExitInterrupted;
  }
  if (!status.ok()) {
    std::fprintf(stderr, "newscrawl reindex: %s\n", status.ToString().c_str());
    return kExitFailure;
  }
  std::printf("reindex: %s, %llu articles indexed, %llu in the index\n",
              report.resumed ? "resumed" : "rebuilt",
              static_cast<unsigned long long>(report.indexed),
              static_cast<unsigned long long>(report.documents));
  return kExitOk;
}

}  // namespace newscrawl
