#include "store/record_codec.h"

#include <doctest/doctest.h>

#include <string>

#include "tests/store/store_test_util.h"

namespace newscrawl {
namespace {

ArticleRecord SampleArticle() {
  ArticleRecord r;
  r.key = ArticleKey::ForBody("thân bài");
  r.article = testing::MakeArticle("https://a.vn/1", testing::MakeBody(9));
  r.urls = {"https://a.vn/1", "https://a.vn/amp/1"};
  r.first_seen = 1700000000;
  r.last_seen = -5;
  r.fingerprint = std::string("fp");
  r.site = std::string("a");
  r.simhash = 0xF00DCAFE12345678u;
  r.duplicate_of = ArticleKey::ForBody("khác");
  r.history = {{"https://a.vn/1", ArticleKey::ForBody("cũ"), 1690000000}};
  return r;
}

TEST_CASE("EncodeNewArticle writes what EncodeArticle writes for a new record") {
  ArticleRecord r;
  r.key = ArticleKey::ForBody("thân bài");
  r.article = testing::MakeArticle("https://a.vn/2", testing::MakeBody(3));
  r.urls = {"https://a.vn/2"};
  r.first_seen = r.last_seen = 1700000123;
  r.fingerprint = std::string("rules-7");
  r.site = std::string("a");
  r.simhash = 0x0123456789ABCDEFu;
  std::string expected;
  std::string encoded;
  REQUIRE(EncodeArticle(r, &expected).ok());
  REQUIRE(EncodeNewArticle(r.article, r.urls[0], r.first_seen, r.fingerprint,
                           r.site, r.simhash, &encoded)
              .ok());
  CHECK(encoded == expected);
  CHECK(*DecodeArticle(r.key, encoded) == r);
  // Small enough to stay uncompressed.
  r.article = Article();
  r.article.title = std::string("Tít");
  REQUIRE(EncodeArticle(r, &expected).ok());
  REQUIRE(EncodeNewArticle(r.article, r.urls[0], r.first_seen, r.fingerprint,
                           r.site, r.simhash, &encoded)
              .ok());
  CHECK(encoded == expected);
}

TEST_CASE("records round-trip") {
  const ArticleRecord article = SampleArticle();
  std::string encoded;
  REQUIRE(EncodeArticle(article, &encoded).ok());
  CHECK(encoded.size() < article.article.body.size());  // compressed
  auto decoded = DecodeArticle(article.key, encoded);
  REQUIRE(decoded.ok());
  CHECK(*decoded == article);

  ArticleRecord small;
  small.key = ArticleKey::ForBody("x");
  small.article.title = std::string("Tít");
  REQUIRE(EncodeArticle(small, &encoded).ok());
  CHECK(*DecodeArticle(small.key, encoded) == small);

  PageRecord page;
  page.url = std::string("https://a.vn/1");
  page.status = 404;
  page.fetch_time = 1700000001;
  page.body = std::string(5000, 'a') + "ễ";
  page.site = std::string("a");
  REQUIRE(EncodePage(page, article.key, 3, &encoded).ok());
  CHECK(encoded.size() < 200);
  page.article_key = article.key;
  CHECK(*DecodePage(encoded, true) == page);
  auto headers = DecodePage(encoded, false);
  CHECK(headers->body.empty());
  CHECK(headers->url == page.url);
  auto summary = DecodePageSummary(encoded);
  CHECK(summary->raw_size == page.body.size());
  CHECK(summary->site == "a");
  CHECK(summary->status == 404);

  UrlState state;
  state.etag = "\"x\"";
  state.content_hash = 42;
  state.page_id = 7;
  state.kind = UrlKind::kFeed;
  state.fail_count = 3;
  state.next_revisit = 1700086400;
  EncodeUrlState(state, &encoded);
  CHECK(*DecodeUrlState(encoded) == state);
  // Format 1 (before rules_fingerprint) is still read.
  REQUIRE(encoded.back() == '\0');  // the empty rules_fingerprint
  std::string format1 = encoded.substr(0, encoded.size() - 1);
  format1[0] = '\1';
  CHECK(*DecodeUrlState(format1) == state);
  CHECK_FALSE(DecodeUrlState(format1 + std::string(1, '\0')).ok());
  state.rules_fingerprint = "rules-v2";
  EncodeUrlState(state, &encoded);
  CHECK(*DecodeUrlState(encoded) == state);

  FrontierEntry entry;
  entry.url = std::string("https://a.vn/rss");
  entry.host = std::string("a.vn");
  entry.site = std::string("a");
  entry.priority = FrontierPriority::kFeed;
  entry.kind = UrlKind::kFeed;
  entry.depth = -1;
  entry.not_before = 12;
  entry.seq = 99;
  EncodeFrontierEntry(entry, &encoded);
  CHECK(*DecodeFrontierEntry(entry.url, encoded) == entry);

  CHECK(DecodePageId(EncodePageId(0x0102030405060708u)) == 0x0102030405060708u);
  CHECK(EncodePageId(1) < EncodePageId(256));
}

TEST_CASE("DecodeArticleInto overwrites every field of a record decoded before") {
  const ArticleRecord full = SampleArticle();
  ArticleRecord small;
  small.key = ArticleKey::ForBody("x");
  small.article.title = std::string("Tít");
  small.article.lead = std::string("không phải đầu thân bài");
  std::string encoded_full;
  std::string encoded_small;
  REQUIRE(EncodeArticle(full, &encoded_full).ok());
  REQUIRE(EncodeArticle(small, &encoded_small).ok());
  ArticleRecord reused;
  REQUIRE(DecodeArticleInto(full.key, encoded_full, &reused).ok());
  CHECK(reused == full);
  // Fewer images, tags, URLs, history entries; empty strings; no keys.
  REQUIRE(DecodeArticleInto(small.key, encoded_small, &reused).ok());
  CHECK(reused == small);
  REQUIRE(DecodeArticleInto(full.key, encoded_full, &reused).ok());
  CHECK(reused == full);
  CHECK(DecodeArticleInto(full.key, encoded_full.substr(0, 9), &reused)
            .IsCorruption());
}

TEST_CASE("malformed records are Corruption, never a crash") {
  std::string article;
  REQUIRE(EncodeArticle(SampleArticle(), &article).ok());
  PageRecord page;
  page.url = std::string("u");
  page.body = std::string(1000, 'b');
  std::string page_bytes;
  REQUIRE(EncodePage(page, ArticleKey{}, 1, &page_bytes).ok());
  UrlState state;
  std::string state_bytes;
  EncodeUrlState(state, &state_bytes);
  // Every truncation and a flipped byte at every position.
  for (std::size_t n = 0; n < article.size(); ++n) {
    CHECK_FALSE(DecodeArticle(ArticleKey{}, article.substr(0, n)).ok());
  }
  for (std::size_t n = 0; n < page_bytes.size(); ++n) {
    CHECK_FALSE(DecodePage(page_bytes.substr(0, n), true).ok());
  }
  for (std::size_t n = 0; n < state_bytes.size(); ++n) {
    CHECK_FALSE(DecodeUrlState(state_bytes.substr(0, n)).ok());
  }
  for (const std::string* bytes : {&article, &page_bytes, &state_bytes}) {
    for (std::size_t n = 0; n < bytes->size(); ++n) {
      std::string flipped = *bytes;
      flipped[n] = static_cast<char>(flipped[n] ^ 0x5A);
      (void)DecodeArticle(ArticleKey{}, flipped);
      (void)DecodePage(flipped, true);
      (void)DecodeUrlState(flipped);
      (void)DecodeFrontierEntry("u", flipped);
    }
  }
  // A zstd frame that claims a huge size is refused before allocating.
  std::string huge = page_bytes;
  CHECK(DecodePage(std::string("\x01\x00\x00") + huge, true).status().IsCorruption());
}

}  // namespace
}  // namespace newscrawl
