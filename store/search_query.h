// ParseQuery: a `newscrawl search` query in index terms.  Words outside
// double quotes are separate required terms; "quoted text" is a phrase whose
// terms must appear in order at consecutive positions.  An unbalanced quote
// runs to the end of the query.
#ifndef NEWSCRAWL_STORE_SEARCH_QUERY_H_
#define NEWSCRAWL_STORE_SEARCH_QUERY_H_

#include <string>
#include <string_view>
#include <vector>

#include "config/result.h"

namespace newscrawl {

class TextTokenizer;

struct ParsedQuery {
  // Diacritic-free terms; a lone word is a phrase of one term.
  std::vector<std::vector<std::string>> phrases;
  std::vector<std::string> folded;  // distinct diacritic-free terms
  std::vector<std::string> exact;   // distinct terms as written (case folded)
  bool diacritics = false;          // some term differs from its folded form
};

// InvalidArgument if the query has no terms or more than `max_terms`.
Result<ParsedQuery> ParseQuery(TextTokenizer& tokenizer, std::string_view query,
                               size_t max_terms);

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_SEARCH_QUERY_H_
