// Store: the crawl's LMDB store: raw pages, deduplicated articles, URL
// states, indexes by site and date, SimHash bands and the crawl frontier,
// in one LMDB environment in a directory.
//
//   NEWSCRAWL_ASSIGN_OR_RETURN(std::unique_ptr<Store> store,
//                              Store::Open(dir, StoreOptions{}));
//
// One writer process: a writable Store holds an flock on
// DIR/newscrawl.lock; a second writer gets Busy ("store DIR is being
// written by pid N").  Readers (StoreOptions::read_only) take no lock and
// see the last committed state.  A directory that is not a newscrawl store,
// or one written by a newer schema, is refused and left untouched.
//
// Thread safety: a Store may be used from several threads.  Writes
// (Write, frontier calls) are serialised internally; reads run in their own
// read transactions concurrently with a write.
#ifndef NEWSCRAWL_STORE_STORE_H_
#define NEWSCRAWL_STORE_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/result.h"
#include "store/article_index_hook.h"
#include "store/frontier.h"
#include "store/reextract_write.h"
#include "store/store_records.h"
#include "store/write_batch.h"

namespace newscrawl {

class StoreEnv;         // store/store_env.h (internal)
class StoreWriter;      // store/store_writer.h (internal)
class SearchIndexHook;  // store/search_index_hook.h (internal)
struct PreparedWrites;  // store/store_writer.h (internal)

// On-disk schema version written in the `meta` database.  Schema 2 adds
// the `simhash_recent` database (store/simhash_index.h); schema 3 keeps
// by_site and by_date as MDB_DUPSORT lists of article keys per date
// (store/index_keys.h); schema 4 adds the revisit index `revisit_due`
// (store/revisit_index.h), built from the URL states in bounded
// transactions when a writer opens an older store.  A writable open of an
// older store upgrades it; a read-only open reads it as it is.  An older
// newscrawl refuses a newer store (Unsupported, "has schema version N,
// newer than this newscrawl understands").
inline constexpr std::uint32_t kStoreSchemaVersion = 4;

struct StoreOptions {
  bool read_only = false;
  // Initial LMDB map size; it doubles whenever a write finds it full.
  std::uint64_t initial_map_size = std::uint64_t{256} << 20;
  // Near-duplicate threshold in SimHash bits (StoreConfig);
  // 0 turns near-duplicate detection off.
  int near_duplicate_bits = 3;
  int zstd_level = 3;  // raw pages; articles use level 1
  // Durability.  true: every committed Write is on disk when it returns.
  // false: commits skip fsync (a killed process still loses nothing; a
  // power cut may lose recent batches but never corrupts the store).
  bool sync = true;
  // Named databases reserved for ArticleIndexHook implementations.
  unsigned max_extra_dbs = 12;
  // Keep the full-text search index (store/search_index.h) in step with
  // the articles: a writable store installs a SearchIndexHook.
  bool search_index = true;
};

// Which articles ForEachArticle visits.
struct ArticleFilter {
  std::string site{};   // "" = every site
  std::string since{};  // "YYYY-MM-DD" inclusive, "" = no lower bound
  std::string until{};  // "YYYY-MM-DD" inclusive, "" = no upper bound
  bool include_duplicates = true;  // near duplicates (duplicate_of set)
};

struct SiteStats {
  std::uint64_t pages = 0;
  std::uint64_t raw_bytes = 0;         // page bodies, uncompressed
  std::uint64_t compressed_bytes = 0;  // page bodies, as stored
  std::uint64_t articles = 0;          // indexed articles (incl. duplicates)
  std::uint64_t duplicates = 0;        // near duplicates among them
  std::string oldest;                  // index dates, "" if no article
  std::string newest;
};

struct StoreStats {
  std::map<std::string, SiteStats> sites;  // by site name
  SiteStats total;
  std::uint64_t urls = 0;
  std::uint64_t queued = 0;        // frontier: waiting + in flight
  std::uint64_t file_bytes = 0;    // data.mdb on disk
  std::uint64_t map_bytes = 0;     // current map size
};

// The latest page of an article URL (Store::ScanArticlePages).
struct LatestArticlePage {
  std::uint64_t page_id = 0;
  ArticleKey article_key;  // the URL's current article (may be empty)
  PageRecord page;         // page.url is the URL; body: see DecodeBody
  std::string encoded;     // the stored page until DecodeBody()
  // The stored value of article_key's record, as the scan read it ("" if
  // none): for PrepareReextractWrite (store/reextract_write.h).
  std::string article;

  // Decompresses the stored body into page.body (on any thread: the
  // scan's reader leaves this CPU work to its caller's workers).
  // Corruption if the stored page is malformed.
  Status DecodeBody();
};

class Store {
 public:
  // Opens (creating if writable and absent) the store in `dir`.
  // NotFound if a read-only open finds no store; Busy if another process
  // writes it; InvalidArgument if `dir` is not a newscrawl store;
  // Unsupported for a newer schema.
  static Result<std::unique_ptr<Store>> Open(const std::string& dir,
                                             const StoreOptions& options);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::string& dir() const;
  bool read_only() const;

  // Does the transaction-free work of storing `write` (body
  // normalisation, keys, SimHash, zstd) and keeps it in write->prepared,
  // so that Write() spends its exclusive transaction on LMDB alone.  Safe
  // to call from any thread, concurrently; optional.
  Status PreparePage(PageWrite* write) const;
  // Tokenizes write->article for the search index into
  // write->prepared.tokens (store/article_tokens.h), if the store keeps
  // one and there is a body, so that Write() or ApplyReextraction() does
  // not tokenize in its transaction.  Worth it for an article the store
  // is likely not to have (PreparePage's article_key tells).  Safe to call
  // from any thread, concurrently; optional.
  Status PrepareIndexTokens(PageWrite* write) const;

  // Applies `batch` in one write transaction (growing the map and retrying
  // if it is full).  On error nothing of the batch is stored.
  Result<std::vector<PageWriteResult>> Write(const WriteBatch& batch);

  // Re-extraction (store/reextract_write.h): applies `writes` in one write
  // transaction (growing the map and retrying if it is full), each as
  // described there.  On error nothing of them is stored.
  Result<std::vector<ReextractResult>> ApplyReextraction(
      const std::vector<ReextractWrite>& writes);

  // Walks the latest stored page of every article URL (UrlState kind
  // kArticle), in URL order, a chunk per call: starting after `*resume`
  // ("" = the first URL), examines at most `max_urls` URLs in one short
  // read transaction, appends to *out the pages `select` accepts (it sees
  // them without their body; call DecodeBody() for it) with their URL's
  // article record, and moves *resume on.
  // Returns false once every URL was examined.  Short transactions keep a
  // long walk from pinning old LMDB pages while a writer commits.
  Result<bool> ScanArticlePages(
      std::string* resume, std::size_t max_urls,
      const std::function<bool(const PageRecord&)>& select,
      std::vector<LatestArticlePage>* out);

  // Registers a hook called inside every write transaction that writes or
  // removes an article.  Not owned; must outlive the Store or be removed.
  void SetArticleIndexHook(ArticleIndexHook* hook);

  // For a long series of writes that replace many articles (a
  // re-extraction): while `defer` is true, write transactions leave the
  // search index's tombstones (queries skip them at once) instead of
  // purging them whenever they reach a quarter of the documents (each
  // purge rewrites the posting lists); the first write of an article after
  // DeferIndexPurge(false) purges them once, if they are that many.
  // Writer thread only.
  void DeferIndexPurge(bool defer);

  // Point reads.  NotFound if absent.
  Result<PageRecord> GetPage(std::uint64_t page_id);
  Result<ArticleRecord> GetArticle(const ArticleKey& key);
  Result<UrlState> GetUrlState(std::string_view url);
  // The current article at `url` (through its UrlState).
  Result<ArticleRecord> GetArticleByUrl(std::string_view url);
  // The stored article whose SimHash is closest to that of `body`, within
  // StoreOptions::near_duplicate_bits, other than `body`'s own key; an
  // empty key if none (or if detection is off).
  Result<ArticleKey> FindSimilar(std::string_view body);

  // Streams matching articles ordered by (site,) index date, then key, in
  // one read transaction; memory does not grow with the store.  A non-OK
  // Status from `fn` stops the walk and is returned.
  Status ForEachArticle(const ArticleFilter& filter,
                        const std::function<Status(const ArticleRecord&)>& fn);
  // Streams every page in page-id order.  With `with_body` false the body
  // is not decompressed (PageRecord::body stays empty).
  Status ForEachPage(
      bool with_body,
      const std::function<Status(std::uint64_t, const PageRecord&)>& fn);
  // Streams pages newest first (descending page id), bodies not
  // decompressed, until `fn` returns false; for callers that want the most
  // recent pages without reading the whole store.
  Status ForEachPageNewestFirst(
      const std::function<Result<bool>(std::uint64_t, const PageRecord&)>& fn);

  // Streams URL states in URL order, from the first URL after `after`
  // ("": from the start), in one read transaction, until `fn` returns
  // false.  Memory does not grow with the store; a caller that writes
  // between chunks resumes with `after` = the last URL it saw.
  Status ForEachUrlState(
      std::string_view after,
      const std::function<bool(std::string_view, const UrlState&)>& fn);

  // Streams the article URL states of the revisit index
  // (store/revisit_index.h) due at or before `until` (Unix seconds; an
  // article never fetched counts as due at 0), in due-time order, a chunk
  // per call: starting after `*resume` ("" = the first entry; an opaque
  // position), calls fn(url, state) for at most `max_entries` entries in
  // one read transaction and moves *resume on.  Returns false once no more
  // entries are due by `until`.  Unsupported for a store of schema 1-3
  // opened read-only (a writable open builds the index).
  Result<bool> ScanDueRevisits(
      std::int64_t until, std::size_t max_entries, std::string* resume,
      const std::function<void(std::string_view, const UrlState&)>& fn);

  // Counts from the indexes and page headers (bodies are not decompressed).
  Result<StoreStats> Stats();

  // The crawl frontier kept in this store (writable stores only for
  // pushes and pops).
  Frontier& frontier();

  // Flushes committed writes to disk (useful with sync = false).
  Status Sync();

  // Unmaps from this process the pages of data.mdb it has read (they stay
  // in the page cache; a later read maps them again), so that a long run
  // whose writes touch B-tree pages all over the file does not end with
  // the whole file in its resident memory (store/store_map.cc).  Safe at
  // any time, from any thread.
  Status ReleaseMappedPages();
  // The same from inside a transaction of this store, by the thread that
  // runs it (the write check below, a ForEach* callback), where
  // ReleaseMappedPages() cannot open its own read transaction.
  Status ReleaseMappedPagesInTxn();
  // Registers `check` (empty: none), which Write() calls inside its
  // transaction after each page of the batch, before and after the
  // search index's and the SimHash index's work, and every few dozen
  // terms or entries those merge or pages of near-duplicate candidates it
  // reads (SearchIndex::SetMergeCheck, StepSimHashMerge,
  // FindNearDuplicate), from the writing thread: a crawl's MapTrimmer
  // keeps there the pages a batch maps within its budget whatever the
  // scheduler does to its watcher thread.  Not thread-safe: set it before
  // writing.
  void SetWriteCheck(std::function<void()> check);

  // Runs `fn` in a read (or write, committed if `fn` succeeds) transaction
  // of the store's LMDB environment: for secondary indexes kept in their
  // own named databases (the search index).  A write `fn` must be
  // repeatable (it runs again if the map had to grow).
  Status ReadTransaction(const std::function<Status(MDB_txn*)>& fn);
  Status WriteTransaction(const std::function<Status(MDB_txn*)>& fn);

 private:
  explicit Store(std::unique_ptr<StoreEnv> env);
  // The CPU work of Write and ApplyReextraction, before their exclusive
  // transaction: the prepared form of write_at(i) for i < count (its own
  // if PreparePage filled it, else prepared here).
  Status PrepareWrites(
      std::size_t count,
      const std::function<const PageWrite&(std::size_t)>& write_at,
      PreparedWrites* out) const;

  std::unique_ptr<StoreEnv> env_;
  std::unique_ptr<Frontier> frontier_;
  std::unique_ptr<StoreWriter> writer_;
  ArticleIndexHook* hook_ = nullptr;
  std::unique_ptr<SearchIndexHook> search_hook_;  // options.search_index
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_STORE_H_
