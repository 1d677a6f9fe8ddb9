#include "store/simhash_index.h"

#include <bit>
#include <cstring>

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

}  // namespace

Result<ArticleKey> FindNearDuplicate(LmdbTxn& txn, MDB_dbi simhash_db,
                                     std::uint64_t simhash, int max_bits,
                                     const ArticleKey& self) {
  ArticleKey best;
  int best_distance = max_bits + 1;
  NEWSCRAWL_ASSIGN_OR_RETURN(LmdbCursor cursor, LmdbCursor::Open(txn, simhash_db));
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
        if (distance >= best_distance) continue;
        NEWSCRAWL_ASSIGN_OR_RETURN(
            ArticleKey candidate,
            ArticleKey::FromBytes(value.substr(off, ArticleKey::kSize)));
        if (candidate == self) continue;
        best = candidate;
        best_distance = distance;
      }
      NEWSCRAWL_ASSIGN_OR_RETURN(found, cursor.Get(op, &key, &value));
      op = MDB_NEXT_MULTIPLE;
    }
  }
  return best;
}

Status UpdateSimHashIndex(LmdbTxn& txn, MDB_dbi simhash_db,
                          const ArticleKey& key, std::uint64_t simhash,
                          bool add) {
  const std::string value = BandValue(key, simhash);
  for (int band = 0; band < kSimHashBands; ++band) {
    const std::string band_key = BandKey(band, simhash);
    if (add) {
      NEWSCRAWL_RETURN_IF_ERROR(txn.Put(simhash_db, band_key, value));
    } else {
      NEWSCRAWL_RETURN_IF_ERROR(txn.DelDup(simhash_db, band_key, value).status());
    }
  }
  return Status::Ok();
}

}  // namespace newscrawl
