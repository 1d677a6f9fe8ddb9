// The end of a raw-text element's content (script, style, title, textarea,
// ...), found as the HTML tokenizer finds it, without a parse.  Shared by
// the pre-parse nesting limit (extractor/html_document.cc) and the
// tree-less link scanner (crawler/link_scanner.cc).
#ifndef NEWSCRAWL_EXTRACTOR_RAW_TEXT_END_H_
#define NEWSCRAWL_EXTRACTOR_RAW_TEXT_END_H_

#include <cstddef>
#include <string_view>

#include "config/ascii.h"

namespace newscrawl {

// The offset of the "</" that ends the raw text of element `name` (any
// ASCII case) at or after `from`: the first "</" + `name` followed by white
// space, '/' or '>' (the tokenizer's "appropriate end tag"; "</scripts" does
// not end a script).  npos when the text runs to the end of `html`.
inline std::size_t FindRawTextEnd(std::string_view html, std::size_t from,
                                  std::string_view name) {
  for (std::size_t k = from;;) {
    const std::size_t close = html.find("</", k);
    if (close == std::string_view::npos) return close;
    const std::size_t after = close + 2 + name.size();
    if (after < html.size()) {
      bool same = true;
      for (std::size_t i = 0; i < name.size() && same; ++i) {
        same = AsciiLower(html[close + 2 + i]) == AsciiLower(name[i]);
      }
      const char next = html[after];
      if (same && (IsHtmlSpace(next) || next == '/' || next == '>')) return close;
    }
    k = close + 2;
  }
}

}  // namespace newscrawl

#endif  // NEWSCRAWL_EXTRACTOR_RAW_TEXT_END_H_
