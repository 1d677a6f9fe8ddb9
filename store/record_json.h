// JSON views of stored records, shared by `show`, `stats` and `dump`:
// ArticleRecordToJson is the extractor's article JSON (ArticleToJson) plus
// id, urls, site, first_seen, last_seen, duplicate_of, replaced_by,
// fingerprint and history.  Times are ISO 8601 UTC ("...Z").
// Serialise with DumpJson (invalid UTF-8 is replaced, never thrown).
#ifndef NEWSCRAWL_STORE_RECORD_JSON_H_
#define NEWSCRAWL_STORE_RECORD_JSON_H_

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

#include "store/store_records.h"

namespace newscrawl {

// "2025-10-22T01:00:00Z"; "" for 0.
std::string FormatUnixTime(std::int64_t unix_seconds);

nlohmann::json ArticleRecordToJson(const ArticleRecord& record);

// Page metadata; with `with_body`, the body as a string when it is valid
// UTF-8 (else "body_bytes" only).
nlohmann::json PageRecordToJson(std::uint64_t page_id, const PageRecord& page,
                                bool with_body);

nlohmann::json UrlStateToJson(const UrlState& state);

// json.dump(indent) with invalid UTF-8 replaced by U+FFFD.
std::string DumpJson(const nlohmann::json& json, int indent = -1);

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_RECORD_JSON_H_
