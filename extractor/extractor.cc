#include "extractor/extractor.h"

#include <xxhash.h>

#include <cstdio>
#include <utility>

#include "extractor/content_extractor.h"
#include "extractor/html_document.h"
#include "extractor/unicode_text.h"

namespace newscrawl {
namespace {

// The text of the first element with `tag` (iterative search).
std::string FirstText(const GumboNode* root, GumboTag tag) {
  std::vector<const GumboNode*> stack = {root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type != GUMBO_NODE_ELEMENT) continue;
    if (n->v.element.tag == tag) {
      std::string text;
      std::vector<const GumboNode*> inner = {n};
      while (!inner.empty()) {
        const GumboNode* m = inner.back();
        inner.pop_back();
        if (m->type == GUMBO_NODE_TEXT) text += m->v.text.text;
        if (m->type != GUMBO_NODE_ELEMENT) continue;
        const GumboVector& kids = m->v.element.children;
        for (unsigned i = kids.length; i > 0; --i) {
          inner.push_back(static_cast<const GumboNode*>(kids.data[i - 1]));
        }
      }
      return NormalizeText(text);
    }
    const GumboVector& children = n->v.element.children;
    for (unsigned i = children.length; i > 0; --i) {
      stack.push_back(static_cast<const GumboNode*>(children.data[i - 1]));
    }
  }
  return {};
}

// TODO(merge): replaced by the metadata extractor's lead-prefix stripper.
// Drops a leading "(LĐTĐ)" / "(Dân trí) -" agency marker.
std::string StripAgencyPrefix(const std::string& text) {
  if (text.empty() || text[0] != '(') return text;
  const std::size_t close = text.find(')');
  if (close == std::string::npos || close > 40) return text;
  std::size_t i = close + 1;
  while (i < text.size() && (text[i] == ' ' || text[i] == '-' || text[i] == ':')) ++i;
  if (text.compare(i, 3, "\xE2\x80\x93") == 0) i += 3;  // en dash
  while (i < text.size() && text[i] == ' ') ++i;
  return i < text.size() ? text.substr(i) : text;
}

std::string SerializeRules(const SiteRules& rules) {
  std::string out;
  auto add = [&out](std::string_view key, std::string_view value) {
    out += key;
    out += '=';
    out += std::to_string(value.size());
    out += ':';
    out += value;
    out += '\n';
  };
  add("body", rules.body);
  add("title", rules.title);
  add("date", rules.date);
  add("author", rules.author);
  add("lead", rules.lead);
  for (const std::string& d : rules.drop) add("drop", d);
  for (const std::string& h : rules.drop_headings) add("drop_heading", h);
  return out;
}

}  // namespace

struct Extractor::Impl {
  ExtractConfig config;
  SiteRules rules;
  std::string fingerprint;
};

Extractor::Extractor(std::unique_ptr<const Impl> impl)
    : impl_(std::move(impl)) {}
Extractor::Extractor(Extractor&&) noexcept = default;
Extractor& Extractor::operator=(Extractor&&) noexcept = default;
Extractor::~Extractor() = default;

Result<Extractor> Extractor::Create(const ExtractConfig& config,
                                    const SiteConfig* site) {
  auto impl = std::make_unique<Impl>();
  impl->config = config;
  if (site != nullptr) impl->rules = site->rules;
  std::string key(kExtractorVersion);
  key += '\n';
  key += SerializeRules(impl->rules);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx",
                static_cast<unsigned long long>(XXH3_64bits(key.data(), key.size())));
  impl->fingerprint = hex;
  return Extractor(std::move(impl));
}

std::string Extractor::RulesFingerprint() const { return impl_->fingerprint; }

Result<ExtractResult> Extractor::ExtractDetailed(
    std::string_view bytes, const ExtractRequest& request) const {
  NEWSCRAWL_ASSIGN_OR_RETURN(
      HtmlDocument doc,
      HtmlDocument::Parse(std::string(bytes), request.content_type));
  ContentOptions options;
  options.explain = request.explain;
  options.drop_headings = impl_->rules.drop_headings;
  const ContentExtractor content(std::move(options));
  ContentResult extracted = content.Extract(doc.root());

  ExtractResult result;
  Article& article = result.article;
  article.url = request.url;
  if (!extracted.paragraphs.empty()) {
    extracted.paragraphs[0] = StripAgencyPrefix(extracted.paragraphs[0]);
  }
  article.body = extracted.Body();
  article.author = extracted.author;
  article.title = FirstText(doc.root(), GUMBO_TAG_H1);
  if (article.title.empty()) article.title = FirstText(doc.root(), GUMBO_TAG_TITLE);
  result.source = std::move(extracted.source);
  result.explain = std::move(extracted.explain);
  return result;
}

Result<Article> Extractor::Extract(std::string_view bytes,
                                   const ExtractRequest& request) const {
  NEWSCRAWL_ASSIGN_OR_RETURN(ExtractResult result,
                             ExtractDetailed(bytes, request));
  return std::move(result.article);
}

}  // namespace newscrawl
