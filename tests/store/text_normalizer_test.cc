#include "store/text_normalizer.h"

#include <doctest/doctest.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>

#include <cstdint>
#include <string>
#include <vector>

#include "extractor/unicode_text.h"
#include "tests/store/store_test_util.h"

namespace newscrawl {
namespace {

TEST_CASE("NormalizeBody equals NormalizeText") {
  std::vector<std::string> inputs = {
      "",
      "   ",
      "  Công đoàn\t\tchăm lo \r\n\r\n người lao động  ",
      "a\xC2\xA0" "b\xE2\x80\x8B" "c\xEF\xBB\xBF" "d\xE3\x80\x80" "e",  // NBSP ZWSP BOM ideographic
      "x\x1C" "y\x1F" "z\x0B" "w\x85" "v",                // 0x1C-0x1F are not white space
      "\xC2\x85next line",                                // U+0085 is
      "bad \xFF\xFE bytes \xC3",                          // invalid UTF-8
      "truncated \xE1\xBB",
      "ng\x75\xCC\x9B\xCC\x80\x6F\xCC\x9B\xCC\x80i",      // NFD "ườ"-like sequences
      "\xC4\x91o\xCC\xA3\xCC\x82ng lao \xC4\x91\xE1\xBB\x99ng",  // NFD vs NFC mix
      "ASCII only, nothing to do.",
      std::string("nul\0inside", 10),
  };
  // Every non-ASCII white space candidate, and neighbours that are not.
  for (unsigned c : {0x85u, 0xA0u, 0x1680u, 0x180Eu, 0x1FFFu, 0x2000u, 0x2005u, 0x200Au,
                     0x200Bu, 0x200Cu, 0x2028u, 0x2029u, 0x202Fu, 0x205Fu, 0x2060u,
                     0x3000u, 0xFEFFu, 0x00ADu, 0x2007u}) {
    std::string utf8;
    if (c < 0x800) {
      utf8 += static_cast<char>(0xC0u | (c >> 6));
      utf8 += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      utf8 += static_cast<char>(0xE0 | (c >> 12));
      utf8 += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      utf8 += static_cast<char>(0x80 | (c & 0x3F));
    }
    inputs.push_back("trước" + utf8 + "sau " + utf8 + utf8 + " cuối" + utf8);
    inputs.push_back(utf8 + "đầu");
  }
  for (std::uint32_t seed = 0; seed < 20; ++seed) {
    inputs.push_back(testing::MakeBody(seed));
  }
  std::string out = "stale";
  for (const std::string& in : inputs) {
    NormalizeBody(in, &out);
    CHECK_MESSAGE(out == NormalizeText(in), in);
  }
}

TEST_CASE("IsNfcInert holds only NFC-stable starters, as ICU says") {
  int inert = 0;
  for (UChar32 c = 0; c <= 0x10FFFF; ++c) {
    if (!IsNfcInert(static_cast<char32_t>(c))) continue;
    ++inert;
    const int quick_check = u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK);
    CHECK_MESSAGE(quick_check == UNORM_YES, c);
    CHECK_MESSAGE(u_getCombiningClass(c) == 0, c);
  }
  CHECK(inert == 0x300 + 0x100 + 0xC0 + 1);
  // Combining marks and Hangul jamo are not inert: they may compose.
  for (char32_t c : {0x300u, 0x301u, 0x323u, 0x1161u, 0x11A8u, 0x3099u}) {
    CHECK_FALSE(IsNfcInert(c));
  }
}

void AppendUtf8(char32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0u | (c >> 6)));
    out->push_back(static_cast<char>(0x80u | (c & 0x3Fu)));
  } else {
    out->push_back(static_cast<char>(0xE0u | (c >> 12)));
    out->push_back(static_cast<char>(0x80u | ((c >> 6) & 0x3Fu)));
    out->push_back(static_cast<char>(0x80u | (c & 0x3Fu)));
  }
}

// Compares NormalizeBody with NormalizeText on `rounds` random texts of 1 to
// `max_pieces` pieces: one of `rare` one time in `rare_one_in`, else one of
// `common` (code points).
void CheckRandomTexts(std::uint64_t seed, int rounds, std::size_t max_pieces,
                      const std::vector<char32_t>& common,
                      const std::vector<std::string>& rare,
                      std::size_t rare_one_in) {
  std::uint64_t x = seed;
  auto next = [&x](std::size_t n) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return static_cast<std::size_t>(x % n);
  };
  std::string out;
  for (int round = 0; round < rounds; ++round) {
    std::string in;
    const std::size_t pieces = 1 + next(max_pieces);
    for (std::size_t p = 0; p < pieces; ++p) {
      if (next(rare_one_in) == 0) {
        in += rare[next(rare.size())];
      } else {
        AppendUtf8(common[next(common.size())], &in);
      }
    }
    NormalizeBody(in, &out);
    const std::string expected = NormalizeText(in);
    CHECK_MESSAGE(out == expected, in);
    if (out != expected) break;
  }
}

TEST_CASE("NormalizeBody equals NormalizeText on random mixtures") {
  // Pieces that meet the fast paths, their edges and the slow path: single
  // and repeated spaces next to every kind of character, combining marks
  // after inert letters, other white space, invalid and truncated bytes.
  const std::vector<std::string> bytes = {
      "\xFF", "\xC3", "\xE1\xBB", "\xE1", "\x80", "\xC2", "\xED\xA0\x80"};
  const std::vector<char32_t> chars = {
      'a', 'Z', '.', ' ', ' ', ' ', '\t', '\n', '\r', 0x1C, 0xA0, 0x85, 0xC0,
      0xE0, 0x111, 0x2FF, 0x300, 0x301, 0x303, 0x309, 0x323, 0x34F, 0x5D0, 0x7FF,
      0x1680, 0x1800, 0x180E, 0x1DFF, 0x1E00, 0x1EA1, 0x1EEF, 0x1F00, 0x1FFF,
      0x2000, 0x200B, 0x200C, 0x2013, 0x201C, 0x2026, 0x2028, 0x202F, 0x205F,
      0x2070, 0x20AB, 0x20CF, 0x20D0, 0x2126, 0x212B, 0x3000, 0xAC00, 0x1161,
      0xFEFF, 0xFFFD};
  CheckRandomTexts(88172645463325252u, 20000, 12, chars, bytes, 10);
}

TEST_CASE("NormalizeBody equals NormalizeText on long Vietnamese-like runs") {
  // Long stretches of what the 16-byte fast path takes (letters, inert
  // Vietnamese letters, single spaces), broken now and then by everything
  // it must leave to the per-character loop, at every offset of a block.
  const std::vector<char32_t> common = {
      'a',   'n',   'g',  '.',    ' ',    ' ',    ' ',    0xF4,  0x111,
      0x1B0, 0x1A1, 0xE0, 0x1EA1, 0x1EBF, 0x1EDF, 0x1EF9, 0x2FF, 0x1E00};
  // clang-format off
  const std::vector<std::string> rare = {
      "  ", "\n\n", "\t", " \xC2\xA0", "\xC2\xA0", " \xE1\x9A\x80", "\xE1\x9A\x80",
      " \xE2\x80\x83", " \xE2\x80\x9C", "\xCC\x81", "\xCC\xA3", " \xCC\x81",
      "\xFF", "\x80", "\xC3", "\xE1\xBB", "\xE1", " \xC3 ", "\xC3\x28",
      "\xE1\xB8\x28", "\xE1\xA0\x80", " \xE1\xA0\x80", "\x1C", " \x01",
      "\xCB\x80", "\xCC\x80", "\xC2\xA9", "\xEF\xBB\xBF", "\xED\xA0\x80"};
  // clang-format on
  CheckRandomTexts(0x9E3779B97F4A7C15u, 20000, 90, common, rare, 25);
}

}  // namespace
}  // namespace newscrawl
