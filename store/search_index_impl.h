// SearchIndex::Impl, shared by search_index.cc and search_index_writer.cc.
#ifndef NEWSCRAWL_STORE_SEARCH_INDEX_IMPL_H_
#define NEWSCRAWL_STORE_SEARCH_INDEX_IMPL_H_

#include <xxhash.h>

#include <algorithm>
#include <functional>
#include <cstdint>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/search_index.h"
#include "store/search_index_format.h"
#include "store/search_index_writer.h"
#include "store/text_tokenizer.h"

namespace newscrawl {

// Writers' memo of the term dictionary (fts_terms): each token seen so far
// with the ids of its folded and exact index terms, and term names to ids.
// It holds database state, so it is only trusted while fts_meta
// "dict_nonce" equals `nonce`: a writer that adds terms sets `nonce` to
// kDirty at once and to the new nonce it stores at Finish(), so a
// transaction that aborted (or another writer's) empties the memo at the
// next writer's start.  Emptied, its memory freed, when it grows past
// kLimit entries (about 150 bytes each: a vocabulary that grows with the
// site does not grow the writer's memory past some 20 MiB).
struct TermDict {
  static constexpr uint32_t kNoTerm = UINT32_MAX;
  static constexpr uint32_t kNoToken = UINT32_MAX;
  static constexpr uint64_t kDirty = UINT64_MAX;
  static constexpr size_t kLimit = size_t{1} << 17;

  struct Token {
    std::string text;
    uint32_t folded;  // term id of 'f' + FoldDiacritics(text)
    uint32_t exact;   // term id of 'e' + text, kNoTerm without diacritics
    uint32_t tag;     // high half of the text's XXH3 hash
  };

  static uint64_t Hash(std::string_view token) {
    return XXH3_64bits(token.data(), token.size());
  }

  // The index of `token` in `tokens`, or kNoToken with *slot set to where
  // Add() puts it.  An open-addressing table of (hash tag, index): this
  // runs for every token indexed.
  uint32_t Find(std::string_view token, uint64_t hash, size_t* slot) {
    const auto tag = static_cast<uint32_t>(hash >> 32);
    if ((tokens.size() + 1) * 2 > slots.size()) Rehash();
    size_t i = static_cast<size_t>(hash) & (slots.size() - 1);
    for (;; i = (i + 1) & (slots.size() - 1)) {
      const uint64_t entry = slots[i];
      if (entry == 0) break;
      const auto index = static_cast<uint32_t>(entry) - 1;
      if (static_cast<uint32_t>(entry >> 32) == tag &&
          tokens[index].text == token) {
        return index;
      }
    }
    *slot = i;
    return kNoToken;
  }

  // Adds a token Find() did not find (no Find() in between).
  uint32_t Add(std::string_view token, uint64_t hash, size_t slot,
               uint32_t folded, uint32_t exact) {
    const auto tag = static_cast<uint32_t>(hash >> 32);
    const auto index = static_cast<uint32_t>(tokens.size());
    tokens.push_back(Token{std::string(token), folded, exact, tag});
    slots[slot] = (uint64_t{tag} << 32) | (index + 1);
    return index;
  }

  // The folded term id of exact term `id`, or kNoTerm if not memoized.
  uint32_t FoldedOf(uint32_t id) const {
    const size_t n = id >> 1;
    return n < folded_of.size() ? folded_of[n] : kNoTerm;
  }
  void SetFoldedOf(uint32_t id, uint32_t folded) {
    const size_t n = id >> 1;
    if (n >= folded_of.size()) folded_of.resize(n + 1024, kNoTerm);
    folded_of[n] = folded;
  }

  void Clear() {
    slots.clear();
    tokens.clear();
    names.clear();
    folded_of.clear();
  }

  void ClearIfLarge() {
    if (tokens.size() + names.size() < kLimit) return;
    // clear() would keep the capacity.
    slots = std::vector<uint64_t>();
    tokens = std::vector<Token>();
    names = std::unordered_map<std::string, uint32_t>();
    folded_of = std::vector<uint32_t>();
  }

  void Rehash() {
    std::vector<uint64_t> bigger(std::max<size_t>(1024, slots.size() * 2), 0);
    for (size_t index = 0; index < tokens.size(); ++index) {
      const uint64_t hash = Hash(tokens[index].text);
      size_t i = static_cast<size_t>(hash) & (bigger.size() - 1);
      while (bigger[i] != 0) i = (i + 1) & (bigger.size() - 1);
      bigger[i] = (uint64_t{tokens[index].tag} << 32) | (index + 1);
    }
    slots.swap(bigger);
  }

  // A new nonce for fts_meta "dict_nonce" (never 0 or kDirty).
  uint64_t NewNonce() {
    uint64_t n = 0;
    while (n == 0 || n == kDirty) n = rng();
    return n;
  }

  std::vector<uint64_t> slots;  // (tag << 32) | (token index + 1); 0: empty
  std::vector<Token> tokens;
  std::unordered_map<std::string, uint32_t> names;  // space + term -> id
  std::vector<uint32_t> folded_of;  // exact id >> 1 -> folded id
  uint64_t nonce = 0;               // fts_meta "dict_nonce" it agrees with
  std::mt19937_64 rng{std::random_device{}()};
};

struct WriterStateDeleter {
  void operator()(SearchIndexWriter::State* state) const;
};

struct SearchIndex::Impl {
  fts::Dbis dbis;
  // Used by writers (LMDB serializes them).
  std::unique_ptr<TextTokenizer> write_tokenizer;
  TermDict dict;  // writers only
  std::function<void()> merge_check;  // SetMergeCheck()
  // The last writer's buffers, for the next one (writers only).
  std::unique_ptr<SearchIndexWriter::State, WriterStateDeleter> spare_writer;
  // Tokenizes queries; queries are short, so one guarded instance is enough.
  mutable std::mutex query_mu;
  std::unique_ptr<TextTokenizer> query_tokenizer;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_SEARCH_INDEX_IMPL_H_
