#include "extractor/gumbo_arena.h"

#include <doctest/doctest.h>
#include <gumbo.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace newscrawl {
namespace {

// Tag, attribute and text of every node in document order, one line each:
// two parses of the same page give the same dump only if they built the
// same tree.
std::string Dump(const GumboNode* root) {
  std::string out;
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (node->type == GUMBO_NODE_ELEMENT) {
      const GumboElement& e = node->v.element;
      out.append("<").append(gumbo_normalized_tagname(e.tag));
      for (unsigned i = 0; i < e.attributes.length; ++i) {
        const auto* a = static_cast<const GumboAttribute*>(e.attributes.data[i]);
        out.append(" ").append(a->name).append("=").append(a->value);
      }
      out.append(">\n");
      for (unsigned i = e.children.length; i > 0; --i) {
        stack.push_back(static_cast<const GumboNode*>(e.children.data[i - 1]));
      }
    } else if (node->type != GUMBO_NODE_DOCUMENT) {
      out.append("text:").append(node->v.text.text).append("\n");
    } else {
      const GumboVector& children = node->v.document.children;
      for (unsigned i = children.length; i > 0; --i) {
        stack.push_back(static_cast<const GumboNode*>(children.data[i - 1]));
      }
    }
  }
  return out;
}

std::string Page(int paragraphs, std::size_t big_text) {
  std::string html =
      "<!doctype html><html><head><title>Tin công đoàn</title>"
      "<script>var x = '<p>';</script></head><body><div class=\"main\">";
  for (int i = 0; i < paragraphs; ++i) {
    html.append("<p data-i=\"").append(std::to_string(i)).append(
        "\">Đoàn viên số ");
    html.append(std::to_string(i)).append(" <b>nhận quà</b> Tết<br>");
  }
  html.append("<table><td>ô bảng không có tr");  // parser repairs
  html.append("<pre>").append(big_text, 'x').append("</pre>");
  html.append("</div><ul><li>Tin khác<li>Nên xem</ul></body></html>");
  return html;
}

TEST_CASE("a parse in an arena builds the tree malloc's parse builds") {
  for (const std::size_t big : {std::size_t{0}, std::size_t{100000}}) {
    const std::string html = Page(2000, big);
    GumboOutput* plain = gumbo_parse_with_options(&kGumboDefaultOptions,
                                                  html.data(), html.size());
    const std::string expected = Dump(plain->document);
    gumbo_destroy_output(&kGumboDefaultOptions, plain);

    GumboArena arena;
    const GumboOptions options = arena.Options(kGumboDefaultOptions);
    GumboOutput* out =
        gumbo_parse_with_options(&options, html.data(), html.size());
    CHECK(Dump(out->document) == expected);
    CHECK(expected.find("Đoàn viên số 1999") != std::string::npos);
    // The page's text, and with it the arena, is some hundreds of KB.
    CHECK(arena.reserved_bytes() >= html.size());
    CHECK(arena.reserved_bytes() < 40 * html.size());
  }
}

TEST_CASE("an arena hands out aligned, distinct blocks of any size") {
  GumboArena arena;
  std::vector<char*> blocks;
  const std::vector<std::size_t> sizes{0, 1, 7, 24, 100, 16 << 10, 20 << 10,
                                       3, 200 << 10, 5};
  for (std::size_t size : sizes) {
    auto* p = static_cast<char*>(GumboArena::Allocate(&arena, size));
    REQUIRE(p != nullptr);
    CHECK(reinterpret_cast<std::uintptr_t>(p) % alignof(std::max_align_t) ==
          0);
    std::fill(p, p + size, static_cast<char>(blocks.size()));
    blocks.push_back(p);
  }
  GumboArena::Deallocate(&arena, blocks[2]);  // a no-op until the arena goes
  // No block overwrote another.
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    CHECK(std::count(blocks[i], blocks[i] + sizes[i], static_cast<char>(i)) ==
          static_cast<std::ptrdiff_t>(sizes[i]));
  }
  CHECK(arena.reserved_bytes() >= (200 << 10) + (20 << 10));
}

}  // namespace
}  // namespace newscrawl
