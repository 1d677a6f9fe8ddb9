#include "crawler/sitemap_parser.h"

#include <doctest/doctest.h>

#include <string>

#include "extractor/date_parser.h"
#include "store/gzip.h"

namespace newscrawl {
namespace {

TEST_CASE("urlset with lastmod and news extensions") {
  Result<Sitemap> sm = ParseSitemap(R"XML(<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>  https://ldld.example.vn/cong-doan/dai-hoi-123456.html  </loc>
    <lastmod>2024-05-17T09:30:00+07:00</lastmod>
    <changefreq>daily</changefreq>
    <image:image><image:loc>https://ldld.example.vn/anh.jpg</image:loc></image:image>
    <news:news>
      <news:publication><news:name>Lao động</news:name><news:language>vi</news:language></news:publication>
      <news:publication_date>2024-05-17T08:00:00+07:00</news:publication_date>
      <news:title>Đại hội Công đoàn</news:title>
    </news:news>
  </url>
  <url><loc>https://ldld.example.vn/thoi-su?a=1&amp;b=2</loc><lastmod>bad date</lastmod></url>
  <url><lastmod>2024-05-17</lastmod></url>
</urlset>)XML");
  REQUIRE(sm.ok());
  CHECK_FALSE(sm->is_index);
  REQUIRE(sm->entries.size() == 2);
  CHECK(sm->entries[0].loc ==
        "https://ldld.example.vn/cong-doan/dai-hoi-123456.html");
  CHECK(sm->entries[0].lastmod == UnixSeconds(2024, 5, 17, 2, 30, 0));
  CHECK(sm->entries[0].news_published == UnixSeconds(2024, 5, 17, 1, 0, 0));
  CHECK(sm->entries[0].news_title == "Đại hội Công đoàn");
  CHECK(sm->entries[1].loc == "https://ldld.example.vn/thoi-su?a=1&b=2");
  CHECK_FALSE(sm->entries[1].lastmod.has_value());
}

TEST_CASE("sitemap index, gzipped, old namespace") {
  const std::string index = R"XML(<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.google.com/schemas/sitemap/0.84">
  <sitemap><loc>https://ldld.example.vn/sitemap-2024-05.xml.gz</loc><lastmod>2024-05-31</lastmod></sitemap>
  <sitemap><loc>https://ldld.example.vn/sitemap-news.xml</loc></sitemap>
</sitemapindex>)XML";
  for (const std::string& bytes : {index, Gzip(index).value()}) {
    Result<Sitemap> sm = ParseSitemap(bytes);
    REQUIRE(sm.ok());
    CHECK(sm->is_index);
    REQUIRE(sm->entries.size() == 2);
    CHECK(sm->entries[0].loc ==
          "https://ldld.example.vn/sitemap-2024-05.xml.gz");
    CHECK(sm->entries[0].lastmod == UnixSeconds(2024, 5, 30, 17, 0, 0));  // +07:00
  }
}

TEST_CASE("text sitemaps") {
  Result<Sitemap> sm = ParseSitemap(
      "https://ldld.example.vn/a-1.html\r\n\n  "
      "https://ldld.example.vn/b-2.html\nnot a url\n");
  REQUIRE(sm.ok());
  REQUIRE(sm->entries.size() == 2);
  CHECK(sm->entries[1].loc == "https://ldld.example.vn/b-2.html");
}

TEST_CASE("errors and hostile sitemaps") {
  CHECK(ParseSitemap("<rss><channel/></rss>").status().IsUnsupported());
  CHECK(ParseSitemap("<urlset><url><loc>x</loc>").status().IsCorruption());
  CHECK(ParseSitemap("\x1f\x8b garbage").status().IsCorruption());

  // Billion laughs.
  std::string bomb = "<!DOCTYPE urlset [<!ENTITY a \"xxxxxxxxxxxxxxxx\">";
  std::string prev = "a";
  for (int i = 0; i < 10; ++i) {
    std::string name = "e";
    name.append(std::to_string(i));
    bomb.append("<!ENTITY ").append(name).append(" \"");
    for (int j = 0; j < 16; ++j) bomb.append("&").append(prev).append(";");
    bomb += "\">";
    prev = name;
  }
  bomb += "]><urlset><url><loc>&" + prev + ";</loc></url></urlset>";
  CHECK(ParseSitemap(bomb).status().IsCorruption());

  // A gzip bomb: 32 MiB of whitespace inside <urlset>, ~32 KiB gzipped,
  // against an 8 MiB limit.
  std::string inflated = "<urlset>";
  inflated.append(32u * 1024 * 1024, ' ');
  inflated += "</urlset>";
  const std::string gz = Gzip(inflated, 9).value();
  inflated.clear();
  inflated.shrink_to_fit();
  CHECK(gz.size() < 1024 * 1024);
  SitemapLimits eight;
  eight.max_bytes = 8 * 1024 * 1024;
  const Result<Sitemap> sm = ParseSitemap(gz, eight);
  CHECK(sm.status().IsTooLarge());

  // More than max_entries.
  std::string many = "<urlset>";
  for (int i = 0; i < 60000; ++i) {
    many.append("<url><loc>https://ldld.example.vn/")
        .append(std::to_string(i))
        .append("</loc></url>");
  }
  many += "</urlset>";
  Result<Sitemap> capped = ParseSitemap(many);
  REQUIRE(capped.ok());
  CHECK(capped->entries.size() == 50000);
  CHECK(capped->truncated);
}

}  // namespace
}  // namespace newscrawl
