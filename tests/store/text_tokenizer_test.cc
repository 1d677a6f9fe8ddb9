#include "store/text_tokenizer.h"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

namespace newscrawl {
namespace {

std::vector<std::string> Tokens(std::string_view text, size_t max = 1000) {
  auto tokenizer = TextTokenizer::Create(max);
  REQUIRE(tokenizer.ok());
  std::vector<std::string> out;
  (*tokenizer)->Tokenize(text, &out);
  return out;
}

// True if Tokenize() (the fast path where it applies) and TokenizeWithIcu()
// give the same tokens for `text`; a failure shows both.
bool AgreesWithIcu(TextTokenizer& tokenizer, const std::string& text) {
  std::vector<std::string> fast, icu;
  tokenizer.Tokenize(text, &fast);
  tokenizer.TokenizeWithIcu(text, &icu);
  if (fast == icu) return true;
  std::string a, b;
  for (const auto& t : fast) a += t + "|";
  for (const auto& t : icu) b += t + "|";
  FAIL_CHECK(text << " fast: " << a << " icu: " << b);
  return false;
}

TEST_CASE("Vietnamese syllables are separate, case-folded tokens") {
  CHECK(Tokens("Công đoàn Hà Đông tổ chức hội nghị.") ==
        std::vector<std::string>{"công", "đoàn", "hà", "đông", "tổ", "chức",
                                 "hội", "nghị"});
  // Punctuation and spaces go, numbers stay, English words are words.
  CHECK(Tokens("Năm 2025, LĐLĐ (Workers' Union) hỗ trợ 1.500 người!") ==
        std::vector<std::string>{"năm", "2025", "lđlđ", "workers", "union",
                                 "hỗ", "trợ", "1.500", "người"});
}

TEST_CASE("Decomposed input is tokenized as NFC") {
  // "Động" with D-stroke, o + combining circumflex + combining dot below.
  CHECK(Tokens("\xC4\x90o\xCC\x82\xCC\xA3ng Lao") ==
        std::vector<std::string>{"\xC4\x91\xE1\xBB\x99ng", "lao"});
}

TEST_CASE("FoldDiacritics removes tone and vowel marks and maps d-stroke") {
  CHECK(FoldDiacritics("công đoàn hà đông") == "cong doan ha dong");
  CHECK(FoldDiacritics("Đường Nguyễn Trãi") == "Duong Nguyen Trai");
  CHECK(FoldDiacritics("ưu đãi, quyền lợi, thưởng tết") ==
        "uu dai, quyen loi, thuong tet");
  CHECK(FoldDiacritics("plain 123") == "plain 123");
  CHECK(FoldDiacritics("") == "");
  auto tokenizer = TextTokenizer::Create();
  REQUIRE(tokenizer.ok());
  CHECK((*tokenizer)->Fold("nghị") == "nghi");
  CHECK((*tokenizer)->Fold("nghị") == "nghi");  // cached
}

TEST_CASE("Output is bounded") {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "lao động ";
  CHECK(Tokens(text, 7).size() == 7);
  // An over-long token keeps its position but is not a term.
  const std::vector<std::string> long_token =
      Tokens("a " + std::string(100, 'x') + " b");
  CHECK(long_token == std::vector<std::string>{"a", "", "b"});
  CHECK(Tokens("").empty());
  CHECK(Tokens(" ,.;- ").empty());
  // Invalid UTF-8 does not crash and does not swallow the neighbours.
  const auto broken = Tokens("ab\xFF\xFE cd");
  CHECK(broken.back() == "cd");
}

TEST_CASE("TokenizeWithOffsets gives byte offsets into the NFC text") {
  auto tokenizer = TextTokenizer::Create();
  REQUIRE(tokenizer.ok());
  std::string nfc;
  std::vector<TokenSpan> spans;
  (*tokenizer)->TokenizeWithOffsets("Hội nghị Công đoàn, 2025.", &nfc, &spans);
  REQUIRE(spans.size() == 5);
  CHECK(spans[2].text == "công");
  CHECK(nfc.substr(spans[2].begin, spans[2].end - spans[2].begin) == "Công");
  CHECK(spans[4].text == "2025");
  CHECK(spans[4].position == 4);
  CHECK(nfc.substr(spans[4].begin, spans[4].end - spans[4].begin) == "2025");
}

TEST_CASE("The Latin fast path breaks words exactly as ICU does") {
  auto tokenizer = TextTokenizer::Create();
  REQUIRE(tokenizer.ok());
  // Letters (Vietnamese, both cases), digits and every separator class the
  // fast path knows, plus characters that must send the text to ICU.
  const std::vector<std::string> pieces = {
      "a",      "B",      "đ",      "Đ",      "ơ", "Ư", "ế",  "Ặ",
      "ỹ",      "ñ",      "ß",      "İ",      "ǅ", "0", "7",  "19",
      " ",      " ",      "\n",     "\t",     ".", ",", ";",  ":",
      "'",      "\u2019", "\u2018", "\u00B7", "-", "!", "\"", "\u201C",
      "\u2026", "\u2013", "\u00A0", "_",      "%", "/", "(",  "\u0301",
      "\u00AD", "\u4E2D", "@",      "\u00AB"};
  std::mt19937 rng(5);
  for (int round = 0; round < 5000; ++round) {
    std::string text;
    const int n = 1 + static_cast<int>(rng() % 25);
    for (int i = 0; i < n; ++i) text += pieces[rng() % pieces.size()];
    if (!AgreesWithIcu(**tokenizer, text)) break;
  }
  const std::string news =
      "Ngày 20/10, Công đoàn Việt Nam tổ chức lễ kỷ niệm 95 năm; ông Nguyễn "
      "Văn A.B nói: “Đoàn viên là gốc”. Giá 1.500.000đ, tăng 3,5% so với "
      "năm 2024… Xem thêm tại laodong.vn/tin_1 (cập nhật 08:30).";
  CHECK(AgreesWithIcu(**tokenizer, news));
}

TEST_CASE("The Latin fast path agrees with ICU on long texts and at limits") {
  // A small token limit, so that texts often go past it (a character
  // that needs ICU after the limit must still send the text to ICU), and
  // letter runs around kMaxTokenBytes.
  for (const size_t max_tokens :
       {size_t{4}, TextTokenizer::kDefaultMaxTokens}) {
    auto tokenizer = TextTokenizer::Create(max_tokens);
    REQUIRE(tokenizer.ok());
    const std::vector<std::string> pieces = {
        "công",        "ĐOÀN",   "Hà",     "nội",    "x",      "Ỷ",
        "ươ",          "2024",   "1.5",    "3,5",    "a.b",    "l'été",
        "O\u2019Neil", " ",      "  ",     "\n",     ".",      ",",
        "'",           "\u00B7", "\u201C", "\u2026", "\u00A0", "-",
        "\u00DF",      "\u4E2D", "\u0301", "_",      "\xC3",   "@"};
    std::mt19937 rng(static_cast<unsigned>(11 + max_tokens));
    for (int round = 0; round < 1500; ++round) {
      std::string text;
      const int n = 1 + static_cast<int>(rng() % 120);
      for (int i = 0; i < n; ++i) {
        const auto r = rng() % 100;
        if (r < 3) {  // a letter run near the token size limit
          const size_t run = 20 + rng() % 30;
          for (size_t k = 0; k < run; ++k) text += k % 2 ? "ư" : "A";
        } else if (r < 97) {
          // Mostly what the fast path handles.
          text += pieces[rng() % 24];
        } else {
          text += pieces[rng() % pieces.size()];
        }
      }
      if (!AgreesWithIcu(**tokenizer, text)) break;
    }
  }
}

}  // namespace
}  // namespace newscrawl
