// The banded SimHash index in the `simhash` database: 6 bands of a 64-bit
// SimHash (store/index_keys.h) -> (article key, full hash).  Lookups read
// the buckets of the query's bands and keep the closest hash within the
// threshold.
#ifndef NEWSCRAWL_STORE_SIMHASH_INDEX_H_
#define NEWSCRAWL_STORE_SIMHASH_INDEX_H_

#include <lmdb.h>

#include <cstdint>

#include "config/result.h"
#include "store/article_key.h"

namespace newscrawl {

class LmdbTxn;

// The indexed article closest to `simhash` within `max_bits` (ties: the
// first found), other than `self`; an empty key if none.
Result<ArticleKey> FindNearDuplicate(LmdbTxn& txn, MDB_dbi simhash_db,
                                     std::uint64_t simhash, int max_bits,
                                     const ArticleKey& self);

// Adds (add = true) or removes `key` under every band of `simhash`.
Status UpdateSimHashIndex(LmdbTxn& txn, MDB_dbi simhash_db,
                          const ArticleKey& key, std::uint64_t simhash,
                          bool add);

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_SIMHASH_INDEX_H_
