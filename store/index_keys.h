// Keys of the store's index databases (see store/store_env.h).
#ifndef NEWSCRAWL_STORE_INDEX_KEYS_H_
#define NEWSCRAWL_STORE_INDEX_KEYS_H_

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "store/article_key.h"

namespace newscrawl {

inline constexpr std::size_t kDateSize = 10;  // "YYYY-MM-DD"
// SimHash bands: 64 bits cut into 6 disjoint bands (4 x 11 + 2 x 10 bits).
// Two hashes at most 5 bits apart agree on at least one whole band
// (pigeonhole), so every such pair is found; larger distances are found
// only when a band happens to be clean.
inline constexpr int kSimHashBands = 6;
inline constexpr int kBandShift[kSimHashBands] = {0, 11, 22, 33, 44, 54};
inline constexpr int kBandBits[kSimHashBands] = {11, 11, 11, 11, 10, 10};

// The date part of index keys: the first kDateSize bytes of `date`,
// padded with '0'.
inline void AppendIndexDate(std::string_view date, std::string* k) {
  k->append(date.substr(0, kDateSize));
  k->append(kDateSize - std::min(date.size(), kDateSize), '0');
}

// by_site (schema 3, MDB_DUPSORT | MDB_DUPFIXED): site '\0' date -> key16
// (schema 1-2: site '\0' date key16 -> "").
inline std::string BySiteKey(std::string_view site, std::string_view date) {
  std::string k;
  k.reserve(site.size() + 1 + kDateSize);
  k.append(site);
  k.push_back('\0');
  AppendIndexDate(date, &k);
  return k;
}

// by_date (schema 3, MDB_DUPSORT | MDB_DUPFIXED): date -> key16
// (schema 1-2: date key16 -> "").
inline std::string ByDateKey(std::string_view date) {
  std::string k;
  k.reserve(kDateSize);
  AppendIndexDate(date, &k);
  return k;
}

// simhash: band(1) bits(2)
inline std::string BandKey(int band, std::uint64_t simhash) {
  const auto bits = static_cast<std::uint16_t>(
      (simhash >> kBandShift[band]) & ((1u << kBandBits[band]) - 1u));
  std::string k(3, '\0');
  k[0] = static_cast<char>(band);
  k[1] = static_cast<char>(bits >> 8);
  k[2] = static_cast<char>(bits & 0xFF);
  return k;
}

// simhash value: key16 simhash(8, big-endian)
inline std::string BandValue(const ArticleKey& key, std::uint64_t simhash) {
  std::string v(key.AsBytes());
  for (int shift = 56; shift >= 0; shift -= 8) {
    v.push_back(static_cast<char>((simhash >> shift) & 0xFF));
  }
  return v;
}

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_INDEX_KEYS_H_
