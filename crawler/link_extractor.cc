#include "crawler/link_extractor.h"

#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "config/ascii.h"

namespace newscrawl {
namespace {

// The first attribute `name` of `element`, or nullopt.
std::optional<std::string_view> Attribute(const GumboElement& element,
                                          const char* name) {
  const GumboAttribute* attr = gumbo_get_attribute(&element.attributes, name);
  if (attr == nullptr) return std::nullopt;
  return attr->value == nullptr ? std::string_view()
                                : std::string_view(attr->value);
}

// Whether the space-separated, case-insensitive token list has `token`.
bool HasToken(std::string_view list, std::string_view token) {
  const std::string lower = AsciiLower(list);
  std::size_t pos = 0;
  while (pos < lower.size()) {
    const std::size_t start = lower.find_first_not_of(" \t\r\n\f,", pos);
    if (start == std::string::npos) break;
    std::size_t end = lower.find_first_of(" \t\r\n\f,", start);
    if (end == std::string::npos) end = lower.size();
    if (std::string_view(lower).substr(start, end - start) == token)
      return true;
    pos = end;
  }
  return false;
}

bool IsFeedType(std::string_view type) {
  const std::string t = AsciiLower(type.substr(0, type.find(';')));
  return t == "application/rss+xml" || t == "application/atom+xml" ||
         t == "application/rdf+xml" || t == "application/feed+json" ||
         t == "text/xml" || t == "application/xml";
}

int Strength(LinkSource source) {
  switch (source) {
    case LinkSource::kFeed:
      return 2;
    case LinkSource::kNext:
      return 1;
    case LinkSource::kAnchor:
      break;
  }
  return 0;
}

}  // namespace

void RawPageLinks::Add(LinkTag tag, const LinkAttributes& a) {
  const std::string_view rel = a.rel.value_or(std::string_view());
  switch (tag) {
    case LinkTag::kAnchor:
    case LinkTag::kArea:
      if (!a.href) return;
      if (links_.size() >= max_raw_) {
        ++rejected_;
        return;
      }
      links_.push_back(RawLink{
          *a.href,
          HasToken(rel, "next") ? LinkSource::kNext : LinkSource::kAnchor,
          HasToken(rel, "nofollow")});
      return;
    case LinkTag::kLink:
      if (!a.href) return;
      if (HasToken(rel, "canonical")) {
        if (!canonical_href_) canonical_href_ = *a.href;
      } else if (HasToken(rel, "next") && links_.size() < max_raw_) {
        links_.push_back(RawLink{*a.href, LinkSource::kNext, false});
      } else if (HasToken(rel, "alternate") &&
                 IsFeedType(a.type.value_or(std::string_view())) &&
                 links_.size() < max_raw_) {
        links_.push_back(RawLink{*a.href, LinkSource::kFeed, false});
      }
      return;
    case LinkTag::kBase:
      if (a.href && !base_href_) base_href_ = *a.href;
      return;
    case LinkTag::kMeta:
      if (AsciiLower(a.name.value_or(std::string_view())) == "robots") {
        const std::string content =
            AsciiLower(a.content.value_or(std::string_view()));
        if (HasToken(content, "noindex") || HasToken(content, "none")) {
          noindex_ = true;
        }
        if (HasToken(content, "nofollow") || HasToken(content, "none")) {
          nofollow_ = true;
        }
      }
      return;
  }
}

PageLinks LinkExtractor::Extract(const HtmlDocument& doc,
                                 const Url& page_url) const {
  RawPageLinks raw(options_);
  std::vector<const GumboNode*> stack = {doc.root()};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) {
      continue;
    }
    const GumboElement& element = node->v.element;
    std::optional<LinkTag> tag;
    switch (element.tag) {
      case GUMBO_TAG_A: tag = LinkTag::kAnchor; break;
      case GUMBO_TAG_AREA: tag = LinkTag::kArea; break;
      case GUMBO_TAG_LINK: tag = LinkTag::kLink; break;
      case GUMBO_TAG_BASE: tag = LinkTag::kBase; break;
      case GUMBO_TAG_META: tag = LinkTag::kMeta; break;
      default: break;
    }
    if (tag) {
      LinkAttributes a;
      a.href = Attribute(element, "href");
      if (*tag == LinkTag::kMeta) {
        a.name = Attribute(element, "name");
        a.content = Attribute(element, "content");
      } else {
        a.rel = Attribute(element, "rel");
        if (*tag == LinkTag::kLink) a.type = Attribute(element, "type");
      }
      raw.Add(*tag, a);
    }
    // Children in reverse so they pop in document order.
    const GumboVector& children = element.children;
    for (unsigned i = children.length; i > 0; --i) {
      stack.push_back(static_cast<const GumboNode*>(children.data[i - 1]));
    }
  }
  return Resolve(raw, page_url);
}

PageLinks LinkExtractor::Resolve(const RawPageLinks& raw,
                                 const Url& page_url) const {
  PageLinks result;
  result.noindex = raw.noindex_;
  result.nofollow = raw.nofollow_;
  result.rejected = raw.rejected_;
  Url base = page_url;
  if (raw.base_href_) {
    Result<Url> resolved = Url::Resolve(page_url, *raw.base_href_);
    if (resolved.ok()) base = std::move(*resolved);
  }
  if (raw.canonical_href_) {
    Result<Url> canonical = Url::Resolve(base, *raw.canonical_href_);
    if (canonical.ok()) result.canonical = std::move(*canonical);
  }

  std::unordered_map<std::string, std::size_t> index;  // spec -> position
  for (const RawPageLinks::RawLink& link : raw.links_) {
    const std::string_view trimmed = link.href.substr(
        std::min(link.href.size(), link.href.find_first_not_of(" \t\r\n\f")));
    if (trimmed.empty() || trimmed.front() == '#') continue;  // same page
    Result<Url> url = Url::Resolve(base, link.href);
    if (!url.ok()) {
      ++result.rejected;
      continue;
    }
    const bool nofollow = link.nofollow || result.nofollow;
    auto it = index.find(url->spec());
    if (it != index.end()) {
      ExtractedLink& seen = result.links[it->second];
      seen.nofollow = seen.nofollow && nofollow;
      if (Strength(link.source) > Strength(seen.source))
        seen.source = link.source;
      continue;
    }
    if (result.links.size() >= options_.max_links) {
      ++result.rejected;
      continue;
    }
    index.emplace(url->spec(), result.links.size());
    result.links.push_back(
        ExtractedLink{std::move(*url), link.source, nofollow});
  }
  return result;
}

}  // namespace newscrawl
