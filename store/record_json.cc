#include "store/record_json.h"

#include <ctime>

#include "extractor/unicode_text.h"

namespace newscrawl {

namespace {

nlohmann::json KeyOrNull(const ArticleKey& key) {
  return key.empty() ? nlohmann::json(nullptr) : nlohmann::json(key.ToHex());
}

nlohmann::json TimeOrNull(std::int64_t t) {
  return t == 0 ? nlohmann::json(nullptr) : nlohmann::json(FormatUnixTime(t));
}

}  // namespace

std::string FormatUnixTime(std::int64_t unix_seconds) {
  if (unix_seconds == 0) return "";
  const auto t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr) return "";
  char buf[32];
  const std::size_t n = std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(buf, n);
}

nlohmann::json ArticleRecordToJson(const ArticleRecord& record) {
  nlohmann::json j = ArticleToJson(record.article);
  j["id"] = record.key.ToHex();
  j["urls"] = record.urls;
  j["site"] = record.site;
  j["first_seen"] = TimeOrNull(record.first_seen);
  j["last_seen"] = TimeOrNull(record.last_seen);
  j["duplicate_of"] = KeyOrNull(record.duplicate_of);
  j["replaced_by"] = KeyOrNull(record.replaced_by);
  j["fingerprint"] = record.fingerprint;
  nlohmann::json history = nlohmann::json::array();
  for (const ArticleVersion& v : record.history) {
    history.push_back({{"url", v.url},
                       {"id", v.key.ToHex()},
                       {"replaced_at", TimeOrNull(v.replaced_at)}});
  }
  j["history"] = std::move(history);
  return j;
}

nlohmann::json PageRecordToJson(std::uint64_t page_id, const PageRecord& page,
                                bool with_body) {
  nlohmann::json j{
      {"page_id", page_id},
      {"url", page.url},
      {"final_url", page.final_url},
      {"status", page.status},
      {"fetch_time", TimeOrNull(page.fetch_time)},
      {"etag", page.etag},
      {"last_modified", page.last_modified},
      {"content_type", page.content_type},
      {"site", page.site},
      {"fingerprint", page.fingerprint},
      {"article_id", KeyOrNull(page.article_key)},
      {"body_bytes", page.body.size()},
  };
  if (with_body && IsValidUtf8(page.body)) j["body"] = page.body;
  return j;
}

nlohmann::json UrlStateToJson(const UrlState& s) {
  return nlohmann::json{
      {"last_fetch", TimeOrNull(s.last_fetch)},
      {"etag", s.etag},
      {"last_modified", s.last_modified},
      {"article_id", KeyOrNull(s.article_key)},
      {"page_id", s.page_id},
      {"next_revisit", TimeOrNull(s.next_revisit)},
      {"kind", std::string(UrlKindName(s.kind))},
      {"fail_count", s.fail_count},
      {"fetch_count", s.fetch_count},
      {"rules_fingerprint", s.rules_fingerprint},
  };
}

std::string DumpJson(const nlohmann::json& json, int indent) {
  return json.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace newscrawl
