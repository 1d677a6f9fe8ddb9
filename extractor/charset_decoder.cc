#include "extractor/charset_decoder.h"

#include <unicode/normalizer2.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

#include "extractor/unicode_text.h"

namespace newscrawl {
namespace {

constexpr std::size_t kDetectBytes = 64 * 1024;  // ucsdet sample

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

char AsciiLower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string AsciiLowerString(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

std::string_view TrimAscii(std::string_view s) {
  while (!s.empty() && (IsAsciiSpace(s.front()) || s.front() == '"' ||
                        s.front() == '\'')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (IsAsciiSpace(s.back()) || s.back() == '"' ||
                        s.back() == '\'')) {
    s.remove_suffix(1);
  }
  return s;
}

// Case-insensitive ASCII find of `needle` (lower case) in `hay`.
std::size_t FindNoCase(std::string_view hay, std::string_view needle,
                       std::size_t from = 0) {
  if (needle.size() > hay.size()) return std::string_view::npos;
  for (std::size_t i = from; i + needle.size() <= hay.size(); ++i) {
    std::size_t j = 0;
    while (j < needle.size() && AsciiLower(hay[i + j]) == needle[j]) ++j;
    if (j == needle.size()) return i;
  }
  return std::string_view::npos;
}

// "charset=VALUE" inside a Content-Type-like string.
std::string CharsetParameter(std::string_view s) {
  std::size_t pos = 0;
  while ((pos = FindNoCase(s, "charset", pos)) != std::string_view::npos) {
    std::size_t i = pos + 7;
    while (i < s.size() && IsAsciiSpace(s[i])) ++i;
    if (i >= s.size() || s[i] != '=') {
      pos = i;
      continue;
    }
    ++i;
    while (i < s.size() && IsAsciiSpace(s[i])) ++i;
    if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
      const char quote = s[i++];
      const std::size_t end = s.find(quote, i);
      if (end == std::string_view::npos) return "";
      return std::string(s.substr(i, end - i));
    }
    std::size_t end = i;
    while (end < s.size() && !IsAsciiSpace(s[end]) && s[end] != ';' &&
           s[end] != '"' && s[end] != '\'') {
      ++end;
    }
    return std::string(s.substr(i, end - i));
  }
  return "";
}

// --- windows-1252 high half, for the double-encoding repair -------------
constexpr std::array<uint16_t, 32> kCp1252High = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

// The byte that windows-1252 (or Latin-1 for C1 controls) decodes to `c`,
// or -1.
int Cp1252Byte(UChar32 c) {
  if (c >= 0x80 && c <= 0xFF) return static_cast<int>(c);
  // Outside the table's range (most Vietnamese letters are): no loop.
  if (c < 0x152 || c > 0x2122 || (c > 0x2DC && c < 0x2013)) return -1;
  for (std::size_t i = 0; i < kCp1252High.size(); ++i) {
    if (kCp1252High[i] == c) return static_cast<int>(0x80 + i);
  }
  return -1;
}

// The end of the run of ASCII bytes of `s` that starts at `i`, eight
// bytes at a time.
int32_t AsciiRunEnd(std::string_view s, int32_t i) {
  const auto length = static_cast<int32_t>(s.size());
  while (i + 8 <= length) {
    std::uint64_t word;
    std::memcpy(&word, s.data() + i, sizeof word);
    if ((word & 0x8080808080808080ULL) != 0) break;
    i += 8;
  }
  while (i < length && static_cast<unsigned char>(s[static_cast<std::size_t>(i)]) < 0x80) {
    ++i;
  }
  return i;
}

// Decodes the code point at s[*i] and advances; -1 for invalid.
UChar32 NextCodePoint(std::string_view s, int32_t* i) {
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), *i,
          static_cast<int32_t>(s.size()), c);
  return c;
}

// One pass of the repair.  Counts the repairable sequences; writes the
// repaired text into *out when `out` is not null.  Returns the count and
// sets *other_non_ascii to the number of non-ASCII code points left alone.
int RepairPass(std::string_view s, std::string* out, int* other_non_ascii) {
  int repaired = 0;
  *other_non_ascii = 0;
  const auto length = static_cast<int32_t>(s.size());
  int32_t i = 0;
  while (i < length) {
    // Fast path: copy a run of ASCII at once.
    const int32_t ascii_end = AsciiRunEnd(s, i);
    if (ascii_end > i) {
      if (out != nullptr) {
        out->append(s.substr(static_cast<std::size_t>(i),
                             static_cast<std::size_t>(ascii_end - i)));
      }
      i = ascii_end;
      continue;
    }
    const int32_t start = i;
    const UChar32 c = NextCodePoint(s, &i);
    const int lead = Cp1252Byte(c);
    int need = 0;
    if (lead >= 0xC2 && lead <= 0xDF) need = 1;
    else if (lead >= 0xE0 && lead <= 0xEF) need = 2;
    else if (lead >= 0xF0 && lead <= 0xF4) need = 3;
    std::array<uint8_t, 4> bytes{};
    bool ok = need > 0;
    int32_t j = i;
    if (ok) {
      bytes[0] = static_cast<uint8_t>(lead);
      for (int k = 1; k <= need && ok; ++k) {
        if (j >= length) {
          ok = false;
          break;
        }
        const int b = Cp1252Byte(NextCodePoint(s, &j));
        if (b < 0x80 || b > 0xBF) ok = false;
        bytes[static_cast<std::size_t>(k)] = static_cast<uint8_t>(b);
      }
    }
    if (ok) {  // reject overlongs and surrogates
      const uint8_t b1 = bytes[1];
      if ((lead == 0xE0 && b1 < 0xA0) || (lead == 0xED && b1 >= 0xA0) ||
          (lead == 0xF0 && b1 < 0x90) || (lead == 0xF4 && b1 >= 0x90)) {
        ok = false;
      }
    }
    if (ok) {
      ++repaired;
      if (out != nullptr) {
        out->append(reinterpret_cast<const char*>(bytes.data()),
                    static_cast<std::size_t>(need + 1));
      }
      i = j;
      continue;
    }
    ++*other_non_ascii;
    if (out != nullptr) {
      out->append(s.substr(static_cast<std::size_t>(start),
                           static_cast<std::size_t>(i - start)));
    }
  }
  return repaired;
}

// IsValidUtf8 with a fast path over ASCII runs.
bool ValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const auto length = static_cast<int32_t>(s.size());
  int32_t i = 0;
  while (i < length) {
    if (p[i] < 0x80) {
      i = AsciiRunEnd(s, i);
      continue;
    }
    UChar32 c;
    U8_NEXT(p, i, length, c);
    if (c < 0) return false;
  }
  return true;
}

// Replaces invalid sequences by U+FFFD (fast path: already valid).
std::string SanitizeUtf8(std::string_view s) {
  if (ValidUtf8(s)) return std::string(s);
  std::string out;
  out.reserve(s.size() + 16);
  const auto length = static_cast<int32_t>(s.size());
  int32_t i = 0;
  while (i < length) {
    const int32_t start = i;
    const UChar32 c = NextCodePoint(s, &i);
    if (c < 0) {
      out += "\xEF\xBF\xBD";
    } else {
      out.append(s.substr(static_cast<std::size_t>(start),
                          static_cast<std::size_t>(i - start)));
    }
  }
  return out;
}

// Valid UTF-8 with at least one multi-byte sequence.
bool IsMultibyteUtf8(std::string_view s) {
  if (!ValidUtf8(s)) return false;
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

// Decodes with an ICU converter; NFC for charsets with combining marks.
bool DecodeWithIcu(std::string_view bytes, const std::string& charset,
                   std::string* out) {
  UErrorCode error = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> cnv(
      ucnv_open(charset.c_str(), &error));
  if (U_FAILURE(error) || cnv == nullptr) return false;
  icu::UnicodeString text(bytes.data(), static_cast<int32_t>(bytes.size()),
                          cnv.get(), error);
  if (U_FAILURE(error)) return false;
  if (charset == "windows-1258") {
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(error);
    if (U_SUCCESS(error)) {
      icu::UnicodeString normalized = nfc->normalize(text, error);
      if (U_SUCCESS(error)) text = normalized;
    }
  }
  out->clear();
  text.toUTF8String(*out);
  return true;
}

bool IsAsciiLetter(uint8_t b) {
  return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
}

// True when single-byte text reads as Vietnamese in windows-1258: tone
// marks (combining bytes) right after letters, and a letter that only
// Vietnamese uses (đ, ơ, ư).
bool LooksLikeCp1258(std::string_view bytes) {
  int tone_marks = 0;
  int vietnamese_letters = 0;
  int non_ascii = 0;
  uint8_t prev = ' ';
  for (char ch : bytes) {
    const auto b = static_cast<uint8_t>(ch);
    if (b >= 0x80) {
      ++non_ascii;
      const bool tone = b == 0xCC || b == 0xEC || b == 0xD2 || b == 0xDE ||
                        b == 0xF2;
      if (tone && (IsAsciiLetter(prev) || (prev >= 0x80 && prev != b))) {
        ++tone_marks;
      }
      if (b == 0xD0 || b == 0xF0 || b == 0xD5 || b == 0xF5 || b == 0xDD ||
          b == 0xFD) {
        ++vietnamese_letters;
      }
    }
    prev = b;
  }
  return tone_marks >= 3 && vietnamese_letters >= 1 &&
         tone_marks * 5 >= non_ascii;
}

std::string DetectCharset(std::string_view bytes) {
  if (ValidUtf8(bytes)) return "utf-8";
  std::string detected;
  UErrorCode error = U_ZERO_ERROR;
  UCharsetDetector* det = ucsdet_open(&error);
  if (U_SUCCESS(error)) {
    const std::string_view sample = bytes.substr(0, kDetectBytes);
    ucsdet_setText(det, sample.data(), static_cast<int32_t>(sample.size()),
                   &error);
    const UCharsetMatch* match = ucsdet_detect(det, &error);
    if (U_SUCCESS(error) && match != nullptr) {
      const char* name = ucsdet_getName(match, &error);
      if (U_SUCCESS(error) && name != nullptr) {
        detected = CanonicalCharset(name);
      }
    }
    ucsdet_close(det);
  }
  // ucsdet knows no windows-1258; check for Vietnamese explicitly.
  if (detected.empty() || detected == "windows-1252" ||
      detected.rfind("iso-8859", 0) == 0) {
    if (LooksLikeCp1258(bytes.substr(0, kDetectBytes))) return "windows-1258";
  }
  if (detected.empty() || detected == "utf-8" || detected.rfind("utf-", 0) == 0) {
    return "windows-1252";  // UTF-8 was invalid; UTF-16/32 need a BOM
  }
  return detected;
}

}  // namespace

std::string CanonicalCharset(std::string_view label) {
  const std::string l = AsciiLowerString(TrimAscii(label));
  if (l.empty()) return "";
  if (l == "utf-8" || l == "utf8" || l == "unicode-1-1-utf-8" ||
      l == "x-unicode20utf8" || l == "unicode20utf8") {
    return "utf-8";
  }
  if (l == "iso-8859-1" || l == "iso8859-1" || l == "iso_8859-1" ||
      l == "latin1" || l == "latin-1" || l == "l1" || l == "us-ascii" ||
      l == "ascii" || l == "cp1252" || l == "windows-1252" ||
      l == "x-cp1252" || l == "cp819" || l == "ibm819" ||
      l == "iso-ir-100" || l == "csisolatin1" || l == "iso_8859-1:1987" ||
      l == "ansi_x3.4-1968") {
    return "windows-1252";
  }
  if (l == "windows-1258" || l == "cp1258" || l == "x-cp1258") {
    return "windows-1258";
  }
  if (l == "utf-16" || l == "utf-16le" || l == "utf-16be") return l;
  UErrorCode error = U_ZERO_ERROR;
  UConverter* cnv = ucnv_open(l.c_str(), &error);
  if (U_FAILURE(error) || cnv == nullptr) return "";
  ucnv_close(cnv);
  return l;
}

std::string CharsetFromContentType(std::string_view content_type) {
  return CharsetParameter(content_type);
}

std::string PrescanMetaCharset(std::string_view bytes, std::size_t limit) {
  const std::string_view s = bytes.substr(0, limit);
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t lt = s.find('<', i);
    if (lt == std::string_view::npos) break;
    i = lt + 1;
    if (s.substr(lt, 4) == "<!--") {
      const std::size_t end = s.find("-->", lt + 4);
      if (end == std::string_view::npos) break;
      i = end + 3;
      continue;
    }
    if (i >= s.size()) break;
    const char c = s[i];
    if (c == '!' || c == '/' || c == '?') {
      const std::size_t end = s.find('>', i);
      if (end == std::string_view::npos) break;
      i = end + 1;
      continue;
    }
    if (!IsAsciiLetter(static_cast<uint8_t>(c))) continue;
    // Tag name.
    std::size_t j = i;
    while (j < s.size() && !IsAsciiSpace(s[j]) && s[j] != '/' && s[j] != '>') {
      ++j;
    }
    const bool is_meta = AsciiLowerString(s.substr(i, j - i)) == "meta";
    // Attributes.
    std::string charset, content;
    bool http_equiv_content_type = false;
    while (j < s.size() && s[j] != '>') {
      while (j < s.size() && (IsAsciiSpace(s[j]) || s[j] == '/')) ++j;
      if (j >= s.size() || s[j] == '>') break;
      const std::size_t name_start = j;
      while (j < s.size() && !IsAsciiSpace(s[j]) && s[j] != '=' &&
             s[j] != '>' && s[j] != '/') {
        ++j;
      }
      const std::string name =
          AsciiLowerString(s.substr(name_start, j - name_start));
      while (j < s.size() && IsAsciiSpace(s[j])) ++j;
      std::string_view value;
      if (j < s.size() && s[j] == '=') {
        ++j;
        while (j < s.size() && IsAsciiSpace(s[j])) ++j;
        if (j < s.size() && (s[j] == '"' || s[j] == '\'')) {
          const char quote = s[j];
          const std::size_t end = s.find(quote, j + 1);
          if (end == std::string_view::npos) return "";
          value = s.substr(j + 1, end - j - 1);
          j = end + 1;
        } else {
          const std::size_t vstart = j;
          while (j < s.size() && !IsAsciiSpace(s[j]) && s[j] != '>') ++j;
          value = s.substr(vstart, j - vstart);
        }
      }
      if (!is_meta) continue;
      if (name == "charset") charset = std::string(TrimAscii(value));
      if (name == "content") content = std::string(value);
      if (name == "http-equiv" &&
          AsciiLowerString(TrimAscii(value)) == "content-type") {
        http_equiv_content_type = true;
      }
    }
    i = j;
    if (!is_meta) continue;
    if (!charset.empty()) return charset;
    if (http_equiv_content_type) {
      std::string from_content = CharsetParameter(content);
      if (!from_content.empty()) return from_content;
    }
  }
  return "";
}

bool RepairDoubleEncodedUtf8(std::string* utf8) {
  bool changed = false;
  // Two rounds cover text that was double-encoded twice.
  for (int round = 0; round < 2; ++round) {
    int others = 0;
    const int count = RepairPass(*utf8, nullptr, &others);
    if (count < 2 && !(count == 1 && others == 0)) break;
    std::string out;
    out.reserve(utf8->size());
    RepairPass(*utf8, &out, &others);
    *utf8 = std::move(out);
    changed = true;
  }
  return changed;
}

DecodedText DecodeToUtf8(std::string_view bytes,
                         std::string_view content_type) {
  DecodedText result;
  std::string charset;
  // 1. Byte order mark.
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    bytes.remove_prefix(3);
    charset = "utf-8";
    result.source = "bom";
  } else if (bytes.substr(0, 2) == "\xFF\xFE") {
    charset = "utf-16le";
    result.source = "bom";
  } else if (bytes.substr(0, 2) == "\xFE\xFF") {
    charset = "utf-16be";
    result.source = "bom";
  }
  // 2. HTTP header, 3. <meta>.
  if (charset.empty()) {
    charset = CanonicalCharset(CharsetFromContentType(content_type));
    if (!charset.empty()) result.source = "http";
  }
  if (charset.empty()) {
    charset = CanonicalCharset(PrescanMetaCharset(bytes));
    // HTML5: a <meta> cannot truthfully declare UTF-16 (it is ASCII text).
    if (charset.rfind("utf-16", 0) == 0) charset = "utf-8";
    if (!charset.empty()) result.source = "meta";
  }
  // A declared legacy charset loses to bytes that are valid multi-byte
  // UTF-8: real legacy text almost never is.
  if (!charset.empty() && charset != "utf-8" && result.source != "bom" &&
      charset.rfind("utf-", 0) != 0 && IsMultibyteUtf8(bytes)) {
    charset = "utf-8";
    result.source = "utf8-valid";
  }
  // A declared UTF-8 that is mostly invalid is a legacy page mislabelled.
  bool valid_utf8 = false;  // `bytes` checked and valid
  if (charset == "utf-8" && result.source != "bom") valid_utf8 = ValidUtf8(bytes);
  if (charset == "utf-8" && result.source != "bom" && !valid_utf8) {
    int invalid = 0, valid_multibyte = 0;
    const auto length = static_cast<int32_t>(bytes.size());
    int32_t i = 0;
    while (i < length) {
      const int32_t start = i;
      const UChar32 c = NextCodePoint(bytes, &i);
      if (c < 0) ++invalid;
      else if (i - start > 1) ++valid_multibyte;
    }
    if (invalid > 8 && invalid > 4 * valid_multibyte) charset.clear();
  }
  // 4. Detection.
  if (charset.empty()) {
    charset = DetectCharset(bytes);
    result.source = "detected";
  }
  if (charset == "utf-8") {
    result.utf8 = valid_utf8 ? std::string(bytes) : SanitizeUtf8(bytes);
  } else if (!DecodeWithIcu(bytes, charset, &result.utf8)) {
    charset = "utf-8";
    result.source = "default";
    result.utf8 = SanitizeUtf8(bytes);
  } else if (!ValidUtf8(result.utf8)) {
    result.utf8 = SanitizeUtf8(result.utf8);
  }
  result.charset = charset;
  result.repaired = RepairDoubleEncodedUtf8(&result.utf8);
  return result;
}

}  // namespace newscrawl
