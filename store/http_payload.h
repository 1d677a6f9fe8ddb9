// Parsing of an HTTP/1.x response message as archived in a WARC response
// record: status line, headers, and the body with its transfer coding
// (chunked) and content coding (gzip, deflate) undone.  Every step is
// bounded: a header block or a decoded body over its limit is TooLarge, a
// malformed message Corruption; nothing recurses.
//
// Thread safety: pure functions.
#ifndef NEWSCRAWL_STORE_HTTP_PAYLOAD_H_
#define NEWSCRAWL_STORE_HTTP_PAYLOAD_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/result.h"

namespace newscrawl {

// Header fields in the order they came, names as written.
using HttpHeaders = std::vector<std::pair<std::string, std::string>>;


// ASCII case-insensitive equality.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// The value of the first field called `name` (ASCII case-insensitive), or
// "" if there is none.
std::string_view FindHeader(const HttpHeaders& headers, std::string_view name);

// Parses header lines ("Name: value", CRLF or LF ends, folded continuation
// lines joined with a space) and appends them to *out.  Lines without a
// colon are ignored; names and values are trimmed.
void ParseHeaderFields(std::string_view lines, HttpHeaders* out);

struct HttpPayloadLimits {
  std::size_t max_header_bytes = 64 * 1024;
  std::size_t max_body_bytes = 32 * 1024 * 1024;  // after decoding
};

struct HttpResponse {
  int status = 0;
  std::string reason;
  HttpHeaders headers;  // as received, Transfer-/Content-Encoding included
  std::string body;     // de-chunked and decompressed

  // The media type of Content-Type, lower case, without parameters
  // ("text/html"); "" if absent.
  std::string MediaType() const;
};

// Parses `message` ("HTTP/1.1 200 OK\r\n...\r\n\r\nbody").  Bare LF line
// ends are accepted.  A body shorter than its Content-Length is kept as it
// is (archives cut long bodies); a body coded with an unknown
// Content-Encoding (br, zstd) is Unsupported.
Result<HttpResponse> ParseHttpResponse(std::string_view message,
                                       const HttpPayloadLimits& limits = {});

// Undoes "Transfer-Encoding: chunked".  Corruption on a bad chunk size line;
// a message cut short (a last chunk shorter than announced, or no
// terminating "0" chunk) keeps what arrived, as archives truncate bodies.
// TooLarge beyond `max_output` bytes.
Result<std::string> Dechunk(std::string_view chunked, std::size_t max_output);

}  // namespace newscrawl

#endif  // NEWSCRAWL_STORE_HTTP_PAYLOAD_H_
