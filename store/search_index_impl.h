// SearchIndex::Impl, shared by search_index.cc and search_index_writer.cc.
#ifndef NEWSCRAWL_STORE_SEARCH_INDEX_IMPL_H_
#define NEWSCRAWL_STORE_SEARCH_INDEX_IMPL_H_

#include <xxhash.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/search_index.h"
#include "store/search_index_format.h"
#include "store/text_tokenizer.h"

namespace newscrawl {

// Writers' memo of the tokens seen so far: each token's id, its folded and
// exact index terms ("f..." / "e...") as ids.  Pure function of the token
// (no database state), so it stays valid across aborted transactions; it is
// emptied between writers when it grows past kLimit.
struct TermDict {
  static constexpr uint32_t kNoTerm = UINT32_MAX;
  static constexpr size_t kLimit = size_t{1} << 20;

  struct Token {
    std::string text;
    uint32_t folded;  // term id of 'f' + FoldDiacritics(text)
    uint32_t exact;   // term id of 'e' + text, kNoTerm without diacritics
    uint32_t tag;     // high half of the text's XXH3 hash
  };

  // The id of `token` (registered on first sight).  An open-addressing
  // table of (hash, id): this runs for every token indexed.
  uint32_t TokenId(const std::string& token, TextTokenizer& tokenizer) {
    const uint64_t hash = XXH3_64bits(token.data(), token.size());
    const auto tag = static_cast<uint32_t>(hash >> 32);
    if ((tokens.size() + 1) * 2 > slots.size()) Rehash();
    size_t i = static_cast<size_t>(hash) & (slots.size() - 1);
    for (;; i = (i + 1) & (slots.size() - 1)) {
      const uint64_t slot = slots[i];
      if (slot == 0) break;
      const auto id = static_cast<uint32_t>(slot) - 1;
      if (static_cast<uint32_t>(slot >> 32) == tag &&
          tokens[id].text == token) {
        return id;
      }
    }
    const std::string& folded = tokenizer.Fold(token);
    Token t{token, TermId(fts::kFolded + folded),
            folded == token ? kNoTerm : TermId(fts::kExact + token), tag};
    const auto id = static_cast<uint32_t>(tokens.size());
    tokens.push_back(std::move(t));
    slots[i] = (uint64_t{tag} << 32) | (id + 1);
    return id;
  }

  // The id of an index term (space + term).
  uint32_t TermId(const std::string& term) {
    auto it = term_ids.find(term);
    if (it != term_ids.end()) return it->second;
    const auto id = static_cast<uint32_t>(terms.size());
    terms.push_back(term);
    term_ids.emplace(term, id);
    return id;
  }

  void ClearIfLarge() {
    if (tokens.size() + terms.size() < kLimit) return;
    slots.clear();
    tokens.clear();
    term_ids.clear();
    terms.clear();
  }

  void Rehash() {
    std::vector<uint64_t> bigger(std::max<size_t>(1024, slots.size() * 2), 0);
    for (size_t id = 0; id < tokens.size(); ++id) {
      const uint64_t hash =
          XXH3_64bits(tokens[id].text.data(), tokens[id].text.size());
      size_t i = static_cast<size_t>(hash) & (bigger.size() - 1);
      while (bigger[i] != 0) i = (i + 1) & (bigger.size() - 1);
      bigger[i] = (uint64_t{tokens[id].tag} << 32) | (id + 1);
    }
    slots.swap(bigger);
  }

  std::vector<uint64_t> slots;  // (tag << 32) | (token id + 1); 0: empty
  std::vector<Token> tokens;
  std::unordered_map<std::string, uint32_t> term_ids;
  std::vector<std::string> terms;
};

struct SearchIndex::Impl {
  fts::Dbis dbis;
  // Used by writers (LMDB serializes them).
  std::unique_ptr<TextTokenizer> write_tokenizer;
  TermDict dict;  // writers only
  // Tokenizes queries; queries are short, so one guarded instance is enough.
  mutable std::mutex query_mu;
  std::unique_ptr<TextTokenizer> query_tokenizer;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_SEARCH_INDEX_IMPL_H_
