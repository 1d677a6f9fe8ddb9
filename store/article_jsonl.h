// The JSONL dump format: one stored article per line, the extractor's JSON
// (extractor/article.h ArticleToJson) plus the store's fields:
//
//   id            32 hex digits (the ArticleKey)
//   urls          every URL the article was seen at, first first
//   site          the config site name
//   first_seen    ISO 8601 UTC ("2025-10-22T01:00:00Z"), null if unknown
//   last_seen     idem
//   duplicate_of  id of the article this one nearly duplicates, or null
//
// Invalid UTF-8 in stored text is replaced (U+FFFD), never an error.
#ifndef NEWSCRAWL_STORE_ARTICLE_JSONL_H_
#define NEWSCRAWL_STORE_ARTICLE_JSONL_H_

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "store/store_records.h"

namespace newscrawl {

nlohmann::json ArticleDumpJson(const ArticleRecord& record);

// Appends the record's JSON and a newline to *out.
void AppendArticleJsonLine(const ArticleRecord& record, std::string* out);

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_ARTICLE_JSONL_H_
