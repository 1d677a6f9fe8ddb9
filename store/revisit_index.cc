#include "store/revisit_index.h"

#include <algorithm>
#include <limits>

#include "store/byte_coding.h"
#include "store/frontier_entry.h"
#include "store/lmdb_cursor.h"
#include "store/lmdb_txn.h"
#include "store/record_codec.h"

namespace newscrawl {

namespace {

constexpr std::size_t kTimeBytes = 8;

}  // namespace

std::optional<std::int64_t> RevisitIndexTime(std::string_view url,
                                             const UrlState& state) {
  if (state.kind != UrlKind::kArticle || url.empty() ||
      url.size() > kMaxFrontierUrlBytes) {
    return std::nullopt;
  }
  if (state.fetch_count == 0 && state.fail_count == 0) return 0;  // new
  if (state.next_revisit == 0) return std::nullopt;  // schedule finished
  return std::max<std::int64_t>(0, state.next_revisit);
}

std::string RevisitIndexKey(std::int64_t time, std::string_view url) {
  std::string key;
  key.reserve(kTimeBytes + url.size());
  ByteWriter(&key).PutFixed64(
      static_cast<std::uint64_t>(std::max<std::int64_t>(0, time)));
  key.append(url);
  return key;
}

bool ParseRevisitIndexKey(std::string_view key, std::int64_t* time,
                          std::string_view* url) {
  if (key.size() <= kTimeBytes) return false;
  ByteReader r(key.substr(0, kTimeBytes));
  std::uint64_t t = 0;
  if (!r.GetFixed64(&t) || t > static_cast<std::uint64_t>(
                                     std::numeric_limits<std::int64_t>::max())) {
    return false;
  }
  *time = static_cast<std::int64_t>(t);
  *url = key.substr(kTimeBytes);
  return true;
}

Status PutUrlState(LmdbTxn& txn, MDB_dbi urls, MDB_dbi revisit_due,
                   std::string_view url, const UrlState* before,
                   const UrlState& state, std::string* buffer) {
  if (revisit_due != 0) {
    const std::optional<std::int64_t> old_time =
        before != nullptr ? RevisitIndexTime(url, *before) : std::nullopt;
    const std::optional<std::int64_t> new_time = RevisitIndexTime(url, state);
    if (old_time != new_time) {
      if (old_time) {
        NEWSCRAWL_RETURN_IF_ERROR(
            txn.Del(revisit_due, RevisitIndexKey(*old_time, url)).status());
      }
      if (new_time) {
        NEWSCRAWL_RETURN_IF_ERROR(
            txn.Put(revisit_due, RevisitIndexKey(*new_time, url), ""));
      }
    }
  }
  EncodeUrlState(state, buffer);
  return txn.Put(urls, url, *buffer);
}

Result<bool> IndexUrlStates(LmdbTxn& txn, MDB_dbi urls, MDB_dbi revisit_due,
                            std::string* resume, std::size_t max_urls) {
  std::size_t read = 0;
  std::string last;
  NEWSCRAWL_ASSIGN_OR_RETURN(LmdbCursor cursor, LmdbCursor::Open(txn, urls));
  NEWSCRAWL_ASSIGN_OR_RETURN(
      const bool more,
      cursor.ForEachAfter(
          *resume,
          [&](std::string_view url, std::string_view value) -> Result<bool> {
            last.assign(url);
            NEWSCRAWL_ASSIGN_OR_RETURN(const UrlState state,
                                       DecodeUrlState(value));
            if (const auto time = RevisitIndexTime(last, state)) {
              NEWSCRAWL_RETURN_IF_ERROR(
                  txn.Put(revisit_due, RevisitIndexKey(*time, last), ""));
            }
            return ++read < max_urls;
          }));
  if (!last.empty()) resume->swap(last);
  return more;
}

}  // namespace newscrawl
