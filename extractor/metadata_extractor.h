// Article metadata from a parsed page: title, dates, author, lead,
// canonical URL, language, section, tags, images, site name.
//
// Each field is taken from the first source that gives a usable value:
//   title      rule, JSON-LD headline, og:title, h1 (the one most like
//              <title>), <title> minus the site suffix (" - Báo Lao Động")
//   published  rule, meta (article:published_time, itemprop datePublished,
//              dc.date, ...), JSON-LD datePublished, <time datetime> near
//              the title, visible date text near the title
//   modified   meta (article:modified_time, ...), JSON-LD dateModified
//   author     rule, meta author, JSON-LD author, rel=author / itemprop /
//              class*=author elements; "Theo", "Bài và ảnh:" ... removed;
//              never the site's own name, a URL or a date
//   lead       rule, meta description, og:description, JSON-LD
//              description, a sapo/lead element; source markers such as
//              "(LĐTĐ)" removed (StripSourcePrefix)
//   canonical  link rel=canonical, og:url, JSON-LD url, the page URL,
//              resolved against <base href> / the page URL
// Times are ISO 8601 with offset (+07:00 when the page gives none).  All
// text is whitespace-folded and NFC.
//
// Thread safety: ExtractMetadata is reentrant; MetadataRules is immutable
// after Compile and can be shared.
#ifndef NEWSCRAWL_EXTRACTOR_METADATA_EXTRACTOR_H_
#define NEWSCRAWL_EXTRACTOR_METADATA_EXTRACTOR_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "config/result.h"
#include "extractor/html_document.h"
#include "extractor/selector.h"

namespace newscrawl {

struct ImageRef {
  std::string url;  // absolute
  std::string caption;
};

struct PageMetadata {
  std::string title;
  std::string published;  // ISO 8601, "" when unknown
  std::string modified;
  std::string author;  // several authors joined by ", "
  std::string lead;
  std::string canonical_url;
  std::string language;  // "vi", "vi-VN", ...
  std::string section;
  std::string site_name;
  std::vector<std::string> tags;
  std::vector<ImageRef> images;

  // Where each field came from: "rule", "json-ld", "og:title", "h1",
  // "title", "article:published_time" (any meta key), "time",
  // "visible-date", "link-canonical", "html-lang", "page-url", ...
  // Empty when the field is empty.
  std::string title_source;
  std::string published_source;
  std::string modified_source;
  std::string author_source;
  std::string lead_source;
  std::string canonical_source;
  std::string language_source;

  // Names of the site rules ("title", "date", "author", "lead") whose
  // selector matched nothing on this page; generic sources were used.
  std::vector<std::string> rule_misses;
};

// The compiled selectors of a site's [site.rules].  Absent rules are
// std::nullopt.
struct MetadataRules {
  std::optional<Selector> title;
  std::optional<Selector> date;
  std::optional<Selector> author;
  std::optional<Selector> lead;
  std::optional<Selector> body;

  // Compiles every non-empty selector of `rules`.  InvalidArgument names the
  // rule, where it was written (SiteRules::where) and the selector error.
  static Result<MetadataRules> Compile(const SiteRules& rules);
};

// `page_url` (may be empty) resolves relative links; `rules` may be null.
PageMetadata ExtractMetadata(const HtmlDocument& doc, std::string_view page_url,
                             const MetadataRules* rules = nullptr);

// `author` without labels ("Theo", "Bài và ảnh:", "Tác giả:"), e-mail
// addresses and trailing dates; "" when what remains is not a plausible
// person's name (a URL, a date, too long).
std::string CleanAuthor(std::string_view author);

}  // namespace newscrawl

#endif  // NEWSCRAWL_EXTRACTOR_METADATA_EXTRACTOR_H_
