#include "crawler/link_scanner.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/fixture_site.h"

namespace newscrawl {
namespace {

constexpr std::string_view kPage = "https://ldld.example.vn/chuyen-muc/viec-lam/";

// What the tree-based extractor finds on `html`.
PageLinks Parsed(const std::string& html, std::string_view page = kPage,
                 std::string_view content_type = "text/html; charset=utf-8",
                 LinkExtractorOptions options = {}) {
  Result<HtmlDocument> doc = HtmlDocument::Parse(html, content_type);
  REQUIRE(doc.ok());
  return LinkExtractor(options).Extract(*doc, Url::Parse(page).value());
}

std::optional<PageLinks> Scanned(
    const std::string& html, std::string_view page = kPage,
    std::string_view content_type = "text/html; charset=utf-8",
    LinkExtractorOptions options = {}) {
  return LinkScanner(options).Scan(html, content_type,
                                   Url::Parse(page).value());
}

struct Flat {
  std::vector<std::string> links;  // spec, source, nofollow
  std::string canonical;
  bool noindex, nofollow;
  std::size_t rejected;
  bool operator==(const Flat&) const = default;
};

Flat Flatten(const PageLinks& p) {
  Flat f{{}, p.canonical ? p.canonical->spec() : "-", p.noindex, p.nofollow,
         p.rejected};
  for (const ExtractedLink& l : p.links) {
    f.links.push_back(l.url.spec() + " " +
                      std::to_string(static_cast<int>(l.source)) +
                      (l.nofollow ? " nofollow" : ""));
  }
  return f;
}

// The scanner either gives up or finds exactly what the parse finds.
// Returns whether it scanned.
bool SameOrGivesUp(const std::string& html, std::string_view page = kPage,
                   std::string_view content_type = "text/html; charset=utf-8",
                   LinkExtractorOptions options = {}) {
  const std::optional<PageLinks> scanned =
      Scanned(html, page, content_type, options);
  if (!scanned) return false;
  const Flat parsed = Flatten(Parsed(html, page, content_type, options));
  const Flat got = Flatten(*scanned);
  CHECK(got.links == parsed.links);
  CHECK(got.canonical == parsed.canonical);
  CHECK(got.noindex == parsed.noindex);
  CHECK(got.nofollow == parsed.nofollow);
  CHECK(got.rejected == parsed.rejected);
  return true;
}

TEST_CASE("the fixture site's pages: the scanner finds the parse's links") {
  testing::FixtureSiteOptions options;
  options.base_url = "http://127.0.0.1:8080";
  options.articles = 30;
  options.per_listing = 10;
  testing::FixtureSite site(options);
  std::vector<std::string> paths = {"/", "/chuyen-muc/tin-tuc?page=1",
                                    "/chuyen-muc/tin-tuc?page=2",
                                    "/chuyen-muc/tin-tuc?page=3"};
  for (const testing::FixtureArticle& a : site.articles()) {
    paths.push_back(a.path);
  }
  int scanned = 0;
  for (const std::string& path : paths) {
    CAPTURE(path);
    const std::optional<testing::FixturePage> page = site.Page(path);
    REQUIRE(page.has_value());
    const std::string url = options.base_url + path;
    const bool ok = SameOrGivesUp(page->body, url, page->content_type);
    if (ok) ++scanned;
    // The listings carry nothing that needs a tree.
    if (path.find("/chuyen-muc/") == 0 || path == "/") CHECK(ok);
    if (ok) CHECK_FALSE(Scanned(page->body, url, page->content_type)->links.empty());
  }
  CHECK(scanned >= 4);
}

TEST_CASE("tokenizer cases it reads itself, as the parse does") {
  const std::vector<std::string> pages = {
      // Attributes: quotes holding '>', unquoted, no value, upper case,
      // duplicates (the first wins), '/' between attributes, spaces
      // around '='.
      R"(<A HREF="/a?x=1>2" REL=NOFOLLOW>a</A><a href=/b rel = 'next'>b</a>)",
      R"(<a href="/c" href="/d">c</a><a/href=/e>e</a><a href>none</a>)",
      R"(<a href = "/f" >f</a><a href='/g'/><a rel="nofollow next" href=/h>)",
      // Character references.
      R"(<a href="/q?a=1&amp;b=2&#38;c=3&#x26;d=4">q</a><a href="/r?a&b=1">r</a>)",
      R"(<a href="/s&quot;t&lt;&gt;&apos;&nbsp;">s</a><a href="/u&#233;&#xE9">u</a>)",
      R"(<a href="/v?x=1& y">v</a><a href="/w&#39;s">w</a>)",
      // Comments, bogus comments, doctype, processing instructions.
      R"(<!DOCTYPE html><!-- <a href="/hidden"> --><a href="/shown">s</a>)",
      R"(<!-- a -- b --><?xml version="1.0"?><!x <a href=/bogus>><a href=/y>y</a>)",
      R"(</ href=/no><a href=/z>z</a></a href="/end">< a href=/text>)",
      // Raw text and RCDATA.
      R"(<script>var s = "<a href='/js'>";</script><a href=/after-script>a</a>)",
      R"(<style>a[href="/css"]{}</style><title><a href=/t></title><a href=/ok>o</a>)",
      R"(<textarea><a href=/ta></textarea ><xmp><a href=/x></xmp><a href=/ok2>)",
      R"(<script>x="</scripty><a href=/in>"</script><a href=/out>)",
      // <base>, canonical, feeds, next, meta robots.
      R"(<base href="/tin/"><base href="/ignored/"><a href="a.html">a</a>
         <link rel=canonical href="/tin/"><link rel="alternate"
         type="application/rss+xml" href="/rss"><link rel=next href="?p=2">
         <meta name="Robots" content="NOINDEX">)",
      R"(<meta name=robots content="none"><a href=/nf>nf</a>)",
      // Fragments, empty and non-http hrefs, CR LF inside a value.
      "<a href=\"#top\">t</a><a href=\"\">e</a><a href=\"mailto:x@y.vn\">m</a>"
      "<a href=\"/li\r\nne\">l</a><a href=\" /trim \">t</a>",
      // The end of the input inside a tag drops the tag.
      R"(<a href="/kept">k</a><a href="/unterminated)",
      R"(<a href=/kept2>k</a><a href=/cut)",
      // Misnested and implied structure: still the same elements.
      R"(<p><a href=/1><div><a href=/2></p></div><b><a href=/3></b></a>)",
      R"(<head><noscript><a href=/ns></noscript></head><body><a href=/b>)",
      R"(<template><a href=/tpl></template><a href=/after>)",
  };
  for (const std::string& html : pages) {
    CAPTURE(html);
    CHECK(SameOrGivesUp(html));
  }
}

TEST_CASE("pages that need a tree make the scanner give up") {
  std::string deep;
  for (int i = 0; i < 600; ++i) deep += "<div>";
  deep += "<a href=/deep>d</a>";
  const std::vector<std::string> pages = {
      R"(<table><tr><td>x</td></tr><a href=/fostered></table><a href=/y>)",
      R"(<select><a href=/dropped></select>)",
      R"(<svg><a href=/svg></a></svg>)",
      R"(<math><mi><a href=/m></math>)",
      R"(<frameset><a href=/f></frameset>)",
      R"(<a href="/copy&copy">c</a>)",      // a legacy reference
      R"(<a href="/x&hellip;">h</a>)",      // a reference it does not know
      R"(<a href="/ctl&#1;">c</a>)",        // a replaced code point
      R"(<!--><a href=/after-abrupt-comment>)",
      R"(<!-- x --!><a href=/bang>)",
      R"(<script><!-- document.write("<script></script>") --></script>)",
      std::string("<a href=\"/nul\0\">n</a>", 20),
      deep,
  };
  for (const std::string& html : pages) {
    CAPTURE(html);
    CHECK_FALSE(Scanned(html).has_value());
  }
}

TEST_CASE("hostile input: limits, charsets and odd bytes") {
  // Many links: the same caps as the extractor.
  std::string many;
  for (int n = 0; many.size() < 2 * 1024 * 1024; ++n) {
    many += "<a href=\"/tin/" + std::to_string(n) + ".html\">tin</a>\n";
  }
  LinkExtractorOptions options;
  options.max_links = 3000;
  CHECK(SameOrGivesUp(many, "https://ldld.example.vn/", "text/html", options));
  CHECK(Scanned(many, "https://ldld.example.vn/", "text/html", options)
            ->links.size() == 3000);

  // A windows-1258 page and invalid UTF-8: decoded as the parse decodes.
  CHECK(SameOrGivesUp("<a href=\"/c\xf4ng-\xf0o\xe0n\">x</a>", kPage,
                      "text/html; charset=windows-1258"));
  CHECK(SameOrGivesUp("<a href=\"/bad\xff\xfe.html\">x</a>"
                      "<a href=\"http://B\xc3\xbc" "cher.example/\">y</a>"));

  // Truncated constructs at every length of a small page never crash and
  // never disagree with the parse.
  const std::string page =
      R"(<!DOCTYPE html><html><head><base href="/b/"><!-- c --><script>x</script>)"
      R"(<link rel=next href="?p=2"></head><body><a href='/a?x=1&amp;y=2' )"
      R"(rel="nofollow">a</a><title>t</title><a href=c>c</a></body></html>)";
  for (std::size_t n = 0; n <= page.size(); ++n) {
    CAPTURE(n);
    SameOrGivesUp(page.substr(0, n));
  }
  // Junk bytes.
  std::string junk;
  std::uint32_t x = 12345;
  for (int i = 0; i < 20000; ++i) {
    x = x * 1103515245u + 12345u;
    const char alphabet[] = "<>/=\"' a!-&#;xhrefmt\n";
    junk.push_back(alphabet[(x >> 16) % (sizeof alphabet - 1)]);
  }
  SameOrGivesUp(junk);
}

}  // namespace
}  // namespace newscrawl
