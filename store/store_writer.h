// StoreWriter: applies a WriteBatch inside one write transaction: pages,
// article deduplication (exact by key, near by SimHash bands), edits with
// history, URL states, indexes, site counters and frontier updates.
// Internal to store/; owned by Store and used under its writer mutex.
//
// Thread safety: none (one writer at a time; Store serialises).
#ifndef NEWSCRAWL_STORE_STORE_WRITER_H_
#define NEWSCRAWL_STORE_STORE_WRITER_H_

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "config/status.h"
#include "store/article_index_hook.h"
#include "store/frontier.h"
#include "store/reextract_write.h"
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

  // Called by Apply() after each page and before it returns (Store's
  // write check).
  void set_write_check(std::function<void()> check) {
    write_check_ = std::move(check);
  }

  // Applies `batch` in `txn` and fills *results (one per page);
  // prepared[i] is the prepared form of batch.pages()[i].  May be called
  // again with a fresh transaction after a failure (map full).
  Status Apply(LmdbTxn& txn, const WriteBatch& batch,
               const std::vector<const PreparedPage*>& prepared,
               ArticleIndexHook* hook, std::vector<PageWriteResult>* results);

  // Applies re-extracted pages in `txn` (store/reextract_write.h) and
  // fills *results (one per write); prepared[i] is the prepared form of
  // writes[i].write.  Repeatable like Apply().
  Status ApplyReextraction(LmdbTxn& txn,
                           const std::vector<ReextractWrite>& writes,
                           const std::vector<const PreparedPage*>& prepared,
                           ArticleIndexHook* hook,
                           std::vector<ReextractResult>* results);

 private:
  struct Context;  // the transaction and its cursors
  // URL states and frontier records written between two write checks.
  static constexpr std::size_t kWriteCheckRecords = 16;
  void WriteCheck() const {
    if (write_check_) write_check_();
  }
  Status ApplyPage(Context& ctx, const PageWrite& write,
                   const PreparedPage& prepared, PageWriteResult* result);
  Status WriteArticle(Context& ctx, const PageWrite& write,
                      const PreparedPage& prepared, const ArticleKey& previous,
                      PageWriteResult* result);
  Status ReplacePrevious(Context& ctx, const ArticleKey& previous,
                         const ArticleKey& replacement, std::string_view url,
                         std::int64_t now);
  Status ReextractPage(Context& ctx, const ReextractWrite& rewrite,
                       const PreparedPage& prepared, ReextractResult* result);
  // Same body re-extracted: from the record's first URL, new metadata
  // (title, date, ...) replace the record's, with the new fingerprint.
  // True if the metadata changed (else the record is left as is).
  Result<bool> RefreshArticle(Context& ctx, const PageWrite& write,
                              const ArticleRecord& stored);
  Status Index(Context& ctx, const ArticleRecord& record, bool add);
  Status PutArticle(Context& ctx, const ArticleRecord& record);
  // Sets *out to the stored record of `key` (from ctx's decoded one if it
  // is that record); false if there is none.
  Result<bool> GetArticle(Context& ctx, const ArticleKey& key,
                          ArticleRecord* out);
  Status FlushSiteCounters(LmdbTxn& txn);

  const StoreDbs& dbs_;
  const StoreOptions& options_;
  Frontier* frontier_;
  std::map<std::string, SiteCounters> site_deltas_;
  std::string value_;  // reused encoding buffer
  std::function<void()> write_check_;
};

// The prepared forms of a batch's page writes: pages[i] points at the
// write's own PreparedPage or at an entry of `local`.
struct PreparedWrites {
  std::vector<PreparedPage> local;
  std::vector<const PreparedPage*> pages;
};

// Fills *prepared for `write` (see Store::PreparePage).  Thread-safe.
Status PreparePageWrite(const PageWrite& write, int zstd_level,
                        PreparedPage* prepared);

// The record of the article `write` found at its URL in place of
// `previous` (an edit), before the near-duplicate check; `old` is
// previous's record if it is stored.
ArticleRecord EditedArticleRecord(const PageWrite& write,
                                  const PreparedPage& prepared,
                                  const ArticleKey& previous,
                                  const ArticleRecord* old);
// True if `write`, a re-extraction of `stored`'s body at its first URL,
// brings new metadata (title, date, author, ...) for the record; a near
// duplicate's record compares without its text.
bool ReextractedMetadataChanged(const ArticleRecord& stored,
                                const PageWrite& write);
// Marks `old`, the article an edit at `url` replaced at `now`, as replaced
// by `replacement`; false (and *old unchanged) if it is still current at
// another URL or was already replaced: then it stays as it is.
bool RetireArticleRecord(std::string_view url, const ArticleKey& replacement,
                         std::int64_t now, ArticleRecord* old);

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_STORE_WRITER_H_
