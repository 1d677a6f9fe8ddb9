#include "store/simhash.h"

// Word hashes are XXH3-64 (part of the stored format: SimHashes written by
// earlier builds must stay comparable), inlined: words are a few bytes, and
// the library call and its dispatch cost more than the hash itself.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <array>
#include <bit>
#include <cstring>

namespace newscrawl {

namespace {

// kSpread[b]: byte i is bit i of b.
constexpr std::array<std::uint64_t, 256> MakeSpread() {
  std::array<std::uint64_t, 256> table{};
  for (std::size_t b = 0; b < 256; ++b) {
    for (std::size_t i = 0; i < 8; ++i) {
      table[b] |= static_cast<std::uint64_t>((b >> i) & 1u) << (8 * i);
    }
  }
  return table;
}
constexpr std::array<std::uint64_t, 256> kSpread = MakeSpread();

// 64 counters, one per hash bit.  Eight bits are added at once through a
// table that spreads a byte over the eight byte-wide lanes of a word, so an
// Add is eight loads and eight adds, without branches; the byte lanes are
// moved to the wide counters before they can overflow.
class BitCounters {
 public:
  void Add(std::uint64_t bits) {
    for (std::size_t k = 0; k < 8; ++k) {
      lanes_[k] += kSpread[(bits >> (8 * k)) & 0xFF];
    }
    if (++pending_ == 255) Flush();
  }
  // Bit b of the result is set if counter b is above `half`.
  std::uint64_t Above(std::uint64_t half) {
    Flush();
    std::uint64_t result = 0;
    for (std::size_t bit = 0; bit < 64; ++bit) {
      if (totals_[bit] > half) result |= std::uint64_t{1} << bit;
    }
    return result;
  }

 private:
  void Flush() {
    for (std::size_t k = 0; k < 8; ++k) {
      for (std::size_t i = 0; i < 8; ++i) {
        totals_[8 * k + i] += (lanes_[k] >> (8 * i)) & 0xFF;
      }
      lanes_[k] = 0;
    }
    pending_ = 0;
  }

  std::array<std::uint64_t, 8> lanes_{};    // lane k, byte i: bit 8k+i
  std::array<std::uint64_t, 64> totals_{};
  unsigned pending_ = 0;
};

// The first space in [p, end), or end: eight bytes at a time (a word of
// normalised text is rarely longer).
inline const char* FindSpace(const char* p, const char* end) {
  if constexpr (std::endian::native == std::endian::little) {
    constexpr std::uint64_t kOnes = 0x0101010101010101u;
    constexpr std::uint64_t kSpaces = 0x2020202020202020u;
    constexpr std::uint64_t kHigh = 0x8080808080808080u;
    while (end - p >= 8) {
      std::uint64_t x;
      std::memcpy(&x, p, 8);
      x ^= kSpaces;  // spaces become zero bytes
      // The lowest zero byte sets the lowest high bit (bits above it may
      // be wrong, which does not matter).
      const std::uint64_t zero = (x - kOnes) & ~x & kHigh;
      if (zero != 0) return p + (std::countr_zero(zero) >> 3);
      p += 8;
    }
  }
  while (p < end && *p != ' ') ++p;
  return p;
}

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
  BitCounters ones;
  std::uint64_t n = 0;
  std::array<std::uint64_t, 3> word_hashes{};  // the last three words
  std::size_t words = 0;
  const char* p = text.data();
  const char* const end = p + text.size();
  while (p < end) {
    while (p < end && *p == ' ') ++p;
    if (p >= end) break;
    const char* word = p;
    p = FindSpace(p, end);
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
