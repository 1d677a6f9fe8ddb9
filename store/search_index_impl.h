// SearchIndex::Impl, shared by search_index.cc and search_index_writer.cc.
#ifndef NEWSCRAWL_STORE_SEARCH_INDEX_IMPL_H_
#define NEWSCRAWL_STORE_SEARCH_INDEX_IMPL_H_

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
  };

  // The id of `token` (registered on first sight).
  uint32_t TokenId(const std::string& token, TextTokenizer& tokenizer) {
    auto it = token_ids.find(token);
    if (it != token_ids.end()) return it->second;
    const std::string& folded = tokenizer.Fold(token);
    Token t{token, TermId(fts::kFolded + folded),
            folded == token ? kNoTerm : TermId(fts::kExact + token)};
    const auto id = static_cast<uint32_t>(tokens.size());
    tokens.push_back(std::move(t));
    token_ids.emplace(token, id);
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
    token_ids.clear();
    tokens.clear();
    term_ids.clear();
    terms.clear();
  }

  std::unordered_map<std::string, uint32_t> token_ids;
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
