// SearchIndexWriter: the index changes of one LMDB write transaction.
// Postings of the documents put through one writer are buffered per term and
// merged into the chunked posting lists by Finish() (one read-modify-write
// of a term's last chunk per transaction instead of one per document);
// doc ids and keys are written at once.  Finish() must run
// before the transaction commits; a writer destroyed without Finish() leaves
// the transaction half-indexed, so the caller must then abort it.
//
// Thread safety: none; one writer per write transaction.
#ifndef NEWSCRAWL_STORE_SEARCH_INDEX_WRITER_H_
#define NEWSCRAWL_STORE_SEARCH_INDEX_WRITER_H_

#include <memory>
#include <string_view>

#include "config/status.h"
#include "store/search_index.h"

namespace newscrawl {

class SearchIndexWriter {
 public:
  SearchIndexWriter(SearchIndex& index, MDB_txn* txn);
  ~SearchIndexWriter();
  SearchIndexWriter(const SearchIndexWriter&) = delete;
  SearchIndexWriter& operator=(const SearchIndexWriter&) = delete;

  // Indexes an article under `key` (1..256 bytes), replacing its previous
  // version if there is one.
  Status Put(std::string_view key, const IndexedArticle& article);
  // Removes the article `key`; OK if it is not indexed.  Lazy: a
  // tombstone hides it from queries at once, and its postings go at a
  // purge (search_index_format.h).
  Status Remove(std::string_view key);
  // Purges the postings of every tombstoned document now (merging
  // fts_pend into the chunks).
  Status Purge();
  // Writes what is buffered, and purges if the tombstones are many (at
  // least fts::kPurgeMinDead and 1 / fts::kPurgeDeadShare of the documents:
  // search_index_format.h) unless `purge` is false (a long series of
  // writes that removes many documents, a re-extraction, leaves them to
  // one purge after).  The writer may be used again afterwards.
  Status Finish(bool purge = true);

  // The writer's buffers (opaque; kept by the index for its next writer).
  struct State;

 private:
  std::unique_ptr<State> state_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_SEARCH_INDEX_WRITER_H_
