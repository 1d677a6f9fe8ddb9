// HtmlDocument: a parsed HTML page.  RAII over Gumbo's GumboOutput that also
// owns the UTF-8 text the tree points into (Gumbo's original_text fields
// point into the parse buffer, which must outlive the tree) and the options
// needed to destroy it.  Move-only.
//
// Parse() first decodes the bytes to UTF-8 (see Decode below) and enforces
// size limits, so the tree only ever holds valid UTF-8.
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

#include "config/result.h"

namespace newscrawl {

// Bounds on what Parse() accepts.
struct HtmlLimits {
  std::size_t max_bytes = 64 * 1024 * 1024;  // larger input: TooLarge
  int max_parse_errors = 100;  // Gumbo keeps no more parse errors
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

  // The decoded UTF-8 text that was parsed.
  const std::string& html() const { return *text_; }

  // The charset the bytes were decoded from ("utf-8", "windows-1258", ...),
  // and whether double-encoded UTF-8 was repaired.
  const std::string& source_charset() const { return charset_; }
  bool repaired_double_encoding() const { return repaired_; }

 private:
  HtmlDocument() = default;

  std::unique_ptr<std::string> text_;  // stable address for Gumbo
  GumboOptions options_ = kGumboDefaultOptions;
  GumboOutput* output_ = nullptr;
  std::string charset_;
  bool repaired_ = false;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_EXTRACTOR_HTML_DOCUMENT_H_
