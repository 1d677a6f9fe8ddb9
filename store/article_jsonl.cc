#include "store/article_jsonl.h"

#include <nlohmann/json.hpp>

#include "store/utc_time.h"

namespace newscrawl {

nlohmann::json ArticleRecordToJson(const ArticleRecord& record) {
  nlohmann::json j = ArticleToJson(record.article);
  auto time_or_null = [](std::int64_t t) {
    return t == 0 ? nlohmann::json(nullptr) : nlohmann::json(FormatUtcTime(t));
  };
  j["id"] = record.key.ToHex();
  j["urls"] = record.urls;
  j["site"] = record.site;
  j["first_seen"] = time_or_null(record.first_seen);
  j["last_seen"] = time_or_null(record.last_seen);
  j["duplicate_of"] = record.duplicate_of.empty()
                          ? nlohmann::json(nullptr)
                          : nlohmann::json(record.duplicate_of.ToHex());
  return j;
}

void AppendArticleJsonLine(const ArticleRecord& record, std::string* out) {
  *out += ArticleRecordToJson(record).dump(-1, ' ', false,
                                           nlohmann::json::error_handler_t::replace);
  out->push_back('\n');
}

}  // namespace newscrawl
