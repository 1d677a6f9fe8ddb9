// The revisit index (store schema 4): the article URLs a crawl may fetch
// again, ordered by the time their revisit is due, so that a crawl's start
// reads the few due entries instead of decoding every URL state.
//
//   revisit_due  due time (8 bytes, big-endian) url -> ""
//
// An article's URL state is indexed under RevisitIndexTime(): 0 (due at
// once) if it was never fetched and never failed, else its next_revisit
// (negative times as 0); an article whose schedule is finished
// (next_revisit 0) is not indexed, nor is any other kind (listings, feeds,
// sitemaps and robots.txt are queued every run by other means), nor a URL
// longer than kMaxFrontierUrlBytes (the frontier refuses it).  So
// RevisitPolicy::Due(state, now) holds for an article exactly when its
// index time is <= RevisitPolicy::DueUntil(now).
//
// Every write of a UrlState goes through PutUrlState, in the transaction
// of the write, so the index never disagrees with the `urls` database.
// Internal to store/.
//
// Thread safety: functions of a caller's transaction.
#ifndef NEWSCRAWL_STORE_REVISIT_INDEX_H_
#define NEWSCRAWL_STORE_REVISIT_INDEX_H_

#include <lmdb.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "config/result.h"
#include "store/store_records.h"

namespace newscrawl {

class LmdbTxn;

// The time `state` at `url` is indexed under; nullopt if not indexed.
std::optional<std::int64_t> RevisitIndexTime(std::string_view url,
                                             const UrlState& state);

// The index key of `url` at `time` (clamped to >= 0), and back: false if
// `key` is malformed.
std::string RevisitIndexKey(std::int64_t time, std::string_view url);
bool ParseRevisitIndexKey(std::string_view key, std::int64_t* time,
                          std::string_view* url);

// Stores `state` for `url` in `urls` and moves its entry of `revisit_due`
// (0: no index, a store being upgraded) as its time changed; `before` is
// the state stored until now (null if none).  `buffer` is scratch space
// for the encoding.
Status PutUrlState(LmdbTxn& txn, MDB_dbi urls, MDB_dbi revisit_due,
                   std::string_view url, const UrlState* before,
                   const UrlState& state, std::string* buffer);

// Adds to `revisit_due` the entries of at most `max_urls` URL states of
// `urls` after `*resume` ("": from the first) and moves *resume on: the
// upgrade of a schema 3 store, in bounded transactions.  Returns false
// once every URL state was read.
Result<bool> IndexUrlStates(LmdbTxn& txn, MDB_dbi urls, MDB_dbi revisit_due,
                            std::string* resume, std::size_t max_urls);

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_REVISIT_INDEX_H_
