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

// The offset of the "</" that ends the text of a script element at or after
// `from`, as the tokenizer's script data states find it: after "<!--" a
// "<script" starts a part where "</script>" does not end the element, only
// the part, until "-->".  npos when the script runs to the end of `html`.
inline std::size_t FindScriptEnd(std::string_view html, std::size_t from) {
  constexpr std::string_view kScript = "script";
  // "<" or "</" + "script" + white space, '/' or '>' at `k`.
  const auto script_tag = [&](std::size_t k, bool end) {
    const std::size_t name = k + (end ? 2 : 1);
    if (name + kScript.size() >= html.size()) return false;
    if (end && html[k + 1] != '/') return false;
    for (std::size_t i = 0; i < kScript.size(); ++i) {
      if (AsciiLower(html[name + i]) != kScript[i]) return false;
    }
    const char next = html[name + kScript.size()];
    return IsHtmlSpace(next) || next == '/' || next == '>';
  };
  enum { kData, kEscaped, kDoubleEscaped } state = kData;
  for (std::size_t k = from;;) {
    k = html.find_first_of(state == kData ? "<" : "<-", k);
    if (k == std::string_view::npos) return k;
    if (html[k] == '-') {  // escaped states only
      if (html.compare(k, 3, "-->") == 0) state = kData;
      ++k;
      continue;
    }
    if (state != kDoubleEscaped && script_tag(k, true)) return k;
    if (state == kData && html.compare(k, 4, "<!--") == 0) {
      state = kEscaped;
      k += 2;  // its "--" may be the start of "-->"
    } else if (state == kEscaped && script_tag(k, false)) {
      state = kDoubleEscaped;
      k += 1 + kScript.size();
    } else if (state == kDoubleEscaped && script_tag(k, true)) {
      state = kEscaped;
      k += 2 + kScript.size();
    } else {
      ++k;
    }
  }
}

}  // namespace newscrawl

#endif  // NEWSCRAWL_EXTRACTOR_RAW_TEXT_END_H_
