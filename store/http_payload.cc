#include "store/http_payload.h"

#include "config/ascii.h"

#include <strings.h>

#include <algorithm>
#include <cstdint>

#include "store/gzip.h"

namespace newscrawl {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// Finds the end of the header block: returns the offset of the first body
// byte and sets *header_end to the end of the last header line, or npos.
std::size_t FindBodyStart(std::string_view message, std::size_t* header_end) {
  for (std::size_t i = message.find('\n'); i != std::string_view::npos;
       i = message.find('\n', i + 1)) {
    std::size_t j = i + 1;
    if (j < message.size() && message[j] == '\r') ++j;
    if (j < message.size() && message[j] == '\n') {
      *header_end = i + 1;
      return j + 1;
    }
  }
  return std::string_view::npos;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}


std::string_view FindHeader(const HttpHeaders& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return value;
  }
  return {};
}

void ParseHeaderFields(std::string_view lines, HttpHeaders* out) {
  bool last_was_field = false;
  while (!lines.empty()) {
    const std::size_t nl = lines.find('\n');
    std::string_view line = lines.substr(0, nl);
    lines.remove_prefix(nl == std::string_view::npos ? lines.size() : nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if ((line.front() == ' ' || line.front() == '\t') && last_was_field) {
      const std::string_view more = Trim(line);
      if (!more.empty()) {
        std::string& value = out->back().second;
        if (!value.empty()) value += ' ';
        value += more;
      }
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      last_was_field = false;
      continue;
    }
    out->emplace_back(std::string(Trim(line.substr(0, colon))),
                      std::string(Trim(line.substr(colon + 1))));
    last_was_field = true;
  }
}

std::string HttpResponse::MediaType() const {
  std::string_view type = FindHeader(headers, "Content-Type");
  type = Trim(type.substr(0, type.find(';')));
  return AsciiLower(type);
}

Result<std::string> Dechunk(std::string_view chunked, std::size_t max_output) {
  std::string out;
  std::size_t pos = 0;
  while (pos < chunked.size()) {
    const std::size_t nl = chunked.find('\n', pos);
    std::string_view line = chunked.substr(
        pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    line = Trim(line.substr(0, line.find(';')));
    if (line.empty() && nl == std::string_view::npos) break;  // trailing blanks
    if (line.empty() || line.size() > 15) {
      return Status::Corruption("bad chunk size line at body offset " +
                                std::to_string(pos));
    }
    std::uint64_t size = 0;
    for (const char c : line) {
      const int digit = HexDigit(c);
      if (digit < 0) {
        return Status::Corruption("bad chunk size '" + std::string(line) +
                                  "' at body offset " + std::to_string(pos));
      }
      size = size * 16 + static_cast<std::uint64_t>(digit);
    }
    if (size == 0 || nl == std::string_view::npos) break;  // trailers ignored
    pos = nl + 1;
    const std::size_t take = static_cast<std::size_t>(
        std::min<std::uint64_t>(size, chunked.size() - pos));
    if (out.size() + take > max_output) {
      return Status::TooLarge("de-chunked body exceeds " +
                              std::to_string(max_output) + " bytes");
    }
    out.append(chunked.substr(pos, take));
    pos += take;
    if (pos < chunked.size() && chunked[pos] == '\r') ++pos;
    if (pos < chunked.size() && chunked[pos] == '\n') ++pos;
  }
  return out;
}

Result<HttpResponse> ParseHttpResponse(std::string_view message,
                                       const HttpPayloadLimits& limits) {
  std::size_t header_end = 0;
  const std::size_t body_start = FindBodyStart(message, &header_end);
  if (body_start == std::string_view::npos) {
    if (message.size() > limits.max_header_bytes) {
      return Status::TooLarge("HTTP header exceeds " +
                              std::to_string(limits.max_header_bytes) + " bytes");
    }
    return Status::Corruption("HTTP message has no end of headers");
  }
  if (header_end > limits.max_header_bytes) {
    return Status::TooLarge("HTTP header of " + std::to_string(header_end) +
                            " bytes exceeds " +
                            std::to_string(limits.max_header_bytes));
  }
  const std::string_view head = message.substr(0, header_end);
  const std::size_t line_end = head.find('\n');
  std::string_view status_line = Trim(head.substr(0, line_end));
  // "HTTP/1.1 200 OK": version, a three-digit code, an optional reason.
  if (status_line.substr(0, 5) != "HTTP/") {
    return Status::Corruption("not an HTTP response: '" +
                              std::string(status_line.substr(0, 40)) + "'");
  }
  const std::size_t space = status_line.find(' ');
  std::string_view rest =
      space == std::string_view::npos ? std::string_view() : Trim(status_line.substr(space + 1));
  if (rest.size() < 3 || rest[0] < '1' || rest[0] > '5' || rest[1] < '0' ||
      rest[1] > '9' || rest[2] < '0' || rest[2] > '9' ||
      (rest.size() > 3 && rest[3] != ' ')) {
    return Status::Corruption("bad HTTP status line: '" +
                              std::string(status_line.substr(0, 40)) + "'");
  }
  HttpResponse response;
  response.status = (rest[0] - '0') * 100 + (rest[1] - '0') * 10 + (rest[2] - '0');
  response.reason = std::string(Trim(rest.substr(3)));
  ParseHeaderFields(head.substr(line_end + 1), &response.headers);

  std::string_view body = message.substr(body_start);
  std::string decoded;
  const std::string transfer = AsciiLower(FindHeader(response.headers, "Transfer-Encoding"));
  if (transfer.find("chunked") != std::string::npos) {
    NEWSCRAWL_ASSIGN_OR_RETURN(decoded, Dechunk(body, limits.max_body_bytes));
  } else {
    if (body.size() > limits.max_body_bytes) {
      return Status::TooLarge("HTTP body of " + std::to_string(body.size()) +
                              " bytes exceeds " +
                              std::to_string(limits.max_body_bytes));
    }
    decoded.assign(body);
  }
  const std::string coding = AsciiLower(Trim(FindHeader(response.headers, "Content-Encoding")));
  if (coding.empty() || coding == "identity" || decoded.empty()) {
    response.body = std::move(decoded);
  } else if (coding == "gzip" || coding == "x-gzip") {
    // Some archivers store the body already decoded but keep the header.
    if (LooksLikeGzip(decoded)) {
      NEWSCRAWL_ASSIGN_OR_RETURN(
          response.body, Decompress(decoded, Encoding::kGzip, limits.max_body_bytes));
    } else {
      response.body = std::move(decoded);
    }
  } else if (coding == "deflate") {
    NEWSCRAWL_ASSIGN_OR_RETURN(
        response.body, Decompress(decoded, Encoding::kDeflate, limits.max_body_bytes));
  } else {
    return Status::Unsupported("Content-Encoding '" + coding + "'");
  }
  return response;
}

}  // namespace newscrawl
