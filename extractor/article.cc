#include "extractor/article.h"

#include <nlohmann/json.hpp>

namespace newscrawl {
namespace {

nlohmann::json StringOrNull(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}

// Reads an optional string field; false if present with another type.
bool ReadString(const nlohmann::json& j, const char* key, std::string* out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return true;
  if (!it->is_string()) return false;
  *out = it->get<std::string>();
  return true;
}

}  // namespace

nlohmann::json ArticleToJson(const Article& a) {
  nlohmann::json images = nlohmann::json::array();
  for (const ArticleImage& image : a.images) {
    images.push_back({{"url", image.url}, {"caption", StringOrNull(image.caption)}});
  }
  return nlohmann::json{
      {"url", StringOrNull(a.url)},
      {"canonical_url", StringOrNull(a.canonical_url)},
      {"title", StringOrNull(a.title)},
      {"published", StringOrNull(a.published)},
      {"modified", StringOrNull(a.modified)},
      {"author", StringOrNull(a.author)},
      {"lead", StringOrNull(a.lead)},
      {"body", a.body},
      {"images", std::move(images)},
      {"tags", a.tags},
      {"section", StringOrNull(a.section)},
      {"language", StringOrNull(a.language)},
  };
}

Result<Article> ArticleFromJson(const nlohmann::json& j) {
  if (!j.is_object()) return Status::InvalidArgument("article: not an object");
  Article a;
  const std::pair<const char*, std::string*> fields[] = {
      {"url", &a.url},           {"canonical_url", &a.canonical_url},
      {"title", &a.title},       {"published", &a.published},
      {"modified", &a.modified}, {"author", &a.author},
      {"lead", &a.lead},         {"body", &a.body},
      {"section", &a.section},   {"language", &a.language}};
  for (const auto& [key, field] : fields) {
    if (!ReadString(j, key, field)) {
      return Status::InvalidArgument(std::string("article: field '") + key +
                                     "' is not a string");
    }
  }
  if (auto it = j.find("images"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) {
      return Status::InvalidArgument("article: field 'images' is not an array");
    }
    for (const nlohmann::json& image : *it) {
      ArticleImage out;
      if (!image.is_object() || !ReadString(image, "url", &out.url) ||
          !ReadString(image, "caption", &out.caption)) {
        return Status::InvalidArgument("article: bad entry in 'images'");
      }
      a.images.push_back(std::move(out));
    }
  }
  if (auto it = j.find("tags"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) {
      return Status::InvalidArgument("article: field 'tags' is not an array");
    }
    for (const nlohmann::json& tag : *it) {
      if (!tag.is_string()) {
        return Status::InvalidArgument("article: bad entry in 'tags'");
      }
      a.tags.push_back(tag.get<std::string>());
    }
  }
  return a;
}

}  // namespace newscrawl
