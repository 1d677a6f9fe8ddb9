#include "extractor/charset_decoder.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "extractor/html_document.h"
#include "extractor/unicode_text.h"

namespace newscrawl {
namespace {

// What a page's UTF-8 looks like after being read as windows-1252 (bytes it
// leaves undefined read as Latin-1) and written out again as UTF-8.
std::string DoubleEncode(std::string_view utf8) {
  static const uint16_t kHigh[32] = {
      0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
      0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
      0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
      0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
  std::string out;
  for (char ch : utf8) {
    const auto b = static_cast<uint8_t>(ch);
    uint32_t cp = b;
    if (b >= 0x80 && b < 0xA0) cp = kHigh[b - 0x80];
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  return out;
}

// "Người lao động được tăng lương" in windows-1258: base letters followed
// by combining tone-mark bytes.
const char kCp1258Sentence[] =
    "Ng\xFD\xF5\xCCi lao \xF0\xF4\xF2ng \xF0\xFD\xF5\xF2" "c t\xE3ng l\xFD\xF5ng";

TEST_CASE("charset labels are canonicalised") {
  CHECK(CanonicalCharset("UTF8") == "utf-8");
  CHECK(CanonicalCharset(" \"utf-8\" ") == "utf-8");
  CHECK(CanonicalCharset("ISO-8859-1") == "windows-1252");
  CHECK(CanonicalCharset("us-ascii") == "windows-1252");
  CHECK(CanonicalCharset("CP1258") == "windows-1258");
  CHECK(CanonicalCharset("shift_jis") == "shift_jis");
  CHECK(CanonicalCharset("no-such-charset-x") == "");
  CHECK(CanonicalCharset("") == "");
}

TEST_CASE("the charset parameter is read from a Content-Type value") {
  CHECK(CharsetFromContentType("text/html; charset=UTF-8") == "UTF-8");
  CHECK(CharsetFromContentType("text/html;charset=\"windows-1258\"") ==
        "windows-1258");
  CHECK(CharsetFromContentType("text/html") == "");
  CHECK(CharsetFromContentType("") == "");
}

TEST_CASE("the meta prescan finds charset and http-equiv declarations") {
  CHECK(PrescanMetaCharset("<html><head><meta charset=\"windows-1258\">") ==
        "windows-1258");
  CHECK(PrescanMetaCharset(
            "<head><meta http-equiv=\"Content-Type\" "
            "content=\"text/html; charset=iso-8859-1\"></head>") ==
        "iso-8859-1");
  // Declarations inside comments and in other tags' attributes are not real.
  CHECK(PrescanMetaCharset("<!-- <meta charset=\"koi8-r\"> --><p>x</p>") == "");
  CHECK(PrescanMetaCharset("<div title='<meta charset=koi8-r>'></div>") == "");
  // Beyond the limit it is not seen.
  const std::string late = std::string(5000, ' ') + "<meta charset=utf-8>";
  CHECK(PrescanMetaCharset(late, 4096) == "");
}

TEST_CASE("windows-1258 is decoded and its tone marks composed (NFC)") {
  const std::string page = std::string("<meta charset=windows-1258><p>") +
                           kCp1258Sentence + "</p>";
  DecodedText d = DecodeToUtf8(page);
  CHECK(d.charset == "windows-1258");
  CHECK(d.source == "meta");
  CHECK(d.utf8.find("Người lao động được tăng lương") != std::string::npos);
  CHECK(ToNfc(d.utf8) == d.utf8);
}

TEST_CASE("undeclared windows-1258 is detected") {
  const std::string page = std::string("<p>") + kCp1258Sentence + ". " +
                           kCp1258Sentence + "</p>";
  DecodedText d = DecodeToUtf8(page);
  CHECK(d.source == "detected");
  CHECK(d.charset == "windows-1258");
  CHECK(d.utf8.find("Người lao động") != std::string::npos);
}

TEST_CASE("undeclared Latin-1 text is read as windows-1252") {
  DecodedText d = DecodeToUtf8("<p>Caf\xE9 cr\xE8me \x93quoted\x94</p>");
  CHECK(d.source == "detected");
  CHECK(d.utf8 == "<p>Café crème “quoted”</p>");
}

TEST_CASE("the HTTP header wins over meta, and a BOM over both") {
  const std::string page = "<meta charset=utf-8><p>Caf\xE9</p>";
  DecodedText d = DecodeToUtf8(page, "text/html; charset=ISO-8859-1");
  CHECK(d.source == "http");
  CHECK(d.utf8.find("Café") != std::string::npos);
  DecodedText bom = DecodeToUtf8("\xEF\xBB\xBF<p>Công đoàn</p>",
                                 "text/html; charset=windows-1252");
  CHECK(bom.source == "bom");
  CHECK(bom.utf8 == "<p>Công đoàn</p>");
}

TEST_CASE("valid UTF-8 beats a wrong legacy declaration") {
  DecodedText d = DecodeToUtf8("<p>Công đoàn cơ sở</p>",
                               "text/html; charset=iso-8859-1");
  CHECK(d.charset == "utf-8");
  CHECK(d.source == "utf8-valid");
  CHECK(d.utf8 == "<p>Công đoàn cơ sở</p>");
}

TEST_CASE("invalid UTF-8 bytes become U+FFFD") {
  DecodedText d = DecodeToUtf8("<meta charset=utf-8>ab\xFF\xC3 cd\xE1\xBB");
  CHECK(IsValidUtf8(d.utf8));
  CHECK(d.utf8 == "<meta charset=utf-8>ab\xEF\xBF\xBD\xEF\xBF\xBD cd\xEF\xBF\xBD");
}

TEST_CASE("double-encoded UTF-8 is repaired") {
  const std::string original =
      "<title>Công đoàn Việt Nam - Báo Lao Động</title><p>Người lao động "
      "được hỗ trợ “kịp thời”</p>";
  const std::string broken = DoubleEncode(original);
  REQUIRE(broken != original);
  CHECK(broken.find("CÃ´ng Ä‘oÃ") != std::string::npos);
  DecodedText d = DecodeToUtf8(broken, "text/html; charset=utf-8");
  CHECK(d.repaired);
  CHECK(d.utf8 == original);

  // Twice double-encoded.
  DecodedText twice = DecodeToUtf8(DoubleEncode(broken));
  CHECK(twice.repaired);
  CHECK(twice.utf8 == original);
}

TEST_CASE("correct text is never 'repaired'") {
  for (std::string text :
       {"<p>Công đoàn cơ sở tổ chức Tết Sum vầy</p>",
        "<p>Café crème, naïve façade, À la carte, Ærø, ©2024 ®</p>",
        "<p>Đà Nẵng, “trích dẫn” – dấu gạch — ngang…</p>", "plain ascii"}) {
    DecodedText d = DecodeToUtf8(text);
    CHECK_FALSE(d.repaired);
    CHECK(d.utf8 == text);
  }
}

TEST_CASE("binary garbage decodes to valid UTF-8 without crashing") {
  std::string binary;
  for (int i = 0; i < 70000; ++i) {
    binary.push_back(static_cast<char>((i * 7919 + i / 13) & 0xFF));
  }
  DecodedText d = DecodeToUtf8(binary);
  CHECK(IsValidUtf8(d.utf8));
  CHECK_FALSE(d.charset.empty());
  DecodedText empty = DecodeToUtf8("");
  CHECK(empty.utf8.empty());
  CHECK(empty.charset == "utf-8");
}

TEST_CASE("HtmlDocument records the charset it decoded from") {
  std::string page = std::string("<html><head><meta charset=\"cp1258\"></head>"
                                 "<body><p>") + kCp1258Sentence + "</p></body></html>";
  Result<HtmlDocument> doc = HtmlDocument::Parse(page);
  REQUIRE(doc.ok());
  CHECK(doc->source_charset() == "windows-1258");
  CHECK(doc->charset_source() == "meta");
  CHECK(NodeText(FindFirstElement(doc->root(), GUMBO_TAG_P)) ==
        "Người lao động được tăng lương");
  Result<HtmlDocument> repaired =
      HtmlDocument::Parse(DoubleEncode("<p>Công đoàn cơ sở</p>"));
  REQUIRE(repaired.ok());
  CHECK(repaired->repaired_double_encoding());
  CHECK(NodeText(FindFirstElement(repaired->root(), GUMBO_TAG_P)) ==
        "Công đoàn cơ sở");
}

}  // namespace
}  // namespace newscrawl
