#include "store/article_text.h"

#include <doctest/doctest.h>

namespace newscrawl {
namespace {

ArticleRecord Sample() {
  ArticleRecord r;
  r.key = ArticleKey::ForBody("Đoạn một.\n\nĐoạn hai.");
  r.site = "laodongthudo";
  r.article.title = "Hội nghị\nngười lao động";
  r.article.published = "2025-03-07T08:00:00+07:00";
  r.article.author = "Minh Anh";
  r.article.body = "Đoạn một.\n\nĐoạn hai.";
  return r;
}

TEST_CASE("text files are laid out by site and published day") {
  ArticleRecord r = Sample();
  CHECK(ArticleTextPath(r) == "laodongthudo/2025/03/07/" + r.key.ToHex() + ".txt");
  r.article.published = "";
  CHECK(ArticleTextPath(r) == "laodongthudo/undated/" + r.key.ToHex() + ".txt");
  r.article.published = "2025-02-30";
  CHECK(ArticleTextPath(r) == "laodongthudo/undated/" + r.key.ToHex() + ".txt");
}

TEST_CASE("site names never escape the dump directory") {
  ArticleRecord r = Sample();
  r.site = "../etc";
  CHECK(ArticleTextPath(r).rfind(".._etc/2025/", 0) == 0);
  r.site = "..";
  CHECK(ArticleTextPath(r).rfind("_../", 0) == 0);
  r.site = "";
  CHECK(ArticleTextPath(r).rfind("_/", 0) == 0);
}

TEST_CASE("the text holds title, date, author, a blank line, then the body") {
  ArticleRecord r = Sample();
  CHECK(ArticleText(r) ==
        "Hội nghị người lao động\n2025-03-07T08:00:00+07:00\nMinh Anh\n\n"
        "Đoạn một.\n\nĐoạn hai.\n");
  r.article.author = "";
  CHECK(ArticleText(r).find("+07:00\n\n\nĐoạn một.") != std::string::npos);
}

}  // namespace
}  // namespace newscrawl
