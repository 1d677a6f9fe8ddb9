#include "store/article_jsonl.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

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
  const nlohmann::json dup = ArticleDumpJson(r);
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

// The fast writer must say exactly what nlohmann says.
TEST_CASE("the JSONL writer matches nlohmann's dump byte for byte") {
  auto nlohmann_line = [](const ArticleRecord& r) {
    return ArticleDumpJson(r).dump(-1, ' ', false,
                                       nlohmann::json::error_handler_t::replace) +
           "\n";
  };
  std::vector<ArticleRecord> records;
  records.push_back(Sample());
  ArticleRecord full = Sample();
  full.article.canonical_url = "https://congdoan.example/a";
  full.article.modified = "2025-10-23T00:00:00+07:00";
  full.article.author = "Hà \"Nội\" \\ tác giả";
  full.article.lead = "Dòng\tmột\r\ndòng hai\b\f\x01\x1f\x7f";
  full.article.images = {{"https://congdoan.example/i.jpg", "Ảnh"}, {"u", ""}};
  full.article.tags = {"công đoàn", "lao động"};
  full.article.section = "Thời sự";
  full.article.language = "vi";
  full.duplicate_of = ArticleKey::ForBody("x");
  full.urls.clear();
  records.push_back(full);
  ArticleRecord empty;
  records.push_back(empty);
  // Invalid UTF-8 of several kinds: stray continuation, overlong, surrogate,
  // truncated sequences, beyond U+10FFFF, 4-byte emoji (valid).
  for (const char* bad : {"a\x80" "b", "\xc0\xafx", "\xed\xa0\x80", "\xe1\x80", "tail \xf0\x9f",
                          "\xf4\x90\x80\x80", "\xf0\x9f\x98\x80 ok", "\xff"}) {
    ArticleRecord r = Sample();
    r.article.body = bad;
    r.article.title = std::string("t") + bad;
    r.urls.push_back(bad);
    records.push_back(r);
  }
  // Random byte strings, biased towards UTF-8 lead and continuation bytes,
  // so that every DFA transition is taken both ways.
  std::mt19937 rng(7);
  const unsigned char interesting[] = {0x00, 0x1f, 0x22, 0x41, 0x5c, 0x7f, 0x80, 0x8f,
                                       0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf,
                                       0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1,
                                       0xf3, 0xf4, 0xf5, 0xff};
  for (int i = 0; i < 3000; ++i) {
    std::string text;
    const int length = static_cast<int>(rng() % 9);
    for (int j = 0; j < length; ++j) {
      text.push_back(static_cast<char>(interesting[rng() % sizeof(interesting)]));
    }
    ArticleRecord r;
    r.article.body = text;
    records.push_back(r);
  }
  // Long texts, mostly what the 16-byte fast paths take (ASCII, two- and
  // three-byte letters), with now and then a byte or sequence that stops
  // them, at every offset of a block.
  const std::vector<std::string> common = {"a",
                                           "n",
                                           " ",
                                           " ",
                                           ".",
                                           "\xC3\xB4",
                                           "\xC4\x91",
                                           "\xC6\xB0",
                                           "\xE1\xBB\x87",
                                           "\xE1\xBA\xA1",
                                           "\xE4\xB8\xAD",
                                           "\xEF\xBF\xBD",
                                           "\xDF\xBF",
                                           "\xC2\x80"};
  const std::vector<std::string> rare = {"\"",
                                         "\\",
                                         "\n",
                                         "\t",
                                         "\x01",
                                         "\x7F",
                                         "\x80",
                                         "\xC0\xAF",
                                         "\xC1\xBF",
                                         "\xC3",
                                         "\xE1\xBB",
                                         "\xE0\xA0\x80",
                                         "\xE0\x80\x80",
                                         "\xED\x9F\xBF",
                                         "\xED\xA0\x80",
                                         "\xF0\x9F\x98\x80",
                                         "\xF4\x90\x80\x80",
                                         "\xFF",
                                         "\xE1\x28\xA1",
                                         "\xC3\x28"};
  for (int i = 0; i < 3000; ++i) {
    std::string text;
    const int pieces = 1 + static_cast<int>(rng() % 80);
    for (int j = 0; j < pieces; ++j) {
      text += rng() % 20 == 0 ? rare[rng() % rare.size()]
                              : common[rng() % common.size()];
    }
    ArticleRecord r;
    r.article.body = text;
    r.article.title = text.substr(text.size() / 3);
    records.push_back(r);
  }
  int mismatches = 0;
  for (const ArticleRecord& r : records) {
    std::string line;
    AppendArticleJsonLine(r, &line);
    if (line != nlohmann_line(r)) {
      ++mismatches;
      CHECK(line == nlohmann_line(r));
    }
  }
  CHECK(mismatches == 0);
}

}  // namespace
}  // namespace newscrawl
