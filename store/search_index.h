// SearchIndex: an incremental full-text index kept in the store's LMDB
// environment, in its own named databases (search_index_format.h).  It is
// written inside the caller's write transaction, so an article and its
// postings commit or roll back together, and the index never names an
// article that is gone.
//
// Terms are the tokens of TextTokenizer (NFC, case folded, ICU words) in two
// key spaces: the diacritic-free form (with positions, for matching and
// phrases) and the exact form (doc ids only, to rank exact matches first).
//
//   auto index = SearchIndex::Open(txn);          // creates the databases
//   SearchIndexWriter writer(**index, txn);        // one per write txn
//   writer.Put(key, {title, body, site, published});
//   writer.Remove(other_key);
//   writer.Finish();  mdb_txn_commit(txn);
//   auto result = (*index)->Search(read_txn, {.query = "cong doan"});
//
// Queries: terms are ANDed, "quoted phrases" match in order.  A query
// without diacritics matches every accented form; a query with diacritics
// matches the same documents but ranks those with the exact forms first.
// Ranking: number of exact-form terms (diacritic queries only), then BM25
// (title tokens weigh kTitleWeight), then the newest.
//
// Thread safety: Search() may run from any number of threads at once (each
// with its own read transaction).  Writes follow LMDB: one write transaction
// at a time, and one SearchIndexWriter per transaction.
#ifndef NEWSCRAWL_STORE_SEARCH_INDEX_H_
#define NEWSCRAWL_STORE_SEARCH_INDEX_H_

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "config/result.h"

struct MDB_txn;  // lmdb.h

namespace newscrawl {

class TextTokenizer;
class SearchIndexWriter;
struct ArticleTokens;

// What the index sees of an article.
struct IndexedArticle {
  std::string_view title;
  std::string_view body;
  std::string_view site;
  int64_t published = 0;  // unix seconds, 0 when unknown
  // Optional: `title` and `body` already tokenized (store/article_tokens.h),
  // used instead of tokenizing them again when ready.
  const ArticleTokens* tokens = nullptr;
};

struct SearchRequest {
  std::string query;
  std::vector<std::string> sites;                       // empty: every site
  int64_t since = std::numeric_limits<int64_t>::min();  // unix seconds,
  int64_t until = std::numeric_limits<int64_t>::max();  // inclusive
  size_t limit = 20;
};

struct SearchHit {
  std::string article_key;
  uint32_t doc_id = 0;
  double score = 0;          // BM25
  uint32_t exact_terms = 0;  // query terms present in their exact form
  int64_t published = 0;
};

struct SearchResult {
  std::vector<SearchHit> hits;  // best first, at most `limit`
  size_t matched = 0;           // documents that matched before the limit
  // Diacritic-free query terms, to mark matches in snippets (MakeSnippet).
  std::vector<std::string> terms;
};

struct SearchIndexStats {
  uint64_t documents = 0;
  uint64_t tokens = 0;
  uint64_t bytes = 0;   // pages used by the index databases
  uint64_t chunks = 0;  // posting chunks
  uint64_t tombstones = 0;  // removed documents whose postings may remain
};

class SearchIndex {
 public:
  // How many named databases the index needs (mdb_env_set_maxdbs).
  static constexpr unsigned kDatabases = 9;
  static constexpr double kTitleWeight = 3.0;
  static constexpr size_t kMaxQueryTerms = 32;

  // Opens the index's databases in `txn`.  With `create` (a write
  // transaction) they are created if needed; without, NotFound if the store
  // has no index.  The handles stay valid after `txn` only if it commits.
  static Result<std::unique_ptr<SearchIndex>> Open(MDB_txn* txn,
                                                   bool create = true);
  // Open() for `newscrawl reindex`: an index of another format version is
  // emptied (and set to this version) instead of refused.
  static Result<std::unique_ptr<SearchIndex>> OpenForRebuild(MDB_txn* txn);
  // Opens the databases again in `txn` (a write transaction): cheap, and
  // needed when the transaction that opened them was aborted.
  // Unsupported if the index has another format version.
  Status Attach(MDB_txn* txn, bool create = true);

  ~SearchIndex();
  SearchIndex(const SearchIndex&) = delete;
  SearchIndex& operator=(const SearchIndex&) = delete;

  // Indexes (or re-indexes) one article: SearchIndexWriter Put + Finish.
  Status IndexArticle(MDB_txn* txn, std::string_view key,
                      const IndexedArticle& article);
  // Removes an article (a tombstone: queries skip it at once, its
  // postings go at the next purge); OK if it was not indexed.
  Status RemoveArticle(MDB_txn* txn, std::string_view key);
  // Purges now the postings of every tombstoned document (writers do it
  // by themselves when tombstones are a large share: see
  // search_index_format.h).
  Status Purge(MDB_txn* txn);

  // Registers `check` (empty: none), which writers call now and then while
  // they merge postings into fts_post (every kMergeCheckTerms terms
  // written, or pending chunks read), from the writing thread:
  // Store::SetWriteCheck's callback.  Each may map a page-cache folio.
  void SetMergeCheck(std::function<void()> check);
  static constexpr size_t kMergeCheckTerms = 8;

  // Runs a query.  InvalidArgument if the query has no terms or too many.
  Result<SearchResult> Search(MDB_txn* txn, const SearchRequest& request) const;

  // True if `key` is indexed.
  Result<bool> Contains(MDB_txn* txn, std::string_view key) const;
  Result<SearchIndexStats> Stats(MDB_txn* txn) const;
  // Empties every index database (reindex); the handles stay valid.
  Status Clear(MDB_txn* txn);

  // A value kept with the index (reindex progress); "" when unset.
  Result<std::string> GetMeta(MDB_txn* txn, std::string_view name) const;
  Status PutMeta(MDB_txn* txn, std::string_view name, std::string_view value);

 private:
  friend class SearchIndexWriter;
  struct Impl;
  explicit SearchIndex(std::unique_ptr<Impl> impl);
  static Result<std::unique_ptr<SearchIndex>> New();
  Status OpenDatabases(MDB_txn* txn, bool create);

  std::unique_ptr<Impl> impl_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_SEARCH_INDEX_H_
