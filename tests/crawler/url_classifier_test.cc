#include "crawler/url_classifier.h"

#include <doctest/doctest.h>

namespace newscrawl {
namespace {

Url U(std::string_view s) { return Url::Parse(s).value(); }

UrlClass Guess(std::string_view s) { return UrlClassifier::Guess(U(s)); }

TEST_CASE("heuristic: Vietnamese news article URLs") {
  for (const char* url : {
           "https://ldld.example.vn/thoi-su/"
           "cong-nhan-duoc-tang-luong-20240517093012345.htm",
           "https://ldld.example.vn/cong-doan/"
           "nang-cao-doi-song-nguoi-lao-dong-1234567.ldo",
           "https://ldld.example.vn/tin-tuc/123456.html",
           "https://ldld.example.vn/viec-lam/"
           "hoi-nghi-cong-doan-co-so-a12345.html",
           "https://ldld.example.vn/2024/05/17/hoi-nghi-nguoi-lao-dong/",
           "https://ldld.example.vn/news/2024/05/tang-luong-toi-thieu",
           "https://ldld.example.vn/Home/Detail?id=98765",
           "https://ldld.example.vn/index.php?newsid=4521&lang=vi",
           "https://ldld.example.vn/"
           "cong-nhan-khu-cong-nghiep-duoc-ho-tro-nha-o/",
       }) {
    CAPTURE(url);
    CHECK(Guess(url) == UrlClass::kArticle);
  }
}

TEST_CASE("heuristic: listings") {
  for (const char* url : {
           "https://ldld.example.vn/",
           "https://ldld.example.vn/thoi-su",
           "https://ldld.example.vn/cong-doan/",
           "https://ldld.example.vn/thoi-su/chinh-tri.htm",
           "https://ldld.example.vn/chuyen-muc/viec-lam/"
           "thi-truong-lao-dong-mien-nam-ha-noi",
           "https://ldld.example.vn/category/phap-luat",
           "https://ldld.example.vn/tag/luong-toi-thieu-vung",
           "https://ldld.example.vn/thoi-su/trang-3",
           "https://ldld.example.vn/thoi-su/page/2/",
           "https://ldld.example.vn/thoi-su?page=2",
           "https://ldld.example.vn/Home/List?page=3&id=12345",
       }) {
    CAPTURE(url);
    CHECK(Guess(url) == UrlClass::kListing);
  }
}

TEST_CASE("heuristic: media and other files") {
  for (const char* url : {
           "https://ldld.example.vn/uploads/2024/05/17/"
           "anh-cong-nhan-123456.jpg",
           "https://ldld.example.vn/files/thong-bao-12345.pdf",
           "https://ldld.example.vn/static/app.js",
           "https://ldld.example.vn/sitemap.xml",
           "https://ldld.example.vn/a/b/c/d",
       }) {
    CAPTURE(url);
    CHECK(Guess(url) == UrlClass::kOther);
  }
}

TEST_CASE("site patterns win, hosts decide off-site") {
  SiteConfig site;
  site.name = "ldld";
  site.allowed_hosts = {"www.ldld.example.vn"};
  site.article_patterns = {R"(/bai-viet/\d+$)"};
  site.listing_patterns = {R"(/muc/[a-z-]+$)"};
  Result<UrlClassifier> c = UrlClassifier::Create(site);
  REQUIRE(c.ok());
  CHECK(c->Classify(U("https://ldld.example.vn/bai-viet/42")) ==
        UrlClass::kArticle);
  CHECK(c->Classify(U("https://m.ldld.example.vn/muc/thoi-su")) ==
        UrlClass::kListing);
  // With patterns for both kinds, the heuristic is not used.
  CHECK(c->Classify(U("https://ldld.example.vn/tin-tuc/123456.html")) ==
        UrlClass::kOther);
  CHECK(c->Classify(U("https://ldld.example.vn/")) == UrlClass::kOther);
  CHECK(c->Classify(U("https://other.example/bai-viet/42")) ==
        UrlClass::kOffSite);
  CHECK(c->Classify(U("https://evil-ldld.example.vn/bai-viet/42")) ==
        UrlClass::kOffSite);

  // Only article patterns: listings still come from the heuristic.
  site.listing_patterns.clear();
  Result<UrlClassifier> a = UrlClassifier::Create(site);
  REQUIRE(a.ok());
  CHECK(a->Classify(U("https://ldld.example.vn/thoi-su")) ==
        UrlClass::kListing);
  CHECK(a->Classify(U("https://ldld.example.vn/tin-tuc/123456.html")) ==
        UrlClass::kOther);

  // No patterns at all.
  SiteConfig bare;
  bare.allowed_hosts = {"ldld.example.vn"};
  Result<UrlClassifier> b = UrlClassifier::Create(bare);
  REQUIRE(b.ok());
  CHECK(b->Classify(U("https://ldld.example.vn/tin-tuc/123456.html")) ==
        UrlClass::kArticle);
  // An empty host list allows nothing.
  Result<UrlClassifier> none = UrlClassifier::Create(SiteConfig());
  REQUIRE(none.ok());
  CHECK(none->Classify(U("https://ldld.example.vn/")) == UrlClass::kOffSite);
}

TEST_CASE("bad patterns are reported") {
  SiteConfig site;
  site.name = "bad";
  site.article_patterns = {"(unclosed"};
  Result<UrlClassifier> c = UrlClassifier::Create(site);
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().IsInvalidArgument());
  CHECK(c.status().message().find("site bad: article pattern \"(unclosed\"") ==
        0);
  CHECK(UrlClassName(UrlClass::kOffSite) == "off-site");
}

}  // namespace
}  // namespace newscrawl
