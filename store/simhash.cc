#include "store/simhash.h"

#include <xxhash.h>

#include <array>

namespace newscrawl {

namespace {

// Adds the set bits of `h` to `ones`.
inline void Accumulate(std::uint64_t h, std::array<std::uint32_t, 64>& ones) {
  for (std::size_t bit = 0; bit < 64; ++bit) {
    ones[bit] += static_cast<std::uint32_t>((h >> bit) & 1u);
  }
}

}  // namespace

SimHashResult SimHash(std::string_view text) {
  std::array<std::uint32_t, 64> ones{};
  std::uint32_t n = 0;
  // Start offsets of the last three words; a shingle runs from the first of
  // them to the end of the current word (words are one space apart).
  std::array<std::size_t, 3> starts{};
  std::size_t words = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && text[pos] == ' ') ++pos;
    if (pos >= text.size()) break;
    std::size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    starts[words % 3] = pos;
    ++words;
    if (words >= 3) {
      const std::size_t first = starts[(words - 3) % 3];
      Accumulate(XXH3_64bits(text.data() + first, end - first), ones);
      ++n;
    }
    pos = end;
  }
  if (n == 0) {
    if (text.empty()) return {};
    Accumulate(XXH3_64bits(text.data(), text.size()), ones);
    n = 1;
  }
  std::uint64_t hash = 0;
  for (std::size_t bit = 0; bit < 64; ++bit) {
    if (2 * ones[bit] > n) hash |= std::uint64_t{1} << bit;
  }
  return {hash, n};
}

}  // namespace newscrawl
