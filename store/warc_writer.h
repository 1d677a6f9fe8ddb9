// WarcWriter: writes WARC/1.1 files (ISO 28500:2017) with one gzip member per
// record, the layout of Common Crawl and Heritrix ".warc.gz" files, so that
// standard tools can seek to any record.
//
//   WarcWriter warc(out);                 // OutputFile* out, not owned
//   NEWSCRAWL_RETURN_IF_ERROR(warc.WriteWarcinfo("dump.warc.gz"));
//   NEWSCRAWL_RETURN_IF_ERROR(warc.WriteResponse(page));
//   NEWSCRAWL_RETURN_IF_ERROR(out->Commit());
//
// Each response record holds an HTTP/1.1 response rebuilt from a stored
// page: the status line, the stored headers and the stored body.  The store
// keeps bodies decoded, so Content-Encoding, Transfer-Encoding and
// Content-Length are dropped from the stored headers and a Content-Length of
// the body is written instead; the record is thus a faithful HTTP message.
// Records carry WARC-Record-ID (a random UUID), WARC-Date, WARC-Target-URI,
// WARC-Warcinfo-ID, WARC-Block-Digest and WARC-Payload-Digest ("sha1:" +
// base32).
//
// Thread safety: none; one thread writes a file.
#ifndef NEWSCRAWL_STORE_WARC_WRITER_H_
#define NEWSCRAWL_STORE_WARC_WRITER_H_

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/status.h"
#include "store/http_payload.h"

namespace newscrawl {

class OutputFile;

// A stored page as a WARC response record.
struct WarcResponse {
  std::string target_uri;      // the URL fetched
  std::int64_t fetch_time = 0; // Unix seconds, UTC -> WARC-Date
  int status = 200;            // HTTP status code
  HttpHeaders headers;         // HTTP response headers, in order
  std::string_view body;       // the body as stored (decoded)
};

// The HTTP message of a response record: "HTTP/1.1 200 OK", the headers
// (without Content-Length, Content-Encoding, Transfer-Encoding; CR and LF in
// names or values become spaces), "Content-Length: N", a blank line, body.
std::string BuildHttpResponseBlock(const WarcResponse& response);

class WarcWriter {
 public:
  // `out` must outlive the writer.
  explicit WarcWriter(OutputFile* out);
  WarcWriter(const WarcWriter&) = delete;
  WarcWriter& operator=(const WarcWriter&) = delete;

  // Writes the warcinfo record that describes the file; call first, once.
  // `filename` ("" when writing to a pipe) becomes WARC-Filename.
  Status WriteWarcinfo(std::string_view filename);

  // Writes one response record.
  Status WriteResponse(const WarcResponse& response);

  std::uint64_t records_written() const { return records_written_; }

 private:
  std::string NewRecordId();
  Status WriteRecord(const std::vector<std::pair<std::string, std::string>>& fields,
                     std::string_view block);

  OutputFile* const out_;
  std::mt19937_64 random_;
  std::string warcinfo_id_;  // "" until WriteWarcinfo
  std::uint64_t records_written_ = 0;
  std::string record_;  // reused buffers
  std::string gzipped_;
};

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_WARC_WRITER_H_
