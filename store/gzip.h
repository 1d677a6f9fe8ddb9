// gzip and deflate through zlib: one-shot compression of a gzip member (WARC
// records), a streaming inflater for gzip files of one or many members, and
// a bounded one-shot decompression for HTTP Content-Encoding and for
// documents that may come gzipped (sitemaps, feeds).
//
// Thread safety: a GzipInflater is used by one thread at a time; the free
// functions are thread-safe.
#ifndef NEWSCRAWL_STORE_GZIP_H_
#define NEWSCRAWL_STORE_GZIP_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "config/result.h"

namespace newscrawl {

// Appends one complete gzip member (header, deflate data, CRC and size) that
// decompresses to `data` to *out.  `level` is zlib's 1..9.
Status GzipCompress(std::string_view data, std::string* out, int level = 6);

// GzipCompress into a new string.
Result<std::string> Gzip(std::string_view data, int level = 6);

// True if `data` starts with the gzip magic bytes 1f 8b.
bool LooksLikeGzip(std::string_view data);

enum class Encoding {
  kGzip,     // RFC 1952, one or many members
  kDeflate,  // HTTP "deflate": zlib (RFC 1950), or raw deflate as some servers send
};

// Decompresses all of `data`.  TooLarge if the output would exceed
// `max_output` bytes (so a zip bomb costs at most that much memory),
// Corruption if the data is not valid or is cut short.
Result<std::string> Decompress(std::string_view data, Encoding encoding,
                               std::size_t max_output);

// For parsers of documents that may come gzipped (sitemaps, feeds): if
// `*bytes` is gzip data, inflates it into `*storage` and points `*bytes` at
// it; then TooLarge if `*bytes` exceeds `max_bytes`.  `what` names the
// document in messages ("sitemap").
Status InflateIfGzipped(std::string_view what, std::size_t max_bytes,
                        std::string_view* bytes, std::string* storage);

// Streaming gzip decompression of a file that holds one or many gzip members
// back to back (a whole-file gzip or one member per WARC record).
class GzipInflater {
 public:
  static Result<std::unique_ptr<GzipInflater>> Create();
  ~GzipInflater();
  GzipInflater(const GzipInflater&) = delete;
  GzipInflater& operator=(const GzipInflater&) = delete;

  // Consumes input from the front of *input and writes up to `out_size`
  // decompressed bytes to `out`; returns how many were written.  Stops at
  // the end of a member (so the caller can note where the next one starts),
  // when *input is used up or `out` is full.  Corruption on invalid data.
  Result<std::size_t> Inflate(std::string_view* input, char* out,
                              std::size_t out_size);

  // True when no member is partly decoded: at the start, or right after a
  // member's trailer.  At the end of the file, false means it was truncated.
  bool between_members() const { return between_members_; }

  // Compressed bytes consumed so far, and the compressed offset at which the
  // current (or next) member starts.
  std::uint64_t consumed() const { return consumed_; }
  std::uint64_t member_offset() const { return member_offset_; }

 private:
  struct Stream;
  explicit GzipInflater(std::unique_ptr<Stream> stream);

  std::unique_ptr<Stream> stream_;
  bool between_members_ = true;
  std::uint64_t consumed_ = 0;
  std::uint64_t member_offset_ = 0;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_GZIP_H_
