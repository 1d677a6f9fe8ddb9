// JSON-LD article metadata: the NewsArticle / Article / BlogPosting /
// ReportageNewsArticle (and other *NewsArticle) objects of a page's
// <script type="application/ld+json"> blocks, top level, in arrays or in
// @graph.  Blocks that are too large, too deeply nested or not JSON are
// skipped; nothing here fails.  Strings come back with HTML entities
// decoded, white space folded and NFC.
//
// Thread safety: pure functions.
#ifndef NEWSCRAWL_EXTRACTOR_JSON_LD_H_
#define NEWSCRAWL_EXTRACTOR_JSON_LD_H_

#include <gumbo.h>

#include <string>
#include <string_view>
#include <vector>

namespace newscrawl {

struct JsonLdArticle {
  std::string type;  // "NewsArticle", ...
  std::string headline;
  std::string date_published;  // as written
  std::string date_modified;
  std::vector<std::string> authors;  // names
  std::string description;
  std::vector<std::string> images;  // URLs
  std::string section;              // articleSection (first)
  std::vector<std::string> keywords;
  std::string url;  // mainEntityOfPage (@id or URL), else url
  std::string language;
  std::string publisher;  // publisher name, to tell authors from the site
};

struct JsonLdLimits {
  std::size_t max_block_bytes = 1024 * 1024;  // larger blocks are skipped
  std::size_t max_total_bytes = 4 * 1024 * 1024;
  int max_depth = 64;  // deeper JSON is skipped
};

// Articles in the JSON-LD blocks under `root`, in document order.
std::vector<JsonLdArticle> ExtractJsonLdArticles(
    const GumboNode* root, const JsonLdLimits& limits = JsonLdLimits());

// Articles in one block's text.
std::vector<JsonLdArticle> ParseJsonLdArticles(
    std::string_view json, const JsonLdLimits& limits = JsonLdLimits());

// Decodes the common HTML character references (&amp; &quot; &#39;
// &#x1EA1; ...) that CMSs leave in JSON-LD and meta values.
std::string DecodeHtmlEntities(std::string_view text);

}  // namespace newscrawl

#endif  // NEWSCRAWL_EXTRACTOR_JSON_LD_H_
