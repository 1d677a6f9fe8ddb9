#include "store/search_index_hook.h"

#include "store/search_time.h"

namespace newscrawl {

IndexedArticle ToIndexedArticle(const ArticleRecord& record) {
  IndexedArticle indexed;
  indexed.title = record.article.title;
  indexed.body = record.article.body;
  indexed.site = record.site;
  indexed.published =
      ParseSearchTime(record.article.published).value_or(record.first_seen);
  return indexed;
}

void SearchIndexHook::SetMergeCheck(std::function<void()> check) {
  merge_check_ = std::move(check);
  if (index_ != nullptr) index_->SetMergeCheck(merge_check_);
}

Result<SearchIndex*> SearchIndexHook::Index(MDB_txn* txn) {
  if (index_ == nullptr) {
    NEWSCRAWL_ASSIGN_OR_RETURN(index_, SearchIndex::Open(txn));
    index_->SetMergeCheck(merge_check_);
  } else {
    NEWSCRAWL_RETURN_IF_ERROR(index_->Attach(txn));
  }
  return index_.get();
}

Status SearchIndexHook::OnArticleWritten(MDB_txn* txn, const ArticleKey& key,
                                         const ArticleRecord& record,
                                         const ArticleTokens* tokens) {
  NEWSCRAWL_ASSIGN_OR_RETURN(SearchIndex * index, Index(txn));
  if (record.is_duplicate() || !record.replaced_by.empty()) {
    if (batch_ != nullptr) return batch_->Remove(key.AsBytes());
    return index->RemoveArticle(txn, key.AsBytes());
  }
  // The same article seen at another URL: its text is unchanged.
  NEWSCRAWL_ASSIGN_OR_RETURN(const bool indexed,
                             index->Contains(txn, key.AsBytes()));
  if (indexed) return Status::Ok();
  IndexedArticle article = ToIndexedArticle(record);
  article.tokens = tokens;
  if (batch_ != nullptr) return batch_->Put(key.AsBytes(), article);
  return index->IndexArticle(txn, key.AsBytes(), article);
}

Status SearchIndexHook::OnArticleRemoved(MDB_txn* txn, const ArticleKey& key) {
  NEWSCRAWL_ASSIGN_OR_RETURN(SearchIndex * index, Index(txn));
  if (batch_ != nullptr) return batch_->Remove(key.AsBytes());
  return index->RemoveArticle(txn, key.AsBytes());
}

Status SearchIndexHook::BeginBatch(MDB_txn* txn) {
  batch_.reset();
  NEWSCRAWL_ASSIGN_OR_RETURN(SearchIndex * index, Index(txn));
  batch_ = std::make_unique<SearchIndexWriter>(*index, txn);
  return Status::Ok();
}

Status SearchIndexHook::FinishBatch(MDB_txn* /*txn*/) {
  if (batch_ == nullptr) return Status::Ok();
  std::unique_ptr<SearchIndexWriter> writer = std::move(batch_);
  return writer->Finish(!defer_purge_);
}

void SearchIndexHook::CancelBatch() { batch_.reset(); }

}  // namespace newscrawl
