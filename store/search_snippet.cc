#include "store/search_snippet.h"

#include <algorithm>

#include "extractor/unicode_text.h"
#include "store/text_tokenizer.h"

namespace newscrawl {

std::string MakeSnippet(TextTokenizer& tokenizer, std::string_view text,
                        const std::vector<std::string>& terms,
                        const SnippetOptions& options) {
  std::string nfc;
  std::vector<TokenSpan> spans;
  tokenizer.TokenizeWithOffsets(text, &nfc, &spans);
  if (spans.empty()) return FoldWhitespace(nfc.substr(0, 200));
  std::vector<bool> hit(spans.size());
  for (size_t i = 0; i < spans.size(); ++i) {
    hit[i] = std::find(terms.begin(), terms.end(),
                       tokenizer.Fold(spans[i].text)) != terms.end();
  }
  // The window [best, best + width) with the most matches (sliding count).
  const size_t width = std::max<size_t>(1, std::min(options.window_tokens,
                                                    spans.size()));
  size_t count = 0, best = 0, best_count = 0;
  for (size_t i = 0; i < spans.size(); ++i) {
    count += hit[i];
    if (i >= width) count -= hit[i - width];
    if (i + 1 >= width && count > best_count) {
      best_count = count;
      best = i + 1 - width;
    }
  }
  // Start a little before the first match so it has some context.
  if (best_count > 0) {
    size_t first = best;
    while (!hit[first]) ++first;
    best = first > 3 ? std::min(best, first - 3) : 0;
    best = std::min(best, spans.size() - width);
  }
  const size_t end = best + width;
  std::string out;
  if (best > 0) out += "… ";
  size_t cursor = spans[best].begin;
  for (size_t i = best; i < end; ++i) {
    out.append(nfc, cursor, spans[i].begin - cursor);
    if (hit[i]) out += options.open;
    out.append(nfc, spans[i].begin, spans[i].end - spans[i].begin);
    if (hit[i]) out += options.close;
    cursor = spans[i].end;
  }
  if (end < spans.size()) {
    out += " …";
  } else {
    out.append(nfc, cursor, std::string::npos);
  }
  return FoldWhitespace(out);
}

}  // namespace newscrawl
