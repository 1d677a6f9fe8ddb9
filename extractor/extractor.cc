#include "extractor/extractor.h"

#include <xxhash.h>

#include <cstdio>
#include <optional>
#include <utility>

#include "extractor/content_extractor.h"
#include "extractor/html_document.h"
#include "extractor/selector.h"
#include "extractor/text_patterns.h"
#include "extractor/text_prefixes.h"
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

// `text` compiled, or InvalidArgument naming the rule and where it was set.
Result<Selector> CompileRule(const SiteRules& rules, const std::string& site,
                             const char* name, const std::string& text) {
  Result<Selector> selector = Selector::Parse(text);
  if (selector.ok()) return selector;
  std::string where;
  if (auto it = rules.where.find(name); it != rules.where.end()) {
    where = it->second + ": ";
  }
  return Status::InvalidArgument(where + "site '" + site + "': rule '" +
                                 name + "': " + selector.status().ToString());
}

}  // namespace

struct Extractor::Impl {
  ExtractConfig config;
  SiteRules rules;
  std::string site_name;
  std::optional<Selector> body;  // rules.body, compiled
  std::vector<Selector> drops;   // rules.drop, compiled
  std::string fingerprint;
};

namespace {

// The content options of one page: the site's body containers (a miss is
// reported) and drop selectors as a node predicate.
ContentOptions PageOptions(const Extractor::Impl& impl, const GumboNode* root,
                           bool explain, std::vector<std::string>* misses) {
  ContentOptions options;
  options.explain = explain;
  options.drop_headings = impl.rules.drop_headings;
  if (impl.body.has_value()) {
    options.containers = impl.body->SelectAll(root);
    if (options.containers.empty()) {
      misses->push_back("body: " + impl.rules.body);
    }
  }
  if (!impl.drops.empty()) {
    const std::vector<Selector>* drops = &impl.drops;
    options.drop = [drops](const GumboNode* node, std::string* reason) {
      for (const Selector& selector : *drops) {
        if (selector.Matches(node)) {
          *reason = "site rule drop '" + selector.text() + "'";
          return true;
        }
      }
      return false;
    };
  }
  return options;
}

}  // namespace

Extractor::Extractor(std::unique_ptr<const Impl> impl)
    : impl_(std::move(impl)) {}
Extractor::Extractor(Extractor&&) noexcept = default;
Extractor& Extractor::operator=(Extractor&&) noexcept = default;
Extractor::~Extractor() = default;

Result<Extractor> Extractor::Create(const ExtractConfig& config,
                                    const SiteConfig* site) {
  auto impl = std::make_unique<Impl>();
  impl->config = config;
  if (site != nullptr) {
    impl->rules = site->rules;
    impl->site_name = site->name;
  }
  const SiteRules& rules = impl->rules;
  if (!rules.body.empty()) {
    NEWSCRAWL_ASSIGN_OR_RETURN(
        impl->body, CompileRule(rules, impl->site_name, "body", rules.body));
  }
  for (const std::string& text : rules.drop) {
    NEWSCRAWL_ASSIGN_OR_RETURN(
        Selector selector, CompileRule(rules, impl->site_name, "drop", text));
    impl->drops.push_back(std::move(selector));
  }
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
  ExtractResult result;
  const ContentExtractor content(
      PageOptions(*impl_, doc.root(), request.explain, &result.rule_misses));
  ContentResult extracted = content.Extract(doc.root());

  Article& article = result.article;
  article.url = request.url;
  // "(LĐTĐ)", "(Dân trí) -" source markers; English datelines
  // ("WASHINGTON —") are body.
  if (!extracted.paragraphs.empty() &&
      LooksVietnamese(extracted.paragraphs[0])) {
    extracted.paragraphs[0] =
        std::string(StripSourcePrefix(extracted.paragraphs[0]));
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
