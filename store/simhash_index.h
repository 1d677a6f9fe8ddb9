// The banded SimHash index: 6 bands of a 64-bit SimHash
// (store/index_keys.h) -> (article key, full hash).  Lookups read the
// buckets of the query's bands and keep the closest hash within the
// threshold.
//
// Two LMDB databases of the same format hold it (schema 2).  SimHashes are
// random, so entries added to one large tree land on pages all over it, and
// a batch's commit rewrites most of the tree.  New entries therefore go to
// the small `recent` database; once it holds SimHashRecentLimit() entries,
// a merge moves them, in key order, into `main` (each page of `main`
// rewritten once per merge, not once per batch).  Lookups read both.
//
// The merge runs in bounded steps, one per write transaction
// (StepSimHashMerge), not in one transaction: LMDB keeps a pool of freed
// dirty pages as large as the largest write transaction ever run, for the
// life of the environment, and a one-shot merge rewrites all of `main`.
// A step moves the first entries of `recent` (each put into `main` and
// deleted from `recent` in the same transaction) and saves how many of the
// merge's entries remain in `meta` ("simhash_merge"), so an entry is always
// in exactly one database, a lookup between steps is exact, and a store
// closed mid-merge finishes it with its next writes.
#ifndef NEWSCRAWL_STORE_SIMHASH_INDEX_H_
#define NEWSCRAWL_STORE_SIMHASH_INDEX_H_

#include <lmdb.h>

#include <cstddef>
#include <cstdint>
#include <functional>

#include "config/result.h"
#include "store/article_key.h"

namespace newscrawl {

class LmdbTxn;

struct SimHashDbs {
  MDB_dbi main = 0;
  // 0: absent (a store of schema 1 opened read-only): only `main` is used.
  MDB_dbi recent = 0;
  // The store's `meta` database, where a merge in progress is recorded
  // (0: none; StepSimHashMerge then merges at once).
  MDB_dbi meta = 0;
};

// Entries (6 per article) `recent` may reach before it is merged into a
// `main` of `main_entries`: 6 x sqrt(1024 x the articles in `main`), at
// least 6 x 2048.  A merge rewrites `main`, a batch the pages of `recent`
// it touches: this balances the two for batches of about 1000 articles,
// so the cost per article grows with the square root of the store.
std::size_t SimHashRecentLimit(std::size_t main_entries);

// The indexed article closest to `simhash` within `max_bits` (ties: the
// smallest key, wherever the entries are), other than `self`; an empty key
// if none.  `check`, if set,
// runs every kScanCheckPages pages of candidates read (a crowded bucket
// spans many pages; Store::SetWriteCheck).
inline constexpr std::size_t kScanCheckPages = 16;
Result<ArticleKey> FindNearDuplicate(LmdbTxn& txn, const SimHashDbs& dbs,
                                     std::uint64_t simhash, int max_bits,
                                     const ArticleKey& self,
                                     const std::function<void()>& check = {});

// Adds (add = true, to `recent`) or removes (from either database) `key`
// under every band of `simhash`.
Status UpdateSimHashIndex(LmdbTxn& txn, const SimHashDbs& dbs,
                          const ArticleKey& key, std::uint64_t simhash,
                          bool add);

// Entries of `main` a merge step may cover (estimated from the share of
// `recent` it moves: SimHashes, so keys, are uniform), bounding the pages
// of `main` it rewrites, and the bounds of the entries it moves.
inline constexpr std::size_t kMergeStepMainEntries = 8192;
inline constexpr std::size_t kMergeStepMinEntries = 256;
inline constexpr std::size_t kMergeStepMaxEntries = 4096;

// Entries of `recent` one merge step moves, given the entries of `recent`
// and `main`: kMergeStepMainEntries x recent / main, within the bounds.
std::size_t SimHashMergeStepEntries(std::size_t recent_entries,
                                    std::size_t main_entries);

// One step of the merge of `recent` into `main`: starts a merge if none is
// in progress and `recent` holds at least SimHashRecentLimit(entries of
// `main`) entries (the merge moves as many entries as `recent` holds then,
// first keys first, whether added before or during the merge), then moves
// the next SimHashMergeStepEntries() of them.  Without dbs.meta, the whole merge at
// once.  `check`, if set, runs every kMergeCheckEntries entries moved
// (Store::SetWriteCheck).
inline constexpr std::size_t kMergeCheckEntries = 256;
Status StepSimHashMerge(LmdbTxn& txn, const SimHashDbs& dbs,
                        const std::function<void()>& check = {});

// Entries of the merge in progress not moved yet (0: none in progress).
Result<std::size_t> SimHashMergeRemaining(LmdbTxn& txn, const SimHashDbs& dbs);

// Moves every entry of `recent` into `main` at once, if `recent` holds at
// least `limit` entries (0: any), ending any merge in progress.
Status MergeRecentSimHashes(LmdbTxn& txn, const SimHashDbs& dbs,
                            std::size_t limit,
                            const std::function<void()>& check = {});

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_SIMHASH_INDEX_H_
