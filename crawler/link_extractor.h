// LinkExtractor: the outgoing links of a parsed HTML page, for discovery.
// Collects <a href> and <area href>, <link rel=next>, and
// <link rel=alternate type=application/rss+xml|atom+xml> (feeds); resolves
// them against the first <base href> (itself resolved against the page URL)
// or the page URL; canonicalises them (crawler/url.h); drops what is not
// http(s) or does not parse.  Records rel=nofollow per link, the page's
// <link rel=canonical> and <meta name=robots> noindex/nofollow.
//
// The tree is walked with an explicit stack (no recursion), so deeply
// nested pages cannot overflow the stack.  At most `max_links` distinct
// links are kept.
//
// Thread safety: Extract() is const and keeps no state.
#ifndef NEWSCRAWL_CRAWLER_LINK_EXTRACTOR_H_
#define NEWSCRAWL_CRAWLER_LINK_EXTRACTOR_H_

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "crawler/url.h"
#include "extractor/html_document.h"

namespace newscrawl {

enum class LinkSource {
  kAnchor,  // <a href>, <area href>
  kNext,    // rel=next (pagination), on <link> or <a>
  kFeed,    // <link rel=alternate type=application/rss+xml|atom+xml>
};

struct ExtractedLink {
  Url url;
  LinkSource source = LinkSource::kAnchor;
  // Every occurrence had rel=nofollow (or the page's meta robots says so).
  bool nofollow = false;
};

struct PageLinks {
  std::vector<ExtractedLink> links;  // distinct URLs, in document order
  std::optional<Url> canonical;      // <link rel=canonical href>
  bool noindex = false;              // <meta name=robots content=noindex>
  bool nofollow = false;             // <meta name=robots content=nofollow>
  std::size_t rejected = 0;  // hrefs that were not http(s) URLs, or over max
};

struct LinkExtractorOptions {
  std::size_t max_links = 20000;
};

// The elements links come from, and the attributes read from them (the
// first attribute of that name; nullopt when absent).  Filled by the tree
// walk below and by the tokenizer of crawler/link_scanner.h, so that both
// read a page the same way.
enum class LinkTag { kAnchor, kArea, kLink, kBase, kMeta };
struct LinkAttributes {
  std::optional<std::string_view> href, rel, type, name, content;
};

// What the elements of a page gave, in document order, before resolution.
// The views point into the document (or storage the caller keeps).
class RawPageLinks {
 public:
  explicit RawPageLinks(const LinkExtractorOptions& options)
      : max_raw_(options.max_links * 4 + 64) {}
  // Records what one element contributes.
  void Add(LinkTag tag, const LinkAttributes& attributes);

 private:
  friend class LinkExtractor;
  struct RawLink {
    std::string_view href;
    LinkSource source;
    bool nofollow;
  };
  std::size_t max_raw_;  // raw hrefs beyond this many are not looked at
  std::vector<RawLink> links_;
  std::optional<std::string_view> base_href_;
  std::optional<std::string_view> canonical_href_;
  bool noindex_ = false;
  bool nofollow_ = false;
  std::size_t rejected_ = 0;
};

class LinkExtractor {
 public:
  explicit LinkExtractor(LinkExtractorOptions options = {})
      : options_(options) {}

  PageLinks Extract(const HtmlDocument& doc, const Url& page_url) const;

  // Resolves, canonicalises and merges what the elements gave.
  PageLinks Resolve(const RawPageLinks& raw, const Url& page_url) const;

  const LinkExtractorOptions& options() const { return options_; }

 private:
  LinkExtractorOptions options_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWLER_LINK_EXTRACTOR_H_
