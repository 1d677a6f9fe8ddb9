#include "extractor/html_document.h"

#include <utility>

namespace newscrawl {

Result<HtmlDocument> HtmlDocument::Parse(std::string bytes,
                                         std::string_view content_type,
                                         const Limits& limits) {
  (void)content_type;  // TODO(extractor): charset detection and decoding.
  if (bytes.size() > limits.max_bytes) {
    return Status::TooLarge("page of " + std::to_string(bytes.size()) +
                            " bytes exceeds the limit of " +
                            std::to_string(limits.max_bytes));
  }
  HtmlDocument doc;
  doc.text_ = std::make_unique<std::string>(std::move(bytes));
  doc.charset_ = "utf-8";
  doc.options_ = kGumboDefaultOptions;
  doc.options_.max_errors = limits.max_parse_errors;
  doc.output_ = gumbo_parse_with_options(&doc.options_, doc.text_->data(),
                                         doc.text_->size());
  if (doc.output_ == nullptr || doc.output_->root == nullptr) {
    return Status::Internal("gumbo returned no tree");
  }
  return doc;
}

HtmlDocument::HtmlDocument(HtmlDocument&& other) noexcept
    : text_(std::move(other.text_)),
      options_(other.options_),
      output_(std::exchange(other.output_, nullptr)),
      charset_(std::move(other.charset_)),
      repaired_(other.repaired_) {}

HtmlDocument& HtmlDocument::operator=(HtmlDocument&& other) noexcept {
  if (this != &other) {
    if (output_ != nullptr) gumbo_destroy_output(&options_, output_);
    text_ = std::move(other.text_);
    options_ = other.options_;
    output_ = std::exchange(other.output_, nullptr);
    charset_ = std::move(other.charset_);
    repaired_ = other.repaired_;
  }
  return *this;
}

HtmlDocument::~HtmlDocument() {
  if (output_ != nullptr) gumbo_destroy_output(&options_, output_);
}

}  // namespace newscrawl
