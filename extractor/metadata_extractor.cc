#include "extractor/metadata_extractor.h"

#include <unicode/unistr.h>

#include <algorithm>
#include <set>
#include <tuple>
#include <utility>

#include "extractor/date_parser.h"
#include "extractor/json_ld.h"
#include "extractor/text_prefixes.h"
#include "extractor/unicode_text.h"
#include "extractor/url_reference.h"

namespace newscrawl {
namespace {

constexpr std::size_t kMaxImages = 50;
constexpr std::size_t kMaxTags = 30;
constexpr std::size_t kMaxCandidates = 200;  // per kind of hint
constexpr std::size_t kMaxDateTextBytes = 120;
constexpr std::size_t kMaxAuthorTextBytes = 120;
// Visible dates are looked for among the elements from kDateWindowBefore
// before the title's h1 to kDateWindowAfter after it (document order).
constexpr std::size_t kDateWindowBefore = 20;
constexpr std::size_t kDateWindowAfter = 60;

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view TrimSpaces(std::string_view s) {
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

// Unicode case folding, for comparisons only.
std::string FoldCase(std::string_view s) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  u.foldCase();
  std::string out;
  u.toUTF8String(out);
  return out;
}

// Text of a meta value or JSON string: entities, white space, NFC.
std::string CleanText(std::string_view s) {
  return FastNfc(FoldWhitespace(DecodeHtmlEntities(s)));
}

std::vector<std::string> Words(std::string_view folded) {
  std::vector<std::string> words;
  std::string current;
  for (char c : folded) {
    const auto u = static_cast<unsigned char>(c);
    const bool word_char = u >= 0x80 || (c >= '0' && c <= '9') ||
                           (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (word_char) {
      current.push_back(c);
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

// Share of the words of `a` and `b` in common (Dice coefficient).
double Similarity(std::string_view a, std::string_view b) {
  const std::vector<std::string> wa = Words(FoldCase(a));
  const std::vector<std::string> wb = Words(FoldCase(b));
  if (wa.empty() || wb.empty()) return 0.0;
  const std::set<std::string> sb(wb.begin(), wb.end());
  std::size_t common = 0;
  for (const std::string& w : std::set<std::string>(wa.begin(), wa.end())) {
    common += sb.count(w);
  }
  const std::set<std::string> sa(wa.begin(), wa.end());
  return 2.0 * static_cast<double>(common) /
         static_cast<double>(sa.size() + sb.size());
}

bool LooksLikeUrl(std::string_view s) {
  return s.find("://") != std::string_view::npos ||
         s.rfind("www.", 0) == 0 || s.rfind("//", 0) == 0;
}

// Everything one walk over the page collects.
struct PageFacts {
  std::vector<std::pair<std::string, std::string>> metas;  // key, content
  std::string base_href;
  std::string canonical_href;
  std::string html_lang;
  std::string title_text;
  std::vector<const GumboNode*> elements;  // document order
  std::vector<std::size_t> h1s;            // indexes into elements
  std::vector<std::size_t> times;
  std::vector<std::size_t> author_hints;
  std::vector<std::size_t> date_hints;
  std::vector<std::size_t> lead_hints;
  std::vector<std::size_t> title_hints;
  std::vector<std::size_t> paragraphs;  // <p>
  std::vector<std::size_t> figures;
  std::vector<std::string_view> json_ld;
  const GumboNode* article = nullptr;  // first <article>

  // All values of meta `key` (lower case), in document order.
  std::vector<std::string> Metas(std::string_view key) const {
    std::vector<std::string> out;
    for (const auto& [k, v] : metas) {
      if (k == key && !TrimSpaces(v).empty()) out.push_back(CleanText(v));
    }
    return out;
  }
  std::string Meta(std::string_view key) const {
    for (const auto& [k, v] : metas) {
      if (k == key && !TrimSpaces(v).empty()) return CleanText(v);
    }
    return "";
  }
};

bool HasHint(std::string_view hints, std::initializer_list<std::string_view> words) {
  for (std::string_view w : words) {
    if (hints.find(w) != std::string_view::npos) return true;
  }
  return false;
}

PageFacts CollectFacts(const GumboNode* root) {
  PageFacts f;
  ForEachElement(root, [&](const GumboNode* node) {
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) {
      return true;  // the document node
    }
    const std::size_t index = f.elements.size();
    f.elements.push_back(node);
    const GumboTag tag = node->v.element.tag;
    switch (tag) {
      case GUMBO_TAG_META: {
        std::string_view key = Attribute(node, "property");
        if (key.empty()) key = Attribute(node, "name");
        if (key.empty()) key = Attribute(node, "itemprop");
        if (key.empty()) key = Attribute(node, "http-equiv");
        if (!key.empty()) {
          f.metas.emplace_back(AsciiLower(TrimSpaces(key)),
                               std::string(Attribute(node, "content")));
        }
        return false;
      }
      case GUMBO_TAG_LINK: {
        const std::string rel = AsciiLower(Attribute(node, "rel"));
        if (f.canonical_href.empty() && HasHint(rel, {"canonical"})) {
          f.canonical_href = std::string(TrimSpaces(Attribute(node, "href")));
        }
        return false;
      }
      case GUMBO_TAG_BASE:
        if (f.base_href.empty()) {
          f.base_href = std::string(TrimSpaces(Attribute(node, "href")));
        }
        return false;
      case GUMBO_TAG_HTML:
        f.html_lang = std::string(TrimSpaces(Attribute(node, "lang")));
        return true;
      case GUMBO_TAG_TITLE:
        if (f.title_text.empty()) f.title_text = NodeText(node);
        return false;
      case GUMBO_TAG_SCRIPT: {
        if (AsciiLower(TrimSpaces(Attribute(node, "type"))) ==
            "application/ld+json") {
          const GumboVector& children = node->v.element.children;
          for (unsigned int i = 0; i < children.length; ++i) {
            const auto* child = static_cast<const GumboNode*>(children.data[i]);
            if (child->type == GUMBO_NODE_TEXT ||
                child->type == GUMBO_NODE_CDATA ||
                child->type == GUMBO_NODE_WHITESPACE) {
              f.json_ld.emplace_back(child->v.text.text);
            }
          }
        }
        return false;
      }
      case GUMBO_TAG_STYLE:
      case GUMBO_TAG_NOSCRIPT:
      case GUMBO_TAG_TEMPLATE:
      case GUMBO_TAG_SVG:
      case GUMBO_TAG_IFRAME:
        return false;
      case GUMBO_TAG_H1:
        if (f.h1s.size() < kMaxCandidates) f.h1s.push_back(index);
        break;
      case GUMBO_TAG_TIME:
        if (f.times.size() < kMaxCandidates) f.times.push_back(index);
        break;
      case GUMBO_TAG_FIGURE:
        if (f.figures.size() < kMaxCandidates) f.figures.push_back(index);
        break;
      case GUMBO_TAG_P:
        f.paragraphs.push_back(index);
        break;
      case GUMBO_TAG_ARTICLE:
        if (f.article == nullptr) f.article = node;
        break;
      default:
        break;
    }
    // Class, id, rel and itemprop hints.
    const std::string_view cls = Attribute(node, "class");
    const std::string_view id = Attribute(node, "id");
    const std::string_view itemprop = Attribute(node, "itemprop");
    const std::string_view rel = Attribute(node, "rel");
    if (cls.empty() && id.empty() && itemprop.empty() && rel.empty()) {
      return true;
    }
    std::string hints = AsciiLower(cls);
    hints.push_back(' ');
    hints += AsciiLower(id);
    const std::string prop = AsciiLower(itemprop);
    if ((HasHint(hints, {"author", "byline", "tac-gia", "tacgia"}) &&
         !HasHint(hints, {"avatar", "author-time", "author-img"})) ||
        prop == "author" || AsciiLower(rel) == "author") {
      if (f.author_hints.size() < kMaxCandidates) f.author_hints.push_back(index);
    }
    if (HasHint(hints, {"title", "tieude", "tieu-de", "headline"})) {
      if (f.title_hints.size() < kMaxCandidates) f.title_hints.push_back(index);
    }
    if (HasHint(hints, {"date", "time", "publish", "ngay", "post-on"}) ||
        prop == "datepublished") {
      if (f.date_hints.size() < kMaxCandidates) f.date_hints.push_back(index);
    }
    if (HasHint(hints, {"sapo", "chapeau", "lead", "summary", "description",
                        "excerpt", "tomtat"}) &&
        !HasHint(hints, {"leader", "header"})) {
      if (f.lead_hints.size() < kMaxCandidates) f.lead_hints.push_back(index);
    }
    return true;
  });
  return f;
}

// Names the site goes by (folded), to strip from titles and reject as
// authors.
std::vector<std::string> SiteNames(const PageFacts& f,
                                   const std::vector<JsonLdArticle>& ld,
                                   std::string_view page_url) {
  std::vector<std::string> names;
  for (const char* key : {"og:site_name", "application-name", "twitter:site",
                          "copyright", "apple-mobile-web-app-title",
                          "twitter:creator"}) {
    for (const std::string& v : f.Metas(key)) {
      std::string_view t = TrimSpaces(v);
      if (!t.empty() && t.front() == '@') t.remove_prefix(1);
      if (!t.empty() && t.size() < 80) names.push_back(FoldCase(t));
    }
  }
  for (const JsonLdArticle& a : ld) {
    if (!a.publisher.empty()) names.push_back(FoldCase(a.publisher));
  }
  // The host without "www." ("dantri.com.vn") and its first label.
  std::string_view url = page_url;
  if (const std::size_t scheme = url.find("://"); scheme != std::string_view::npos) {
    url.remove_prefix(scheme + 3);
    url = url.substr(0, url.find_first_of("/?#:"));
    if (url.rfind("www.", 0) == 0) url.remove_prefix(4);
    if (!url.empty()) {
      names.push_back(AsciiLower(url));
      names.push_back(AsciiLower(url.substr(0, url.find('.'))));
    }
  }
  return names;
}

// True when `text` (folded) names the site: equal to a site name, or one
// contains the other ("dân trí" in "báo điện tử dân trí").
bool IsSiteName(std::string_view folded, const std::vector<std::string>& sites) {
  if (folded.empty()) return false;
  for (const std::string& s : sites) {
    if (s.empty()) continue;
    if (folded == s) return true;
    if (s.size() >= 4 && folded.size() >= 4 &&
        (s.find(folded) != std::string::npos ||
         folded.find(s) != std::string::npos)) {
      return true;
    }
  }
  return false;
}

bool IsSiteLikeTail(std::string_view tail, const std::vector<std::string>& sites) {
  const std::string folded = FoldCase(TrimSpaces(tail));
  if (IsSiteName(folded, sites)) return true;
  for (std::string_view p : {"báo ", "tạp chí ", "trang tin", "cổng thông tin",
                             "kênh ", "tin tức"}) {
    if (folded.rfind(p, 0) == 0) return true;
  }
  for (std::string_view d : {".vn", ".com", ".net", ".org"}) {
    if (folded.find(d) != std::string::npos &&
        folded.find(' ') == std::string::npos) {
      return true;
    }
  }
  return false;
}

// "Tiêu đề - Báo Lao Động" -> "Tiêu đề" (also "Site | Title").
std::string StripSiteSuffix(std::string title,
                            const std::vector<std::string>& sites) {
  static constexpr std::string_view kSeparators[] = {
      " | ", " - ", " – ", " — ", " :: ", " » ", " « ", " · "};
  for (int round = 0; round < 2; ++round) {
    std::size_t best = std::string::npos, best_len = 0;
    for (std::string_view sep : kSeparators) {
      const std::size_t at = title.rfind(sep);
      if (at != std::string::npos && (best == std::string::npos || at > best)) {
        best = at;
        best_len = sep.size();
      }
    }
    if (best == std::string::npos || best == 0) break;
    const std::string_view tail =
        std::string_view(title).substr(best + best_len);
    if (IsSiteLikeTail(tail, sites)) {
      title.resize(best);
      continue;
    }
    // Leading "Site | Title".
    std::size_t first = std::string::npos, first_len = 0;
    for (std::string_view sep : kSeparators) {
      const std::size_t at = title.find(sep);
      if (at != std::string::npos && (first == std::string::npos || at < first)) {
        first = at;
        first_len = sep.size();
      }
    }
    if (first != std::string::npos &&
        IsSiteLikeTail(std::string_view(title).substr(0, first), sites)) {
      title.erase(0, first + first_len);
      continue;
    }
    break;
  }
  return std::string(TrimSpaces(title));
}

std::string DateFromNode(const GumboNode* node) {
  for (const char* attr : {"datetime", "content", "data-time", "title"}) {
    const std::string_view v = Attribute(node, attr);
    if (!v.empty()) {
      std::string iso = NormalizeDate(v);
      if (!iso.empty()) return iso;
    }
  }
  const std::string text = NodeText(node);
  if (text.size() > kMaxDateTextBytes * 4) return "";
  return NormalizeDate(text);
}

// Strips a leading label (case-insensitive), returns true if one was cut.
bool CutLabel(std::string* s) {
  static constexpr std::string_view kLabels[] = {
      "bài và ảnh:", "bài và ảnh", "bài, ảnh:", "bài - ảnh:", "bài/ảnh:",
      "bài & ảnh:", "bài:", "ảnh:", "tác giả:", "tác giả", "người viết:",
      "phóng viên:", "theo ", "by ", "viết bởi", "nguồn:", "thực hiện:"};
  const std::string folded = FoldCase(*s);
  for (std::string_view label : kLabels) {
    if (folded.rfind(label, 0) == 0) {
      // Folding keeps byte lengths for these labels' letters.
      *s = std::string(TrimSpaces(std::string_view(*s).substr(label.size())));
      return true;
    }
  }
  return false;
}

bool IsInside(const GumboNode* node, const GumboNode* scope) {
  for (const GumboNode* a = node; a != nullptr; a = ParentElement(a)) {
    if (a == scope) return true;
  }
  return false;
}

}  // namespace

std::string CleanAuthor(std::string_view author) {
  std::string s = FoldWhitespace(DecodeHtmlEntities(author));
  if (s.size() > kMaxAuthorTextBytes * 2) return "";
  for (int i = 0; i < 3 && CutLabel(&s); ++i) {
  }
  // Drop e-mail addresses and anything after a separator followed by a
  // date or time ("Hà Phong - 24/12/2022", "Minh An | 10:20").
  for (std::string_view sep : {" | ", " - ", " – ", ", ", " (", "|"}) {
    const std::size_t at = s.find(sep);
    if (at == std::string::npos) continue;
    const std::string_view rest = std::string_view(s).substr(at + sep.size());
    const bool has_digit = rest.find_first_of("0123456789") != std::string_view::npos;
    const bool email = rest.find('@') != std::string_view::npos;
    if (has_digit || email || LooksLikeUrl(rest)) s.resize(at);
  }
  std::string out;
  // Remove e-mail-like tokens.
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t end = s.find(' ', start);
    if (end == std::string::npos) end = s.size();
    const std::string_view token = std::string_view(s).substr(start, end - start);
    if (token.find('@') == std::string_view::npos) {
      if (!out.empty()) out.push_back(' ');
      out.append(token);
    }
    start = end + 1;
  }
  std::string_view t = TrimSpaces(out);
  while (!t.empty() && (t.back() == '.' || t.back() == ',' || t.back() == ';' ||
                        t.back() == ':' || t.back() == '-' || t.back() == '|')) {
    t.remove_suffix(1);
    t = TrimSpaces(t);
  }
  while (!t.empty() && (t.front() == '-' || t.front() == ':' || t.front() == '|')) {
    t.remove_prefix(1);
    t = TrimSpaces(t);
  }
  if (t.empty() || t.size() > kMaxAuthorTextBytes || LooksLikeUrl(t)) return "";
  int words = 1, digits = 0;
  for (char c : t) {
    words += c == ' ' ? 1 : 0;
    digits += (c >= '0' && c <= '9') ? 1 : 0;
  }
  if (words > 8 || digits > 0) return "";
  return FastNfc(std::string(t));
}

Result<MetadataRules> MetadataRules::Compile(const SiteRules& rules) {
  MetadataRules compiled;
  const std::pair<const char*, const std::string*> fields[] = {
      {"title", &rules.title}, {"date", &rules.date}, {"author", &rules.author},
      {"lead", &rules.lead},   {"body", &rules.body}};
  for (const auto& [name, text] : fields) {
    if (TrimSpaces(*text).empty()) continue;
    Result<Selector> s = Selector::Parse(*text);
    if (!s.ok()) {
      std::string where;
      if (auto it = rules.where.find(name); it != rules.where.end()) {
        where = it->second + ": ";
      }
      return Status::InvalidArgument(where + "site rule '" + name +
                                     "': " + s.status().ToString());
    }
    std::optional<Selector>* slot =
        std::string_view(name) == "title"    ? &compiled.title
        : std::string_view(name) == "date"   ? &compiled.date
        : std::string_view(name) == "author" ? &compiled.author
        : std::string_view(name) == "lead"   ? &compiled.lead
                                             : &compiled.body;
    slot->emplace(std::move(*s));
  }
  return compiled;
}

PageMetadata ExtractMetadata(const HtmlDocument& doc, std::string_view page_url,
                             const MetadataRules* rules) {
  static const std::optional<Selector> kNoRule;
  PageMetadata m;
  const GumboNode* root = doc.root();
  const PageFacts f = CollectFacts(root);
  std::vector<JsonLdArticle> ld;
  {
    JsonLdLimits limits;
    std::size_t total = 0;
    for (std::string_view text : f.json_ld) {
      total += text.size();
      if (total > limits.max_total_bytes) break;
      for (JsonLdArticle& a : ParseJsonLdArticles(text, limits)) {
        ld.push_back(std::move(a));
      }
    }
  }
  const std::vector<std::string> sites = SiteNames(f, ld, page_url);
  auto ld_field = [&](std::string JsonLdArticle::*field) -> std::string {
    for (const JsonLdArticle& a : ld) {
      if (!(a.*field).empty()) return a.*field;
    }
    return "";
  };
  auto rule_node = [&](const std::optional<Selector>& rule,
                       const char* name) -> const GumboNode* {
    if (rules == nullptr || !rule) return nullptr;
    const GumboNode* node = rule->SelectFirst(root);
    if (node == nullptr) m.rule_misses.emplace_back(name);
    return node;
  };

  // Base URL for relative links.
  std::string base_url(page_url);
  if (!f.base_href.empty()) {
    std::string resolved = ResolveUrlReference(page_url, f.base_href);
    if (!resolved.empty()) base_url = std::move(resolved);
  }

  // --- Site name -----------------------------------------------------------
  m.site_name = f.Meta("og:site_name");
  if (m.site_name.empty()) {
    for (const JsonLdArticle& a : ld) {
      if (!a.publisher.empty()) {
        m.site_name = a.publisher;
        break;
      }
    }
  }
  if (m.site_name.empty()) m.site_name = f.Meta("application-name");

  // --- Title ---------------------------------------------------------------
  std::size_t title_h1 = std::string::npos;  // index into f.elements
  {
    const std::string stripped_title = StripSiteSuffix(f.title_text, sites);
    double best = -1.0;
    for (std::size_t index : f.h1s) {
      const std::string text = NodeText(f.elements[index]);
      if (text.empty() || text.size() > 600) continue;
      const double sim = stripped_title.empty() ? 0.0
                                                : Similarity(text, stripped_title);
      if (sim > best) {
        best = sim;
        title_h1 = index;
      }
    }
    if (const GumboNode* node = rule_node(rules ? rules->title : kNoRule, "title")) {
      m.title = NodeText(node);
      if (!m.title.empty()) m.title_source = "rule";
    }
    if (m.title.empty()) {
      m.title = ld_field(&JsonLdArticle::headline);
      if (!m.title.empty()) m.title_source = "json-ld";
    }
    if (m.title.empty()) {
      m.title = StripSiteSuffix(f.Meta("og:title"), sites);
      if (!m.title.empty()) m.title_source = "og:title";
    }
    if (m.title.empty()) {
      m.title = StripSiteSuffix(f.Meta("twitter:title"), sites);
      if (!m.title.empty()) m.title_source = "twitter:title";
    }
    if (m.title.empty() && title_h1 != std::string::npos &&
        (stripped_title.empty() || best >= 0.3)) {
      m.title = NodeText(f.elements[title_h1]);
      if (!m.title.empty()) m.title_source = "h1";
    }
    if (m.title.empty()) {
      m.title = stripped_title;
      if (!m.title.empty()) m.title_source = "title";
    }
    // The h1 used to find dates near the title: the one like the title.
    if (!m.title.empty()) {
      double best_h1 = -1.0;
      for (std::size_t index : f.h1s) {
        const double sim = Similarity(NodeText(f.elements[index]), m.title);
        if (sim > best_h1) {
          best_h1 = sim;
          title_h1 = index;
        }
      }
      if (best_h1 < 0.3) {
        // Titles can differ from the visible h1 (edited og:title); a page
        // with one h1 that is not the site's logo still has its anchor.
        title_h1 = std::string::npos;
        int content_h1s = 0;
        for (std::size_t index : f.h1s) {
          const std::string text = NodeText(f.elements[index]);
          if (text.size() < 10 || IsSiteName(FoldCase(text), sites)) continue;
          ++content_h1s;
          title_h1 = index;
        }
        if (content_h1s != 1) title_h1 = std::string::npos;
      }
      // Old layouts have no h1: a short element styled as the title.
      for (std::size_t k = 0; k < f.title_hints.size() && title_h1 == std::string::npos; ++k) {
        const std::string text = NodeText(f.elements[f.title_hints[k]]);
        if (text.size() <= 600 && Similarity(text, m.title) >= 0.8) {
          title_h1 = f.title_hints[k];
        }
      }
    }
  }

  // --- Published / modified ------------------------------------------------
  if (const GumboNode* node = rule_node(rules ? rules->date : kNoRule, "date")) {
    m.published = DateFromNode(node);
    if (!m.published.empty()) m.published_source = "rule";
  }
  static constexpr const char* kPublishedMetas[] = {
      "article:published_time", "og:published_time", "datepublished",
      "pubdate", "publishdate", "publish-date", "publish_date",
      "article:published", "dc.date.issued", "dcterms.issued", "dc.date",
      "dcterms.created", "dcterms.date", "date", "parsely-pub-date",
      "sailthru.date", "cxenseparse:recs:publishtime"};
  for (const char* key : kPublishedMetas) {
    if (!m.published.empty()) break;
    for (const std::string& v : f.Metas(key)) {
      m.published = NormalizeDate(v);
      if (!m.published.empty()) {
        m.published_source = key;
        break;
      }
    }
  }
  if (m.published.empty()) {
    for (const JsonLdArticle& a : ld) {
      m.published = NormalizeDate(a.date_published);
      if (!m.published.empty()) {
        m.published_source = "json-ld";
        break;
      }
    }
  }
  auto in_window = [&](std::size_t index) {
    if (title_h1 == std::string::npos) return false;
    return index + kDateWindowBefore >= title_h1 &&
           index <= title_h1 + kDateWindowAfter;
  };
  if (m.published.empty()) {
    // <time datetime>: marked as the publication time, else near the title.
    std::string near;
    for (std::size_t index : f.times) {
      const GumboNode* node = f.elements[index];
      const std::string_view datetime = Attribute(node, "datetime");
      if (datetime.empty()) continue;
      const std::string iso = NormalizeDate(datetime);
      if (iso.empty()) continue;
      const std::string hints = AsciiLower(Attribute(node, "itemprop")) + " " +
                                AsciiLower(Attribute(node, "class"));
      if (HasAttribute(node, "pubdate") ||
          HasHint(hints, {"datepublished", "publish"})) {
        m.published = iso;
        break;
      }
      if (near.empty() && in_window(index)) near = iso;
    }
    if (m.published.empty()) m.published = near;
    if (!m.published.empty()) m.published_source = "time";
  }
  if (m.published.empty()) {
    // Visible date text near the title.  Preference: a time of day, then
    // after the title rather than before (headers show today's date), then
    // the nearest.  Without a title anchor only class-hinted elements count.
    struct Candidate {
      std::size_t index;
      bool has_time;
      bool after;
      std::size_t distance;
      std::string iso;
    };
    std::optional<Candidate> best;
    auto consider = [&](std::size_t index) {
      const std::string text = NodeText(f.elements[index]);
      if (text.empty() || text.size() > kMaxDateTextBytes) return;
      std::optional<DateTime> dt = ParseDateTime(text);
      if (!dt) return;
      Candidate c{index, dt->has_time, title_h1 == std::string::npos || index > title_h1,
                  title_h1 == std::string::npos
                      ? index
                      : (index > title_h1 ? index - title_h1 : title_h1 - index),
                  dt->ToIso8601()};
      auto key = [](const Candidate& x) {
        return std::make_tuple(!x.has_time, !x.after, x.distance);
      };
      if (!best || key(c) < key(*best)) best = std::move(c);
    };
    if (title_h1 == std::string::npos) {
      for (std::size_t index : f.date_hints) consider(index);
    } else {
      const std::size_t begin =
          title_h1 > kDateWindowBefore ? title_h1 - kDateWindowBefore : 0;
      const std::size_t end =
          std::min(f.elements.size(), title_h1 + kDateWindowAfter + 1);
      for (std::size_t i = begin; i < end; ++i) {
        if (i != title_h1) consider(i);
      }
    }
    if (best) {
      m.published = best->iso;
      m.published_source = "visible-date";
    }
  }
  static constexpr const char* kModifiedMetas[] = {
      "article:modified_time", "og:updated_time", "datemodified",
      "last-modified", "dc.date.modified", "dcterms.modified",
      "article:updated_time"};
  for (const char* key : kModifiedMetas) {
    if (!m.modified.empty()) break;
    for (const std::string& v : f.Metas(key)) {
      m.modified = NormalizeDate(v);
      if (!m.modified.empty()) {
        m.modified_source = key;
        break;
      }
    }
  }
  if (m.modified.empty()) {
    for (const JsonLdArticle& a : ld) {
      m.modified = NormalizeDate(a.date_modified);
      if (!m.modified.empty()) {
        m.modified_source = "json-ld";
        break;
      }
    }
  }

  // --- Author --------------------------------------------------------------
  auto accept_author = [&](const std::string& raw) -> std::string {
    std::string a = CleanAuthor(raw);
    if (a.empty() || IsSiteName(FoldCase(a), sites)) return "";
    return a;
  };
  if (const GumboNode* node = rule_node(rules ? rules->author : kNoRule, "author")) {
    m.author = accept_author(NodeText(node));
    if (!m.author.empty()) m.author_source = "rule";
  }
  for (const char* key : {"author", "article:author", "dc.creator",
                          "parsely-author", "sailthru.author", "byl"}) {
    if (!m.author.empty()) break;
    for (const std::string& v : f.Metas(key)) {
      m.author = accept_author(v);
      if (!m.author.empty()) {
        m.author_source = key;
        break;
      }
    }
  }
  if (m.author.empty()) {
    for (const JsonLdArticle& a : ld) {
      std::string joined;
      for (const std::string& name : a.authors) {
        const std::string clean = accept_author(name);
        if (clean.empty() || joined.find(clean) != std::string::npos) continue;
        if (!joined.empty()) joined += ", ";
        joined += clean;
      }
      if (!joined.empty()) {
        m.author = std::move(joined);
        m.author_source = "json-ld";
        break;
      }
    }
  }
  if (m.author.empty()) {
    for (std::size_t index : f.author_hints) {
      const GumboNode* node = f.elements[index];
      // itemprop=author often wraps itemprop=name.
      std::string text;
      ForEachElement(node, [&](const GumboNode* n) {
        if (!text.empty()) return false;
        if (AsciiLower(Attribute(n, "itemprop")) == "name") {
          text = NodeText(n);
          return false;
        }
        return true;
      });
      if (text.empty()) {
        const std::string_view content = Attribute(node, "content");
        text = content.empty() ? NodeText(node) : CleanText(content);
      }
      if (text.size() > kMaxAuthorTextBytes * 2) continue;
      m.author = accept_author(text);
      if (!m.author.empty()) {
        m.author_source = "byline";
        break;
      }
    }
  }

  if (m.author.empty()) {
    // End-of-body byline: the last short paragraph after the title that is
    // right-aligned, or starts with a byline label ("Theo", "Bài và ảnh:").
    const GumboNode* scope = nullptr;
    if (rules != nullptr && rules->body) scope = rules->body->SelectFirst(root);
    for (std::size_t k = f.paragraphs.size(); k > 0 && m.author.empty(); --k) {
      const std::size_t index = f.paragraphs[k - 1];
      if (title_h1 == std::string::npos || index < title_h1) break;
      const GumboNode* p = f.elements[index];
      if (scope != nullptr && !IsInside(p, scope)) continue;
      const std::string text = NodeText(p);
      if (text.empty() || text.size() > kMaxAuthorTextBytes) continue;
      const std::string style = AsciiLower(Attribute(p, "style"));
      const bool right = AsciiLower(Attribute(p, "align")) == "right" ||
                         HasHint(style, {"text-align:right", "text-align: right"});
      std::string labelled = text;
      const bool label = CutLabel(&labelled);
      if (!right && !label) {
        if (text.size() > 40) break;  // a body paragraph: bylines are last
        continue;
      }
      m.author = accept_author(text);
      if (!m.author.empty()) m.author_source = "byline";
      break;
    }
  }

  // --- Lead ----------------------------------------------------------------
  auto set_lead = [&](std::string text, const char* source) {
    const std::string_view stripped = StripSourcePrefix(text);
    if (TrimSpaces(stripped).empty()) return;
    m.lead = std::string(TrimSpaces(stripped));
    m.lead_source = source;
  };
  if (const GumboNode* node = rule_node(rules ? rules->lead : kNoRule, "lead")) {
    set_lead(NodeText(node), "rule");
  }
  for (const char* key : {"description", "og:description", "twitter:description"}) {
    if (!m.lead.empty()) break;
    set_lead(f.Meta(key), key);
  }
  if (m.lead.empty()) set_lead(ld_field(&JsonLdArticle::description), "json-ld");
  if (m.lead.empty()) {
    for (std::size_t index : f.lead_hints) {
      const std::string text = NodeText(f.elements[index]);
      if (text.size() >= 40 && text.size() <= 2000) {
        set_lead(text, "sapo");
        break;
      }
    }
  }

  // --- Canonical URL -------------------------------------------------------
  auto set_canonical = [&](std::string_view href, const char* source) {
    if (!m.canonical_url.empty() || TrimSpaces(href).empty()) return;
    std::string resolved = ResolveUrlReference(base_url, href);
    if (resolved.rfind("http", 0) != 0) return;
    m.canonical_url = std::move(resolved);
    m.canonical_source = source;
  };
  set_canonical(f.canonical_href, "link-canonical");
  set_canonical(f.Meta("og:url"), "og:url");
  set_canonical(ld_field(&JsonLdArticle::url), "json-ld");
  set_canonical(page_url, "page-url");

  // --- Language ------------------------------------------------------------
  auto set_language = [&](std::string_view value, const char* source) {
    if (!m.language.empty()) return;
    std::string lang(TrimSpaces(value));
    if (lang.empty() || lang.size() > 35) return;
    std::replace(lang.begin(), lang.end(), '_', '-');
    const std::size_t dash = lang.find('-');
    const std::string primary = AsciiLower(lang.substr(0, dash));
    if (primary.size() < 2 || primary.size() > 8) return;
    for (char c : primary) {
      if (c < 'a' || c > 'z') return;
    }
    m.language = primary + (dash == std::string::npos ? "" : lang.substr(dash));
    m.language_source = source;
  };
  set_language(f.html_lang, "html-lang");
  set_language(f.Meta("content-language"), "content-language");
  set_language(f.Meta("og:locale"), "og:locale");
  set_language(ld_field(&JsonLdArticle::language), "json-ld");

  // --- Section and tags ----------------------------------------------------
  m.section = f.Meta("article:section");
  if (m.section.empty()) m.section = ld_field(&JsonLdArticle::section);
  std::set<std::string> seen_tags;
  auto add_tag = [&](std::string_view tag) {
    std::string t(TrimSpaces(tag));
    if (t.empty() || t.size() > 100 || m.tags.size() >= kMaxTags) return;
    if (seen_tags.insert(FoldCase(t)).second) m.tags.push_back(std::move(t));
  };
  for (const std::string& t : f.Metas("article:tag")) add_tag(t);
  if (m.tags.empty()) {
    for (const JsonLdArticle& a : ld) {
      for (const std::string& k : a.keywords) add_tag(k);
      if (!m.tags.empty()) break;
    }
  }
  for (const char* key : {"news_keywords", "keywords"}) {
    if (!m.tags.empty()) break;
    const std::string all = f.Meta(key);
    std::size_t start = 0;
    while (start < all.size()) {
      std::size_t comma = all.find(',', start);
      if (comma == std::string::npos) comma = all.size();
      add_tag(std::string_view(all).substr(start, comma - start));
      start = comma + 1;
    }
  }

  // --- Images --------------------------------------------------------------
  std::set<std::string> seen_images;
  auto add_image = [&](std::string_view src, std::string caption) {
    if (m.images.size() >= kMaxImages) return;
    src = TrimSpaces(src);
    if (src.empty() || src.rfind("data:", 0) == 0) return;
    std::string url = ResolveUrlReference(base_url, src);
    if (url.rfind("http", 0) != 0) return;
    if (!seen_images.insert(url).second) {
      if (!caption.empty()) {
        for (ImageRef& image : m.images) {
          if (image.url == url && image.caption.empty()) image.caption = caption;
        }
      }
      return;
    }
    m.images.push_back({std::move(url), std::move(caption)});
  };
  add_image(f.Meta("og:image"), f.Meta("og:image:alt"));
  for (const JsonLdArticle& a : ld) {
    for (const std::string& image : a.images) add_image(image, "");
  }
  {
    const GumboNode* scope = nullptr;
    if (rules != nullptr && rules->body) scope = rules->body->SelectFirst(root);
    if (scope == nullptr) scope = f.article;
    for (std::size_t index : f.figures) {
      const GumboNode* figure = f.elements[index];
      if (scope != nullptr && !IsInside(figure, scope)) continue;
      const GumboNode* img = FindFirstElement(figure, GUMBO_TAG_IMG);
      if (img == nullptr) continue;
      std::string_view src;
      for (const char* attr : {"data-original", "data-src", "src"}) {
        src = TrimSpaces(Attribute(img, attr));
        if (!src.empty() && src.rfind("data:", 0) != 0) break;
      }
      add_image(src, NodeText(FindFirstElement(figure, GUMBO_TAG_FIGCAPTION)));
    }
  }
  return m;
}

}  // namespace newscrawl
