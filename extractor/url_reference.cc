#include "extractor/url_reference.h"

#include <vector>

namespace newscrawl {
namespace {

struct UriParts {
  std::string scheme;
  bool has_authority = false;
  std::string authority;
  std::string path;
  bool has_query = false;
  std::string query;
  bool has_fragment = false;
  std::string fragment;
};

bool IsSchemeChar(char c, bool first) {
  const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (first) return alpha;
  return alpha || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

// RFC 3986 appendix B.
UriParts Split(std::string_view s) {
  UriParts p;
  std::size_t i = 0;
  const std::size_t colon = s.find(':');
  if (colon != std::string_view::npos && colon > 0) {
    bool ok = true;
    for (std::size_t k = 0; k < colon && ok; ++k) ok = IsSchemeChar(s[k], k == 0);
    if (ok) {
      p.scheme = std::string(s.substr(0, colon));
      for (char& c : p.scheme) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
      i = colon + 1;
    }
  }
  if (s.substr(i, 2) == "//") {
    p.has_authority = true;
    const std::size_t end = s.find_first_of("/?#", i + 2);
    const std::size_t stop = end == std::string_view::npos ? s.size() : end;
    p.authority = std::string(s.substr(i + 2, stop - i - 2));
    i = stop;
  }
  std::size_t end = s.find_first_of("?#", i);
  if (end == std::string_view::npos) end = s.size();
  p.path = std::string(s.substr(i, end - i));
  i = end;
  if (i < s.size() && s[i] == '?') {
    p.has_query = true;
    std::size_t hash = s.find('#', i);
    if (hash == std::string_view::npos) hash = s.size();
    p.query = std::string(s.substr(i + 1, hash - i - 1));
    i = hash;
  }
  if (i < s.size() && s[i] == '#') {
    p.has_fragment = true;
    p.fragment = std::string(s.substr(i + 1));
  }
  return p;
}

// RFC 3986 5.2.4, iteratively over segments.
std::string RemoveDotSegments(std::string_view path) {
  if (path.empty()) return "";
  const bool absolute = path.front() == '/';
  std::vector<std::string_view> out;
  std::size_t i = absolute ? 1 : 0;
  bool trailing_slash = false;
  while (i <= path.size()) {
    std::size_t slash = path.find('/', i);
    if (slash == std::string_view::npos) slash = path.size();
    const std::string_view seg = path.substr(i, slash - i);
    const bool last = slash == path.size();
    if (seg == ".") {
      trailing_slash = last;
    } else if (seg == "..") {
      if (!out.empty()) out.pop_back();
      trailing_slash = last;
    } else {
      out.push_back(seg);
      trailing_slash = false;
    }
    i = slash + 1;
  }
  std::string result = absolute ? "/" : "";
  for (std::size_t k = 0; k < out.size(); ++k) {
    if (k > 0) result += '/';
    result += out[k];
  }
  if (trailing_slash && !result.empty() && result.back() != '/') result += '/';
  return result;
}

std::string Merge(const UriParts& base, std::string_view ref_path) {
  std::string out;
  if (base.has_authority && base.path.empty()) {
    out.push_back('/');
  } else {
    const std::size_t slash = base.path.rfind('/');
    if (slash != std::string::npos) out.append(base.path, 0, slash + 1);
  }
  out.append(ref_path);
  return out;
}

std::string Join(const UriParts& p) {
  std::string out = p.scheme;
  out.push_back(':');
  if (p.has_authority) {
    out.append("//");
    out.append(p.authority);
  }
  out.append(p.path);
  if (p.has_query) {
    out.push_back('?');
    out.append(p.query);
  }
  if (p.has_fragment) {
    out.push_back('#');
    out.append(p.fragment);
  }
  return out;
}

std::string CleanReference(std::string_view ref) {
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  };
  while (!ref.empty() && space(ref.front())) ref.remove_prefix(1);
  while (!ref.empty() && space(ref.back())) ref.remove_suffix(1);
  std::string out;
  out.reserve(ref.size());
  for (char c : ref) {
    if (c == '\t' || c == '\n' || c == '\r') continue;
    out.push_back(c == '\\' ? '/' : c);
  }
  return out;
}

}  // namespace

std::string ResolveUrlReference(std::string_view base_text,
                                std::string_view reference) {
  const std::string ref_text = CleanReference(reference);
  if (ref_text.empty()) return "";
  const UriParts r = Split(ref_text);
  UriParts t;
  if (!r.scheme.empty()) {
    t = r;
    t.path = RemoveDotSegments(r.path);
    return Join(t);
  }
  const UriParts base = Split(CleanReference(base_text));
  if (base.scheme.empty()) return "";
  if (r.has_authority) {
    t = r;
    t.path = RemoveDotSegments(r.path);
  } else {
    if (r.path.empty()) {
      t.path = base.path;
      t.has_query = r.has_query || base.has_query;
      t.query = r.has_query ? r.query : base.query;
    } else {
      t.path = RemoveDotSegments(r.path.front() == '/' ? std::string_view(r.path)
                                                       : Merge(base, r.path));
      t.has_query = r.has_query;
      t.query = r.query;
    }
    t.has_authority = base.has_authority;
    t.authority = base.authority;
  }
  t.scheme = base.scheme;
  t.has_fragment = r.has_fragment;
  t.fragment = r.fragment;
  return Join(t);
}

}  // namespace newscrawl
