// SimHash: a 64-bit locality-sensitive fingerprint of a text, over
// shingles of three consecutive words (Charikar 2002).  Texts that share
// most of their shingles get fingerprints a few bits apart; the store
// calls two articles near duplicates when HammingDistance() is at most
// StoreConfig::near_duplicate_bits.
#ifndef NEWSCRAWL_STORE_SIMHASH_H_
#define NEWSCRAWL_STORE_SIMHASH_H_

#include <cstdint>
#include <string_view>

namespace newscrawl {

struct SimHashResult {
  std::uint64_t hash = 0;
  std::uint32_t shingles = 0;  // how many shingles went into it
};

// `normalized` is NormalizeText() output: words separated by one ASCII
// space.  Texts of fewer than three words yield one shingle of the whole.
SimHashResult SimHash(std::string_view normalized);

inline int HammingDistance(std::uint64_t a, std::uint64_t b) {
  return __builtin_popcountll(a ^ b);
}

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_SIMHASH_H_
