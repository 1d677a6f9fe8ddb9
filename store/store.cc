#include "store/store.h"

#include "store/article_tokens.h"
#include "store/index_keys.h"
#include "store/lmdb_cursor.h"
#include "store/record_codec.h"
#include "store/revisit_index.h"
#include "store/search_index_hook.h"
#include "store/simhash.h"
#include "store/simhash_index.h"
#include "store/site_counters.h"
#include "store/store_env.h"
#include "store/store_writer.h"
#include "store/text_normalizer.h"

namespace newscrawl {

Result<std::unique_ptr<Store>> Store::Open(const std::string& dir,
                                           const StoreOptions& options) {
  NEWSCRAWL_ASSIGN_OR_RETURN(std::unique_ptr<StoreEnv> env,
                             StoreEnv::Open(dir, options));
  std::unique_ptr<Store> store(new Store(std::move(env)));
  if (!options.read_only) {
    // URLs a killed run had popped but not finished go back to the queue.
    NEWSCRAWL_RETURN_IF_ERROR(store->frontier_->RequeueInFlight().status());
    if (options.search_index) {
      store->search_hook_ = std::make_unique<SearchIndexHook>();
      store->hook_ = store->search_hook_.get();
    }
  }
  return store;
}

Store::Store(std::unique_ptr<StoreEnv> env)
    : env_(std::move(env)),
      frontier_(std::make_unique<Frontier>(env_.get())),
      writer_(std::make_unique<StoreWriter>(env_->dbs(), env_->options(),
                                            frontier_.get())) {}

Store::~Store() = default;

const std::string& Store::dir() const { return env_->dir(); }
bool Store::read_only() const { return env_->options().read_only; }
void Store::SetArticleIndexHook(ArticleIndexHook* hook) { hook_ = hook; }

void Store::DeferIndexPurge(bool defer) {
  if (hook_ != nullptr) hook_->DeferPurge(defer);
}

void Store::SetWriteCheck(std::function<void()> check) {
  // Inside the search index's merges too (they read the last chunk of
  // every term they merge).
  if (search_hook_ != nullptr) {
    search_hook_->SetMergeCheck(check);
  }
  writer_->set_write_check(std::move(check));
}

Frontier& Store::frontier() { return *frontier_; }
Status Store::Sync() { return env_->env().Sync(); }

Status Store::PreparePage(PageWrite* write) const {
  return PreparePageWrite(*write, env_->options().zstd_level, &write->prepared);
}

Status Store::PrepareIndexTokens(PageWrite* write) const {
  if (search_hook_ == nullptr || hook_ != search_hook_.get() ||
      !write->article ||
      write->article->body.empty()) {
    return Status::Ok();
  }
  return TokenizeArticle(write->article->title, write->article->body,
                         &write->prepared.tokens);
}

Status Store::ReadTransaction(const std::function<Status(MDB_txn*)>& fn) {
  return env_->Read([&](LmdbTxn& txn) { return fn(txn.get()); });
}

Status Store::WriteTransaction(const std::function<Status(MDB_txn*)>& fn) {
  return env_->Write([&](LmdbTxn& txn) { return fn(txn.get()); });
}

Status Store::PrepareWrites(
    std::size_t count,
    const std::function<const PageWrite&(std::size_t)>& write_at,
    PreparedWrites* out) const {
  out->local.assign(count, PreparedPage{});
  out->pages.assign(count, nullptr);
  for (std::size_t i = 0; i < count; ++i) {
    const PageWrite& write = write_at(i);
    if (write.prepared.ready) {
      out->pages[i] = &write.prepared;
    } else {
      NEWSCRAWL_RETURN_IF_ERROR(PreparePageWrite(
          write, env_->options().zstd_level, &out->local[i]));
      out->pages[i] = &out->local[i];
    }
  }
  return Status::Ok();
}

Result<std::vector<PageWriteResult>> Store::Write(const WriteBatch& batch) {
  // The CPU work happens here, before the exclusive transaction.
  const std::vector<PageWrite>& pages = batch.pages();
  PreparedWrites prepared;
  NEWSCRAWL_RETURN_IF_ERROR(PrepareWrites(
      pages.size(), [&](std::size_t i) -> const PageWrite& { return pages[i]; },
      &prepared));
  std::vector<PageWriteResult> results;
  const Status status = env_->Write([&](LmdbTxn& txn) {
    return writer_->Apply(txn, batch, prepared.pages, hook_, &results);
  });
  if (!status.ok()) return status;
  return results;
}

Result<PageRecord> Store::GetPage(std::uint64_t page_id) {
  std::optional<PageRecord> page;
  const Status status = env_->Read([&](LmdbTxn& txn) -> Status {
    std::string_view value;
    NEWSCRAWL_ASSIGN_OR_RETURN(
        bool found, txn.Get(env_->dbs().pages, EncodePageId(page_id), &value));
    if (!found) {
      return Status::NotFound("no page " + std::to_string(page_id));
    }
    NEWSCRAWL_ASSIGN_OR_RETURN(page, DecodePage(value, true));
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return std::move(*page);
}

namespace {

Result<ArticleRecord> ReadArticle(LmdbTxn& txn, MDB_dbi articles,
                                  const ArticleKey& key) {
  std::string_view value;
  NEWSCRAWL_ASSIGN_OR_RETURN(bool found,
                             txn.Get(articles, key.AsBytes(), &value));
  if (!found) return Status::NotFound("no article " + key.ToHex());
  return DecodeArticle(key, value);
}

Result<UrlState> ReadUrlState(LmdbTxn& txn, MDB_dbi urls,
                              std::string_view url) {
  std::string_view value;
  NEWSCRAWL_ASSIGN_OR_RETURN(bool found, txn.Get(urls, url, &value));
  if (!found) return Status::NotFound("no URL " + std::string(url));
  return DecodeUrlState(value);
}

}  // namespace

Result<ArticleRecord> Store::GetArticle(const ArticleKey& key) {
  std::optional<ArticleRecord> record;
  const Status status = env_->Read([&](LmdbTxn& txn) -> Status {
    NEWSCRAWL_ASSIGN_OR_RETURN(record,
                               ReadArticle(txn, env_->dbs().articles, key));
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return std::move(*record);
}

Result<UrlState> Store::GetUrlState(std::string_view url) {
  std::optional<UrlState> state;
  const Status status = env_->Read([&](LmdbTxn& txn) -> Status {
    NEWSCRAWL_ASSIGN_OR_RETURN(state, ReadUrlState(txn, env_->dbs().urls, url));
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return std::move(*state);
}

Result<ArticleRecord> Store::GetArticleByUrl(std::string_view url) {
  std::optional<ArticleRecord> record;
  const Status status = env_->Read([&](LmdbTxn& txn) -> Status {
    NEWSCRAWL_ASSIGN_OR_RETURN(UrlState state,
                               ReadUrlState(txn, env_->dbs().urls, url));
    if (state.article_key.empty()) {
      return Status::NotFound("no article at " + std::string(url));
    }
    NEWSCRAWL_ASSIGN_OR_RETURN(
        record, ReadArticle(txn, env_->dbs().articles, state.article_key));
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return std::move(*record);
}

Result<ArticleKey> Store::FindSimilar(std::string_view body) {
  const int bits = env_->options().near_duplicate_bits;
  if (bits <= 0) return ArticleKey{};
  std::string normalized;
  NormalizeBody(body, &normalized);
  const std::uint64_t simhash = SimHash(normalized).hash;
  const ArticleKey self = ArticleKey::ForNormalizedBody(normalized);
  ArticleKey found;
  const Status status = env_->Read([&](LmdbTxn& txn) -> Status {
    NEWSCRAWL_ASSIGN_OR_RETURN(
        found, FindNearDuplicate(txn, env_->dbs().simhash_dbs(), simhash,
                                 bits, self));
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return found;
}

Status Store::ForEachArticle(
    const ArticleFilter& filter,
    const std::function<Status(const ArticleRecord&)>& fn) {
  return env_->Read([&](LmdbTxn& txn) -> Status {
    const StoreDbs& dbs = env_->dbs();
    const bool by_site = !filter.site.empty();
    // Index entries: [site '\0'] date(10) -> key(16) (schema 3, a
    // MDB_DUPSORT list per date), or [site '\0'] date(10) key(16) -> ""
    // (schema 1-2, read as is by a read-only open): the key then the value
    // spell the same bytes.
    std::string prefix;
    if (by_site) {
      prefix = filter.site;
      prefix.push_back('\0');
    }
    NEWSCRAWL_ASSIGN_OR_RETURN(LmdbCursor cursor,
                               LmdbCursor::Open(txn, by_site ? dbs.by_site
                                                             : dbs.by_date));
    std::string_view key;
    std::string_view value;
    NEWSCRAWL_ASSIGN_OR_RETURN(bool found,
                               cursor.Seek(prefix + filter.since, &key, &value));
    while (found) {
      if (key.substr(0, prefix.size()) != prefix) break;
      const std::string_view rest = key.substr(prefix.size());
      std::string_view entry_key;
      if (rest.size() == kDateSize && value.size() == ArticleKey::kSize) {
        entry_key = value;
      } else if (rest.size() == kDateSize + ArticleKey::kSize &&
                 value.empty()) {
        entry_key = rest.substr(kDateSize);
      } else {
        return Status::Corruption("malformed index entry");
      }
      if (!filter.until.empty() && rest.substr(0, kDateSize) > filter.until) {
        break;
      }
      NEWSCRAWL_ASSIGN_OR_RETURN(ArticleKey article_key,
                                 ArticleKey::FromBytes(entry_key));
      NEWSCRAWL_ASSIGN_OR_RETURN(ArticleRecord record,
                                 ReadArticle(txn, dbs.articles, article_key));
      if (filter.include_duplicates || !record.is_duplicate()) {
        NEWSCRAWL_RETURN_IF_ERROR(fn(record));
      }
      NEWSCRAWL_ASSIGN_OR_RETURN(found, cursor.Get(MDB_NEXT, &key, &value));
    }
    return Status::Ok();
  });
}

Status Store::ForEachPage(
    bool with_body,
    const std::function<Status(std::uint64_t, const PageRecord&)>& fn) {
  return env_->Read([&](LmdbTxn& txn) -> Status {
    NEWSCRAWL_ASSIGN_OR_RETURN(LmdbCursor cursor,
                               LmdbCursor::Open(txn, env_->dbs().pages));
    std::string_view key;
    std::string_view value;
    NEWSCRAWL_ASSIGN_OR_RETURN(bool found, cursor.Get(MDB_FIRST, &key, &value));
    while (found) {
      NEWSCRAWL_ASSIGN_OR_RETURN(PageRecord page, DecodePage(value, with_body));
      NEWSCRAWL_RETURN_IF_ERROR(fn(DecodePageId(key), page));
      NEWSCRAWL_ASSIGN_OR_RETURN(found, cursor.Get(MDB_NEXT, &key, &value));
    }
    return Status::Ok();
  });
}

Status Store::ForEachPageNewestFirst(
    const std::function<Result<bool>(std::uint64_t, const PageRecord&)>& fn) {
  return env_->Read([&](LmdbTxn& txn) -> Status {
    NEWSCRAWL_ASSIGN_OR_RETURN(LmdbCursor cursor,
                               LmdbCursor::Open(txn, env_->dbs().pages));
    std::string_view key;
    std::string_view value;
    NEWSCRAWL_ASSIGN_OR_RETURN(bool found, cursor.Get(MDB_LAST, &key, &value));
    while (found) {
      NEWSCRAWL_ASSIGN_OR_RETURN(PageRecord page, DecodePage(value, false));
      NEWSCRAWL_ASSIGN_OR_RETURN(const bool more, fn(DecodePageId(key), page));
      if (!more) break;
      NEWSCRAWL_ASSIGN_OR_RETURN(found, cursor.Get(MDB_PREV, &key, &value));
    }
    return Status::Ok();
  });
}

Status Store::ForEachUrlState(
    std::string_view after,
    const std::function<bool(std::string_view, const UrlState&)>& fn) {
  return env_->Read([&](LmdbTxn& txn) -> Status {
    NEWSCRAWL_ASSIGN_OR_RETURN(LmdbCursor cursor,
                               LmdbCursor::Open(txn, env_->dbs().urls));
    return cursor
        .ForEachAfter(after,
                      [&](std::string_view key,
                          std::string_view value) -> Result<bool> {
                        NEWSCRAWL_ASSIGN_OR_RETURN(UrlState state,
                                                   DecodeUrlState(value));
                        return fn(key, state);
                      })
        .status();
  });
}

Result<bool> Store::ScanDueRevisits(
    std::int64_t until, std::size_t max_entries, std::string* resume,
    const std::function<void(std::string_view, const UrlState&)>& fn) {
  const StoreDbs& dbs = env_->dbs();
  if (dbs.revisit_due == 0) {
    return Status::Unsupported(
        "store " + dir() +
        " has no revisit index yet (schema 3 or older, opened read-only); "
        "a writable open builds it");
  }
  bool more = false;
  const Status status = env_->Read([&](LmdbTxn& txn) -> Status {
    more = false;
    std::size_t seen = 0;
    NEWSCRAWL_ASSIGN_OR_RETURN(LmdbCursor cursor,
                               LmdbCursor::Open(txn, dbs.revisit_due));
    return cursor
        .ForEachAfter(
            *resume,
            [&](std::string_view key, std::string_view) -> Result<bool> {
              std::int64_t time = 0;
              std::string_view url;
              if (!ParseRevisitIndexKey(key, &time, &url)) {
                return Status::Corruption("store: malformed revisit_due key");
              }
              if (time > until) return false;
              resume->assign(key);
              std::string_view value;
              NEWSCRAWL_ASSIGN_OR_RETURN(bool found,
                                         txn.Get(dbs.urls, url, &value));
              if (found) {
                NEWSCRAWL_ASSIGN_OR_RETURN(const UrlState state,
                                           DecodeUrlState(value));
                // Written in the same transactions, the index agrees with
                // the states; an entry that does not is passed over.
                if (RevisitIndexTime(url, state) == time) fn(url, state);
              }
              more = ++seen >= max_entries;
              return !more;
            })
        .status();
  });
  if (!status.ok()) return status;
  return more;
}

namespace {

// The first and last index date under `prefix` in `cursor`'s database.
Status DateRange(LmdbCursor& cursor, const std::string& prefix,
                 std::string* oldest, std::string* newest) {
  std::string_view key;
  std::string_view value;
  NEWSCRAWL_ASSIGN_OR_RETURN(bool found, cursor.Seek(prefix, &key, &value));
  if (!found || key.substr(0, prefix.size()) != prefix) return Status::Ok();
  *oldest = std::string(key.substr(prefix.size(), kDateSize));
  // The last key with this prefix: seek past it, step back.
  std::string after = prefix;
  if (after.empty()) {
    NEWSCRAWL_ASSIGN_OR_RETURN(found, cursor.Get(MDB_LAST, &key, &value));
  } else {
    after.back() = static_cast<char>(after.back() + 1);
    NEWSCRAWL_ASSIGN_OR_RETURN(found, cursor.Seek(after, &key, &value));
    NEWSCRAWL_ASSIGN_OR_RETURN(
        found, cursor.Get(found ? MDB_PREV : MDB_LAST, &key, &value));
  }
  if (found && key.substr(0, prefix.size()) == prefix) {
    *newest = std::string(key.substr(prefix.size(), kDateSize));
  }
  return Status::Ok();
}

void AddTo(SiteStats& total, const SiteStats& s) {
  total.pages += s.pages;
  total.raw_bytes += s.raw_bytes;
  total.compressed_bytes += s.compressed_bytes;
  total.articles += s.articles;
  total.duplicates += s.duplicates;
}

std::uint64_t NonNegative(std::int64_t v) {
  return v < 0 ? 0 : static_cast<std::uint64_t>(v);
}

}  // namespace

Result<StoreStats> Store::Stats() {
  StoreStats stats;
  const Status status = env_->Read([&](LmdbTxn& txn) -> Status {
    stats = StoreStats();
    const StoreDbs& dbs = env_->dbs();
    {
      NEWSCRAWL_ASSIGN_OR_RETURN(LmdbCursor meta, LmdbCursor::Open(txn, dbs.meta));
      NEWSCRAWL_ASSIGN_OR_RETURN(LmdbCursor by_site,
                                 LmdbCursor::Open(txn, dbs.by_site));
      std::string_view key;
      std::string_view value;
      NEWSCRAWL_ASSIGN_OR_RETURN(
          bool found, meta.Seek(kSiteCountersPrefix, &key, &value));
      while (found && key.substr(0, kSiteCountersPrefix.size()) ==
                          kSiteCountersPrefix) {
        NEWSCRAWL_ASSIGN_OR_RETURN(SiteCounters c, DecodeSiteCounters(value));
        const std::string site(key.substr(kSiteCountersPrefix.size()));
        SiteStats& s = stats.sites[site];
        s.pages = NonNegative(c.pages);
        s.raw_bytes = NonNegative(c.raw_bytes);
        s.compressed_bytes = NonNegative(c.stored_bytes);
        s.articles = NonNegative(c.articles);
        s.duplicates = NonNegative(c.duplicates);
        NEWSCRAWL_RETURN_IF_ERROR(
            DateRange(by_site, site + std::string(1, '\0'), &s.oldest, &s.newest));
        AddTo(stats.total, s);
        NEWSCRAWL_ASSIGN_OR_RETURN(found, meta.Get(MDB_NEXT, &key, &value));
      }
      NEWSCRAWL_ASSIGN_OR_RETURN(LmdbCursor by_date,
                                 LmdbCursor::Open(txn, dbs.by_date));
      NEWSCRAWL_RETURN_IF_ERROR(
          DateRange(by_date, "", &stats.total.oldest, &stats.total.newest));
    }
    NEWSCRAWL_ASSIGN_OR_RETURN(stats.urls, txn.Count(dbs.urls));
    NEWSCRAWL_ASSIGN_OR_RETURN(stats.queued, txn.Count(dbs.queued));
    return Status::Ok();
  });
  if (!status.ok()) return status;
  stats.file_bytes = env_->FileBytes();
  stats.map_bytes = env_->env().map_size();
  return stats;
}

}  // namespace newscrawl
