#include "store/article_jsonl.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

namespace newscrawl {
namespace {

ArticleRecord Sample() {
  ArticleRecord r;
  r.key = ArticleKey::ForBody("Thân bài.");
  r.article.url = "https://congdoan.example/a.html";
  r.article.title = "Tiêu đề";
  r.article.published = "2025-10-22T19:25:00+07:00";
  r.article.body = "Thân bài.";
  r.urls = {"https://congdoan.example/a.html", "https://congdoan.example/a-amp.html"};
  r.site = "congdoan";
  r.first_seen = 1761094800;
  r.last_seen = 1761181200;
  return r;
}

TEST_CASE("a JSONL line is the article JSON plus the store's fields") {
  ArticleRecord r = Sample();
  std::string line;
  AppendArticleJsonLine(r, &line);
  REQUIRE(line.back() == '\n');
  CHECK(line.find('\n') == line.size() - 1);
  const nlohmann::json j = nlohmann::json::parse(line);
  CHECK(j["id"] == r.key.ToHex());
  CHECK(j["urls"].size() == 2);
  CHECK(j["site"] == "congdoan");
  CHECK(j["first_seen"] == "2025-10-22T01:00:00Z");
  CHECK(j["last_seen"] == "2025-10-23T01:00:00Z");
  CHECK(j["duplicate_of"].is_null());
  CHECK(j["title"] == "Tiêu đề");
  CHECK(j["author"].is_null());
  Result<Article> back = ArticleFromJson(j);
  REQUIRE(back.ok());
  CHECK(*back == r.article);
  CHECK(line.find("Tiêu đề") != std::string::npos);  // UTF-8, not \u escapes

  r.duplicate_of = ArticleKey::ForBody("other");
  r.first_seen = 0;
  const nlohmann::json dup = ArticleRecordToJson(r);
  CHECK(dup["duplicate_of"] == r.duplicate_of.ToHex());
  CHECK(dup["first_seen"].is_null());
}

TEST_CASE("invalid UTF-8 in stored text does not break the line") {
  ArticleRecord r = Sample();
  r.article.title = "bad \xff\xfe byte";
  std::string line;
  AppendArticleJsonLine(r, &line);
  const nlohmann::json j = nlohmann::json::parse(line);
  CHECK(j["title"] == "bad \xEF\xBF\xBD\xEF\xBF\xBD byte");
}

}  // namespace
}  // namespace newscrawl
