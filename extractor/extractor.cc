#include "extractor/extractor.h"

#include <xxhash.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <unordered_map>
#include <utility>

#include "extractor/content_extractor.h"
#include "extractor/html_document.h"
#include "extractor/metadata_extractor.h"
#include "extractor/page_blocks.h"
#include "extractor/selector.h"
#include "extractor/text_patterns.h"
#include "extractor/text_prefixes.h"
#include "extractor/unicode_text.h"

namespace newscrawl {
namespace {

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

// `text` without a Vietnamese source marker ("(LĐTĐ)", "(Dân trí) -");
// English datelines ("WASHINGTON —") are body and stay.
std::string WithoutSourceMarker(const std::string& text) {
  return LooksVietnamese(text) ? std::string(StripSourcePrefix(text)) : text;
}

// The selector text of the rule called `name` ("title", "date", ...).
const std::string& RuleText(const SiteRules& rules, std::string_view name) {
  if (name == "body") return rules.body;
  if (name == "title") return rules.title;
  if (name == "date") return rules.date;
  if (name == "author") return rules.author;
  return rules.lead;
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
  // title/date/author/lead/body selectors, compiled; none without rules.
  std::optional<MetadataRules> compiled;
  std::vector<Selector> drops;  // rules.drop, compiled
  std::optional<SiteProfile> profile;  // the site's, if used
  std::string fingerprint;
};

namespace {

// The profile's decisions on one page: the nodes it drops, with the
// reason --explain shows, and its container (null: none).
struct ProfilePlan {
  std::unordered_map<const GumboNode*, std::string> drops;
  const GumboNode* container = nullptr;
};

ProfilePlan PlanWithProfile(const SiteProfile& profile, const GumboNode* root) {
  ProfilePlan plan;
  const PageBlocks blocks = PageBlocks::Compute(root);
  const ProfileDecision decision = profile.Apply(blocks);
  if (decision.template_index < 0) return plan;
  const ProfileTemplate& tpl =
      profile.templates[static_cast<std::size_t>(decision.template_index)];
  for (const ProfileDecision::Drop& drop : decision.drops) {
    std::string reason("profile: template block on ");
    reason.append(std::to_string(drop.block->pages))
        .append("/")
        .append(std::to_string(tpl.pages))
        .append(" pages, ")
        .append(drop.block->reason);
    plan.drops.emplace(drop.node, std::move(reason));
  }
  plan.container = decision.container;
  return plan;
}

// The content options of one page: the site's body containers (a miss is
// reported) else the profile's, and the drop selectors and the profile's
// template blocks as a node predicate.
ContentOptions PageOptions(const Extractor::Impl& impl, const GumboNode* root,
                           const ProfilePlan* plan, bool explain,
                           std::vector<std::string>* misses) {
  ContentOptions options;
  options.explain = explain;
  options.drop_headings = impl.rules.drop_headings;
  if (impl.compiled.has_value() && impl.compiled->body.has_value()) {
    options.containers = impl.compiled->body->SelectAll(root);
    if (options.containers.empty()) {
      misses->push_back("body: " + impl.rules.body);
    }
  }
  if (options.containers.empty() && plan->container != nullptr) {
    options.containers.push_back(plan->container);
    options.containers_origin.assign("profile");
  }
  if (!impl.drops.empty() || !plan->drops.empty()) {
    const std::vector<Selector>* drops = &impl.drops;
    options.drop = [drops, plan](const GumboNode* node, std::string* reason) {
      for (const Selector& selector : *drops) {
        if (selector.Matches(node)) {
          *reason = "site rule drop '" + selector.text() + "'";
          return true;
        }
      }
      auto it = plan->drops.find(node);
      if (it == plan->drops.end()) return false;
      *reason = it->second;
      return true;
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
                                    const SiteConfig* site,
                                    const SiteProfile* profile) {
  auto impl = std::make_unique<Impl>();
  impl->config = config;
  impl->config.profiles.reset();  // each extractor keeps only its own
  if (profile != nullptr && !profile->empty() &&
      profile->pages >= static_cast<std::uint32_t>(
                            std::max(1, config.profile_min_pages))) {
    impl->profile = *profile;
  }
  if (site != nullptr) {
    impl->rules = site->rules;
    impl->site_name = site->name;
  }
  const SiteRules& rules = impl->rules;
  if (!rules.empty()) {
    Result<MetadataRules> compiled = MetadataRules::Compile(rules);
    if (!compiled.ok()) {
      return Status::InvalidArgument("site '" + impl->site_name + "': " +
                                     compiled.status().ToString());
    }
    impl->compiled = std::move(*compiled);
  }
  for (const std::string& text : rules.drop) {
    NEWSCRAWL_ASSIGN_OR_RETURN(
        Selector selector, CompileRule(rules, impl->site_name, "drop", text));
    impl->drops.push_back(std::move(selector));
  }
  std::string key(kExtractorVersion);
  key += '\n';
  key += SerializeRules(impl->rules);
  if (impl->profile.has_value()) key += impl->profile->DecisionKey();
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx",
                static_cast<unsigned long long>(XXH3_64bits(key.data(), key.size())));
  impl->fingerprint = hex;
  return Extractor(std::move(impl));
}

std::string Extractor::RulesFingerprint() const { return impl_->fingerprint; }

bool Extractor::has_profile() const { return impl_->profile.has_value(); }

Result<ExtractResult> Extractor::ExtractDetailed(
    std::string_view bytes, const ExtractRequest& request) const {
  NEWSCRAWL_ASSIGN_OR_RETURN(
      HtmlDocument doc,
      HtmlDocument::Parse(std::string(bytes), request.content_type));
  return ExtractDetailed(doc, request);
}

Result<ExtractResult> Extractor::ExtractDetailed(
    const HtmlDocument& doc, const ExtractRequest& request) const {
  const Impl& impl = *impl_;
  ExtractResult result;
  // The profile reads the tree as parsed; nothing is removed from it, so
  // the metadata below still sees the title, date and byline blocks.
  ProfilePlan plan;
  if (impl.profile.has_value()) plan = PlanWithProfile(*impl.profile, doc.root());
  const ContentExtractor content(PageOptions(impl, doc.root(), &plan,
                                             request.explain,
                                             &result.rule_misses));
  ContentResult extracted = content.Extract(doc.root());
  PageMetadata meta = ExtractMetadata(
      doc, request.url, impl.compiled.has_value() ? &*impl.compiled : nullptr);
  for (const std::string& miss : meta.rule_misses) {
    result.rule_misses.push_back(miss + ": " + RuleText(impl.rules, miss));
  }

  Article& article = result.article;
  article.url = request.url;
  article.canonical_url = std::move(meta.canonical_url);
  article.title = std::move(meta.title);
  article.published = std::move(meta.published);
  article.modified = std::move(meta.modified);
  article.author = meta.author.empty() ? extracted.author : meta.author;
  // The lead: a site rule's, else the sapo the container was joined with,
  // else what the metadata found (meta description, ...).
  article.lead = meta.lead_source == "rule" || extracted.lead.empty()
                     ? std::move(meta.lead)
                     : WithoutSourceMarker(extracted.lead);
  article.section = std::move(meta.section);
  article.language = std::move(meta.language);
  article.tags = std::move(meta.tags);
  for (ImageRef& image : meta.images) {
    article.images.push_back({std::move(image.url), std::move(image.caption)});
  }

  std::vector<std::string>& paragraphs = extracted.paragraphs;
  // The title repeated at the top of the container is not body.
  for (std::size_t i = 0; i < paragraphs.size() && i < 3; ++i) {
    if (!article.title.empty() && paragraphs[i] == article.title) {
      if (request.explain) {
        extracted.explain.push_back("block: title repeated: " + paragraphs[i]);
      }
      paragraphs.erase(paragraphs.begin() + static_cast<std::ptrdiff_t>(i));
      break;
    }
  }
  if (!paragraphs.empty()) paragraphs[0] = WithoutSourceMarker(paragraphs[0]);
  // A lead chosen by a site rule opens the body when the container does
  // not hold it.
  if (meta.lead_source == "rule" && !article.lead.empty()) {
    bool held = false;
    for (const std::string& p : paragraphs) held = held || p == article.lead;
    if (!held) paragraphs.insert(paragraphs.begin(), article.lead);
  }
  article.body = extracted.Body();
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
