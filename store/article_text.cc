#include "store/article_text.h"

#include "store/utc_time.h"

namespace newscrawl {
namespace {

std::string SafeComponent(std::string_view name) {
  std::string out;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
    out.push_back(ok ? c : '_');
  }
  if (out.empty() || out.find_first_not_of('.') == std::string::npos) {
    out = "_" + out;
  }
  return out;
}

// One line: line breaks inside a title or an author become spaces.
void AppendLine(std::string_view text, std::string* out) {
  for (const char c : text) out->push_back(c == '\n' || c == '\r' ? ' ' : c);
  out->push_back('\n');
}

}  // namespace

std::string ArticleTextPath(const ArticleRecord& record) {
  std::string path = SafeComponent(record.site);
  const std::string_view published = record.article.published;
  if (published.size() >= 10 && IsValidDate(published.substr(0, 10))) {
    path += '/';
    path += published.substr(0, 4);
    path += '/';
    path += published.substr(5, 2);
    path += '/';
    path += published.substr(8, 2);
  } else {
    path += "/undated";
  }
  path += '/';
  path += record.key.ToHex();
  path += ".txt";
  return path;
}

std::string ArticleText(const ArticleRecord& record) {
  const Article& a = record.article;
  std::string out;
  out.reserve(a.title.size() + a.body.size() + 128);
  AppendLine(a.title, &out);
  AppendLine(a.published, &out);
  AppendLine(a.author, &out);
  out.push_back('\n');
  out += a.body;
  if (!a.body.empty() && a.body.back() != '\n') out.push_back('\n');
  return out;
}

}  // namespace newscrawl
