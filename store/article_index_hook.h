// ArticleIndexHook: lets a secondary index (the full-text search index)
// follow article writes inside the store's own write transaction, so the
// index never disagrees with the articles after a crash.
//
// The hook may open its own named databases in `txn` (mdb_dbi_open with
// MDB_CREATE; StoreOptions::max_extra_dbs are reserved for that) and must
// not commit or abort `txn`.  A non-OK Status aborts the whole batch.
// Called on the store's writer thread only.
#ifndef NEWSCRAWL_STORE_ARTICLE_INDEX_HOOK_H_
#define NEWSCRAWL_STORE_ARTICLE_INDEX_HOOK_H_

#include "config/status.h"
#include "store/article_key.h"
#include "store/store_records.h"

struct MDB_txn;  // lmdb.h

namespace newscrawl {

struct ArticleTokens;

class ArticleIndexHook {
 public:
  virtual ~ArticleIndexHook() = default;

  // A new article record (also a near duplicate: see record.duplicate_of)
  // was written, or an existing one gained a URL (same key again).
  // `tokens`, if not null, are record.article's title and body tokenized
  // ahead of the transaction (store/article_tokens.h).
  virtual Status OnArticleWritten(MDB_txn* txn, const ArticleKey& key,
                                  const ArticleRecord& record,
                                  const ArticleTokens* tokens) = 0;

  // The article left the indexes (replaced by an edit).  Its record stays
  // readable through GetArticle().
  virtual Status OnArticleRemoved(MDB_txn* txn, const ArticleKey& key) = 0;

  // Optional batching.  Between BeginBatch(txn) and FinishBatch(txn) the
  // calls above may be buffered; FinishBatch writes them into `txn` (before
  // it commits).  CancelBatch() drops them (the transaction is aborted).
  // A write path that calls BeginBatch calls exactly one of the other two.
  virtual Status BeginBatch(MDB_txn* /*txn*/) { return Status::Ok(); }
  virtual Status FinishBatch(MDB_txn* /*txn*/) { return Status::Ok(); }
  virtual void CancelBatch() {}

  // Optional, for an index that removes entries lazily (tombstones) and
  // cleans them up when they are many: while `defer` is true, batches
  // leave the clean-up to the first batch after (the index stays correct).
  virtual void DeferPurge(bool /*defer*/) {}
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_ARTICLE_INDEX_HOOK_H_
