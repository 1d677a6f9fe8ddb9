// HtmlDocument: a parsed HTML page.  RAII over Gumbo's GumboOutput that also
// owns the UTF-8 text the tree points into (Gumbo's original_text fields
// point into the parse buffer, which must outlive the tree) and the arena
// that holds the tree (extractor/gumbo_arena.h).  Move-only.
//
// Parse() first decodes the bytes to UTF-8 (see charset_decoder.h: HTTP
// charset, BOM, <meta>, detection, double-encoding repair) and enforces the
// limits, so the tree only ever holds valid UTF-8 and is never deeper than
// about HtmlLimits::max_depth: tags nested deeper are dropped before Gumbo
// sees them (Gumbo itself recurses on deep trees).  The same pass empties
// script and style elements (HtmlLimits::empty_scripts).
//
// The free functions below (NodeText, Attribute, TagName, ...) are the text
// helpers every extractor stage uses; they walk the tree iteratively.
//
// Thread safety: a document is immutable after Parse(); concurrent readers
// are fine, distinct documents are independent.
#ifndef NEWSCRAWL_EXTRACTOR_HTML_DOCUMENT_H_
#define NEWSCRAWL_EXTRACTOR_HTML_DOCUMENT_H_

#include <gumbo.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "config/result.h"

namespace newscrawl {

class GumboArena;

// Bounds on what Parse() accepts.
struct HtmlLimits {
  std::size_t max_bytes = 64 * 1024 * 1024;  // larger input: TooLarge
  int max_parse_errors = 100;  // Gumbo keeps no more parse errors
  int max_depth = 512;  // start tags nested deeper are dropped (reported)
  // The text of script and style elements (but JSON-LD) is dropped before
  // the parse: nothing reads it, and it is often half of a news page.
  bool empty_scripts = true;
};

class HtmlDocument {
 public:
  using Limits = HtmlLimits;

  // Decodes and parses `bytes`.  `content_type` is the HTTP Content-Type
  // header, if known (its charset wins over <meta>).
  static Result<HtmlDocument> Parse(std::string bytes,
                                    std::string_view content_type = {},
                                    const Limits& limits = Limits());

  HtmlDocument(HtmlDocument&& other) noexcept;
  HtmlDocument& operator=(HtmlDocument&& other) noexcept;
  HtmlDocument(const HtmlDocument&) = delete;
  HtmlDocument& operator=(const HtmlDocument&) = delete;
  ~HtmlDocument();

  // The <html> element (never null for a parsed document).
  const GumboNode* root() const { return output_->root; }
  const GumboOutput* output() const { return output_; }

  // The decoded UTF-8 text that was parsed (so without the tags dropped
  // for depth, and without script and style text: HtmlLimits).
  const std::string& html() const { return *text_; }

  // The charset the bytes were decoded from ("utf-8", "windows-1258", ...),
  // and whether double-encoded UTF-8 was repaired.
  const std::string& source_charset() const { return charset_; }
  bool repaired_double_encoding() const { return repaired_; }
  // Where the charset came from: "bom", "http", "meta", "utf8-valid",
  // "detected" or "default".
  const std::string& charset_source() const { return charset_source_; }

  // Number of start tags dropped because they were nested deeper than
  // Limits::max_depth (0 for ordinary pages).
  std::size_t dropped_deep_tags() const { return dropped_deep_tags_; }

 private:
  HtmlDocument() = default;

  std::unique_ptr<std::string> text_;  // stable address for Gumbo
  std::unique_ptr<GumboArena> arena_;  // the tree's memory
  GumboOutput* output_ = nullptr;      // in arena_
  std::string charset_;
  std::string charset_source_;
  bool repaired_ = false;
  std::size_t dropped_deep_tags_ = 0;
};

// The number of start tags of the UTF-8 `html` that Parse() would drop for
// being nested deeper than `max_depth` (0 for ordinary pages): what a
// reader of the tags that builds no tree (crawler/link_scanner.h) checks.
std::size_t CountTooDeepTags(std::string_view html, int max_depth);

// --- Tree helpers (iterative; safe on any tree) ---------------------------

// The visible text of `node` and its descendants: block elements and <br>
// separate words, <script>/<style>/<noscript>/<template> are skipped,
// white space is folded to single spaces and trimmed, and the result is
// NFC.  "" for null.
std::string NodeText(const GumboNode* node);

// NFC of `utf8`, with a fast path for ASCII and already-normalised text.
std::string FastNfc(std::string utf8);

// The value of attribute `name` (lower case) of an element, or "" when the
// node is not an element or has no such attribute.
std::string_view Attribute(const GumboNode* node, std::string_view name);
bool HasAttribute(const GumboNode* node, std::string_view name);

// The lower-case tag name of an element ("div", or the original name of an
// unknown tag such as "my-widget"); "" for other nodes.
std::string TagName(const GumboNode* node);

// True for an element node (or <template>) with tag `tag`.
bool IsElement(const GumboNode* node, GumboTag tag);

// The parent element of `node`, or nullptr at the top.
const GumboNode* ParentElement(const GumboNode* node);

// Calls `visit(node)` for `root` and every descendant element in document
// order; when `visit` returns false the node's children are skipped.
template <typename Visit>
void ForEachElement(const GumboNode* root, Visit visit);

// The first element with tag `tag` at or under `root` (document order).
const GumboNode* FindFirstElement(const GumboNode* root, GumboTag tag);

// --- Template implementation ---------------------------------------------

const GumboVector* ElementChildren(const GumboNode* node);

template <typename Visit>
void ForEachElement(const GumboNode* root, Visit visit) {
  if (root == nullptr) return;
  struct Frame {
    const GumboVector* children;
    unsigned int next;
  };
  const GumboVector* top = ElementChildren(root);
  if (top == nullptr || !visit(root)) return;
  std::vector<Frame> stack;
  stack.push_back({top, 0});
  while (!stack.empty()) {
    Frame& frame = stack.back();
    if (frame.next >= frame.children->length) {
      stack.pop_back();
      continue;
    }
    const auto* child =
        static_cast<const GumboNode*>(frame.children->data[frame.next++]);
    const GumboVector* children = ElementChildren(child);
    if (children == nullptr) continue;  // text, comment, ...
    if (visit(child)) stack.push_back({children, 0});
  }
}

}  // namespace newscrawl

#endif  // NEWSCRAWL_EXTRACTOR_HTML_DOCUMENT_H_
