#include "store/search_query.h"

#include <algorithm>

#include "store/text_tokenizer.h"

namespace newscrawl {
namespace {

void AddDistinct(std::vector<std::string>* list, const std::string& s) {
  if (std::find(list->begin(), list->end(), s) == list->end()) {
    list->push_back(s);
  }
}

}  // namespace

Result<ParsedQuery> ParseQuery(TextTokenizer& tokenizer, std::string_view query,
                               size_t max_terms) {
  ParsedQuery parsed;
  std::vector<std::string> tokens;
  size_t terms = 0;
  bool quoted = false;
  size_t start = 0;
  while (start <= query.size()) {
    size_t quote = query.find('"', start);
    if (quote == std::string_view::npos) quote = query.size();
    tokenizer.Tokenize(query.substr(start, quote - start), &tokens);
    std::vector<std::string> phrase;
    for (const std::string& token : tokens) {
      if (token.empty()) continue;
      if (++terms > max_terms) {
        return Status::InvalidArgument("search: more than " +
                                       std::to_string(max_terms) +
                                       " terms in the query");
      }
      const std::string& folded = tokenizer.Fold(token);
      if (folded != token) parsed.diacritics = true;
      AddDistinct(&parsed.folded, folded);
      AddDistinct(&parsed.exact, token);
      if (quoted) {
        phrase.push_back(folded);
      } else {
        parsed.phrases.push_back({folded});
      }
    }
    if (!phrase.empty()) parsed.phrases.push_back(std::move(phrase));
    quoted = !quoted;
    start = quote + 1;
  }
  if (parsed.folded.empty()) {
    return Status::InvalidArgument("search: the query has no words");
  }
  return parsed;
}

}  // namespace newscrawl
