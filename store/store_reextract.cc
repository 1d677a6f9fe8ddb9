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

Status LatestArticlePage::DecodeBody() {
  if (encoded.empty()) return Status::Ok();
  NEWSCRAWL_ASSIGN_OR_RETURN(PageRecord full, DecodePage(encoded, true));
  page.body = std::move(full.body);
  encoded.clear();
  encoded.shrink_to_fit();
  return Status::Ok();
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
    // `resume` is not moved on before the walk is over (it is its start).
    std::string last = *resume;
    std::size_t examined = 0;
    NEWSCRAWL_ASSIGN_OR_RETURN(
        more,
        urls.ForEachAfter(
            *resume,
            [&](std::string_view key, std::string_view value) -> Result<bool> {
              last.assign(key);
              NEWSCRAWL_ASSIGN_OR_RETURN(const UrlState state,
                                         DecodeUrlState(value));
              if (state.kind == UrlKind::kArticle && state.page_id != 0) {
                std::string_view page_value;
                NEWSCRAWL_ASSIGN_OR_RETURN(
                    bool has_page,
                    txn.Get(dbs.pages, EncodePageId(state.page_id),
                            &page_value));
                if (has_page) {
                  NEWSCRAWL_ASSIGN_OR_RETURN(PageRecord head,
                                             DecodePage(page_value, false));
                  // Re-extraction records its rules in the URL state only.
                  if (!state.rules_fingerprint.empty()) {
                    head.fingerprint = state.rules_fingerprint;
                  }
                  if (select(head)) {
                    // The body is decompressed by DecodeBody, and the
                    // article decoded, on the caller's workers.
                    std::string_view article;
                    if (!state.article_key.empty()) {
                      NEWSCRAWL_RETURN_IF_ERROR(
                          txn.Get(dbs.articles, state.article_key.AsBytes(),
                                  &article)
                              .status());
                    }
                    out->push_back({state.page_id, state.article_key,
                                    std::move(head), std::string(page_value),
                                    std::string(article)});
                  }
                }
              }
              return ++examined < max_urls;
            }));
    *resume = std::move(last);
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return more;
}

}  // namespace newscrawl
