#include "crawler/link_extractor.h"

#include <doctest/doctest.h>

#include <string>

namespace newscrawl {
namespace {

PageLinks Extract(
    std::string html,
    std::string_view page = "https://ldld.example.vn/chuyen-muc/viec-lam/",
    LinkExtractorOptions options = {}) {
  Result<HtmlDocument> doc =
      HtmlDocument::Parse(std::move(html), "text/html; charset=utf-8");
  REQUIRE(doc.ok());
  return LinkExtractor(options).Extract(*doc, Url::Parse(page).value());
}

std::vector<std::string> Specs(const PageLinks& links) {
  std::vector<std::string> out;
  for (const ExtractedLink& l : links.links) out.push_back(l.url.spec());
  return out;
}

TEST_CASE("anchors are resolved against the page URL and canonicalised") {
  const PageLinks links = Extract(R"HTML(<html><body>
    <a href="/thoi-su/cong-nhan-duoc-tang-luong-123.html?utm_source=fb">Tăng lương</a>
    <a href="bai-viet-2.html#binh-luan">Bài 2</a>
    <a href="../../lien-he">Liên hệ</a>
    <a href="HTTPS://LDLD.example.vn:443/trang-chu">Trang chủ</a>
    <a href="//cdn.example.vn/anh.jpg">ảnh</a>
    <a href="#top">lên đầu</a>
    <a href="">trống</a>
    <a href="javascript:void(0)">js</a>
    <a href="mailto:toasoan@ldld.example.vn">thư</a>
    <a href="tel:0241234567">gọi</a>
    <a>no href</a>
    <map><area href="/ban-do" alt="map"></map>
  </body></html>)HTML");
  CHECK(
      Specs(links) ==
      std::vector<std::string>{
          "https://ldld.example.vn/thoi-su/cong-nhan-duoc-tang-luong-123.html",
          "https://ldld.example.vn/chuyen-muc/viec-lam/bai-viet-2.html",
          "https://ldld.example.vn/lien-he",
          "https://ldld.example.vn/trang-chu", "https://cdn.example.vn/anh.jpg",
          "https://ldld.example.vn/ban-do"});
  CHECK(links.rejected == 3);  // javascript:, mailto:, tel:
  CHECK_FALSE(links.canonical.has_value());
  CHECK_FALSE(links.noindex);
}

TEST_CASE("<base href> is honoured, itself resolved against the page") {
  const PageLinks links = Extract(R"HTML(<html><head>
      <base href="/tin-tuc/">
      <base href="https://other.example/ignored/">
    </head><body><a href="a.html">a</a><a href="/b.html">b</a></body></html>)HTML");
  CHECK(Specs(links) ==
        std::vector<std::string>{"https://ldld.example.vn/tin-tuc/a.html",
                                 "https://ldld.example.vn/b.html"});
  // A base on another host.
  const PageLinks other = Extract(
      R"HTML(<base href="https://static.example.vn/x/"><a href="y">y</a>)HTML");
  CHECK(Specs(other) ==
        std::vector<std::string>{"https://static.example.vn/x/y"});
  // A broken base is ignored.
  const PageLinks broken =
      Extract(R"HTML(<base href="javascript:x"><a href="y">y</a>)HTML");
  CHECK(Specs(broken) == std::vector<std::string>{
                             "https://ldld.example.vn/chuyen-muc/viec-lam/y"});
}

TEST_CASE("rel=nofollow, canonical, next, feeds and meta robots") {
  const PageLinks links = Extract(R"HTML(<html><head>
      <link rel="canonical" href="/chuyen-muc/viec-lam">
      <link rel="alternate" type="application/rss+xml" href="/rss/viec-lam.rss">
      <link rel="alternate" type="application/atom+xml; charset=utf-8" href="/atom.xml">
      <link rel="alternate" hreflang="en" href="/en/">
      <link rel="next" href="?page=2">
      <link rel="stylesheet" href="/style.css">
    </head><body>
      <a rel="nofollow" href="/quang-cao">QC</a>
      <a rel="Sponsored NoFollow" href="/tai-tro">tài trợ</a>
      <a rel="nofollow" href="/dup">1</a><a href="/dup">2</a>
      <a rel="next" href="?page=2">Trang sau</a>
    </body></html>)HTML");
  REQUIRE(links.canonical.has_value());
  CHECK(links.canonical->spec() ==
        "https://ldld.example.vn/chuyen-muc/viec-lam");
  REQUIRE(links.links.size() == 6);
  CHECK(links.links[0].url.spec() ==
        "https://ldld.example.vn/rss/viec-lam.rss");
  CHECK(links.links[0].source == LinkSource::kFeed);
  CHECK(links.links[1].url.spec() == "https://ldld.example.vn/atom.xml");
  CHECK(links.links[1].source == LinkSource::kFeed);
  CHECK(links.links[2].url.spec() ==
        "https://ldld.example.vn/chuyen-muc/viec-lam/?page=2");
  CHECK(links.links[2].source == LinkSource::kNext);
  CHECK(links.links[3].nofollow);
  CHECK(links.links[4].nofollow);
  CHECK(links.links[5].url.spec() == "https://ldld.example.vn/dup");
  CHECK_FALSE(links.links[5].nofollow);  // followed once is enough

  const PageLinks meta =
      Extract(R"HTML(<meta name="ROBOTS" content="noindex, nofollow">
      <a href="/x">x</a>)HTML");
  CHECK(meta.noindex);
  CHECK(meta.nofollow);
  REQUIRE(meta.links.size() == 1);
  CHECK(meta.links[0].nofollow);
}

TEST_CASE(
    "hostile: deep nesting, 10 MB of links, invalid UTF-8 and IDN hrefs") {
  std::string deep;
  // 400 levels: within HtmlLimits::max_depth, so the link is kept.
  for (int i = 0; i < 200; ++i) deep += "<div><span>";
  deep += "<a href=/deep>d</a>";
  const PageLinks d = Extract(deep);
  CHECK(Specs(d) == std::vector<std::string>{"https://ldld.example.vn/deep"});
  // 10 000 levels: HtmlDocument drops the start tags beyond its depth
  // limit (the <a> among them), and nothing crashes.
  std::string deeper;
  for (int i = 0; i < 5000; ++i) deeper += "<div><span>";
  deeper += "<a href=/deeper>d</a><p>tail</p>";
  CHECK(Extract(deeper).links.empty());

  std::string many;
  int n = 0;
  while (many.size() < 10 * 1024 * 1024) {
    many += "<a href=\"/tin/" + std::to_string(n++) + ".html\">tin</a>\n";
  }
  LinkExtractorOptions options;
  options.max_links = 5000;
  const PageLinks m = Extract(many, "https://ldld.example.vn/", options);
  CHECK(m.links.size() == 5000);
  CHECK(m.rejected > 0);
  CHECK(m.links.back().url.spec() == "https://ldld.example.vn/tin/4999.html");

  const PageLinks odd = Extract(
      "<a href=\"/bad\xff\xfe.html\">x</a><a "
      "href=\"http://Bücher.example/\">y</a>"
      "<a href=\"http://bad host/\">z</a><a href=\" /trim \">t</a>");
  REQUIRE(odd.links.size() >= 2);
  // Whatever the decoder made of the bad bytes, the URL is escaped ASCII.
  CHECK(odd.links[0].url.spec().rfind("https://ldld.example.vn/bad%", 0) == 0);
  for (char c : odd.links[0].url.spec())
    CHECK(static_cast<unsigned char>(c) < 0x80);
  CHECK(odd.links[1].url.spec() == "http://xn--bcher-kva.example/");
  CHECK(odd.links.back().url.spec() == "https://ldld.example.vn/trim");
}

}  // namespace
}  // namespace newscrawl
