#include "extractor/html_document.h"

#include <doctest/doctest.h>

#include <cstdint>
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

// The tag names of the element tree in document order, and the text of
// every text node outside script and style: what a script-text drop must
// leave as it was.
std::string Shape(const GumboNode* root) {
  std::string out;
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    const GumboVector* children = ElementChildren(node);
    if (children == nullptr) {
      const GumboNode* parent = node->parent;
      const bool raw = parent != nullptr && parent->type == GUMBO_NODE_ELEMENT &&
                       (parent->v.element.tag == GUMBO_TAG_SCRIPT ||
                        parent->v.element.tag == GUMBO_TAG_STYLE);
      if (node->type != GUMBO_NODE_ELEMENT && !raw) {
        out.append("'").append(node->v.text.text).append("'");
      }
      continue;
    }
    out.append("<").append(TagName(node)).append(">");
    for (unsigned int i = children->length; i > 0; --i) {
      stack.push_back(static_cast<const GumboNode*>(children->data[i - 1]));
    }
  }
  return out;
}

TEST_CASE("script and style text is dropped before the parse, nothing else") {
  const std::string page =
      "<!doctype html><html><head><title>Tin &lt;script&gt;</title>"
      "<style>p > b { color: red }</style>"
      "<script type=\"application/ld+json\">{\"headline\": \"Đoàn viên\"}"
      "</script>"
      "<script>var s = '<p>không phải văn bản</p>'; if (a<b) {}</script>"
      "<SCRIPT src=x.js></SCRIPT>"
      "</head><body>"
      "<!-- <script> chú thích --><p>Đoạn một</p><script>y()</script>"
      "<!--><script>z()</script><p>Đoạn hai</p>"
      "<script>document.write('<!--<script>w()</script>-->')</script>"
      "<p title=\"<script>\">Đoạn ba</p>"
      "<svg><style>.a{}</style><text>hình</text></svg>"
      "<textarea><script>t()</script></textarea>"
      "<p>Đoạn bốn</p><script>var tail = 1;</scripts></script>"
      "<p>Cuối</p></body></html>";
  Result<HtmlDocument> dropped = HtmlDocument::Parse(page);
  HtmlDocument::Limits keep_limits;
  keep_limits.empty_scripts = false;
  Result<HtmlDocument> kept = HtmlDocument::Parse(page, {}, keep_limits);
  REQUIRE(dropped.ok());
  REQUIRE(kept.ok());
  CHECK(Shape(dropped->root()) == Shape(kept->root()));
  CHECK(NodeText(dropped->root()) == NodeText(kept->root()));
  for (const std::string text : {"Đoạn một", "Đoạn hai", "Đoạn ba",
                                 "Đoạn bốn", "Cuối", "t()"}) {
    CAPTURE(text);
    CHECK(NodeText(dropped->root()).find(text) != std::string::npos);
  }
  // Gone from what was parsed: plain script and style text.
  const std::string& parsed = dropped->html();
  CHECK(parsed.find("không phải") == std::string::npos);
  CHECK(parsed.find("color: red") == std::string::npos);
  CHECK(parsed.find("y()") == std::string::npos);
  CHECK(parsed.find("var tail") == std::string::npos);
  // Also a script whose "<!--<script>" hides a "</script>" (FindScriptEnd).
  CHECK(parsed.find("w()") == std::string::npos);
  // Kept: JSON-LD, everything in a comment, an attribute, a textarea, and
  // svg's style.
  CHECK(parsed.find("\"headline\": \"Đoàn viên\"") != std::string::npos);
  CHECK(parsed.find("<!-- <script> chú thích -->") != std::string::npos);
  CHECK(parsed.find("<style>.a{}</style><text>hình</text>") !=
        std::string::npos);
  CHECK(kept->html().find("không phải") != std::string::npos);
}

// Pages cut from the pieces that decide where a script ends (comments,
// quotes, raw-text elements, foreign content, JSON-LD, near-miss end
// tags), in random order: dropping script text must never change what the
// tree holds outside scripts and styles.
TEST_CASE("dropping script text leaves the tree as it was, on random pages") {
  const std::vector<std::string> pieces = {
      "<script>", "</script>", "<style>", "</style>", "<!--", "-->", "<!-->",
      "--!>", "<p>", "</p>", "<div title=\"", "\"", "'", ">", "<textarea>",
      "</textarea>", "<svg>", "</svg>", "<math>", "<title>", "</title>",
      " chữ ", "<script type=\"application/ld+json\">", "<SCRIPT >",
      "</script ", "</scripts>", "<plaintext>", "<noscript>", "</noscript>",
      "<template>", "<b>", "<![CDATA[", "]]>", "<?x ", "<iframe>",
      "</iframe>", "<xmp>", "</XMP>", "<a href=x title=it's>", "<", "/",
      "a<b", "<table>", "<td>", "<select>", "<option>"};
  std::uint64_t seed = 12345;
  auto next = [&seed]() {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>(seed >> 33);
  };
  HtmlDocument::Limits keep_limits;
  keep_limits.empty_scripts = false;
  int changed = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string page;
    const std::size_t count = 5 + next() % 40;
    for (std::size_t k = 0; k < count; ++k) {
      page.append(pieces[next() % pieces.size()]);
    }
    Result<HtmlDocument> dropped = HtmlDocument::Parse(page);
    Result<HtmlDocument> kept = HtmlDocument::Parse(page, {}, keep_limits);
    REQUIRE(dropped.ok());
    REQUIRE(kept.ok());
    CAPTURE(page);
    REQUIRE(Shape(dropped->root()) == Shape(kept->root()));
    changed += dropped->html() != kept->html() ? 1 : 0;
  }
  CHECK(changed > 1000);  // the pages did have script text to drop
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
