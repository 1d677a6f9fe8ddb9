// StoreWriter: applies a WriteBatch inside one write transaction: pages,
// article deduplication (exact by key, near by SimHash bands), edits with
// history, URL states, indexes, site counters and frontier updates.
// Internal to store/; owned by Store and used under its writer mutex.
//
// Thread safety: none (one writer at a time; Store serialises).
#ifndef NEWSCRAWL_STORE_STORE_WRITER_H_
#define NEWSCRAWL_STORE_STORE_WRITER_H_

#include <map>
#include <string>
#include <vector>

#include "config/status.h"
#include "store/article_index_hook.h"
#include "store/frontier.h"
#include "store/site_counters.h"
#include "store/store.h"
#include "store/store_env.h"
#include "store/write_batch.h"

namespace newscrawl {

class LmdbCursor;

class StoreWriter {
 public:
  StoreWriter(const StoreDbs& dbs, const StoreOptions& options,
              Frontier* frontier)
      : dbs_(dbs), options_(options), frontier_(frontier) {}
  StoreWriter(const StoreWriter&) = delete;
  StoreWriter& operator=(const StoreWriter&) = delete;

  // Applies `batch` in `txn` and fills *results (one per page).  May be
  // called again with a fresh transaction after a failure (map full).
  Status Apply(LmdbTxn& txn, const WriteBatch& batch, ArticleIndexHook* hook,
               std::vector<PageWriteResult>* results);

 private:
  struct Context;  // the transaction and its cursors
  Status ApplyPage(Context& ctx, const PageWrite& write,
                   PageWriteResult* result);
  Status WriteArticle(Context& ctx, const PageWrite& write,
                      const ArticleKey& previous, PageWriteResult* result);
  Status ReplacePrevious(Context& ctx, const ArticleKey& previous,
                         const ArticleKey& replacement, std::string_view url,
                         std::int64_t now);
  Status Index(Context& ctx, const ArticleRecord& record, bool add);
  Status PutArticle(Context& ctx, const ArticleRecord& record);
  Status FlushSiteCounters(LmdbTxn& txn);

  const StoreDbs& dbs_;
  const StoreOptions& options_;
  Frontier* frontier_;
  std::map<std::string, SiteCounters> site_deltas_;
  std::string value_;       // reused encoding buffer
  std::string normalized_;  // reused normalised body
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_STORE_WRITER_H_
