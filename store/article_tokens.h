// ArticleTokens: an article's title and body as the search index's tokens
// (TextTokenizer), made before the write transaction on the thread that
// prepares the write (Store::PrepareIndexTokens on an extraction worker),
// so that the store's single writer does not tokenize.
// SearchIndexWriter::Put takes them through IndexedArticle::tokens and
// indexes exactly what it would have tokenized itself.
#ifndef NEWSCRAWL_STORE_ARTICLE_TOKENS_H_
#define NEWSCRAWL_STORE_ARTICLE_TOKENS_H_

#include <string>
#include <string_view>
#include <vector>

#include "config/status.h"

namespace newscrawl {

struct ArticleTokens {
  bool ready = false;  // set by TokenizeArticle
  std::vector<std::string> title;
  std::vector<std::string> body;
};

// Replaces *tokens with the tokens of `title` and `body`, using a
// tokenizer of the calling thread's own.  Thread-safe.  Internal only if
// ICU's word break rules cannot be loaded.
Status TokenizeArticle(std::string_view title, std::string_view body,
                       ArticleTokens* tokens);

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_ARTICLE_TOKENS_H_
