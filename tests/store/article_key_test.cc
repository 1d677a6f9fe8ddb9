#include "store/article_key.h"

#include <doctest/doctest.h>

namespace newscrawl {
namespace {

TEST_CASE("the key ignores white space and Unicode composition") {
  const ArticleKey a = ArticleKey::ForBody("Công đoàn  chăm lo\n\nngười lao động");
  // "ộ" decomposed (o + dot below + circumflex), NBSP between words.
  const ArticleKey b = ArticleKey::ForBody(
      " Công đoàn chăm lo\xC2\xA0người lao \xC4\x91o\xCC\xA3\xCC\x82ng ");
  CHECK(a == b);
  CHECK(a != ArticleKey::ForBody("Công đoàn chăm lo người lao động."));
  CHECK_FALSE(a.empty());
  CHECK(ArticleKey{}.empty());
}

TEST_CASE("hex and raw forms round-trip") {
  const ArticleKey a = ArticleKey::ForBody("bài báo");
  const std::string hex = a.ToHex();
  CHECK(hex.size() == 32);
  CHECK(*ArticleKey::FromHex(hex) == a);
  std::string upper = hex;
  for (char& c : upper) c = static_cast<char>(std::toupper(c));
  CHECK(*ArticleKey::FromHex(upper) == a);
  CHECK(*ArticleKey::FromBytes(a.AsBytes()) == a);
  CHECK(ArticleKey::FromHex("abc").status().IsInvalidArgument());
  CHECK(ArticleKey::FromHex(std::string(32, 'g')).status().IsInvalidArgument());
  CHECK(ArticleKey::FromBytes("short").status().IsCorruption());
}

}  // namespace
}  // namespace newscrawl
