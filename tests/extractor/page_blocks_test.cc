#include "extractor/page_blocks.h"

#include <doctest/doctest.h>

#include <string>

#include "extractor/html_document.h"

namespace newscrawl {
namespace {

HtmlDocument Parse(std::string html) {
  auto doc = HtmlDocument::Parse(std::move(html));
  REQUIRE(doc.ok());
  return std::move(doc).value();
}

const PageBlock* FindBlock(const PageBlocks& page, std::string_view suffix) {
  for (const PageBlock& b : page.blocks()) {
    const std::string& sig = page.signature(b);
    if (sig.size() >= suffix.size() &&
        sig.compare(sig.size() - suffix.size(), suffix.size(), suffix) == 0) {
      return &b;
    }
  }
  return nullptr;
}

TEST_CASE("signatures drop digits and sort classes") {
  HtmlDocument doc = Parse(
      "<html><body><div id='post-8841' class='zeta item-12 alpha'>"
      "<p class='x'>Đoạn văn thứ nhất của bài.</p></div></body></html>");
  PageBlocks page = PageBlocks::Compute(doc.root());
  const PageBlock* p = FindBlock(page, "p.x");
  REQUIRE(p != nullptr);
  CHECK(page.signature(*p) ==
        "html>body>div#post-*.alpha.item-*.zeta>p.x");
  CHECK(p->own_text == "Đoạn văn thứ nhất của bài.");
  CHECK(p->own_chars == 21);  // spaces are not counted
  CHECK(SignatureToSelector(page.signature(*p)) ==
        "html > body > div[id*=post-].alpha[class*=item-].zeta > p.x");
  CHECK(SignatureSuffix(page.signature(*p), 2) ==
        "div#post-*.alpha.item-*.zeta>p.x");
  CHECK(SignatureSuffix("a>b", 5) == "a>b");
}

TEST_CASE("a block owns the text outside its nested blocks and counts links") {
  HtmlDocument doc = Parse(
      "<body><div class='box'>Tin   khác <a href='/a'>Bài một</a>"
      "<p>Nội dung <b>đậm</b></p><script>var x = 'không';</script></div>"
      "</body>");
  PageBlocks page = PageBlocks::Compute(doc.root());
  const PageBlock* box = FindBlock(page, "div.box");
  const PageBlock* p = FindBlock(page, "div.box>p");
  REQUIRE(box != nullptr);
  REQUIRE(p != nullptr);
  CHECK(box->own_text == "Tin khác Bài một");
  CHECK(box->own_link_chars == 6);
  CHECK(p->own_text == "Nội dung đậm");
  CHECK(p->parent == static_cast<std::int32_t>(box - page.blocks().data()));
}

TEST_CASE("hostile nesting is walked without recursion and bounded") {
  std::string html = "<body>";
  for (int i = 0; i < 3000; ++i) html += "<div>";
  html += "sâu";
  PageBlocks page = PageBlocks::Compute(Parse(html).root());
  CHECK(page.signatures().size() <= PageBlocks::kMaxDepth);
  std::size_t text = 0;
  for (const PageBlock& b : page.blocks()) text += b.own_chars;
  CHECK(text == 3);
}

}  // namespace
}  // namespace newscrawl
