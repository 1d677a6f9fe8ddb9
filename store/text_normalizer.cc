#include "store/text_normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/utf8.h>

#include <cstdint>

#include "extractor/unicode_text.h"

namespace newscrawl {

namespace {

// ASCII members of Unicode White_Space: TAB..CR, space.  (0x1C-0x1F are
// not White_Space.)
inline bool AsciiSpace(unsigned char c) {
  return c == ' ' || (c >= 0x09 && c <= 0x0D);
}

// The non-ASCII White_Space code points (stable since Unicode 6.3, which
// removed U+180E), plus the zero-width space and BOM that FoldWhitespace
// also folds.  Checked against ICU by tests/store/text_normalizer_test.cc.
inline bool OtherSpace(UChar32 c) {
  return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200B) ||
         c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000 || c == 0xFEFF;
}

}  // namespace

void NormalizeBody(std::string_view text, std::string* out) {
  out->clear();
  out->reserve(text.size());
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  // Bytes [run, i) are copied as they are when the run ends.
  int32_t run = 0;
  int32_t i = 0;
  bool pending_space = false;
  auto flush = [&](int32_t end) {
    if (end > run) {
      if (pending_space) out->push_back(' ');
      pending_space = false;
      out->append(text.data() + run, static_cast<std::size_t>(end - run));
    }
  };
  while (i < length) {
    const uint8_t b = s[i];
    if (b < 0x80) {
      if (AsciiSpace(b)) {
        flush(i);
        pending_space = !out->empty();
        run = ++i;
      } else {
        ++i;
      }
      continue;
    }
    // Fast paths for well-formed 2- and 3-byte sequences that cannot be
    // white space (Vietnamese letters are C3-C6 xx and E1 BA-BB xx).
    if (b >= 0xC3 && b <= 0xDF && i + 1 < length && (s[i + 1] & 0xC0) == 0x80) {
      i += 2;
      continue;
    }
    if (b == 0xE1 && i + 2 < length && s[i + 1] >= 0xA0 &&
        (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
      i += 3;  // U+1800-U+1FFF: no white space there (U+180E is not)
      continue;
    }
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c >= 0 && !OtherSpace(c)) continue;  // part of the run
    flush(start);
    if (c < 0) {
      if (pending_space) out->push_back(' ');
      pending_space = false;
      out->append("\xEF\xBF\xBD");  // U+FFFD for an invalid sequence
    } else {
      pending_space = !out->empty();
    }
    run = i;
  }
  flush(length);
  // Folded text is valid UTF-8; most text is already NFC.
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(error);
  if (U_FAILURE(error)) return;
  const bool normalized = nfc->isNormalizedUTF8(
      icu::StringPiece(out->data(), static_cast<int32_t>(out->size())), error);
  if (U_SUCCESS(error) && normalized) return;
  *out = ToNfc(*out);
}

}  // namespace newscrawl
