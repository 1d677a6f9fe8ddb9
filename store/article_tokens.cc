#include "store/article_tokens.h"

#include <memory>

#include "store/text_tokenizer.h"

namespace newscrawl {

Status TokenizeArticle(std::string_view title, std::string_view body,
                       ArticleTokens* tokens) {
  // The same settings as the index's own tokenizer (SearchIndex).
  thread_local std::unique_ptr<TextTokenizer> tokenizer;
  tokens->ready = false;
  if (tokenizer == nullptr) {
    NEWSCRAWL_ASSIGN_OR_RETURN(tokenizer, TextTokenizer::Create());
  }
  tokenizer->Tokenize(title, &tokens->title);
  tokenizer->Tokenize(body, &tokens->body);
  tokens->ready = true;
  return Status::Ok();
}

}  // namespace newscrawl
