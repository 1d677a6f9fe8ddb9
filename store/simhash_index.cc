#include "store/simhash_index.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <string>

#include "store/index_keys.h"
#include "store/lmdb_cursor.h"
#include "store/lmdb_txn.h"
#include "store/simhash.h"

namespace newscrawl {

namespace {

// Candidates examined per band (guards against pathological buckets).
constexpr std::size_t kMaxCandidatesPerBand = 4096;
constexpr std::size_t kEntrySize = ArticleKey::kSize + 8;

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
        if (distance >= *best_distance) continue;
        NEWSCRAWL_ASSIGN_OR_RETURN(
            ArticleKey candidate,
            ArticleKey::FromBytes(value.substr(off, ArticleKey::kSize)));
        if (candidate == self) continue;
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

Status MergeRecentSimHashes(LmdbTxn& txn, const SimHashDbs& dbs,
                            const std::function<void()>& check) {
  if (dbs.recent == 0) return Status::Ok();
  NEWSCRAWL_ASSIGN_OR_RETURN(std::size_t main_entries, txn.Count(dbs.main));
  return MergeRecentSimHashes(txn, dbs, SimHashRecentLimit(main_entries),
                              check);
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
  return txn.Check("empty simhash_recent", mdb_drop(txn.get(), dbs.recent, 0));
}

}  // namespace newscrawl
