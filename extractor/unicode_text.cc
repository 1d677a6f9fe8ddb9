#include "extractor/unicode_text.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <cstdint>

namespace newscrawl {

bool IsValidUtf8(std::string_view bytes) {
  const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
  const auto length = static_cast<int32_t>(bytes.size());
  int32_t i = 0;
  while (i < length) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) return false;
  }
  return true;
}

std::string ToNfc(std::string_view utf8) {
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(error);
  if (U_FAILURE(error)) return std::string(utf8);
  // Fast path: most text is already NFC (and ASCII is always).
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  if (nfc->isNormalized(text, error) && U_SUCCESS(error) &&
      IsValidUtf8(utf8)) {
    return std::string(utf8);
  }
  error = U_ZERO_ERROR;
  icu::UnicodeString normalized = nfc->normalize(text, error);
  if (U_FAILURE(error)) return std::string(utf8);
  std::string out;
  normalized.toUTF8String(out);
  return out;
}

std::string FoldWhitespace(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(utf8.size());
  bool pending_space = false;
  int32_t i = 0;
  while (i < length) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    const bool space = c >= 0 && (u_isUWhiteSpace(c) || c == 0x200B ||
                                  c == 0xFEFF);
    if (space) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) {
      out += ' ';
      pending_space = false;
    }
    if (c < 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD for an invalid sequence
    } else {
      out.append(utf8.substr(static_cast<std::size_t>(start),
                             static_cast<std::size_t>(i - start)));
    }
  }
  return out;
}

std::string NormalizeText(std::string_view utf8) {
  return ToNfc(FoldWhitespace(utf8));
}

}  // namespace newscrawl
