#include "crawler/discovery.h"

#include <doctest/doctest.h>

#include <set>
#include <string>

#include "store/gzip.h"

namespace newscrawl {
namespace {

Url U(std::string_view s) { return Url::Parse(s).value(); }

SiteConfig Site() {
  SiteConfig site;
  site.name = "ldld";
  site.seeds = {"https://ldld.example.vn/", "https://ldld.example.vn/viec-lam"};
  site.feeds = {"https://ldld.example.vn/rss/home.rss"};
  site.sitemaps = {"https://ldld.example.vn/sitemap.xml"};
  site.allowed_hosts = {"ldld.example.vn"};
  site.max_depth = 2;
  return site;
}

Discovery Make(const SiteConfig& site = Site(), DiscoveryOptions options = {}) {
  Result<Discovery> d = Discovery::Create(site, options);
  REQUIRE(d.ok());
  return std::move(*d);
}

HtmlDocument Html(std::string html) {
  Result<HtmlDocument> doc = HtmlDocument::Parse(std::move(html), "text/html");
  REQUIRE(doc.ok());
  return std::move(*doc);
}

std::vector<std::string> Specs(const DiscoveryResult& r) {
  std::vector<std::string> out;
  for (const DiscoveredUrl& u : r.urls) out.push_back(u.url.spec());
  return out;
}

const std::string kListing = R"HTML(<html><head>
  <link rel="canonical" href="https://ldld.example.vn/viec-lam">
  <link rel="alternate" type="application/rss+xml" href="/rss/viec-lam.rss">
  <link rel="next" href="/viec-lam/trang-2">
</head><body>
  <nav><a href="/">Trang chủ</a><a href="/thoi-su">Thời sự</a><a href="/cong-doan">Công đoàn</a></nav>
  <div class="list">
    <a href="/viec-lam/cong-nhan-duoc-ho-tro-123456.html">Công nhân được hỗ trợ</a>
    <a href="/viec-lam/cong-nhan-duoc-ho-tro-123456.html#binh-luan">Bình luận</a>
    <a href="/viec-lam/tang-luong-toi-thieu-123457.html?utm_source=home">Tăng lương</a>
    <a href="/viec-lam/bai-cu-100000.html">Bài cũ</a>
    <a rel="nofollow" href="/dang-nhap">Đăng nhập</a>
    <a href="https://quangcao.example.com/banner">Quảng cáo</a>
    <a href="/uploads/anh-123456.jpg">Ảnh</a>
    <a href="mailto:toasoan@ldld.example.vn">Thư</a>
  </div>
</body></html>)HTML";

TEST_CASE("seeds, feeds and sitemaps are depth 0 with priorities") {
  const Discovery d = Make();
  const DiscoveryResult r = d.Seeds(nullptr);
  REQUIRE(r.urls.size() == 4);
  CHECK(r.urls[0].kind == UrlKind::kFeed);
  CHECK(r.urls[0].priority == FrontierPriority::kFeed);
  CHECK(r.urls[1].kind == UrlKind::kSitemap);
  CHECK(r.urls[2].kind == UrlKind::kListing);
  CHECK(r.urls[2].priority == FrontierPriority::kListing);
  CHECK(r.urls[3].url.spec() == "https://ldld.example.vn/viec-lam");
  for (const DiscoveredUrl& u : r.urls) CHECK(u.depth == 0);
  // Seen seeds are not queued again.
  const DiscoveryResult again = d.Seeds(
      [](const Url& u) { return u.spec() == "https://ldld.example.vn/"; });
  CHECK(again.urls.size() == 3);
  CHECK(again.seen == 1);
}

TEST_CASE("a listing page yields articles, listings, feeds; skips the rest") {
  const Discovery d = Make();
  const std::set<std::string> seen = {
      "https://ldld.example.vn/viec-lam/bai-cu-100000.html"};
  const DiscoveryResult r = d.FromPage(
      U("https://ldld.example.vn/viec-lam"), UrlKind::kListing, 0,
      Html(kListing), [&](const Url& u) { return seen.count(u.spec()) > 0; });
  REQUIRE(r.canonical.has_value());
  CHECK(r.canonical->spec() == "https://ldld.example.vn/viec-lam");
  CHECK(
      Specs(r) ==
      std::vector<std::string>{
          "https://ldld.example.vn/rss/viec-lam.rss",
          "https://ldld.example.vn/viec-lam/trang-2",
          "https://ldld.example.vn/", "https://ldld.example.vn/thoi-su",
          "https://ldld.example.vn/cong-doan",
          "https://ldld.example.vn/viec-lam/cong-nhan-duoc-ho-tro-123456.html",
          "https://ldld.example.vn/viec-lam/tang-luong-toi-thieu-123457.html"});
  CHECK(r.urls[0].kind == UrlKind::kFeed);
  CHECK(r.urls[0].depth == 0);
  CHECK(r.urls[1].kind == UrlKind::kListing);
  CHECK(r.urls[1].depth == 1);
  CHECK(r.urls[5].kind == UrlKind::kArticle);
  CHECK(r.urls[5].priority == FrontierPriority::kNewArticle);
  CHECK(r.urls[5].depth == 1);
  CHECK(r.seen == 1);
  CHECK(r.nofollow == 1);
  CHECK(r.off_site == 1);
  CHECK(r.other == 1);
  CHECK(r.invalid == 1);
}

TEST_CASE(
    "listing depth limit; articles one hop further; other kinds ignored") {
  const Discovery d = Make();
  const Url page = U("https://ldld.example.vn/viec-lam/trang-2");
  // At depth 2 (= max_depth): listings are too deep, articles still come.
  DiscoveryResult r =
      d.FromPage(page, UrlKind::kListing, 2, Html(kListing), nullptr);
  for (const DiscoveredUrl& u : r.urls) CHECK(u.kind != UrlKind::kListing);
  CHECK(r.too_deep == 4);
  CHECK(r.urls.back().depth == 3);
  // At depth 3 nothing but feeds.
  r = d.FromPage(page, UrlKind::kArticle, 3, Html(kListing), nullptr);
  REQUIRE(r.urls.size() == 1);
  CHECK(r.urls[0].kind == UrlKind::kFeed);
  // Feeds are not HTML pages.
  CHECK(d.FromPage(page, UrlKind::kFeed, 0, Html(kListing), nullptr)
            .urls.empty());
  // meta robots nofollow: nothing followed.
  r = d.FromPage(
      page, UrlKind::kListing, 0,
      Html("<meta name=robots content=nofollow><a href=/a-123456.html>a</a>"),
      nullptr);
  CHECK(r.urls.empty());
  CHECK(r.nofollow == 1);
}

TEST_CASE("feeds: items resolved, classified, deduplicated; dates kept") {
  const Discovery d = Make();
  const std::string rss = R"XML(<rss version="2.0"><channel><title>t</title>
    <item><link>/viec-lam/cong-nhan-duoc-ho-tro-123456.html?utm_medium=rss</link>
          <pubDate>Fri, 17 May 2024 09:30:00 +0700</pubDate></item>
    <item><link>https://ldld.example.vn/viec-lam/cong-nhan-duoc-ho-tro-123456.html</link></item>
    <item><link>https://other.example.com/x-123456.html</link></item>
    <item><link>javascript:alert(1)</link></item>
    <item><link>https://m.ldld.example.vn/thoi-su/bai-viet-khong-co-so</link></item>
  </channel></rss>)XML";
  Result<DiscoveryResult> r = d.FromFeed(
      U("https://ldld.example.vn/rss/home.rss"), Gzip(rss).value(), nullptr);
  REQUIRE(r.ok());
  CHECK(
      Specs(*r) ==
      std::vector<std::string>{
          "https://ldld.example.vn/viec-lam/cong-nhan-duoc-ho-tro-123456.html",
          "https://m.ldld.example.vn/thoi-su/bai-viet-khong-co-so"});
  CHECK(r->urls[0].kind == UrlKind::kArticle);
  CHECK(r->urls[0].depth == 1);
  CHECK(r->urls[0].lastmod == 1715913000);
  CHECK(r->off_site == 1);
  CHECK(r->invalid == 1);
  CHECK(d.FromFeed(U("https://ldld.example.vn/rss"), "<html>", nullptr)
            .status()
            .IsCorruption());
}

TEST_CASE("sitemaps: index children, entries, lastmod cut-off, patterns") {
  DiscoveryOptions options;
  options.sitemap_since = 1714521600;  // 2024-05-01
  const Discovery d = Make(Site(), options);
  Result<DiscoveryResult> index = d.FromSitemap(
      U("https://ldld.example.vn/sitemap.xml"),
      R"XML(<sitemapindex><sitemap><loc>/sitemap-2024-05.xml.gz</loc><lastmod>2024-05-31</lastmod></sitemap>
      <sitemap><loc>/sitemap-2019-01.xml.gz</loc><lastmod>2019-01-31</lastmod></sitemap>
      <sitemap><loc>https://cdn.example.com/sitemap.xml</loc></sitemap></sitemapindex>)XML",
      nullptr);
  REQUIRE(index.ok());
  REQUIRE(index->urls.size() == 1);
  CHECK(index->urls[0].url.spec() ==
        "https://ldld.example.vn/sitemap-2024-05.xml.gz");
  CHECK(index->urls[0].kind == UrlKind::kSitemap);
  CHECK(index->urls[0].priority == FrontierPriority::kSitemap);
  CHECK(index->old == 1);
  CHECK(index->off_site == 1);

  Result<DiscoveryResult> urls = d.FromSitemap(
      U("https://ldld.example.vn/sitemap-2024-05.xml.gz"),
      R"XML(<urlset><url><loc>https://ldld.example.vn/a/b/c/d</loc><lastmod>2024-05-02</lastmod></url>
      <url><loc>https://ldld.example.vn/thoi-su</loc></url>
      <url><loc>https://ldld.example.vn/old-123456.html</loc><lastmod>2020-01-01</lastmod></url></urlset>)XML",
      nullptr);
  REQUIRE(urls.ok());
  REQUIRE(urls->urls.size() == 2);
  CHECK(urls->urls[0].kind ==
        UrlKind::kArticle);  // no patterns: trust the sitemap
  CHECK(urls->urls[1].kind == UrlKind::kListing);
  CHECK(urls->old == 1);

  // With article patterns, sitemap entries that match nothing are skipped.
  SiteConfig strict = Site();
  strict.article_patterns = {R"(-\d{6}\.html$)"};
  const Discovery s = Make(strict);
  Result<DiscoveryResult> only =
      s.FromSitemap(U("https://ldld.example.vn/sitemap.xml"),
                    "https://ldld.example.vn/a/b/c/d\nhttps://ldld.example.vn/"
                    "x-123456.html\n",
                    nullptr);
  REQUIRE(only.ok());
  CHECK(Specs(*only) ==
        std::vector<std::string>{"https://ldld.example.vn/x-123456.html"});
  CHECK(only->other == 1);
}

TEST_CASE("robots.txt Sitemap lines; bad site patterns") {
  const Discovery d = Make();
  const RobotsTxt robots = RobotsTxt::Parse(
      "Sitemap: /sitemap-news.xml\nSitemap: https://elsewhere.example/s.xml\n"
      "Sitemap: https://ldld.example.vn/sitemap.xml\n",
      "newscrawl");
  const DiscoveryResult r = d.FromRobots(
      U("https://ldld.example.vn/robots.txt"), robots, [](const Url& u) {
        return u.spec() == "https://ldld.example.vn/sitemap.xml";
      });
  CHECK(Specs(r) ==
        std::vector<std::string>{"https://ldld.example.vn/sitemap-news.xml"});
  CHECK(r.off_site == 1);
  CHECK(r.seen == 1);
  SiteConfig bad = Site();
  bad.listing_patterns = {"[z-a]"};
  CHECK(Discovery::Create(bad).status().IsInvalidArgument());
}

TEST_CASE("a page with 10 MB of links stays bounded") {
  std::string html;
  for (int i = 0; html.size() < 10 * 1024 * 1024; ++i) {
    html.append("<a href=\"/tin/bai-viet-so-")
        .append(std::to_string(100000 + i))
        .append(".html\">x</a>");
  }
  DiscoveryOptions options;
  options.links.max_links = 2000;
  const Discovery d = Make(Site(), options);
  const DiscoveryResult r = d.FromPage(
      U("https://ldld.example.vn/"), UrlKind::kListing, 0, Html(html), nullptr);
  CHECK(r.urls.size() == 2000);
  CHECK(r.truncated);
}

}  // namespace
}  // namespace newscrawl
