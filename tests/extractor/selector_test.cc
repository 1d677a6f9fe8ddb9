#include "extractor/selector.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "extractor/html_document.h"

namespace newscrawl {
namespace {

const char kPage[] = R"(<html><body>
<div id="main" class="container  detail">
  <h1 class="title-page detail">Tiêu đề bài</h1>
  <h2 class="singular-sapo">Sapo ngắn</h2>
  <article class="fck_detail ">
    <p class="Normal">Đoạn một</p>
    <p class="Normal" style="text-align:right;">Tác giả</p>
    <figure class="image"><img src="/a.jpg" data-src="https://cdn.example.vn/a.jpg"><figcaption>Chú thích</figcaption></figure>
    <div class="box"><p>Đoạn trong hộp</p></div>
  </article>
  <my-widget data-kind="related">Tin khác</my-widget>
</div>
<div class="sidebar"><p class="Normal">Bên lề</p></div>
</body></html>)";

std::vector<std::string> Texts(const std::vector<const GumboNode*>& nodes) {
  std::vector<std::string> out;
  for (const GumboNode* n : nodes) out.push_back(NodeText(n));
  return out;
}

std::vector<std::string> Select(const HtmlDocument& doc, const char* text) {
  Result<Selector> s = Selector::Parse(text);
  REQUIRE_MESSAGE(s.ok(), s.status().ToString());
  return Texts(s->SelectAll(doc.root()));
}

using Strings = std::vector<std::string>;

TEST_CASE("simple selectors, compounds and attribute operators") {
  Result<HtmlDocument> r = HtmlDocument::Parse(kPage);
  REQUIRE(r.ok());
  const HtmlDocument& doc = *r;
  CHECK(Select(doc, "h1") == Strings{"Tiêu đề bài"});
  CHECK(Select(doc, ".singular-sapo") == Strings{"Sapo ngắn"});
  CHECK(Select(doc, "h1.title-page.detail") == Strings{"Tiêu đề bài"});
  CHECK(Select(doc, "h1.title-page.missing").empty());
  CHECK(Select(doc, "article.fck_detail > p.Normal") ==
        Strings{"Đoạn một", "Tác giả"});
  CHECK(Select(doc, "p.Normal[style=\"text-align:right;\"]") ==
        Strings{"Tác giả"});
  CHECK(Select(doc, "[style*=right]") == Strings{"Tác giả"});
  CHECK(Select(doc, "img[data-src^='https://cdn.']").size() == 1);
  CHECK(Select(doc, "img[src$=\".jpg\"]").size() == 1);
  CHECK(Select(doc, "img[src$=\".png\"]").empty());
  CHECK(Select(doc, "[data-src]").size() == 1);
  CHECK(Select(doc, "div[class~=detail]").size() == 1);
  CHECK(Select(doc, "#main > h2") == Strings{"Sapo ngắn"});
  CHECK(Select(doc, "div#main.container") .size() == 1);
  CHECK(Select(doc, "my-widget[data-kind=related]") == Strings{"Tin khác"});
  CHECK(Select(doc, "MY-WIDGET") == Strings{"Tin khác"});
}

TEST_CASE("class matching is on whole tokens") {
  Result<HtmlDocument> r = HtmlDocument::Parse(kPage);
  REQUIRE(r.ok());
  CHECK(Select(*r, ".fck_detail").size() == 1);  // class="fck_detail "
  CHECK(Select(*r, ".fck").empty());
  CHECK(Select(*r, ".detai").empty());
  CHECK(Select(*r, ".Normal").size() == 3);
  CHECK(Select(*r, ".normal").empty());  // case-sensitive, as in browsers
}

TEST_CASE("descendant and child combinators, lists in document order") {
  Result<HtmlDocument> r = HtmlDocument::Parse(kPage);
  REQUIRE(r.ok());
  CHECK(Select(*r, "#main p") ==
        Strings{"Đoạn một", "Tác giả", "Đoạn trong hộp"});
  CHECK(Select(*r, "#main > p").empty());
  CHECK(Select(*r, "body > div > article p") ==
        Strings{"Đoạn một", "Tác giả", "Đoạn trong hộp"});
  CHECK(Select(*r, "div article > div > p") == Strings{"Đoạn trong hộp"});
  CHECK(Select(*r, "div div p") == Strings{"Đoạn trong hộp"});
  // Backtracking: the nearest div ancestor is not a child of body, a
  // farther one is.
  CHECK(Select(*r, "body > div p") ==
        Strings{"Đoạn một", "Tác giả", "Đoạn trong hộp", "Bên lề"});
  CHECK(Select(*r, "figcaption, h2 , h1") ==
        Strings{"Tiêu đề bài", "Sapo ngắn", "Chú thích"});
  CHECK(Select(*r, "*").size() > 10);
}

TEST_CASE("SelectFirst and Matches") {
  Result<HtmlDocument> r = HtmlDocument::Parse(kPage);
  REQUIRE(r.ok());
  Result<Selector> s = Selector::Parse("p.Normal");
  REQUIRE(s.ok());
  const GumboNode* first = s->SelectFirst(r->root());
  REQUIRE(first != nullptr);
  CHECK(NodeText(first) == "Đoạn một");
  CHECK(s->Matches(first));
  CHECK_FALSE(s->Matches(ParentElement(first)));
  CHECK_FALSE(s->Matches(nullptr));
  CHECK(s->text() == "p.Normal");
  Result<Selector> none = Selector::Parse("table");
  REQUIRE(none.ok());
  CHECK(none->SelectFirst(r->root()) == nullptr);
}

TEST_CASE("parse errors name the column and what was expected") {
  auto error = [](const char* text) {
    Result<Selector> s = Selector::Parse(text);
    REQUIRE_FALSE(s.ok());
    CHECK(s.status().IsInvalidArgument());
    return s.status().ToString();
  };
  CHECK(error("div..a").find("column 5: expected a class name after '.'") !=
        std::string::npos);
  CHECK(error("").find("expected a selector") != std::string::npos);
  CHECK(error("a,").find("expected a selector after ','") != std::string::npos);
  CHECK(error("div >").find("column 6: expected a selector after '>'") !=
        std::string::npos);
  CHECK(error("p:first-child").find("pseudo-classes") != std::string::npos);
  CHECK(error("h1 + p").find("sibling") != std::string::npos);
  CHECK(error("[a=\"b").find("unterminated") != std::string::npos);
  CHECK(error("[a|=b]").find("expected ']', '='") != std::string::npos);
  CHECK(error("[=b]").find("expected an attribute name") != std::string::npos);
  CHECK(error("#").find("expected an id") != std::string::npos);
  CHECK(error("div!").find("column 4") != std::string::npos);
  CHECK(error(std::string(3000, 'a').c_str()).find("longer than") !=
        std::string::npos);
}

TEST_CASE("matching stays fast on deep trees with many descendant steps") {
  std::string page;
  for (int i = 0; i < 500; ++i) page += "<div class=a>";
  page += "<p>x</p>";
  Result<HtmlDocument> r = HtmlDocument::Parse(page);
  REQUIRE(r.ok());
  Result<Selector> s = Selector::Parse("div.a div.a div.a div.a span p, p");
  REQUIRE(s.ok());
  CHECK(s->SelectAll(r->root()).size() == 1);
  Result<Selector> never = Selector::Parse("div.b div.a div.a div.a div.a");
  REQUIRE(never.ok());
  CHECK(never->SelectAll(r->root()).empty());
}

}  // namespace
}  // namespace newscrawl
