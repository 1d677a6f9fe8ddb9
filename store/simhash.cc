#include "store/simhash.h"

// Word hashes are XXH3-64 (part of the stored format: SimHashes written by
// earlier builds must stay comparable), inlined: words are a few bytes, and
// the library call and its dispatch cost more than the hash itself.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <array>

namespace newscrawl {

namespace {

// 64 counters, one per hash bit, kept bit-sliced: plane j holds bit j of
// every counter.  Adding a hash is a ripple-carry add of one bit per lane,
// a couple of word operations on average instead of 64 increments.
class BitSlicedCounters {
 public:
  void Add(std::uint64_t bits) {
    for (std::size_t j = 0; bits != 0 && j < kPlanes; ++j) {
      const std::uint64_t carry = planes_[j] & bits;
      planes_[j] ^= bits;
      bits = carry;
    }
  }
  // Bit b of the result is set if counter b is above `half`: a bit-sliced
  // comparison of all 64 counters at once, most significant plane first.
  std::uint64_t Above(std::uint64_t half) const {
    std::uint64_t greater = 0;
    std::uint64_t equal = ~std::uint64_t{0};
    for (std::size_t j = kPlanes; j-- > 0;) {
      const std::uint64_t h = ((half >> j) & 1u) != 0 ? ~std::uint64_t{0} : 0;
      greater |= equal & planes_[j] & ~h;
      equal &= ~(planes_[j] ^ h);
    }
    return greater;
  }

 private:
  static constexpr std::size_t kPlanes = 33;  // counts up to 2^33 - 1
  std::array<std::uint64_t, kPlanes> planes_{};
};

// A shingle's feature: the hashes of its three words, combined in order
// (each word is hashed once, not three times as part of three shingles).
inline std::uint64_t Mix(std::uint64_t a, std::uint64_t b, std::uint64_t c) {
  std::uint64_t h = a * 0x9E3779B97F4A7C15u;
  h ^= ((b << 21) | (b >> 43)) * 0xC2B2AE3D27D4EB4Fu;
  h ^= ((c << 42) | (c >> 22)) * 0x165667B19E3779F9u;
  // fmix64 (MurmurHash3) spreads every input bit over the result.
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDu;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53u;
  h ^= h >> 33;
  return h;
}

}  // namespace

SimHashResult SimHash(std::string_view text) {
  BitSlicedCounters ones;
  std::uint64_t n = 0;
  std::array<std::uint64_t, 3> word_hashes{};  // the last three words
  std::size_t words = 0;
  const char* p = text.data();
  const char* const end = p + text.size();
  while (p < end) {
    while (p < end && *p == ' ') ++p;
    if (p >= end) break;
    const char* word = p;
    while (p < end && *p != ' ') ++p;
    word_hashes[words % 3] =
        XXH3_64bits(word, static_cast<std::size_t>(p - word));
    ++words;
    if (words >= 3) {
      ones.Add(Mix(word_hashes[(words - 3) % 3], word_hashes[(words - 2) % 3],
                   word_hashes[(words - 1) % 3]));
      ++n;
    }
  }
  if (n == 0) {
    if (text.empty()) return {};
    ones.Add(XXH3_64bits(text.data(), text.size()));
    n = 1;
  }
  // A bit is set when more than half of the shingles set it: 2*ones > n.
  return {ones.Above(n / 2), static_cast<std::uint32_t>(n)};
}

}  // namespace newscrawl
