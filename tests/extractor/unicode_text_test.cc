#include "extractor/unicode_text.h"

#include <doctest/doctest.h>

namespace newscrawl {
namespace {

TEST_CASE("ToNfc composes decomposed Vietnamese") {
  // "Động": D-stroke, o + combining circumflex + combining dot below, n, g.
  const std::string decomposed = "\xC4\x90o\xCC\x82\xCC\xA3ng";
  const std::string composed = "\xC4\x90\xE1\xBB\x99ng";
  CHECK(ToNfc(decomposed) == composed);
  CHECK(ToNfc(composed) == composed);
  CHECK(ToNfc("plain ascii") == "plain ascii");
}

TEST_CASE("FoldWhitespace collapses Unicode spaces and trims") {
  CHECK(FoldWhitespace("  a \t\n b\xC2\xA0\xC2\xA0" "c\xE2\x80\x8B ") == "a b c");
  CHECK(FoldWhitespace("") == "");
  CHECK(FoldWhitespace(" \n ") == "");
  CHECK(FoldWhitespace("a\xFF" "b") == "a\xEF\xBF\xBD" "b");
}

TEST_CASE("IsValidUtf8 rejects broken sequences") {
  CHECK(IsValidUtf8("Lao Động"));
  CHECK_FALSE(IsValidUtf8("\xC3"));
  CHECK_FALSE(IsValidUtf8("\xED\xA0\x80"));  // a UTF-16 surrogate
  CHECK(NormalizeText(" Lao\n\nĐộng ") == "Lao Động");
}

}  // namespace
}  // namespace newscrawl
