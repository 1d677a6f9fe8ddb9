// LinkScanner: the links of an HTML page read by a tokenizer alone, with no
// tree: for listing pages, whose links are all the crawl needs from them,
// at a fraction of the cost of a full parse (HtmlDocument::Parse).
//
// The page is decoded exactly as HtmlDocument::Parse decodes it
// (extractor/charset_decoder.h) and tokenized as HTML5 says (start and end
// tags with quoted and unquoted attributes, character references, comments,
// bogus comments, raw text and RCDATA elements); the start tags of <a>,
// <area>, <link>, <base> and <meta> go through the same RawPageLinks::Add
// and LinkExtractor::Resolve as the tree walk of LinkExtractor, so the
// result is the one LinkExtractor gives on the parsed page.
//
// Where tree construction could make the two differ (foster parenting in
// tables, tags ignored in <select>, foreign content in <svg>/<math>,
// framesets, nesting deeper than HtmlLimits::max_depth) or the tokenizer
// meets what it does not read itself (named character references beyond
// the common ones, escaped script data, NUL bytes, odd comment ends), Scan()
// gives up and returns nullopt: the caller parses the page instead.
//
// Thread safety: Scan() is const and keeps no state.
#ifndef NEWSCRAWL_CRAWLER_LINK_SCANNER_H_
#define NEWSCRAWL_CRAWLER_LINK_SCANNER_H_

#include <optional>
#include <string_view>

#include "crawler/link_extractor.h"
#include "crawler/url.h"
#include "extractor/html_document.h"

namespace newscrawl {

class LinkScanner {
 public:
  explicit LinkScanner(LinkExtractorOptions options = {},
                       HtmlLimits limits = HtmlLimits())
      : extractor_(options), limits_(limits) {}

  // The links of the page `bytes` (Content-Type `content_type`) at
  // `page_url`, or nullopt when the page needs a full parse.
  std::optional<PageLinks> Scan(std::string_view bytes,
                                std::string_view content_type,
                                const Url& page_url) const;

  // The same for text already decoded to UTF-8.
  std::optional<PageLinks> ScanUtf8(std::string_view html,
                                    const Url& page_url) const;

 private:
  LinkExtractor extractor_;
  HtmlLimits limits_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWLER_LINK_SCANNER_H_
