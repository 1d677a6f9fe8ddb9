#include "store/simhash_index.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <string>

#include "store/byte_coding.h"
#include "store/index_keys.h"
#include "store/lmdb_cursor.h"
#include "store/lmdb_txn.h"
#include "store/simhash.h"

namespace newscrawl {

namespace {

// Candidates examined per band (guards against pathological buckets).
constexpr std::size_t kMaxCandidatesPerBand = 4096;
constexpr std::size_t kEntrySize = ArticleKey::kSize + 8;
// meta: entries of the merge in progress not moved yet (uint64).
constexpr std::string_view kMergeKey = "simhash_merge";

// The big-endian SimHash after the key (one load, not eight).
std::uint64_t HashOf(const char* entry) {
  std::uint64_t h;
  std::memcpy(&h, entry + ArticleKey::kSize, sizeof h);
  if constexpr (std::endian::native == std::endian::little) {
    h = __builtin_bswap64(h);
  }
  return h;
}

// Keeps in *best the closest entry of `db`'s buckets for `simhash` (see
// FindNearDuplicate); *best_distance is its distance.
Status ScanBands(LmdbTxn& txn, MDB_dbi db, std::uint64_t simhash,
                 const ArticleKey& self, const std::function<void()>& check,
                 ArticleKey* best, int* best_distance) {
  NEWSCRAWL_ASSIGN_OR_RETURN(LmdbCursor cursor, LmdbCursor::Open(txn, db));
  std::size_t pages = 0;  // of candidates read
  for (int band = 0; band < kSimHashBands; ++band) {
    const std::string band_key = BandKey(band, simhash);
    std::string_view key = band_key;
    std::string_view value;
    NEWSCRAWL_ASSIGN_OR_RETURN(bool found, cursor.Get(MDB_SET, &key, &value));
    if (!found) continue;
    // The first duplicate, then (MDB_DUPFIXED) whole pages of duplicates at
    // once; a bucket of one has no such pages, and the first page repeats
    // the first duplicate, which is harmless.
    std::size_t seen = 0;
    MDB_cursor_op op = MDB_GET_MULTIPLE;
    while (found && seen < kMaxCandidatesPerBand) {
      if (value.size() % kEntrySize != 0) {
        return Status::Corruption("simhash index entry of bad size");
      }
      for (std::size_t off = 0; off < value.size(); off += kEntrySize, ++seen) {
        const int distance = HammingDistance(simhash, HashOf(value.data() + off));
        // (Nothing found yet: *best_distance is one beyond the threshold.)
        if (distance > *best_distance ||
            (distance == *best_distance && best->empty())) {
          continue;
        }
        NEWSCRAWL_ASSIGN_OR_RETURN(
            ArticleKey candidate,
            ArticleKey::FromBytes(value.substr(off, ArticleKey::kSize)));
        if (candidate == self) continue;
        // Ties go to the smallest key: the answer does not depend on which
        // database holds which entry (a merge moves them).
        if (distance == *best_distance && !(candidate < *best)) continue;
        *best = candidate;
        *best_distance = distance;
      }
      if (++pages % kScanCheckPages == 0 && check) check();
      NEWSCRAWL_ASSIGN_OR_RETURN(found, cursor.Get(op, &key, &value));
      op = MDB_NEXT_MULTIPLE;
    }
  }
  return Status::Ok();
}

}  // namespace

Result<ArticleKey> FindNearDuplicate(LmdbTxn& txn, const SimHashDbs& dbs,
                                     std::uint64_t simhash, int max_bits,
                                     const ArticleKey& self,
                                     const std::function<void()>& check) {
  ArticleKey best;
  int best_distance = max_bits + 1;
  NEWSCRAWL_RETURN_IF_ERROR(
      ScanBands(txn, dbs.main, simhash, self, check, &best, &best_distance));
  if (dbs.recent != 0) {
    NEWSCRAWL_RETURN_IF_ERROR(ScanBands(txn, dbs.recent, simhash, self, check,
                                        &best, &best_distance));
  }
  return best;
}

Status UpdateSimHashIndex(LmdbTxn& txn, const SimHashDbs& dbs,
                          const ArticleKey& key, std::uint64_t simhash,
                          bool add) {
  const std::string value = BandValue(key, simhash);
  const MDB_dbi target = dbs.recent != 0 ? dbs.recent : dbs.main;
  for (int band = 0; band < kSimHashBands; ++band) {
    const std::string band_key = BandKey(band, simhash);
    if (add) {
      NEWSCRAWL_RETURN_IF_ERROR(txn.Put(target, band_key, value));
      continue;
    }
    // Merged or not, the entry goes.
    NEWSCRAWL_RETURN_IF_ERROR(txn.DelDup(dbs.main, band_key, value).status());
    if (dbs.recent != 0) {
      NEWSCRAWL_RETURN_IF_ERROR(
          txn.DelDup(dbs.recent, band_key, value).status());
    }
  }
  return Status::Ok();
}

std::size_t SimHashRecentLimit(std::size_t main_entries) {
  constexpr std::size_t kBands = kSimHashBands;
  const double articles = static_cast<double>(main_entries / kBands);
  const auto balanced = static_cast<std::size_t>(std::sqrt(1024.0 * articles));
  return kBands * std::max<std::size_t>(2048, balanced);
}

std::size_t SimHashMergeStepEntries(std::size_t recent_entries,
                                    std::size_t main_entries) {
  if (main_entries == 0) return kMergeStepMaxEntries;
  const double share = static_cast<double>(kMergeStepMainEntries) *
                       static_cast<double>(recent_entries) /
                       static_cast<double>(main_entries);
  if (share >= static_cast<double>(kMergeStepMaxEntries)) {
    return kMergeStepMaxEntries;
  }
  return std::max(kMergeStepMinEntries, static_cast<std::size_t>(share));
}

Result<std::size_t> SimHashMergeRemaining(LmdbTxn& txn, const SimHashDbs& dbs) {
  if (dbs.meta == 0) return std::size_t{0};
  std::string_view value;
  NEWSCRAWL_ASSIGN_OR_RETURN(bool found, txn.Get(dbs.meta, kMergeKey, &value));
  if (!found) return std::size_t{0};
  std::uint64_t remaining = 0;
  ByteReader r(value);
  if (!r.GetFixed64(&remaining) || !r.empty()) {
    return Status::Corruption("bad simhash_merge in meta");
  }
  return static_cast<std::size_t>(remaining);
}

namespace {

// Records the merge's remaining entries (0: none in progress).
Status SaveMergeRemaining(LmdbTxn& txn, const SimHashDbs& dbs,
                          std::size_t remaining) {
  if (dbs.meta == 0) return Status::Ok();
  if (remaining == 0) return txn.Del(dbs.meta, kMergeKey).status();
  std::string value;
  ByteWriter(&value).PutFixed64(remaining);
  return txn.Put(dbs.meta, kMergeKey, value);
}

// Moves up to `limit` entries from the front of `recent` into `main`;
// *moved counts them (fewer: `recent` is empty).
Status MoveFirstEntries(LmdbTxn& txn, const SimHashDbs& dbs, std::size_t limit,
                        const std::function<void()>& check,
                        std::size_t* moved) {
  *moved = 0;
  NEWSCRAWL_ASSIGN_OR_RETURN(LmdbCursor from, LmdbCursor::Open(txn, dbs.recent));
  NEWSCRAWL_ASSIGN_OR_RETURN(LmdbCursor to, LmdbCursor::Open(txn, dbs.main));
  std::string_view key;
  std::string_view value;
  while (*moved < limit) {
    // From the first entry each time: where a cursor stands after a delete
    // is not worth relying on, and `recent` is a small tree.
    NEWSCRAWL_ASSIGN_OR_RETURN(bool found, from.Get(MDB_FIRST, &key, &value));
    if (!found) break;
    // In key order: consecutive puts land on the same pages of `main`.
    NEWSCRAWL_RETURN_IF_ERROR(to.Put(key, value));
    NEWSCRAWL_RETURN_IF_ERROR(from.Del());
    if (++*moved % kMergeCheckEntries == 0 && check) check();
  }
  return Status::Ok();
}

}  // namespace

Status StepSimHashMerge(LmdbTxn& txn, const SimHashDbs& dbs,
                        const std::function<void()>& check) {
  if (dbs.recent == 0) return Status::Ok();
  NEWSCRAWL_ASSIGN_OR_RETURN(std::size_t main_entries, txn.Count(dbs.main));
  if (dbs.meta == 0) {
    return MergeRecentSimHashes(txn, dbs, SimHashRecentLimit(main_entries),
                                check);
  }
  NEWSCRAWL_ASSIGN_OR_RETURN(std::size_t remaining,
                             SimHashMergeRemaining(txn, dbs));
  NEWSCRAWL_ASSIGN_OR_RETURN(std::size_t recent_entries, txn.Count(dbs.recent));
  if (remaining == 0) {
    if (recent_entries == 0 ||
        recent_entries < SimHashRecentLimit(main_entries)) {
      return Status::Ok();
    }
    remaining = recent_entries;  // a merge starts
  }
  const std::size_t step = std::min(
      remaining, SimHashMergeStepEntries(recent_entries, main_entries));
  std::size_t moved = 0;
  NEWSCRAWL_RETURN_IF_ERROR(MoveFirstEntries(txn, dbs, step, check, &moved));
  // `recent` empty (entries were removed meanwhile): the merge is over.
  remaining = moved < step ? 0 : remaining - moved;
  return SaveMergeRemaining(txn, dbs, remaining);
}

Status MergeRecentSimHashes(LmdbTxn& txn, const SimHashDbs& dbs,
                            std::size_t limit,
                            const std::function<void()>& check) {
  if (dbs.recent == 0) return Status::Ok();
  NEWSCRAWL_ASSIGN_OR_RETURN(std::size_t entries, txn.Count(dbs.recent));
  if (entries == 0 || entries < limit) return Status::Ok();
  {
    NEWSCRAWL_ASSIGN_OR_RETURN(LmdbCursor from,
                               LmdbCursor::Open(txn, dbs.recent));
    NEWSCRAWL_ASSIGN_OR_RETURN(LmdbCursor to, LmdbCursor::Open(txn, dbs.main));
    std::string_view key;
    std::string_view value;
    NEWSCRAWL_ASSIGN_OR_RETURN(bool found, from.Get(MDB_FIRST, &key, &value));
    std::size_t moved = 0;
    while (found) {
      // In key order: consecutive puts land on the same pages of `main`.
      NEWSCRAWL_RETURN_IF_ERROR(to.Put(key, value));
      if (++moved % kMergeCheckEntries == 0 && check) check();
      NEWSCRAWL_ASSIGN_OR_RETURN(found, from.Get(MDB_NEXT, &key, &value));
    }
  }  // cursors close before the drop
  NEWSCRAWL_RETURN_IF_ERROR(
      txn.Check("empty simhash_recent", mdb_drop(txn.get(), dbs.recent, 0)));
  return SaveMergeRemaining(txn, dbs, 0);
}

}  // namespace newscrawl
