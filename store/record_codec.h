// The on-disk encodings of the store's records (all little building blocks
// from store/byte_coding.h: varint, zigzag "svarint", fixed64 big-endian,
// "bytes" = varint length + bytes, key16 = 16 raw bytes).  Each value
// starts with a format byte so that later schemas can read old records.
//
// Page (format 1):
//   u8 format=1, varint status, svarint fetch_time, bytes url, bytes
//   final_url, bytes etag, bytes last_modified, bytes content_type, bytes
//   site, bytes fingerprint, key16 article_key, varint raw_size,
//   u8 compression (0 none, 1 zstd), then the body to the end.
//
// Article (format 1):
//   u8 format=1, u8 compression (0 none, 1 zstd level 1), then the payload
//   (zstd-compressed if compression=1):
//     bytes url, canonical_url, title, published, modified, author, body;
//     varint lead_tag (0: bytes lead follows; k > 0: the lead is the first
//     k - 1 bytes of the body); varint n, n x (bytes url, bytes caption) images; varint n,
//     n x bytes tags; bytes section, language;
//     varint n, n x bytes urls; svarint first_seen, last_seen;
//     bytes fingerprint, site; fixed64 simhash; key16 duplicate_of;
//     key16 replaced_by; varint n, n x (bytes url, key16 key,
//     svarint replaced_at) history.
//
// UrlState (format 2; format 1, still read, ends before rules_fingerprint):
//   u8 format=2, svarint last_fetch, bytes etag, bytes last_modified,
//   fixed64 content_hash, key16 article_key, varint page_id, svarint
//   next_revisit, u8 kind, varint fail_count, varint fetch_count, bytes
//   rules_fingerprint.
//
// FrontierEntry (format 1; the URL is the key):
//   u8 format=1, bytes host, bytes site, u8 priority, u8 kind,
//   svarint depth, svarint not_before, fixed64 seq.
//
// Decoders check every length and return Corruption on malformed input;
// decompression is bounded.  Thread safety: the functions use a
// thread-local zstd codec and may be called from any thread.
#ifndef NEWSCRAWL_STORE_RECORD_CODEC_H_
#define NEWSCRAWL_STORE_RECORD_CODEC_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "config/result.h"
#include "store/frontier_entry.h"
#include "store/store_records.h"

namespace newscrawl {

// Replaces *out with the encoding of `page` with `article_key` in place of
// page.article_key (the body compressed at `zstd_level` unless it is tiny).
Status EncodePage(const PageRecord& page, const ArticleKey& article_key,
                  int zstd_level, std::string* out);
// With `with_body` false the body is left empty (not decompressed).
Result<PageRecord> DecodePage(std::string_view value, bool with_body);

// Replaces *out with `value` (an encoded page) whose fingerprint and
// article key are replaced; the stored body is copied as is (not
// recompressed).  Used by re-extraction, which keeps the raw page.
Status RewritePageHead(std::string_view value, std::string_view fingerprint,
                       const ArticleKey& article_key, std::string* out);

// What Stats needs of a page without decoding its body.
struct PageSummary {
  std::string site;
  int status = 0;
  std::uint64_t raw_size = 0;
  std::uint64_t stored_size = 0;  // the body as stored (compressed)
};
Result<PageSummary> DecodePageSummary(std::string_view value);

Status EncodeArticle(const ArticleRecord& record, std::string* out);
// The same bytes as EncodeArticle of a record seen once: `article` at
// `url` only, first_seen = last_seen = `seen`, no duplicate_of,
// replaced_by or history (the common write, without copying the article).
Status EncodeNewArticle(const Article& article, const std::string& url,
                        std::int64_t seen, std::string_view fingerprint,
                        std::string_view site, std::uint64_t simhash,
                        std::string* out);
// `key` is the database key (ArticleRecord::key is not stored twice).
Result<ArticleRecord> DecodeArticle(const ArticleKey& key,
                                    std::string_view value);
// The same into *out, every field overwritten; a record decoded into again
// and again reuses its strings' memory.  On error *out is unspecified.
Status DecodeArticleInto(const ArticleKey& key, std::string_view value,
                         ArticleRecord* out);

void EncodeUrlState(const UrlState& state, std::string* out);
Result<UrlState> DecodeUrlState(std::string_view value);

void EncodeFrontierEntry(const FrontierEntry& entry, std::string* out);
Result<FrontierEntry> DecodeFrontierEntry(std::string_view url,
                                          std::string_view value);

// Page ids as keys: 8 bytes big-endian, so key order is id order.
std::string EncodePageId(std::uint64_t id);
std::uint64_t DecodePageId(std::string_view key);  // 0 if not 8 bytes

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_RECORD_CODEC_H_
