#include "store/store_writer.h"

#include <xxhash.h>

#include <algorithm>
#include <optional>

#include "store/index_keys.h"
#include "store/lmdb_cursor.h"
#include "store/record_codec.h"
#include "store/revisit_index.h"
#include "store/simhash.h"
#include "store/simhash_index.h"
#include "store/text_normalizer.h"

namespace newscrawl {

namespace {

// Near-duplicate detection needs this many shingles: a few words are not
// enough to call two texts the same article.
constexpr std::uint32_t kMinShingles = 8;

}  // namespace

struct StoreWriter::Context {
  LmdbTxn& txn;
  LmdbCursor pages;
  ArticleIndexHook* hook;
  std::uint64_t next_page_id = 1;
  // Re-extraction: an edited body is checked for near duplicates too.
  bool near_duplicates_on_edit = false;
  // Re-extraction: the URL's current record as stored, decoded once for
  // the page (GetArticle), null when unknown.
  const ArticleRecord* decoded = nullptr;
  // Re-extraction: records the page's worker encoded (PutArticle).
  const ReextractAhead* ahead = nullptr;
};

namespace {

// The record of an article seen for the first time at `write`'s URL,
// without the article itself but for its published date (the index date):
// WriteArticle copies the rest only when it is needed.
ArticleRecord NewArticleRecord(const PageWrite& write, const ArticleKey& key,
                               std::uint64_t simhash) {
  ArticleRecord record;
  record.key = key;
  record.article.published = write.article->published;
  record.urls.push_back(write.page.url);
  record.first_seen = write.page.fetch_time;
  record.last_seen = write.page.fetch_time;
  record.fingerprint = write.page.fingerprint;
  record.site = write.page.site;
  record.simhash = simhash;
  return record;
}

}  // namespace

ArticleRecord EditedArticleRecord(const PageWrite& write,
                                  const PreparedPage& prepared,
                                  const ArticleKey& previous,
                                  const ArticleRecord* old) {
  const std::int64_t now = write.page.fetch_time;
  ArticleRecord record =
      NewArticleRecord(write, prepared.article_key, prepared.simhash);
  if (old != nullptr) {
    record.history = old->history;
    record.first_seen = std::min(old->first_seen, now);
    // A re-extraction's `now` is its page's fetch time: never go back.
    record.last_seen = std::max(old->last_seen, now);
  }
  record.history.push_back({write.page.url, previous, now});
  return record;
}

namespace {

// What a re-extracted article gives a record (RefreshArticle): its
// metadata only if the record is a near duplicate.
std::optional<Article> MetadataOnly(const ArticleRecord& stored,
                                    const Article& fresh) {
  if (!stored.is_duplicate()) return std::nullopt;
  Article metadata = fresh;
  metadata.body.clear();
  metadata.lead.clear();
  metadata.images.clear();
  return metadata;
}

}  // namespace

bool ReextractedMetadataChanged(const ArticleRecord& stored,
                                const PageWrite& write) {
  // The record keeps the article as extracted at its first URL: only that
  // URL's page may change its metadata.
  if (stored.urls.empty() || stored.urls.front() != write.page.url) {
    return false;
  }
  const std::optional<Article> metadata = MetadataOnly(stored, *write.article);
  return (metadata ? *metadata : *write.article) != stored.article;
}

bool RetireArticleRecord(std::string_view url, const ArticleKey& replacement,
                         std::int64_t now, ArticleRecord* old) {
  // Still current at another URL, or already replaced: nothing to retire.
  const bool only_here = old->urls.size() == 1 && old->urls[0] == url;
  if (!only_here || !old->replaced_by.empty()) return false;
  old->replaced_by = replacement;
  old->last_seen = std::max(old->last_seen, now);
  return true;
}

Status PreparePageWrite(const PageWrite& write, int zstd_level,
                        PreparedPage* prepared) {
  thread_local std::string normalized;
  const PageRecord& page = write.page;
  prepared->ready = false;
  prepared->article_key = ArticleKey{};
  prepared->simhash = 0;
  prepared->shingles = 0;
  if (write.article && !write.article->body.empty()) {
    NormalizeBody(write.article->body, &normalized);
    prepared->article_key = ArticleKey::ForNormalizedBody(normalized);
    const SimHashResult simhash = SimHash(normalized);
    prepared->simhash = simhash.hash;
    prepared->shingles = simhash.shingles;
    // As EncodeArticle(NewArticleRecord(...)), without copying the article.
    NEWSCRAWL_RETURN_IF_ERROR(EncodeNewArticle(
        *write.article, page.url, page.fetch_time, page.fingerprint, page.site,
        simhash.hash, &prepared->encoded_new_article));
  }
  prepared->raw_hash = XXH3_64bits(page.body.data(), page.body.size());
  NEWSCRAWL_RETURN_IF_ERROR(EncodePage(page, prepared->article_key, zstd_level,
                                       &prepared->encoded_page));
  prepared->ready = true;
  return Status::Ok();
}

namespace {

// Lets the index hook buffer a whole batch's changes (one search-index
// merge per batch, not per article); the buffer is dropped if the batch
// fails before Finish.
class HookBatch {
 public:
  explicit HookBatch(ArticleIndexHook* hook) : hook_(hook) {}
  ~HookBatch() {
    if (open_) hook_->CancelBatch();
  }
  HookBatch(const HookBatch&) = delete;
  HookBatch& operator=(const HookBatch&) = delete;

  Status Begin(MDB_txn* txn) {
    if (hook_ == nullptr) return Status::Ok();
    NEWSCRAWL_RETURN_IF_ERROR(hook_->BeginBatch(txn));
    open_ = true;
    return Status::Ok();
  }
  Status Finish(MDB_txn* txn) {
    if (!open_) return Status::Ok();
    open_ = false;
    return hook_->FinishBatch(txn);
  }

 private:
  ArticleIndexHook* const hook_;
  bool open_ = false;
};

}  // namespace

Status StoreWriter::Apply(LmdbTxn& txn, const WriteBatch& batch,
                          const std::vector<const PreparedPage*>& prepared,
                          ArticleIndexHook* hook,
                          std::vector<PageWriteResult>* results) {
  if (prepared.size() != batch.pages().size()) {
    return Status::Internal("store: prepared pages do not match the batch");
  }
  results->clear();
  site_deltas_.clear();
  HookBatch hook_batch(hook);
  NEWSCRAWL_RETURN_IF_ERROR(hook_batch.Begin(txn.get()));
  {
    NEWSCRAWL_ASSIGN_OR_RETURN(LmdbCursor pages, LmdbCursor::Open(txn, dbs_.pages));
    Context ctx{txn, std::move(pages), hook};
    std::string_view key;
    std::string_view value;
    NEWSCRAWL_ASSIGN_OR_RETURN(bool any, ctx.pages.Get(MDB_LAST, &key, &value));
    if (any) ctx.next_page_id = DecodePageId(key) + 1;

    results->reserve(batch.pages().size());
    for (std::size_t i = 0; i < prepared.size(); ++i) {
      NEWSCRAWL_RETURN_IF_ERROR(ApplyPage(ctx, batch.pages()[i], *prepared[i],
                                          &results->emplace_back()));
      WriteCheck();
    }
  }  // cursors close before the transaction ends
  // Each of these touches a leaf here and there in a large tree: checked
  // every few (the leaves map page-cache folios of up to 2 MiB).
  std::size_t touched = 0;
  auto check_every_few = [&] {
    if (++touched % kWriteCheckRecords == 0) WriteCheck();
  };
  for (const UrlStateWrite& write : batch.url_states()) {
    std::optional<UrlState> before;
    std::string_view value;
    NEWSCRAWL_ASSIGN_OR_RETURN(bool found, txn.Get(dbs_.urls, write.url, &value));
    if (found) {
      NEWSCRAWL_ASSIGN_OR_RETURN(before, DecodeUrlState(value));
    }
    NEWSCRAWL_RETURN_IF_ERROR(PutUrlState(txn, dbs_.urls, dbs_.revisit_due,
                                          write.url, before ? &*before : nullptr,
                                          write.state, &value_));
    check_every_few();
  }
  for (const FrontierEntry& entry : batch.frontier_pushes()) {
    NEWSCRAWL_RETURN_IF_ERROR(frontier_->PushInTxn(txn, entry).status());
    check_every_few();
  }
  for (const std::string& url : batch.frontier_done()) {
    NEWSCRAWL_RETURN_IF_ERROR(frontier_->DoneInTxn(txn, url));
    check_every_few();
  }
  WriteCheck();
  NEWSCRAWL_RETURN_IF_ERROR(hook_batch.Finish(txn.get()));
  WriteCheck();
  NEWSCRAWL_RETURN_IF_ERROR(
      StepSimHashMerge(txn, dbs_.simhash_dbs(), write_check_));
  NEWSCRAWL_RETURN_IF_ERROR(FlushSiteCounters(txn));
  WriteCheck();
  return Status::Ok();
}

Status StoreWriter::ApplyPage(Context& ctx, const PageWrite& write,
                              const PreparedPage& prepared,
                              PageWriteResult* result) {
  const PageRecord& page = write.page;
  if (page.url.empty()) return Status::InvalidArgument("page without a URL");
  std::optional<UrlState> previous;
  {
    std::string_view value;
    NEWSCRAWL_ASSIGN_OR_RETURN(bool found,
                               ctx.txn.Get(dbs_.urls, page.url, &value));
    if (found) {
      NEWSCRAWL_ASSIGN_OR_RETURN(previous, DecodeUrlState(value));
    }
  }
  const std::uint64_t raw_hash = prepared.raw_hash;
  const bool raw_unchanged = previous && previous->page_id != 0 &&
                             previous->content_hash == raw_hash;

  // The article first: the page record names its key.
  const bool has_article = write.article && !write.article->body.empty();
  if (has_article) {
    NEWSCRAWL_RETURN_IF_ERROR(
        WriteArticle(ctx, write, prepared,
                     previous ? previous->article_key : ArticleKey{}, result));
  } else {
    result->outcome = WriteOutcome::kNoArticle;
  }

  if (raw_unchanged) {
    result->page_id = previous->page_id;
    if (result->outcome == WriteOutcome::kNoArticle) {
      result->outcome = WriteOutcome::kUnchanged;
    }
  } else {
    result->page_id = ctx.next_page_id++;
    NEWSCRAWL_RETURN_IF_ERROR(ctx.pages.Put(EncodePageId(result->page_id),
                                            prepared.encoded_page, MDB_APPEND));
    SiteCounters& delta = site_deltas_[page.site];
    delta.pages += 1;
    delta.raw_bytes += static_cast<std::int64_t>(page.body.size());
    delta.stored_bytes +=
        static_cast<std::int64_t>(prepared.encoded_page.size());
  }

  UrlState state;
  state.last_fetch = page.fetch_time;
  state.etag = page.etag;
  state.last_modified = page.last_modified;
  state.content_hash = raw_hash;
  // A page that yields no article (an extraction failure, an error page)
  // does not make the URL forget its article: a later edit is still an edit.
  state.article_key = has_article || !previous ? result->article_key
                                               : previous->article_key;
  state.page_id = result->page_id;
  state.next_revisit = write.next_revisit;
  state.kind = write.kind;
  state.fail_count = 0;
  state.fetch_count = previous ? previous->fetch_count + 1 : 1;
  state.rules_fingerprint = page.fingerprint;
  return PutUrlState(ctx.txn, dbs_.urls, dbs_.revisit_due, page.url,
                     previous ? &*previous : nullptr, state, &value_);
}

Status StoreWriter::WriteArticle(Context& ctx, const PageWrite& write,
                                 const PreparedPage& prepared,
                                 const ArticleKey& previous,
                                 PageWriteResult* result) {
  const PageRecord& page = write.page;
  const std::int64_t now = page.fetch_time;
  const ArticleKey key = prepared.article_key;
  result->article_key = key;
  const bool edited = !previous.empty() && previous != key;

  std::string_view value;
  NEWSCRAWL_ASSIGN_OR_RETURN(bool exists,
                             ctx.txn.Get(dbs_.articles, key.AsBytes(), &value));
  if (exists) {
    NEWSCRAWL_ASSIGN_OR_RETURN(ArticleRecord record, DecodeArticle(key, value));
    bool changed = false;
    if (std::find(record.urls.begin(), record.urls.end(), page.url) ==
        record.urls.end()) {
      record.urls.push_back(page.url);
      changed = true;
      result->outcome = WriteOutcome::kSameArticleNewUrl;
    } else {
      result->outcome = WriteOutcome::kUnchanged;
    }
    if (!record.replaced_by.empty()) {
      // An edit went back to this version: it is current again.
      record.replaced_by = ArticleKey{};
      NEWSCRAWL_RETURN_IF_ERROR(Index(ctx, record, true));
      changed = true;
    }
    record.last_seen = std::max(record.last_seen, now);
    NEWSCRAWL_RETURN_IF_ERROR(PutArticle(ctx, record));
    if (changed && ctx.hook != nullptr) {
      NEWSCRAWL_RETURN_IF_ERROR(
          ctx.hook->OnArticleWritten(ctx.txn.get(), key, record, nullptr));
    }
    if (edited) {
      result->outcome = WriteOutcome::kEdited;
      result->previous = previous;
      NEWSCRAWL_RETURN_IF_ERROR(
          ReplacePrevious(ctx, previous, key, page.url, now));
    }
    if (!record.duplicate_of.empty()) result->duplicate_of = record.duplicate_of;
    return Status::Ok();
  }

  ArticleRecord record;
  if (edited) {
    if (ctx.decoded != nullptr && ctx.decoded->key == previous) {
      record = EditedArticleRecord(write, prepared, previous, ctx.decoded);
    } else {
      ArticleRecord old;
      NEWSCRAWL_ASSIGN_OR_RETURN(bool had, GetArticle(ctx, previous, &old));
      record = EditedArticleRecord(write, prepared, previous,
                                   had ? &old : nullptr);
    }
    result->outcome = WriteOutcome::kEdited;
    result->previous = previous;
    NEWSCRAWL_RETURN_IF_ERROR(ReplacePrevious(ctx, previous, key, page.url, now));
  } else {
    record = NewArticleRecord(write, key, prepared.simhash);
  }
  if ((!edited || ctx.near_duplicates_on_edit) &&
      options_.near_duplicate_bits > 0 && prepared.shingles >= kMinShingles) {
    NEWSCRAWL_ASSIGN_OR_RETURN(
        ArticleKey original,
        FindNearDuplicate(ctx.txn, dbs_.simhash_dbs(), prepared.simhash,
                          options_.near_duplicate_bits, key, write_check_));
    // Never a duplicate of its own previous version (still indexed if
    // another URL shares it).
    if (!original.empty() && original != previous) {
      record.duplicate_of = original;
      result->duplicate_of = original;
    }
  }
  if (!edited) {
    result->outcome = record.is_duplicate() ? WriteOutcome::kNearDuplicate
                                            : WriteOutcome::kNewArticle;
  }
  // A new article's record was encoded ahead of the transaction: the
  // article is copied only to be encoded here or shown to the hook.
  if (result->outcome != WriteOutcome::kNewArticle || ctx.hook != nullptr) {
    record.article = *write.article;
    if (record.is_duplicate()) {  // the metadata, not the text
      record.article.body.clear();
      record.article.lead.clear();
      record.article.images.clear();
    }
  }
  NEWSCRAWL_RETURN_IF_ERROR(Index(ctx, record, true));
  if (result->outcome == WriteOutcome::kNewArticle &&
      !prepared.encoded_new_article.empty()) {
    // Encoded ahead of the transaction (PreparePageWrite).
    NEWSCRAWL_RETURN_IF_ERROR(ctx.txn.Put(dbs_.articles, key.AsBytes(),
                                          prepared.encoded_new_article));
  } else {
    NEWSCRAWL_RETURN_IF_ERROR(PutArticle(ctx, record));
  }
  if (ctx.hook != nullptr) {
    // The record holds write.article as is: its tokens, if made.
    NEWSCRAWL_RETURN_IF_ERROR(ctx.hook->OnArticleWritten(
        ctx.txn.get(), key, record,
        prepared.tokens.ready ? &prepared.tokens : nullptr));
  }
  return Status::Ok();
}

Status StoreWriter::ReplacePrevious(Context& ctx, const ArticleKey& previous,
                                    const ArticleKey& replacement,
                                    std::string_view url, std::int64_t now) {
  ArticleRecord old;
  NEWSCRAWL_ASSIGN_OR_RETURN(bool found, GetArticle(ctx, previous, &old));
  if (!found) return Status::Ok();
  if (!RetireArticleRecord(url, replacement, now, &old)) return Status::Ok();
  NEWSCRAWL_RETURN_IF_ERROR(Index(ctx, old, false));
  NEWSCRAWL_RETURN_IF_ERROR(PutArticle(ctx, old));
  if (ctx.hook != nullptr) {
    NEWSCRAWL_RETURN_IF_ERROR(ctx.hook->OnArticleRemoved(ctx.txn.get(), previous));
  }
  return Status::Ok();
}

Status StoreWriter::Index(Context& ctx, const ArticleRecord& record, bool add) {
  const std::string date = record.IndexDate();
  const std::string by_site = BySiteKey(record.site, date);
  const std::string by_date = ByDateKey(date);
  const std::string_view key = record.key.AsBytes();
  SiteCounters& delta = site_deltas_[record.site];
  const std::int64_t sign = add ? 1 : -1;
  delta.articles += sign;
  if (record.is_duplicate()) delta.duplicates += sign;
  if (add) {
    NEWSCRAWL_RETURN_IF_ERROR(ctx.txn.Put(dbs_.by_site, by_site, key));
    NEWSCRAWL_RETURN_IF_ERROR(ctx.txn.Put(dbs_.by_date, by_date, key));
  } else {
    NEWSCRAWL_RETURN_IF_ERROR(
        ctx.txn.DelDup(dbs_.by_site, by_site, key).status());
    NEWSCRAWL_RETURN_IF_ERROR(
        ctx.txn.DelDup(dbs_.by_date, by_date, key).status());
  }
  if (record.is_duplicate()) return Status::Ok();
  return UpdateSimHashIndex(ctx.txn, dbs_.simhash_dbs(), record.key,
                            record.simhash, add);
}

Status StoreWriter::PutArticle(Context& ctx, const ArticleRecord& record) {
  if (ctx.decoded != nullptr && ctx.decoded->key == record.key) {
    ctx.decoded = nullptr;  // no longer as stored
  }
  if (ctx.ahead != nullptr) {
    // Encoded by a re-extraction's worker, if it is this very record.
    for (const EncodedArticle* e : {&ctx.ahead->edited, &ctx.ahead->retired}) {
      if (!e->value.empty() && e->record == record) {
        return ctx.txn.Put(dbs_.articles, record.key.AsBytes(), e->value);
      }
    }
  }
  NEWSCRAWL_RETURN_IF_ERROR(EncodeArticle(record, &value_));
  return ctx.txn.Put(dbs_.articles, record.key.AsBytes(), value_);
}

Result<bool> StoreWriter::GetArticle(Context& ctx, const ArticleKey& key,
                                     ArticleRecord* out) {
  if (ctx.decoded != nullptr && ctx.decoded->key == key) {
    *out = *ctx.decoded;
    return true;
  }
  std::string_view value;
  NEWSCRAWL_ASSIGN_OR_RETURN(bool found,
                             ctx.txn.Get(dbs_.articles, key.AsBytes(), &value));
  if (!found) return false;
  NEWSCRAWL_ASSIGN_OR_RETURN(*out, DecodeArticle(key, value));
  return true;
}

Status StoreWriter::FlushSiteCounters(LmdbTxn& txn) {
  for (const auto& [site, delta] : site_deltas_) {
    const std::string key = std::string(kSiteCountersPrefix) + site;
    SiteCounters counters;
    std::string_view value;
    NEWSCRAWL_ASSIGN_OR_RETURN(bool found, txn.Get(dbs_.meta, key, &value));
    if (found) {
      NEWSCRAWL_ASSIGN_OR_RETURN(counters, DecodeSiteCounters(value));
    }
    counters.Add(delta);
    EncodeSiteCounters(counters, &value_);
    NEWSCRAWL_RETURN_IF_ERROR(txn.Put(dbs_.meta, key, value_));
  }
  site_deltas_.clear();
  return Status::Ok();
}

// ---- Re-extraction (store/reextract_write.h) ----

Status StoreWriter::ApplyReextraction(
    LmdbTxn& txn, const std::vector<ReextractWrite>& writes,
    const std::vector<const PreparedPage*>& prepared, ArticleIndexHook* hook,
    std::vector<ReextractResult>* results) {
  if (prepared.size() != writes.size()) {
    return Status::Internal("store: prepared pages do not match the writes");
  }
  results->clear();
  site_deltas_.clear();
  HookBatch batch(hook);
  NEWSCRAWL_RETURN_IF_ERROR(batch.Begin(txn.get()));
  {
    NEWSCRAWL_ASSIGN_OR_RETURN(LmdbCursor pages,
                               LmdbCursor::Open(txn, dbs_.pages));
    Context ctx{txn, std::move(pages), hook};
    ctx.near_duplicates_on_edit = true;
    results->reserve(writes.size());
    for (std::size_t i = 0; i < writes.size(); ++i) {
      NEWSCRAWL_RETURN_IF_ERROR(ReextractPage(ctx, writes[i], *prepared[i],
                                              &results->emplace_back()));
    }
  }
  NEWSCRAWL_RETURN_IF_ERROR(batch.Finish(txn.get()));
  NEWSCRAWL_RETURN_IF_ERROR(StepSimHashMerge(txn, dbs_.simhash_dbs()));
  return FlushSiteCounters(txn);
}

Status StoreWriter::ReextractPage(Context& ctx, const ReextractWrite& rewrite,
                                  const PreparedPage& prepared,
                                  ReextractResult* result) {
  const PageWrite& write = rewrite.write;
  const std::string& url = write.page.url;
  std::string_view value;
  NEWSCRAWL_ASSIGN_OR_RETURN(bool found, ctx.txn.Get(dbs_.urls, url, &value));
  if (!found) {
    result->outcome = ReextractOutcome::kStale;
    return Status::Ok();
  }
  NEWSCRAWL_ASSIGN_OR_RETURN(UrlState state, DecodeUrlState(value));
  const UrlState before = state;
  result->previous = state.article_key;
  result->article_key = state.article_key;
  const std::string page_key = EncodePageId(rewrite.page_id);
  if (state.page_id != rewrite.page_id) {
    result->outcome = ReextractOutcome::kStale;
    return Status::Ok();
  }
  NEWSCRAWL_ASSIGN_OR_RETURN(found, ctx.txn.Get(dbs_.pages, page_key, &value));
  if (!found) {
    result->outcome = ReextractOutcome::kStale;
    return Status::Ok();
  }
  // The head only (the body stays compressed in LMDB's memory).
  NEWSCRAWL_ASSIGN_OR_RETURN(const PageRecord head, DecodePage(value, false));

  // The URL's record as stored: the worker's decoding if the stored bytes
  // are still those it decoded (used in place, not copied), else decoded
  // here; not at all if the worker found that it stays as it is.
  std::optional<ArticleRecord> decoded;
  const ArticleRecord* old = nullptr;
  ctx.decoded = nullptr;
  if (!state.article_key.empty()) {
    NEWSCRAWL_ASSIGN_OR_RETURN(
        found, ctx.txn.Get(dbs_.articles, state.article_key.AsBytes(), &value));
    const ReextractAhead& ahead = rewrite.ahead;
    const bool as_read =
        found && ahead.key == state.article_key && ahead.stored == value;
    if (as_read && ahead.kept) {
      result->was_duplicate = !ahead.duplicate_of.empty();
      result->is_duplicate = result->was_duplicate;
      result->duplicate_of = ahead.duplicate_of;
    } else if (found) {
      if (as_read && ahead.record) {
        old = &*ahead.record;
      } else {
        NEWSCRAWL_ASSIGN_OR_RETURN(decoded,
                                   DecodeArticle(state.article_key, value));
        old = &*decoded;
      }
      result->was_duplicate = old->is_duplicate();
      result->is_duplicate = result->was_duplicate;
      result->duplicate_of = old->duplicate_of;
      ctx.decoded = old;
    }
  }

  ctx.ahead = &rewrite.ahead;
  ArticleKey page_article = head.article_key;
  const bool has_article = write.article && !write.article->body.empty();
  if (!has_article) {
    // Kept on purpose: see kNewlyEmpty in store/reextract_write.h.
    result->outcome = state.article_key.empty()
                          ? ReextractOutcome::kUnchanged
                          : ReextractOutcome::kNewlyEmpty;
  } else if (prepared.article_key == state.article_key) {
    result->outcome = ReextractOutcome::kUnchanged;
    if (old != nullptr) {
      NEWSCRAWL_ASSIGN_OR_RETURN(bool metadata,
                                 RefreshArticle(ctx, write, *old));
      if (metadata) result->outcome = ReextractOutcome::kMetadata;
    }
  } else {
    // A new body: the crawl's edit path (history, retiring the old version).
    PageWriteResult written;
    NEWSCRAWL_RETURN_IF_ERROR(
        WriteArticle(ctx, write, prepared, state.article_key, &written));
    result->outcome = ReextractOutcome::kChanged;
    result->article_key = written.article_key;
    result->duplicate_of = written.duplicate_of;
    result->is_duplicate = !written.duplicate_of.empty();
    page_article = written.article_key;
    state.article_key = written.article_key;
  }
  ctx.decoded = nullptr;
  ctx.ahead = nullptr;
  // The new rules are recorded in the URL state (a small record), so a rerun
  // skips the page; the page record, with its compressed body, is rewritten
  // only when the article it names changed.
  state.rules_fingerprint = write.page.fingerprint;
  NEWSCRAWL_RETURN_IF_ERROR(PutUrlState(ctx.txn, dbs_.urls, dbs_.revisit_due,
                                        url, &before, state, &value_));
  if (page_article == head.article_key) return Status::Ok();
  // Read again: the writes above may have moved LMDB's pages.
  NEWSCRAWL_ASSIGN_OR_RETURN(found, ctx.txn.Get(dbs_.pages, page_key, &value));
  if (!found) {
    return Status::Corruption("store: page " +
                              std::to_string(rewrite.page_id) + " vanished");
  }
  const std::string stored_page(value);
  NEWSCRAWL_RETURN_IF_ERROR(RewritePageHead(
      stored_page, write.page.fingerprint, page_article, &value_));
  return ctx.txn.Put(dbs_.pages, page_key, value_);
}

Result<bool> StoreWriter::RefreshArticle(Context& ctx, const PageWrite& write,
                                         const ArticleRecord& stored) {
  // Same text and metadata: the record stands as extracted (the page
  // records the new fingerprint, so a rerun skips it).
  if (!ReextractedMetadataChanged(stored, write)) return false;
  std::optional<Article> metadata = MetadataOnly(stored, *write.article);
  ArticleRecord record = stored;
  const bool current = record.replaced_by.empty();
  if (current) {
    // The index date may move with the published date.
    NEWSCRAWL_RETURN_IF_ERROR(Index(ctx, record, false));
  }
  record.article = metadata ? std::move(*metadata) : *write.article;
  record.fingerprint = write.page.fingerprint;
  if (current) NEWSCRAWL_RETURN_IF_ERROR(Index(ctx, record, true));
  NEWSCRAWL_RETURN_IF_ERROR(PutArticle(ctx, record));
  if (current && ctx.hook != nullptr) {
    // Re-indexed for search: the title may have changed.
    NEWSCRAWL_RETURN_IF_ERROR(
        ctx.hook->OnArticleRemoved(ctx.txn.get(), record.key));
    NEWSCRAWL_RETURN_IF_ERROR(
        ctx.hook->OnArticleWritten(ctx.txn.get(), record.key, record, nullptr));
  }
  return true;
}

}  // namespace newscrawl
