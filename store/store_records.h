// The records the store keeps, as plain structs.  Their on-disk encodings
// are in store/record_codec.h.  Times are Unix seconds (UTC); 0 = unknown.
//
//   pages    page id (uint64, big-endian, increasing) -> PageRecord
//   articles ArticleKey (16 bytes)                     -> ArticleRecord
//   urls     canonical URL                             -> UrlState
//
// Thread safety: value types.
#ifndef NEWSCRAWL_STORE_STORE_RECORDS_H_
#define NEWSCRAWL_STORE_STORE_RECORDS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "extractor/article.h"
#include "store/article_key.h"

namespace newscrawl {

// What a URL is to the crawler.  Stored as one byte: never renumber.
enum class UrlKind : std::uint8_t {
  kArticle = 0,
  kListing = 1,
  kFeed = 2,
  kSitemap = 3,
  kRobots = 4,
  kOther = 5,
};
std::string_view UrlKindName(UrlKind kind);  // "article", "listing", ...

// One fetched response.  `body` is the raw (decoded transfer-encoding)
// response body; it is zstd-compressed on disk and decompressed on read.
struct PageRecord {
  std::string url;        // the URL that was requested (canonical)
  std::string final_url;  // after redirects ("" = same as url)
  int status = 0;         // HTTP status
  std::int64_t fetch_time = 0;
  std::string etag;
  std::string last_modified;
  std::string content_type;
  std::string site;         // config site name
  std::string body;         // raw bytes
  std::string fingerprint;  // extraction rules fingerprint
  ArticleKey article_key;   // the article extracted from it (empty: none)

  bool operator==(const PageRecord&) const = default;
};

// The crawler's memory of one canonical URL.
struct UrlState {
  std::int64_t last_fetch = 0;     // last fetch attempt that got a response
  std::string etag;                // validators for a conditional GET
  std::string last_modified;
  std::uint64_t content_hash = 0;  // XXH3-64 of the raw body (0: none)
  ArticleKey article_key;          // current article at this URL
  std::uint64_t page_id = 0;       // latest stored page (0: none)
  std::int64_t next_revisit = 0;   // 0: never again
  UrlKind kind = UrlKind::kOther;
  std::uint32_t fail_count = 0;    // consecutive failures
  std::uint32_t fetch_count = 0;   // responses received
  // The extraction rules fingerprint the latest page (page_id) was last
  // extracted with: set by a crawl and by re-extraction, which so records a
  // rule change without rewriting the page record ("": the page record's
  // own fingerprint, for states written before this field).
  std::string rules_fingerprint;

  bool operator==(const UrlState&) const = default;
};

// A previous version of the article at one URL (an edit replaced it).
struct ArticleVersion {
  std::string url;
  ArticleKey key;               // the previous article record (still stored)
  std::int64_t replaced_at = 0;

  bool operator==(const ArticleVersion&) const = default;
};

// One deduplicated article.  A near duplicate keeps only the article's
// metadata (its body, lead and images are dropped) and names the article it
// duplicates in `duplicate_of`.  An article replaced by an edit at its only
// URL names its successor in `replaced_by` and leaves the site/date indexes.
struct ArticleRecord {
  ArticleKey key;
  Article article;                // as extracted at its first URL
  std::vector<std::string> urls;  // every URL it was seen at, first first
  std::int64_t first_seen = 0;
  std::int64_t last_seen = 0;
  std::string fingerprint;        // extraction rules fingerprint
  std::string site;
  std::uint64_t simhash = 0;      // SimHash of the normalised body
  ArticleKey duplicate_of;        // empty unless a near duplicate
  ArticleKey replaced_by;         // empty unless superseded by an edit
  std::vector<ArticleVersion> history;  // previous versions, oldest first

  bool is_duplicate() const { return !duplicate_of.empty(); }
  // "YYYY-MM-DD" under which the article is indexed: the published date,
  // else the date of first_seen (UTC).
  std::string IndexDate() const;

  bool operator==(const ArticleRecord&) const = default;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_STORE_RECORDS_H_
