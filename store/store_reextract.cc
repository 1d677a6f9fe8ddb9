// Store's re-extraction entry points (store/reextract_write.h); the write
// logic itself is StoreWriter::ApplyReextraction.
#include "store/lmdb_cursor.h"
#include "store/record_codec.h"
#include "store/store.h"
#include "store/store_env.h"
#include "store/store_writer.h"

namespace newscrawl {

Result<std::vector<ReextractResult>> Store::ApplyReextraction(
    const std::vector<ReextractWrite>& writes) {
  // Like Write(): the CPU work before the exclusive transaction.
  PreparedWrites prepared;
  NEWSCRAWL_RETURN_IF_ERROR(PrepareWrites(
      writes.size(),
      [&](std::size_t i) -> const PageWrite& { return writes[i].write; },
      &prepared));
  std::vector<ReextractResult> results;
  const Status status = env_->Write([&](LmdbTxn& txn) {
    return writer_->ApplyReextraction(txn, writes, prepared.pages, hook_,
                                      &results);
  });
  if (!status.ok()) return status;
  return results;
}

Result<bool> Store::ScanArticlePages(
    std::string* resume, std::size_t max_urls,
    const std::function<bool(const PageRecord&)>& select,
    std::vector<LatestArticlePage>* out) {
  bool more = false;
  const std::size_t first = out->size();
  const Status status = env_->Read([&](LmdbTxn& txn) -> Status {
    out->resize(first);  // not repeated, but keep *out exact on error
    const StoreDbs& dbs = env_->dbs();
    NEWSCRAWL_ASSIGN_OR_RETURN(LmdbCursor urls, LmdbCursor::Open(txn, dbs.urls));
    std::string_view key;
    std::string_view value;
    NEWSCRAWL_ASSIGN_OR_RETURN(bool found, urls.Seek(*resume, &key, &value));
    if (found && !resume->empty() && key == *resume) {
      NEWSCRAWL_ASSIGN_OR_RETURN(found, urls.Get(MDB_NEXT, &key, &value));
    }
    std::size_t examined = 0;
    while (found && examined < max_urls) {
      ++examined;
      resume->assign(key);
      NEWSCRAWL_ASSIGN_OR_RETURN(const UrlState state, DecodeUrlState(value));
      if (state.kind == UrlKind::kArticle && state.page_id != 0) {
        std::string_view page_value;
        NEWSCRAWL_ASSIGN_OR_RETURN(
            bool has_page,
            txn.Get(dbs.pages, EncodePageId(state.page_id), &page_value));
        if (has_page) {
          NEWSCRAWL_ASSIGN_OR_RETURN(PageRecord head,
                                     DecodePage(page_value, false));
          if (select(head)) {
            NEWSCRAWL_ASSIGN_OR_RETURN(PageRecord page,
                                       DecodePage(page_value, true));
            out->push_back({state.page_id, state.article_key, std::move(page)});
          }
        }
      }
      NEWSCRAWL_ASSIGN_OR_RETURN(found, urls.Get(MDB_NEXT, &key, &value));
    }
    more = found;
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return more;
}

}  // namespace newscrawl
