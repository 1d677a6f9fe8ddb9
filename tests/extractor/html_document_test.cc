#include "extractor/html_document.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace newscrawl {
namespace {

TEST_CASE("a page parses into a tree that outlives a move") {
  Result<HtmlDocument> r = HtmlDocument::Parse(
      "<html><head><title>Tin</title></head><body><p>Xin chào</p></body></html>");
  REQUIRE(r.ok());
  HtmlDocument doc = std::move(*r);
  const GumboNode* root = doc.root();
  REQUIRE(root != nullptr);
  CHECK(root->type == GUMBO_NODE_ELEMENT);
  CHECK(root->v.element.tag == GUMBO_TAG_HTML);
  CHECK(doc.html().find("Xin chào") != std::string::npos);
}

TEST_CASE("pages over the size limit are refused, not parsed") {
  HtmlDocument::Limits limits;
  limits.max_bytes = 100;
  Result<HtmlDocument> r = HtmlDocument::Parse(std::string(101, 'a'), {}, limits);
  CHECK(r.status().IsTooLarge());
}

TEST_CASE("empty and binary input still give a document") {
  CHECK(HtmlDocument::Parse("").ok());
  std::string binary;
  for (int i = 0; i < 4096; ++i) binary += static_cast<char>(i * 7);
  CHECK(HtmlDocument::Parse(binary).ok());
}


// Depth of the element tree, measured iteratively.
int TreeDepth(const GumboNode* root) {
  int max_depth = 0;
  std::vector<std::pair<const GumboNode*, int>> stack = {{root, 1}};
  while (!stack.empty()) {
    auto [node, depth] = stack.back();
    stack.pop_back();
    if (depth > max_depth) max_depth = depth;
    const GumboVector* children = ElementChildren(node);
    if (children == nullptr) continue;
    for (unsigned int i = 0; i < children->length; ++i) {
      stack.emplace_back(static_cast<const GumboNode*>(children->data[i]),
                         depth + 1);
    }
  }
  return max_depth;
}

TEST_CASE("100 000 nested tags are cut to the depth limit, text kept") {
  std::string page = "<html><body>";
  for (int i = 0; i < 100000; ++i) page += "<div class=\"x\">";
  page += "<p>Đáy sâu</p>";
  for (int i = 0; i < 100000; ++i) page += "</div>";
  page += "<p>Cuối trang</p></body></html>";
  Result<HtmlDocument> r = HtmlDocument::Parse(page);
  REQUIRE(r.ok());
  CHECK(r->dropped_deep_tags() >= 99000);
  CHECK(TreeDepth(r->root()) < 530);
  const std::string text = NodeText(r->root());
  CHECK(text.find("Đáy sâu") != std::string::npos);
  CHECK(text.find("Cuối trang") != std::string::npos);

  // Unclosed inline tags and unclosed <div/> are nested too.
  std::string spans;
  for (int i = 0; i < 100000; ++i) spans += (i % 2 ? "<span>" : "<div/>");
  Result<HtmlDocument> s = HtmlDocument::Parse(spans + "chữ");
  REQUIRE(s.ok());
  CHECK(TreeDepth(s->root()) < 530);
  CHECK(NodeText(s->root()) == "chữ");
}

TEST_CASE("ordinary pages lose no tags to the depth limit") {
  std::string page = "<html><body><ul>";
  for (int i = 0; i < 2000; ++i) page += "<li><p>mục <b>đậm</b><br><img src=a.jpg>";
  page += "</ul><table>";
  for (int i = 0; i < 1000; ++i) page += "<tr><td>ô<td>ô";
  page += "</table><script>if (a<b && c>d) { x = '<div>'; }</script>";
  for (int i = 0; i < 1000; ++i) page += "<p>đoạn <i>nghiêng";
  page += "</body></html>";
  Result<HtmlDocument> r = HtmlDocument::Parse(page);
  REQUIRE(r.ok());
  CHECK(r->dropped_deep_tags() == 0);
}

TEST_CASE("a huge attribute and broken entities are harmless") {
  std::string page = "<p title=\"" + std::string(8 * 1024 * 1024, 'x') +
                     "\">Nội &amp dung &#xFFFFFFFF; &bogus; &lt</p>";
  Result<HtmlDocument> r = HtmlDocument::Parse(page);
  REQUIRE(r.ok());
  const GumboNode* p = FindFirstElement(r->root(), GUMBO_TAG_P);
  CHECK(Attribute(p, "title").size() == 8u * 1024 * 1024);
  CHECK(NodeText(p).rfind("Nội & dung", 0) == 0);
}

TEST_CASE("NodeText separates blocks, folds white space and is NFC") {
  Result<HtmlDocument> r = HtmlDocument::Parse(
      "<div id=a><p>Một</p><p>hai<br>ba</p>  <span>b</span><span>c</span>"
      "<script>var x = 1;</script><style>p{}</style>"
      "<p>Vie\xCC\x82\xCC\xA3t\xC2\xA0Nam</p></div>");
  REQUIRE(r.ok());
  const GumboNode* div = FindFirstElement(r->root(), GUMBO_TAG_DIV);
  CHECK(NodeText(div) == "Một hai ba bc Việt Nam");
  CHECK(NodeText(nullptr).empty());
  CHECK(Attribute(div, "id") == "a");
  CHECK(HasAttribute(div, "id"));
  CHECK_FALSE(HasAttribute(div, "class"));
  CHECK(TagName(div) == "div");
  CHECK(ParentElement(div) != nullptr);
  CHECK(TagName(ParentElement(div)) == "body");
}

TEST_CASE("unknown tags keep their lower-case name") {
  Result<HtmlDocument> r = HtmlDocument::Parse("<My-Widget>x</My-Widget>");
  REQUIRE(r.ok());
  std::string name;
  ForEachElement(r->root(), [&](const GumboNode* n) {
    if (n->type == GUMBO_NODE_ELEMENT && n->v.element.tag == GUMBO_TAG_UNKNOWN)
      name = TagName(n);
    return true;
  });
  CHECK(name == "my-widget");
}

TEST_CASE("a page that grows past the limit when decoded is refused") {
  HtmlDocument::Limits limits;
  limits.max_bytes = 1000;
  // 900 bytes of windows-1252 letters become 1800 bytes of UTF-8.
  Result<HtmlDocument> r = HtmlDocument::Parse(
      std::string(900, '\xE9'), "text/html; charset=windows-1252", limits);
  CHECK(r.status().IsTooLarge());
}

}  // namespace
}  // namespace newscrawl
