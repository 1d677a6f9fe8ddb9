#include "extractor/json_ld.h"

#include <doctest/doctest.h>

#include <string>

#include "extractor/html_document.h"

namespace newscrawl {
namespace {

TEST_CASE("a NewsArticle block gives every field") {
  const char* json = R"({
    "@context": "https://schema.org", "@type": "NewsArticle",
    "mainEntityOfPage": {"@type": "WebPage", "@id": "https://tin.example.vn/cong-doan/bai-1.html"},
    "headline": "Công đoàn &quot;đồng hành&quot; cùng người lao động",
    "description": "(LĐTĐ) Mô tả ngắn\u00a0của bài.",
    "image": [{"@type": "ImageObject", "url": "https://cdn.example.vn/a.jpg"}, "https://cdn.example.vn/b.jpg"],
    "author": [{"@type": "Person", "name": "Minh Anh"}, {"@type": "Person", "name": "Thu Hà"}],
    "datePublished": "2024-08-04T07:54:29.000 +07:00",
    "dateModified": "2024-08-05T08:00:00+07:00",
    "articleSection": ["Công đoàn", "Thời sự"],
    "keywords": "công đoàn, người lao động,  ,Tết",
    "inLanguage": "vi",
    "publisher": {"@type": "Organization", "name": "Báo Ví Dụ"}
  })";
  auto articles = ParseJsonLdArticles(json);
  REQUIRE(articles.size() == 1);
  const JsonLdArticle& a = articles[0];
  CHECK(a.type == "NewsArticle");
  CHECK(a.headline == "Công đoàn \"đồng hành\" cùng người lao động");
  CHECK(a.description == "(LĐTĐ) Mô tả ngắn của bài.");
  CHECK(a.images == std::vector<std::string>{"https://cdn.example.vn/a.jpg",
                                             "https://cdn.example.vn/b.jpg"});
  CHECK(a.authors == std::vector<std::string>{"Minh Anh", "Thu Hà"});
  CHECK(a.date_published == "2024-08-04T07:54:29.000 +07:00");
  CHECK(a.date_modified == "2024-08-05T08:00:00+07:00");
  CHECK(a.section == "Công đoàn");
  CHECK(a.keywords == std::vector<std::string>{"công đoàn", "người lao động", "Tết"});
  CHECK(a.url == "https://tin.example.vn/cong-doan/bai-1.html");
  CHECK(a.language == "vi");
  CHECK(a.publisher == "Báo Ví Dụ");
}

TEST_CASE("@graph, arrays, type arrays and escaped strings") {
  const char* json = R"([{"@type": "BreadcrumbList", "itemListElement": []},
    {"@graph": [{"@type": "WebSite", "name": "Trang"},
                {"@type": ["ReportageNewsArticle"], "headline": "\u0110\u1ed9ng l\u1ef1c",
                 "author": "Lan Phương", "url": "https://x.vn/a"}]},
    {"@type": "http://schema.org/BlogPosting", "headline": "Ghi chép",
     "author": {"name": "Hải"}, "keywords": ["a", {"name": "b"}]}])";
  auto articles = ParseJsonLdArticles(json);
  REQUIRE(articles.size() == 2);
  CHECK(articles[0].headline == "Động lực");
  CHECK(articles[0].authors == std::vector<std::string>{"Lan Phương"});
  CHECK(articles[0].url == "https://x.vn/a");
  CHECK(articles[1].headline == "Ghi chép");
  CHECK(articles[1].authors == std::vector<std::string>{"Hải"});
  CHECK(articles[1].keywords == std::vector<std::string>{"a", "b"});
}

TEST_CASE("broken, hostile and oversized blocks are ignored") {
  CHECK(ParseJsonLdArticles("{\"@type\": \"NewsArticle\", ").empty());
  CHECK(ParseJsonLdArticles("not json at all").empty());
  CHECK(ParseJsonLdArticles("").empty());
  std::string deep = "{\"@type\":\"NewsArticle\",\"x\":";
  for (int i = 0; i < 100000; ++i) deep += '[';
  for (int i = 0; i < 100000; ++i) deep += ']';
  deep += '}';
  CHECK(ParseJsonLdArticles(deep).empty());
  JsonLdLimits small;
  small.max_block_bytes = 10;
  CHECK(ParseJsonLdArticles(R"({"@type":"NewsArticle","headline":"x"})", small)
            .empty());
  // Raw newlines inside strings and CDATA wrappers are tolerated.
  auto lenient = ParseJsonLdArticles(
      "//<![CDATA[\n{\"@type\":\"NewsArticle\",\"headline\":\"Dòng một\nDòng hai\"}\n//]]>");
  REQUIRE(lenient.size() == 1);
  CHECK(lenient[0].headline == "Dòng một Dòng hai");
  // Wrong value types do not throw.
  auto odd = ParseJsonLdArticles(
      R"({"@type":"NewsArticle","headline":42,"author":[[["x"]]],"image":{"width":3},"keywords":7,"mainEntityOfPage":true})");
  REQUIRE(odd.size() == 1);
  CHECK(odd[0].headline == "42");
  CHECK(odd[0].authors.empty());
  CHECK(odd[0].images.empty());
}

TEST_CASE("blocks are found in the page, other scripts are not read") {
  Result<HtmlDocument> doc = HtmlDocument::Parse(R"(<html><head>
    <script type="application/ld+json">{"@type":"WebPage"}</script>
    <script type="Application/LD+JSON ">{"@type":"NewsArticle","headline":"Tin một"}</script>
    <script>var x = {"@type":"NewsArticle","headline":"giả"};</script>
    <script type="application/ld+json">{broken</script>
    </head><body><script type="application/ld+json">[{"@type":"Article","headline":"Tin hai"}]</script></body></html>)");
  REQUIRE(doc.ok());
  auto articles = ExtractJsonLdArticles(doc->root());
  REQUIRE(articles.size() == 2);
  CHECK(articles[0].headline == "Tin một");
  CHECK(articles[1].headline == "Tin hai");
}

TEST_CASE("HTML entities are decoded") {
  CHECK(DecodeHtmlEntities("a &amp; b &lt;c&gt; &#39;d&#39; &#x1EA1; &#7841;") ==
        "a & b <c> 'd' ạ ạ");
  CHECK(DecodeHtmlEntities("&unknown; & &#xZZ; &#99999999;") ==
        "&unknown; & &#xZZ; &#99999999;");
  CHECK(DecodeHtmlEntities("&#0;") == "\xEF\xBF\xBD");
  std::string many(100000, '&');
  CHECK(DecodeHtmlEntities(many) == many);
}

}  // namespace
}  // namespace newscrawl
