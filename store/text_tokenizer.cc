#include "store/text_tokenizer.h"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstring>

namespace newscrawl {
namespace {

constexpr size_t kFoldCacheLimit = size_t{1} << 18;

bool IsAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// Cuts `utf8` to at most `limit` bytes without splitting a sequence.
std::string_view Bounded(std::string_view utf8, size_t limit) {
  if (utf8.size() <= limit) return utf8;
  size_t n = limit;
  while (n > 0 && (static_cast<unsigned char>(utf8[n]) & 0xC0) == 0x80) --n;
  return utf8.substr(0, n);
}

// Appends UTF-16 code units [begin, end) of `s` to *out as UTF-8 (an
// unpaired surrogate becomes U+FFFD).
void AppendUtf8(const icu::UnicodeString& s, int32_t begin, int32_t end,
                std::string* out) {
  const char16_t* units = s.getBuffer();
  for (int32_t i = begin; i < end; ++i) {
    uint32_t c = units[i];
    if (c < 0x80) {
      out->push_back(static_cast<char>(c));
      continue;
    }
    if (c >= 0xD800 && c <= 0xDFFF) {
      if (c <= 0xDBFF && i + 1 < end && units[i + 1] >= 0xDC00 &&
          units[i + 1] <= 0xDFFF) {
        c = 0x10000 + ((c - 0xD800) << 10) + (units[i + 1] - 0xDC00u);
        ++i;
      } else {
        c = 0xFFFD;
      }
    }
    if (c < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    } else if (c < 0x10000) {
      out->push_back(static_cast<char>(0xE0 | (c >> 12)));
      out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xF0 | (c >> 18)));
      out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    }
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

// Word_Break classes of the fast path (UAX #29); kSlow: anything else.
enum : uint8_t {
  kOther,
  kLetter,     // ALetter
  kDigit,      // Numeric
  kMidLetter,  // MidLetter
  kMidNum,     // MidNum
  kMidNumLet,  // MidNumLet and Single_Quote
  kSlow,
};

uint8_t Classify(UChar32 c) {
  if (c < 0x80) {
    // ICU's rules count '@' as a letter and, unlike UAX #29, ':' as
    // punctuation.
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '@') {
      return kLetter;
    }
    if (c >= '0' && c <= '9') return kDigit;
    switch (c) {
      case '.':
      case '\'':
        return kMidNumLet;
      case ',':
      case ';':
        return kMidNum;
      case '_':  // ExtendNumLet
        return kSlow;
      default:
        // Controls other than white space are Format/Control: ICU decides.
        return (c >= 0x20 && c < 0x7F) || (c >= '\t' && c <= '\r') ? kOther
                                                                   : kSlow;
    }
  }
  // Latin-1 letters, Latin Extended-A/B and Latin Extended Additional
  // (Vietnamese), less the letters whose full case folding expands.
  if ((c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7 && c != 0xDF &&
       c != 0x130 && c != 0x149 && c != 0x1F0) ||
      (c >= 0x1E00 && c <= 0x1EFF && !(c >= 0x1E96 && c <= 0x1E9E))) {
    return kLetter;
  }
  switch (c) {
    case 0x2018:  // ‘ ’
    case 0x2019:
      return kMidNumLet;
    case 0xB7:  // ·
      return kMidLetter;
    case 0xA0:  // no-break space
    case 0xAB:  // « »
    case 0xBB:
    case 0x2013:  // – —
    case 0x2014:
    case 0x201C:  // “ ”
    case 0x201D:
    case 0x2026:  // …
      return kOther;
    default:
      return kSlow;
  }
}

// Classify() and simple case folding of U+0000..U+024F and U+1E00..U+1EFF
// (the Latin letters, Vietnamese included), computed once.
class LatinTable {
 public:
  static const LatinTable& Get() {
    static const LatinTable table;
    return table;
  }

  // The UTF-8 bytes of a code point's case fold.
  struct Folded {
    char bytes[3];
    uint8_t size;
  };

  // The class of `c` and *folded: its case fold (for a letter; else `c`).
  uint8_t Lookup(UChar32 c, Folded* folded) const {
    size_t i;
    if (c < kLow) {
      i = static_cast<size_t>(c);
    } else if (c >= kExtendedBegin && c < kExtendedEnd) {
      i = kLow + static_cast<size_t>(c - kExtendedBegin);
    } else {
      *folded = Encode(c);
      return Classify(c);
    }
    *folded = fold_[i];
    return class_[i];
  }

 private:
  static constexpr UChar32 kLow = 0x250;
  static constexpr UChar32 kExtendedBegin = 0x1E00;
  static constexpr UChar32 kExtendedEnd = 0x1F00;
  static constexpr size_t kSize = kLow + (kExtendedEnd - kExtendedBegin);

  LatinTable() {
    for (size_t i = 0; i < kSize; ++i) {
      const UChar32 c = i < kLow
                            ? static_cast<UChar32>(i)
                            : kExtendedBegin + static_cast<UChar32>(i - kLow);
      class_[i] = Classify(c);
      fold_[i] =
          Encode(class_[i] == kLetter ? u_foldCase(c, U_FOLD_CASE_DEFAULT) : c);
    }
  }

  // `c` (below U+10000) as UTF-8.
  static Folded Encode(UChar32 c) {
    const auto u = static_cast<uint32_t>(c);
    if (u < 0x80) return {{static_cast<char>(u), 0, 0}, 1};
    if (u < 0x800) {
      return {{static_cast<char>(0xC0 | (u >> 6)),
               static_cast<char>(0x80 | (u & 0x3F)), 0},
              2};
    }
    if (u < 0x10000) {
      return {{static_cast<char>(0xE0 | (u >> 12)),
               static_cast<char>(0x80 | ((u >> 6) & 0x3F)),
               static_cast<char>(0x80 | (u & 0x3F))},
              3};
    }
    return {{0, 0, 0}, 0};  // not a fast path character
  }

  uint8_t class_[kSize];
  Folded fold_[kSize];
};

std::string FoldCase(std::string_view token) {
  if (IsAscii(token)) {
    std::string out(token);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  }
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(token.data(), static_cast<int32_t>(token.size())));
  u.foldCase();
  std::string out;
  u.toUTF8String(out);
  return out;
}

}  // namespace

struct TextTokenizer::Impl {
  std::unique_ptr<icu::BreakIterator> words;
  const icu::Normalizer2* nfc = nullptr;
};

Result<std::unique_ptr<TextTokenizer>> TextTokenizer::Create(
    size_t max_tokens) {
  UErrorCode error = U_ZERO_ERROR;
  auto impl = std::make_unique<Impl>();
  impl->words.reset(
      icu::BreakIterator::createWordInstance(icu::Locale("vi"), error));
  if (U_FAILURE(error) || !impl->words) {
    return Status::Internal(std::string("ICU word break iterator: ") +
                            u_errorName(error));
  }
  error = U_ZERO_ERROR;
  impl->nfc = icu::Normalizer2::getNFCInstance(error);
  if (U_FAILURE(error)) {
    return Status::Internal(std::string("ICU NFC: ") + u_errorName(error));
  }
  return std::unique_ptr<TextTokenizer>(
      new TextTokenizer(std::move(impl), max_tokens));
}

TextTokenizer::TextTokenizer(std::unique_ptr<Impl> impl, size_t max_tokens)
    : impl_(std::move(impl)), max_tokens_(max_tokens) {}

TextTokenizer::~TextTokenizer() = default;

void TextTokenizer::Tokenize(std::string_view utf8,
                             std::vector<std::string>* out) {
  if (!TokenizeLatin(utf8, out)) TokenizeWithIcu(utf8, out);
}

bool TextTokenizer::TokenizeLatin(std::string_view utf8,
                                  std::vector<std::string>* out) {
  utf8 = Bounded(utf8, kMaxInputBytes);
  // One pass over the text: each code point is classified and case folded
  // through the table and appended to the token it extends.  A token may
  // have to swallow a middle character (WB6/7, WB11/12), which is held
  // back until the character after it is known.
  const LatinTable& table = LatinTable::Get();
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(utf8.size());
  size_t count = 0;
  bool in_token = false;  // a token is being built in `buffer`
  char buffer[kMaxTokenBytes + 4];
  size_t size = 0;          // bytes in `buffer`
  uint8_t before = kOther;  // class of the token's last code point
  uint8_t mid = kOther;     // class of a held-back middle character
  LatinTable::Folded mid_folded{};
  auto append = [&](const LatinTable::Folded& c) {
    if (size > kMaxTokenBytes) return;  // over-long: dropped at close()
    std::memcpy(buffer + size, c.bytes, 3);
    size += c.size;
  };
  auto close = [&] {
    // The strings of an earlier call are reused (no reallocation).
    if (count == out->size()) out->emplace_back();
    std::string& token = (*out)[count++];
    if (size > kMaxTokenBytes) {
      token.clear();
    } else {
      token.assign(buffer, size);
    }
    in_token = false;
    mid = kOther;
  };
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    uint8_t cls;
    LatinTable::Folded folded;
    if (s[i] < 0x80) {
      c = s[i++];
      cls = table.Lookup(c, &folded);
    } else {
      U8_NEXT(s, i, length, c);
      if (c < 0) return false;  // invalid UTF-8: ICU replaces it
      cls = table.Lookup(c, &folded);
    }
    if (cls == kSlow) return false;
    const bool word = cls == kLetter || cls == kDigit;
    if (in_token) {
      if (mid != kOther) {
        const bool joined =
            (before == kLetter && cls == kLetter &&
             (mid == kMidLetter || mid == kMidNumLet)) ||  // WB6, WB7
            (before == kDigit && cls == kDigit &&
             (mid == kMidNum || mid == kMidNumLet));  // WB11, WB12
        if (joined) {
          append(mid_folded);
          append(folded);
          before = cls;
          mid = kOther;
          continue;
        }
        close();
      } else if (word) {  // WB5, WB8, WB9, WB10
        append(folded);
        before = cls;
        continue;
      } else if (cls == kMidLetter || cls == kMidNum || cls == kMidNumLet) {
        mid = cls;
        mid_folded = folded;
        continue;
      } else {
        close();
        continue;
      }
    }
    if (word && count < max_tokens_) {
      in_token = true;
      size = 0;
      append(folded);
      before = cls;
    }
  }
  if (in_token) close();
  out->resize(count);
  return true;
}

void TextTokenizer::TokenizeWithIcu(std::string_view utf8,
                                    std::vector<std::string>* out) {
  out->clear();
  utf8 = Bounded(utf8, kMaxInputBytes);
  if (utf8.empty() || max_tokens_ == 0) return;
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  UErrorCode error = U_ZERO_ERROR;
  if (!impl_->nfc->isNormalized(text, error) || U_FAILURE(error)) {
    error = U_ZERO_ERROR;
    icu::UnicodeString normalized = impl_->nfc->normalize(text, error);
    if (U_SUCCESS(error)) text = std::move(normalized);
  }
  // Case folding does not move word boundaries, so the whole text is folded
  // once instead of token by token.
  text.foldCase();
  icu::BreakIterator& words = *impl_->words;
  words.setText(text);
  int32_t begin = words.first();
  for (int32_t end = words.next(); end != icu::BreakIterator::DONE;
       begin = end, end = words.next()) {
    if (words.getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;
    out->emplace_back();
    if (static_cast<size_t>(end - begin) <= kMaxTokenBytes) {
      AppendUtf8(text, begin, end, &out->back());
      if (out->back().size() > kMaxTokenBytes) out->back().clear();
    }
    if (out->size() >= max_tokens_) break;
  }
  words.setText(icu::UnicodeString());
}

void TextTokenizer::TokenizeWithOffsets(std::string_view utf8, std::string* nfc,
                                        std::vector<TokenSpan>* out) {
  out->clear();
  nfc->clear();
  utf8 = Bounded(utf8, kMaxInputBytes);
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  UErrorCode error = U_ZERO_ERROR;
  if (!impl_->nfc->isNormalized(text, error) || U_FAILURE(error)) {
    error = U_ZERO_ERROR;
    icu::UnicodeString normalized = impl_->nfc->normalize(text, error);
    if (U_SUCCESS(error)) text = std::move(normalized);
  }
  text.toUTF8String(*nfc);
  if (nfc->empty() || max_tokens_ == 0) return;
  error = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, nfc->data(),
                             static_cast<int64_t>(nfc->size()), &error);
  if (U_FAILURE(error)) return;
  icu::BreakIterator& words = *impl_->words;
  words.setText(ut, error);
  if (U_SUCCESS(error)) {
    uint32_t position = 0;
    // With UTF-8 UText the boundaries are byte offsets.
    int32_t begin = words.first();
    for (int32_t end = words.next(); end != icu::BreakIterator::DONE;
         begin = end, end = words.next()) {
      if (words.getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;
      const auto b = static_cast<size_t>(begin);
      const auto e = static_cast<size_t>(end);
      if (e - b <= kMaxTokenBytes) {
        std::string folded = FoldCase(std::string_view(*nfc).substr(b, e - b));
        if (folded.size() <= kMaxTokenBytes) {
          out->push_back(TokenSpan{std::move(folded), position, b, e});
        }
      }
      if (++position >= max_tokens_) break;
    }
  }
  words.setText(icu::UnicodeString());
  utext_close(ut);
}

const std::string& TextTokenizer::Fold(const std::string& token) {
  auto it = fold_cache_.find(token);
  if (it != fold_cache_.end()) return it->second;
  if (fold_cache_.size() >= kFoldCacheLimit) fold_cache_.clear();
  return fold_cache_.emplace(token, FoldDiacritics(token)).first->second;
}

std::string FoldDiacritics(std::string_view token) {
  if (IsAscii(token)) return std::string(token);
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(error);
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(error);
  if (U_FAILURE(error)) return std::string(token);
  icu::UnicodeString decomposed =
      nfd->normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(
                         token.data(), static_cast<int32_t>(token.size()))),
                     error);
  if (U_FAILURE(error)) return std::string(token);
  icu::UnicodeString bare;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    if (c == 0x0111) {
      bare.append(static_cast<UChar32>('d'));
    } else if (c == 0x0110) {
      bare.append(static_cast<UChar32>('D'));
    } else {
      bare.append(c);
    }
  }
  icu::UnicodeString composed = nfc->normalize(bare, error);
  if (U_FAILURE(error)) return std::string(token);
  std::string out;
  composed.toUTF8String(out);
  return out;
}

}  // namespace newscrawl
