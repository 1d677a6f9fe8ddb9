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
#if defined(__POPCNT__)
  return __builtin_popcountll(a ^ b);
#else
  // Without the POPCNT instruction the builtin is a library call; the
  // index compares hundreds of candidates per lookup.
  std::uint64_t x = a ^ b;
  x -= (x >> 1) & 0x5555555555555555u;
  x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Fu;
  return static_cast<int>((x * 0x0101010101010101u) >> 56);
#endif
}

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_SIMHASH_H_
