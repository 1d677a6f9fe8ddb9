#include "extractor/text_prefixes.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstdint>

namespace newscrawl {
namespace {

constexpr std::size_t kMaxMarkerBytes = 40;

bool IsSpaceAt(std::string_view s, std::size_t i, std::size_t* len) {
  if (i >= s.size()) return false;
  const char c = s[i];
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
    *len = 1;
    return true;
  }
  if (s.substr(i, 2) == "\xC2\xA0") {  // U+00A0
    *len = 2;
    return true;
  }
  return false;
}

std::size_t SkipSpaces(std::string_view s, std::size_t i) {
  std::size_t len = 0;
  while (IsSpaceAt(s, i, &len)) i += len;
  return i;
}

// Length of a dash or colon separator at `i` ('-', ':', U+2013, U+2014).
std::size_t SeparatorAt(std::string_view s, std::size_t i) {
  if (i >= s.size()) return 0;
  if (s[i] == '-' || s[i] == ':') return 1;
  if (s.substr(i, 3) == "\xE2\x80\x93" || s.substr(i, 3) == "\xE2\x80\x94") {
    return 3;
  }
  return 0;
}

UChar32 CodePointAt(std::string_view s, std::size_t i) {
  UChar32 c;
  auto pos = static_cast<int32_t>(i);
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), pos,
          static_cast<int32_t>(s.size()), c);
  return c;
}

// True for a marker token such as "LĐO", "VOV.VN", "GD&TĐ", "VTV.vn".
bool IsMarkerToken(std::string_view token) {
  if (token.size() < 2 || token.size() > 24) return false;
  bool has_upper = false, has_lower = false;
  const auto* p = reinterpret_cast<const uint8_t*>(token.data());
  const auto n = static_cast<int32_t>(token.size());
  int32_t i = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return false;
    if (u_isupper(c)) {
      has_upper = true;
    } else if (u_islower(c)) {
      has_lower = true;
    } else if (!(u_isdigit(c) || c == '.' || c == '&' || c == '/')) {
      return false;
    }
  }
  if (!has_upper) return false;
  if (!has_lower) return true;
  // Mixed case is allowed for a domain: "Chinhphu.vn", "VTV.vn".
  const std::size_t dot = token.rfind('.');
  return dot != std::string_view::npos && dot + 1 < token.size() &&
         dot > 0;
}

}  // namespace

std::string_view StripSourcePrefix(std::string_view text) {
  const std::size_t start = SkipSpaces(text, 0);
  std::size_t after = std::string_view::npos;
  if (start < text.size() && text[start] == '(') {
    const std::size_t close = text.find(')', start + 1);
    if (close != std::string_view::npos && close - start - 1 <= kMaxMarkerBytes &&
        close > start + 1) {
      const std::string_view inner = text.substr(start + 1, close - start - 1);
      int words = 1;
      for (char c : inner) words += c == ' ' ? 1 : 0;
      const UChar32 first = CodePointAt(inner, 0);
      if (inner.find('(') == std::string_view::npos && words <= 4 &&
          first > 0 && (u_isupper(first) || u_isdigit(first))) {
        std::size_t i = SkipSpaces(text, close + 1);
        if (const std::size_t sep = SeparatorAt(text, i); sep > 0) {
          i = SkipSpaces(text, i + sep);
        }
        after = i;
      }
    }
  } else {
    // TOKEN [space] dash space
    std::size_t end = start;
    std::size_t len = 0;
    while (end < text.size() && !IsSpaceAt(text, end, &len) &&
           SeparatorAt(text, end) == 0) {
      ++end;
    }
    if (end > start && IsMarkerToken(text.substr(start, end - start))) {
      std::size_t i = SkipSpaces(text, end);
      const std::size_t sep = SeparatorAt(text, i);
      // A colon after a capitalised word is a label ("TP.HCM: ..."); keep.
      if (sep > 0 && text[i] != ':') after = SkipSpaces(text, i + sep);
    }
  }
  if (after == std::string_view::npos || after >= text.size()) return text;
  return text.substr(after);
}

}  // namespace newscrawl
