// WarcReader: streams the records of a WARC/1.0 or WARC/1.1 file, plain or
// gzip (one member per record as written by wget --warc-file, Heritrix and
// Common Crawl, or the whole file as one member), detected from the first
// bytes.  Memory holds one record at a time.
//
//   NEWSCRAWL_ASSIGN_OR_RETURN(auto reader, WarcReader::Open(path));
//   WarcRecord record;
//   while (true) {
//     Result<bool> more = reader->Next(&record);
//     if (!more.ok()) { if (reader->CanContinue()) continue; return ...; }
//     if (!*more) break;  // clean end of file
//     ... record.type(), record.target_uri(), record.block ...
//   }
//
// Limits: a header block over max_header_bytes, a record without a
// "WARC/x.y" line or a valid Content-Length, and a file cut short are errors
// that end the file (records read before stay valid).  A record whose
// Content-Length exceeds max_record_bytes is skipped without being held in
// memory: Next() returns TooLarge and CanContinue() is true.  Every message
// names the record's offset: the byte offset in a plain file, the offset of
// the gzip member (and the uncompressed offset) in a gzip file.
//
// Thread safety: none; one thread reads a file.
#ifndef NEWSCRAWL_STORE_WARC_READER_H_
#define NEWSCRAWL_STORE_WARC_READER_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "config/result.h"
#include "store/http_payload.h"

namespace newscrawl {

class GzipInflater;

struct WarcReaderOptions {
  std::size_t max_header_bytes = 64 * 1024;
  std::uint64_t max_record_bytes = 64 * 1024 * 1024;  // Content-Length limit
};

struct WarcRecord {
  std::string version;   // "WARC/1.0", "WARC/1.1"
  HttpHeaders headers;   // named fields, as written
  std::string block;     // Content-Length bytes
  std::uint64_t offset = 0;  // uncompressed offset of "WARC/"
  std::uint64_t member_offset = 0;  // gzip member offset (= offset if plain)

  // A named field ("" if absent), case-insensitive.
  std::string_view Field(std::string_view name) const {
    return FindHeader(headers, name);
  }
  // WARC-Type, lower case ("response", "request", "warcinfo", ...).
  std::string type() const;
  // WARC-Target-URI without the angle brackets some WARC/1.0 writers add.
  std::string target_uri() const;
};

class WarcReader {
 public:
  // Opens `path`.  NotFound / IOError if it cannot be opened.
  static Result<std::unique_ptr<WarcReader>> Open(const std::string& path,
                                                  const WarcReaderOptions& options = {});
  ~WarcReader();
  WarcReader(const WarcReader&) = delete;
  WarcReader& operator=(const WarcReader&) = delete;

  // Reads the next record into *record: true if one was read, false at the
  // clean end of the file.  On an error see CanContinue().
  Result<bool> Next(WarcRecord* record);

  // After an error from Next(): true if the reader skipped the bad record
  // and Next() may be called again; false if the file cannot be read further
  // (Next() then returns the same error again).
  bool CanContinue() const { return fatal_.ok(); }

  bool gzipped() const { return gzip_ != nullptr; }
  const std::string& path() const { return path_; }

 private:
  WarcReader(std::string path, int fd, const WarcReaderOptions& options);

  // Appends more decompressed bytes to buffer_; false at the end of input.
  Result<bool> Fill();
  Result<std::size_t> ReadRaw(char* out, std::size_t size);
  // Makes at least `n` bytes available from pos_; false if the input ends
  // first.
  Result<bool> Ensure(std::size_t n);
  void Compact();
  std::string Where(std::uint64_t offset) const;
  std::uint64_t MemberOffsetAt(std::uint64_t offset);
  Status Fatal(Status status);

  const std::string path_;
  const int fd_;
  const WarcReaderOptions options_;
  bool started_ = false;  // first bytes seen (format detected)
  bool eof_ = false;      // no more decompressed bytes
  std::unique_ptr<GzipInflater> gzip_;
  std::string raw_;             // compressed input not yet inflated
  std::size_t raw_pos_ = 0;
  std::string buffer_;          // decompressed bytes
  std::size_t pos_ = 0;         // next unread byte of buffer_
  std::uint64_t base_ = 0;      // uncompressed offset of buffer_[0]
  // (uncompressed offset, member offset) of each gzip member start not yet
  // behind the reading position.
  std::deque<std::pair<std::uint64_t, std::uint64_t>> members_;
  Status fatal_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_WARC_READER_H_
