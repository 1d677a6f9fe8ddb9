// SearchIndexHook: keeps the search index in step with the store's articles
// (ArticleIndexHook), inside the store's write transaction.  An article is
// indexed when written, and removed when an edit replaces it; near
// duplicates are not indexed (the article they duplicate is), so a query
// never returns a superseded article or the same story twice.
//
// Thread safety: called on the store's writer thread only.
#ifndef NEWSCRAWL_STORE_SEARCH_INDEX_HOOK_H_
#define NEWSCRAWL_STORE_SEARCH_INDEX_HOOK_H_

#include <functional>
#include <memory>

#include "store/article_index_hook.h"
#include "store/search_index.h"
#include "store/search_index_writer.h"

namespace newscrawl {

// What the index stores of an article record.
IndexedArticle ToIndexedArticle(const ArticleRecord& record);

class SearchIndexHook final : public ArticleIndexHook {
 public:
  SearchIndexHook() = default;

  Status OnArticleWritten(MDB_txn* txn, const ArticleKey& key,
                          const ArticleRecord& record,
                          const ArticleTokens* tokens) override;
  Status OnArticleRemoved(MDB_txn* txn, const ArticleKey& key) override;
  // The search index's merge check (SearchIndex::SetMergeCheck).
  void SetMergeCheck(std::function<void()> check);
  // One SearchIndexWriter for the whole batch: postings are merged once per
  // term instead of once per article.
  Status BeginBatch(MDB_txn* txn) override;
  Status FinishBatch(MDB_txn* txn) override;
  void CancelBatch() override;
  // Tombstone purges (search_index_format.h): deferred batches do not
  // purge.
  void DeferPurge(bool defer) override { defer_purge_ = defer; }

 private:
  // Opens the index on first use and re-attaches its databases to `txn`
  // (a retried transaction may have dropped handles opened in an aborted
  // one).
  Result<SearchIndex*> Index(MDB_txn* txn);

  std::unique_ptr<SearchIndex> index_;
  std::function<void()> merge_check_;
  std::unique_ptr<SearchIndexWriter> batch_;  // between Begin/FinishBatch
  bool defer_purge_ = false;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_SEARCH_INDEX_HOOK_H_
