#include "store/text_normalizer.h"

#include <doctest/doctest.h>

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

}  // namespace
}  // namespace newscrawl
