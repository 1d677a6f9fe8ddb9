// MakeSnippet: a short passage of an article around the words a query
// matched, with each matched word wrapped in markers ("[[cong]] doan" or
// ANSI bold on a terminal).
#ifndef NEWSCRAWL_STORE_SEARCH_SNIPPET_H_
#define NEWSCRAWL_STORE_SEARCH_SNIPPET_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace newscrawl {

class TextTokenizer;

struct SnippetOptions {
  size_t window_tokens = 30;  // length of the passage in words
  std::string open = "[[";
  std::string close = "]]";
};

// The window of `text` with the most tokens whose diacritic-free form is in
// `terms` (SearchResult::terms), the matches marked, "…" where text was cut.
// Without any match: the start of the text.  White space is folded.
std::string MakeSnippet(TextTokenizer& tokenizer, std::string_view text,
                        const std::vector<std::string>& terms,
                        const SnippetOptions& options);

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_SEARCH_SNIPPET_H_
