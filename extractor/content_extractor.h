// ContentExtractor: finds the main text of a news page in a Gumbo tree and
// cleans it, with no site rules (they can only narrow it: see
// ContentOptions).  The method combines what Readability, boilerpipe,
// jusText and trafilatura do:
//   1. furniture is pruned: scripts, forms, navigation, hidden elements,
//      figures and captions, and elements whose class/id says comment,
//      related, share, sidebar, ... (unless that element holds most of the
//      page's text);
//   2. every block with text scores its ancestors (text length, commas); a
//      candidate's score is weighted by its class/id and by one minus its
//      link density, and the best one is the article container; siblings
//      that look like its lead or more of its text join it;
//   3. the container is walked block by block: link-dominated blocks,
//      captions, date lines of title lists, URL slugs, share/ad labels are
//      dropped, and a clutter heading ("Tin khác", "Related", ...) drops the
//      box it opens or, if it stands alone, everything after it;
//   4. a byline or "Nguồn:" line at the end goes to author/source.
// Every tree walk is iterative; the cost is linear in the number of nodes.
//
// Thread safety: Extract() is const and keeps no state; one extractor may
// be shared by many threads.
#ifndef NEWSCRAWL_EXTRACTOR_CONTENT_EXTRACTOR_H_
#define NEWSCRAWL_EXTRACTOR_CONTENT_EXTRACTOR_H_

#include <gumbo.h>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace newscrawl {

struct ContentOptions {
  // Returns true (and sets *reason) if the element must be dropped with
  // all its content, e.g. a site rule's drop selector matched it.
  using DropPredicate =
      std::function<bool(const GumboNode* element, std::string* reason)>;

  // Article containers chosen by a site rule, in document order; empty:
  // found generically.
  std::vector<const GumboNode*> containers;
  // Who chose `containers`, shown by explain ("rule", "profile").
  std::string containers_origin = "rule";
  DropPredicate drop;
  // More headings that start clutter (site rules), any case and accents.
  std::vector<std::string> drop_headings;
  // Fill ContentResult::explain.
  bool explain = false;
  // Nodes beyond this many are ignored (bounds time and memory).
  std::size_t max_nodes = 4'000'000;
};

struct ContentResult {
  std::vector<std::string> paragraphs;  // lead first; NFC, folded spaces
  std::string lead;     // first paragraph, when it came from a lead/sapo
  std::string author;   // end-of-body byline, if any
  std::string source;   // "Nguồn: X" / "Theo X" at the end, if any
  std::string container;  // the chosen container, e.g. "div.detail-content"
  // One line per dropped element or block: "<what>: <why>: <text...>".
  std::vector<std::string> explain;

  // The paragraphs joined by "\n\n".
  std::string Body() const;
};

class ContentExtractor {
 public:
  explicit ContentExtractor(ContentOptions options = {});

  // Extracts from the tree under `root` (normally HtmlDocument::root()).
  // Never fails: a page without an article gives no paragraphs.
  ContentResult Extract(const GumboNode* root) const;

 private:
  ContentOptions options_;
  std::vector<std::string> folded_drop_headings_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_EXTRACTOR_CONTENT_EXTRACTOR_H_
