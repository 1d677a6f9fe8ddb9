// Article: what the extractor keeps of a news page.  `body` is the lead
// followed by the paragraphs, one block per paragraph, blocks separated by a
// blank line ("\n\n"); titles, captions, bylines and clutter are not body.
// All text is UTF-8, NFC.  Times are ISO 8601 with an offset
// ("2025-10-22T19:25:00+07:00"), "" when unknown.
#ifndef NEWSCRAWL_EXTRACTOR_ARTICLE_H_
#define NEWSCRAWL_EXTRACTOR_ARTICLE_H_

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "config/result.h"

namespace newscrawl {

struct ArticleImage {
  std::string url;
  std::string caption;

  bool operator==(const ArticleImage&) const = default;
};

struct Article {
  std::string url;            // where the page was fetched
  std::string canonical_url;  // rel=canonical / og:url, absolute
  std::string title;
  std::string published;      // ISO 8601
  std::string modified;       // ISO 8601
  std::string author;
  std::string lead;           // sapo, without "(LĐTĐ)"-style prefixes
  std::string body;           // lead + paragraphs, "\n\n"-separated
  std::vector<ArticleImage> images;
  std::vector<std::string> tags;
  std::string section;
  std::string language;       // BCP 47 ("vi", "en"), "" when unknown

  bool operator==(const Article&) const = default;
};

// JSON with the fields url, title, published, modified, author, lead, body,
// images [{url, caption}], tags, section, language, canonical_url.  Unknown
// times and strings are null in JSON.
nlohmann::json ArticleToJson(const Article& article);

// The inverse of ArticleToJson.  InvalidArgument if `json` is not an object
// or a field has the wrong type; missing fields stay empty.
Result<Article> ArticleFromJson(const nlohmann::json& json);

}  // namespace newscrawl

#endif  // NEWSCRAWL_EXTRACTOR_ARTICLE_H_
