#include "store/text_normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/utf8.h>

#include <bit>
#include <cstdint>

#include "extractor/unicode_text.h"
#include "store/byte_blocks.h"

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

// The UTF-8 sequence at s[i] if the fast paths below know it is not white
// space: its length (1 for ASCII, 2 for U+00C0-U+07FF, 3 for U+1800-U+1FFF),
// else 0 (the slow path decides).
inline int32_t FastNonSpace(const uint8_t* s, int32_t i, int32_t length) {
  const uint8_t b = s[i];
  if (b < 0x80) return AsciiSpace(b) ? 0 : 1;
  if (b >= 0xC3 && b <= 0xDF && i + 1 < length && (s[i + 1] & 0xC0) == 0x80) {
    return 2;
  }
  if (b == 0xE1 && i + 2 < length && s[i + 1] >= 0xA0 &&
      (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
    return 3;  // U+1800-U+1FFF: no white space there (U+180E is not)
  }
  return 0;
}

#if defined(__SSE2__)

// How many bytes from s (a character boundary; 18 bytes readable) the
// per-character loop of NormalizeBody would add to the current run without
// a decision: printable ASCII, single spaces before a character that is
// surely not white space (not the run's first byte unless `in_run`), and
// valid NFC-inert sequences of Vietnamese text (U+00C0-U+02FF, U+1E00-
// U+1EFF).  Stops at anything else (0: the loop decides); never inside a
// character.  Sixteen bytes at a time.
inline int32_t InertRun(const uint8_t* s, bool in_run) {
  const __m128i x = LoadBlock(s);
  const __m128i y = LoadBlock(s + 1);
  const __m128i z = LoadBlock(s + 2);
  const __m128i e1 = _mm_set1_epi8(static_cast<char>(0xE1));
  const __m128i y_cont = BytesInRange(y, 0x80, 0xBF);
  const __m128i z_cont = BytesInRange(z, 0x80, 0xBF);
  // After a space: ASCII other than space and controls, a lead byte of
  // U+00C0-U+07FF, or of U+1800-U+1FFF (no white space in either).
  const __m128i next_ok = _mm_or_si128(
      _mm_or_si128(BytesInRange(y, 0x21, 0x7F), BytesInRange(y, 0xC3, 0xDF)),
      _mm_and_si128(_mm_cmpeq_epi8(y, e1), BytesInRange(z, 0xA0, 0xFF)));
  std::uint32_t space = LaneMask(_mm_and_si128(BytesEqual(x, ' '), next_ok));
  if (!in_run) space &= ~1u;
  const std::uint32_t ascii = LaneMask(BytesInRange(x, 0x21, 0x7F));
  const std::uint32_t lead2 =
      LaneMask(_mm_and_si128(BytesInRange(x, 0xC3, 0xCB), y_cont));
  const std::uint32_t lead3 = LaneMask(_mm_and_si128(
      _mm_and_si128(_mm_cmpeq_epi8(x, e1), BytesInRange(y, 0xB8, 0xBB)),
      z_cont));
  const std::uint32_t cont = LaneMask(BytesInRange(x, 0x80, 0xBF));
  const std::uint32_t expected = (lead2 << 1) | (lead3 << 1) | (lead3 << 2);
  const std::uint32_t ok =
      (ascii | space | lead2 | lead3 | (cont & expected)) & 0xFFFFu;
  const int n = std::countr_one(ok);
  if (n < 16) return n;  // the first byte that is not ok starts a character
  // A character across the end: its bytes were checked above.
  return static_cast<int32_t>(16 + ((lead2 >> 15) & 1u) +
                              2 * ((lead3 >> 15) & 1u) + ((lead3 >> 14) & 1u));
}

#else

inline int32_t InertRun(const uint8_t*, bool) { return 0; }

#endif

}  // namespace

bool IsNfcInert(char32_t c) {
  return c < 0x300 || (c >= 0x1E00 && c < 0x1F00) ||
         (c >= 0x2010 && c < 0x20D0) || c == 0xFFFD;
}

void NormalizeBody(std::string_view text, std::string* out) {
  out->clear();
  out->reserve(text.size());
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  // Bytes [run, i) are copied as they are when the run ends.  A run spans
  // words separated by single spaces, so most text is copied a paragraph
  // at a time.
  int32_t run = 0;
  int32_t i = 0;
  bool pending_space = false;
  // Every code point written so far is NFC-inert (IsNfcInert): then the
  // output is NFC without asking ICU.
  bool inert = true;
  auto flush = [&](int32_t end) {
    if (end > run) {
      if (pending_space) out->push_back(' ');
      pending_space = false;
      out->append(text.data() + run, static_cast<std::size_t>(end - run));
    }
  };
  while (i < length) {
    if (length - i >= 18) {
      const int32_t skip = InertRun(s + i, i > run);
      if (skip > 0) {
        i += skip;
        continue;
      }
    }
    const int32_t fast = FastNonSpace(s, i, length);
    if (fast == 1) {
      ++i;
      continue;
    }
    if (fast == 2) {
      inert = inert && s[i] <= 0xCB;  // below U+0300
      i += 2;
      continue;
    }
    if (fast == 3) {
      inert = inert && s[i + 1] >= 0xB8 && s[i + 1] <= 0xBB;  // U+1E00-U+1EFF
      i += 3;
      continue;
    }
    const uint8_t b = s[i];
    if (b < 0x80) {  // ASCII white space
      if (b == ' ' && i > run && i + 1 < length &&
          FastNonSpace(s, i + 1, length) != 0) {
        ++i;  // one space between two words: part of the run
        continue;
      }
      flush(i);
      pending_space = !out->empty();
      run = ++i;
      continue;
    }
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c >= 0 && !OtherSpace(c)) {  // part of the run
      inert = inert && IsNfcInert(static_cast<char32_t>(c));
      continue;
    }
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
  if (inert) return;
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
