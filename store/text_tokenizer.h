// TextTokenizer: splits text into the terms the full-text index stores.
//
// Text is taken to NFC, case folded (ICU full case folding) and broken into
// words with ICU's word BreakIterator (locale "vi"): Vietnamese syllables and
// English words are separate tokens, numbers are kept, white space and
// punctuation are dropped.  A token's position is its ordinal among the kept
// tokens.  Output is bounded: at most max_tokens tokens per call, tokens
// longer than kMaxTokenBytes are skipped (they still take a position), input
// beyond kMaxInputBytes is ignored.  Invalid UTF-8 becomes U+FFFD.
//
// FoldDiacritics() gives the diacritic-free form of a token ("đông" -> "dong").
//
// Thread safety: a TextTokenizer owns an ICU BreakIterator and a fold cache;
// use one object per thread.  FoldDiacritics() is thread-safe.
#ifndef NEWSCRAWL_STORE_TEXT_TOKENIZER_H_
#define NEWSCRAWL_STORE_TEXT_TOKENIZER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "config/result.h"

namespace newscrawl {

// A token with its place in the NFC text it came from.
struct TokenSpan {
  std::string text;   // case folded
  uint32_t position;  // ordinal among the kept tokens
  size_t begin;       // byte offsets into the NFC text
  size_t end;
};

class TextTokenizer {
 public:
  static constexpr size_t kDefaultMaxTokens = 65536;
  static constexpr size_t kMaxTokenBytes = 64;
  static constexpr size_t kMaxInputBytes = size_t{8} << 20;

  // Fails (Internal) only if ICU's word break rules cannot be loaded.
  static Result<std::unique_ptr<TextTokenizer>> Create(
      size_t max_tokens = kDefaultMaxTokens);

  ~TextTokenizer();
  TextTokenizer(const TextTokenizer&) = delete;
  TextTokenizer& operator=(const TextTokenizer&) = delete;

  // Replaces *out with the case-folded tokens of `utf8`; (*out)[i] has
  // position i (an empty string marks a skipped over-long token).
  //
  // Text made only of Latin letters (Vietnamese included), ASCII digits,
  // white space and common punctuation takes a fast path that applies the
  // same UAX #29 word rules as ICU for those characters (rules WB5-WB12),
  // with simple case folding (equal to full folding there); any other
  // character sends the whole text through ICU.
  void Tokenize(std::string_view utf8, std::vector<std::string>* out);

  // Tokenize() always through ICU: the reference the fast path is tested
  // against.
  void TokenizeWithIcu(std::string_view utf8, std::vector<std::string>* out);

  // Sets *nfc to the NFC form of `utf8` and *out to its tokens with byte
  // offsets into *nfc (for snippets).  Over-long tokens are left out.
  void TokenizeWithOffsets(std::string_view utf8, std::string* nfc,
                           std::vector<TokenSpan>* out);

  // FoldDiacritics(token), memoized (the cache is bounded).
  const std::string& Fold(const std::string& token);

  size_t max_tokens() const { return max_tokens_; }

 private:
  struct Impl;  // the ICU objects
  TextTokenizer(std::unique_ptr<Impl> impl, size_t max_tokens);

  // The fast path; false (and *out unspecified) if the text needs ICU.
  bool TokenizeLatin(std::string_view utf8, std::vector<std::string>* out);

  std::unique_ptr<Impl> impl_;
  size_t max_tokens_;
  std::unordered_map<std::string, std::string> fold_cache_;
};

// The diacritic-free form of a (case-folded) token: đ/Đ -> d/D, every
// combining mark removed after canonical decomposition, then NFC.
// "công đoàn hà đông" -> "cong doan ha dong".  ASCII is returned unchanged.
std::string FoldDiacritics(std::string_view token);

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_TEXT_TOKENIZER_H_
