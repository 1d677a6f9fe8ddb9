#include "crawler/link_extractor.h"

#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "config/ascii.h"

namespace newscrawl {
namespace {

std::string_view Attribute(const GumboElement& element, const char* name) {
  const GumboAttribute* attr = gumbo_get_attribute(&element.attributes, name);
  return attr == nullptr || attr->value == nullptr
             ? std::string_view()
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

struct RawLink {
  std::string_view href;
  LinkSource source;
  bool nofollow;
};

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

PageLinks LinkExtractor::Extract(const HtmlDocument& doc,
                                 const Url& page_url) const {
  PageLinks result;
  std::vector<RawLink> raw;
  std::string_view base_href;
  bool have_base = false;
  std::string_view canonical_href;
  bool have_canonical = false;
  // Raw hrefs beyond this many are not even looked at.
  const std::size_t max_raw = options_.max_links * 4 + 64;

  std::vector<const GumboNode*> stack = {doc.root()};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) {
      continue;
    }
    const GumboElement& element = node->v.element;
    switch (element.tag) {
      case GUMBO_TAG_A:
      case GUMBO_TAG_AREA: {
        const GumboAttribute* href =
            gumbo_get_attribute(&element.attributes, "href");
        if (href == nullptr) break;
        if (raw.size() >= max_raw) {
          ++result.rejected;
          break;
        }
        const std::string_view rel = Attribute(element, "rel");
        raw.push_back(RawLink{
            href->value,
            HasToken(rel, "next") ? LinkSource::kNext : LinkSource::kAnchor,
            HasToken(rel, "nofollow")});
        break;
      }
      case GUMBO_TAG_LINK: {
        const std::string_view rel = Attribute(element, "rel");
        const GumboAttribute* href =
            gumbo_get_attribute(&element.attributes, "href");
        if (href == nullptr) break;
        if (HasToken(rel, "canonical")) {
          if (!have_canonical) canonical_href = href->value;
          have_canonical = true;
        } else if (HasToken(rel, "next") && raw.size() < max_raw) {
          raw.push_back(RawLink{href->value, LinkSource::kNext, false});
        } else if (HasToken(rel, "alternate") &&
                   IsFeedType(Attribute(element, "type")) &&
                   raw.size() < max_raw) {
          raw.push_back(RawLink{href->value, LinkSource::kFeed, false});
        }
        break;
      }
      case GUMBO_TAG_BASE: {
        const GumboAttribute* href =
            gumbo_get_attribute(&element.attributes, "href");
        if (href != nullptr && !have_base) {
          base_href = href->value;
          have_base = true;
        }
        break;
      }
      case GUMBO_TAG_META: {
        if (AsciiLower(Attribute(element, "name")) == "robots") {
          const std::string content = AsciiLower(Attribute(element, "content"));
          if (HasToken(content, "noindex") || HasToken(content, "none")) {
            result.noindex = true;
          }
          if (HasToken(content, "nofollow") || HasToken(content, "none")) {
            result.nofollow = true;
          }
        }
        break;
      }
      default:
        break;
    }
    // Children in reverse so they pop in document order.
    const GumboVector& children = element.children;
    for (unsigned i = children.length; i > 0; --i) {
      stack.push_back(static_cast<const GumboNode*>(children.data[i - 1]));
    }
  }

  Url base = page_url;
  if (have_base) {
    Result<Url> resolved = Url::Resolve(page_url, base_href);
    if (resolved.ok()) base = std::move(*resolved);
  }
  if (have_canonical) {
    Result<Url> canonical = Url::Resolve(base, canonical_href);
    if (canonical.ok()) result.canonical = std::move(*canonical);
  }

  std::unordered_map<std::string, std::size_t> index;  // spec -> position
  for (const RawLink& link : raw) {
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
