#include "extractor/json_ld.h"

#include <nlohmann/json.hpp>

#include <cstdint>

#include "extractor/html_document.h"
#include "extractor/unicode_text.h"

namespace newscrawl {
namespace {

using Json = nlohmann::json;

std::string_view Trim(std::string_view s) {
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Removes <!-- --> and CDATA wrappers, and replaces raw control characters
// inside strings (which JSON forbids but CMSs emit) by spaces.  Returns
// false when the nesting is deeper than `max_depth`.
bool CleanJson(std::string_view in, int max_depth, std::string* out) {
  in = Trim(in);
  for (std::string_view prefix : {"<!--", "//<![CDATA[", "<![CDATA["}) {
    if (in.substr(0, prefix.size()) == prefix) in = Trim(in.substr(prefix.size()));
  }
  for (std::string_view suffix : {"-->", "//]]>", "]]>"}) {
    if (in.size() >= suffix.size() &&
        in.substr(in.size() - suffix.size()) == suffix) {
      in = Trim(in.substr(0, in.size() - suffix.size()));
    }
  }
  out->clear();
  out->reserve(in.size());
  bool in_string = false, escaped = false;
  int depth = 0;
  for (char c : in) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      } else if (static_cast<unsigned char>(c) < 0x20) {
        c = ' ';
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) return false;
    } else if (c == '}' || c == ']') {
      --depth;
    }
    out->push_back(c);
  }
  return true;
}

std::string Clean(std::string_view s) {
  return FastNfc(FoldWhitespace(DecodeHtmlEntities(s)));
}

// The text of a JSON value: a string, a number, or an object's @value /
// name / @id; the first usable element of an array.
std::string TextOf(const Json& v) {
  if (v.is_string()) return Clean(v.get_ref<const std::string&>());
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_object()) {
    for (const char* key : {"@value", "name", "@id", "url"}) {
      auto it = v.find(key);
      if (it != v.end() && it->is_string()) {
        return Clean(it->get_ref<const std::string&>());
      }
    }
  }
  if (v.is_array()) {
    for (const Json& e : v) {
      if (e.is_array()) continue;  // one level only
      std::string t = TextOf(e);
      if (!t.empty()) return t;
    }
  }
  return "";
}

// Every name in a string / object / array of them.
std::vector<std::string> NamesOf(const Json& v, const char* object_key) {
  std::vector<std::string> out;
  auto add = [&](const Json& e) {
    std::string t;
    if (e.is_string()) {
      t = Clean(e.get_ref<const std::string&>());
    } else if (e.is_object()) {
      auto it = e.find(object_key);
      if (it == e.end() && std::string_view(object_key) == "url") {
        it = e.find("contentUrl");
      }
      if (it != e.end()) t = TextOf(*it);
    }
    if (!t.empty()) out.push_back(std::move(t));
  };
  if (v.is_array()) {
    for (const Json& e : v) add(e);
  } else {
    add(v);
  }
  return out;
}

bool IsArticleType(std::string_view type) {
  const std::size_t slash = type.rfind('/');
  if (slash != std::string_view::npos) type.remove_prefix(slash + 1);
  if (type == "Article" || type == "BlogPosting" ||
      type == "LiveBlogPosting" || type == "Report") {
    return true;
  }
  constexpr std::string_view kNews = "NewsArticle";
  return type.size() >= kNews.size() &&
         type.substr(type.size() - kNews.size()) == kNews;
}

// The article type of an object, or "".
std::string ArticleType(const Json& object) {
  auto it = object.find("@type");
  if (it == object.end()) return "";
  if (it->is_string()) {
    const std::string& t = it->get_ref<const std::string&>();
    return IsArticleType(t) ? t : "";
  }
  if (it->is_array()) {
    for (const Json& e : *it) {
      if (e.is_string() && IsArticleType(e.get_ref<const std::string&>())) {
        return e.get<std::string>();
      }
    }
  }
  return "";
}

JsonLdArticle ToArticle(const Json& o, std::string type) {
  JsonLdArticle a;
  a.type = std::move(type);
  auto text = [&](const char* key) -> std::string {
    auto it = o.find(key);
    return it == o.end() ? std::string() : TextOf(*it);
  };
  a.headline = text("headline");
  if (a.headline.empty()) a.headline = text("name");
  a.date_published = text("datePublished");
  if (a.date_published.empty()) a.date_published = text("dateCreated");
  a.date_modified = text("dateModified");
  a.description = text("description");
  a.section = text("articleSection");
  a.language = text("inLanguage");
  a.url = text("mainEntityOfPage");
  if (a.url.find("://") == std::string::npos) a.url = text("url");
  if (auto it = o.find("author"); it != o.end()) a.authors = NamesOf(*it, "name");
  if (auto it = o.find("image"); it != o.end()) a.images = NamesOf(*it, "url");
  if (auto it = o.find("publisher"); it != o.end()) a.publisher = TextOf(*it);
  if (auto it = o.find("keywords"); it != o.end()) {
    if (it->is_array()) {
      a.keywords = NamesOf(*it, "name");
    } else if (it->is_string()) {
      const std::string all = Clean(it->get_ref<const std::string&>());
      std::size_t start = 0;
      while (start <= all.size()) {
        std::size_t comma = all.find(',', start);
        if (comma == std::string::npos) comma = all.size();
        std::string_view k = Trim(std::string_view(all).substr(start, comma - start));
        if (!k.empty()) a.keywords.emplace_back(k);
        start = comma + 1;
      }
    }
  }
  return a;
}

}  // namespace

std::string DecodeHtmlEntities(std::string_view text) {
  if (text.find('&') == std::string_view::npos) return std::string(text);
  static constexpr std::pair<std::string_view, uint32_t> kNamed[] = {
      {"amp", '&'},     {"lt", '<'},       {"gt", '>'},      {"quot", '"'},
      {"apos", '\''},   {"nbsp", 0xA0},    {"ndash", 0x2013}, {"mdash", 0x2014},
      {"hellip", 0x2026}, {"lsquo", 0x2018}, {"rsquo", 0x2019},
      {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"copy", 0xA9}};
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '&') {
      out.push_back(text[i++]);
      continue;
    }
    const std::size_t window = text.substr(i + 1, 12).find(';');
    const std::size_t semi =
        window == std::string_view::npos ? window : i + 1 + window;
    if (semi == std::string_view::npos) {
      out.push_back(text[i++]);
      continue;
    }
    const std::string_view name = text.substr(i + 1, semi - i - 1);
    bool done = false;
    if (!name.empty() && name[0] == '#') {
      uint32_t cp = 0;
      const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
      const std::string_view digits = name.substr(hex ? 2 : 1);
      bool ok = !digits.empty() && digits.size() <= 7;
      for (char c : digits) {
        if (!ok) break;
        uint32_t d;
        if (c >= '0' && c <= '9') d = static_cast<uint32_t>(c - '0');
        else if (hex && c >= 'a' && c <= 'f') d = static_cast<uint32_t>(c - 'a' + 10);
        else if (hex && c >= 'A' && c <= 'F') d = static_cast<uint32_t>(c - 'A' + 10);
        else { ok = false; break; }
        cp = cp * (hex ? 16u : 10u) + d;
      }
      if (ok) {
        AppendUtf8(cp, &out);
        done = true;
      }
    } else {
      for (const auto& [entity, cp] : kNamed) {
        if (name == entity) {
          AppendUtf8(cp, &out);
          done = true;
          break;
        }
      }
    }
    if (done) {
      i = semi + 1;
    } else {
      out.push_back(text[i++]);
    }
  }
  return out;
}

std::vector<JsonLdArticle> ParseJsonLdArticles(std::string_view json,
                                               const JsonLdLimits& limits) {
  std::vector<JsonLdArticle> out;
  if (json.size() > limits.max_block_bytes) return out;
  std::string cleaned;
  if (!CleanJson(json, limits.max_depth, &cleaned)) return out;
  const Json root = Json::parse(cleaned, nullptr, /*allow_exceptions=*/false,
                                /*ignore_comments=*/true);
  if (root.is_discarded()) return out;
  // Iterative walk in document order (children pushed in reverse).
  std::vector<const Json*> stack = {&root};
  while (!stack.empty()) {
    const Json* v = stack.back();
    stack.pop_back();
    if (v->is_object()) {
      std::string type = ArticleType(*v);
      if (!type.empty()) out.push_back(ToArticle(*v, std::move(type)));
      std::vector<const Json*> children;
      for (const auto& item : v->items()) {
        if (item.value().is_structured()) children.push_back(&item.value());
      }
      for (auto it = children.rbegin(); it != children.rend(); ++it) {
        stack.push_back(*it);
      }
    } else if (v->is_array()) {
      for (auto it = v->rbegin(); it != v->rend(); ++it) {
        if (it->is_structured()) stack.push_back(&*it);
      }
    }
  }
  return out;
}

std::vector<JsonLdArticle> ExtractJsonLdArticles(const GumboNode* root,
                                                 const JsonLdLimits& limits) {
  std::vector<JsonLdArticle> out;
  std::size_t total = 0;
  ForEachElement(root, [&](const GumboNode* node) {
    if (!IsElement(node, GUMBO_TAG_SCRIPT)) return true;
    std::string type(Trim(Attribute(node, "type")));
    for (char& c : type) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    if (type != "application/ld+json") return false;
    const GumboVector& children = node->v.element.children;
    for (unsigned int i = 0; i < children.length; ++i) {
      const auto* child = static_cast<const GumboNode*>(children.data[i]);
      if (child->type != GUMBO_NODE_TEXT && child->type != GUMBO_NODE_CDATA &&
          child->type != GUMBO_NODE_WHITESPACE) {
        continue;
      }
      const std::string_view text = child->v.text.text;
      total += text.size();
      if (total > limits.max_total_bytes) return false;
      for (JsonLdArticle& a : ParseJsonLdArticles(text, limits)) {
        out.push_back(std::move(a));
      }
    }
    return false;
  });
  return out;
}

}  // namespace newscrawl
