#include "store/warc_writer.h"

#include <cstdio>
#include <ctime>

#include "store/gzip.h"
#include "store/output_file.h"
#include "store/utc_time.h"
#include "store/warc_digest.h"

namespace newscrawl {
namespace {

constexpr const char* kSoftware = "newscrawl/0.1.0";

const char* ReasonPhrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 203: return "Non-Authoritative Information";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 410: return "Gone";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Unknown";
  }
}

// A header line must stay one line: CR, LF and other controls become spaces.
void AppendSafe(std::string_view text, std::string* out) {
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    out->push_back(u < 0x20 || u == 0x7f ? ' ' : c);
  }
}

// WARC-Target-URI may contain no whitespace: percent-encode controls and
// spaces, keep everything else (an already encoded URL is unchanged).
std::string SafeUri(std::string_view uri) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(uri.size());
  for (const char c : uri) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0xf]);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

bool IsDroppedHeader(std::string_view name) {
  return EqualsIgnoreCase(name, "Content-Length") ||
         EqualsIgnoreCase(name, "Content-Encoding") ||
         EqualsIgnoreCase(name, "Transfer-Encoding");
}

std::random_device::result_type Seed() {
  std::random_device device;
  return device();
}

}  // namespace

std::string BuildHttpResponseBlock(const WarcResponse& response) {
  std::string block;
  block.reserve(response.body.size() + 512);
  block += "HTTP/1.1 ";
  block += std::to_string(response.status);
  block += ' ';
  block += ReasonPhrase(response.status);
  block += "\r\n";
  for (const auto& [name, value] : response.headers) {
    if (name.empty() || IsDroppedHeader(name)) continue;
    AppendSafe(name, &block);
    block += ": ";
    AppendSafe(value, &block);
    block += "\r\n";
  }
  block += "Content-Length: ";
  block += std::to_string(response.body.size());
  block += "\r\n\r\n";
  block += response.body;
  return block;
}

WarcWriter::WarcWriter(OutputFile* out) : out_(out), random_(Seed()) {}

std::string WarcWriter::NewRecordId() {
  // A version 4 (random) UUID.
  const std::uint64_t hi = (random_() & ~0xf000ULL) | 0x4000ULL;
  const std::uint64_t lo =
      (random_() & ~(0xc000ULL << 48)) | (0x8000ULL << 48);
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer),
                "<urn:uuid:%08x-%04x-%04x-%04x-%012llx>",
                static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xffff),
                static_cast<unsigned>(hi & 0xffff),
                static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xffffffffffffULL));
  return buffer;
}

Status WarcWriter::WriteRecord(
    const std::vector<std::pair<std::string, std::string>>& fields,
    std::string_view block) {
  record_.clear();
  record_ += "WARC/1.1\r\n";
  for (const auto& [name, value] : fields) {
    record_ += name;
    record_ += ": ";
    AppendSafe(value, &record_);
    record_ += "\r\n";
  }
  record_ += "Content-Length: ";
  record_ += std::to_string(block.size());
  record_ += "\r\n\r\n";
  record_ += block;
  record_ += "\r\n\r\n";
  gzipped_.clear();
  NEWSCRAWL_RETURN_IF_ERROR(GzipCompress(record_, &gzipped_));
  NEWSCRAWL_RETURN_IF_ERROR(out_->Append(gzipped_));
  ++records_written_;
  return Status::Ok();
}

Status WarcWriter::WriteWarcinfo(std::string_view filename) {
  std::string block;
  block += "software: ";
  block += kSoftware;
  block += "\r\nformat: WARC File Format 1.1\r\n";
  block += "conformsTo: https://iipc.github.io/warc-specifications/"
           "specifications/warc-format/warc-1.1/\r\n";
  block += "description: raw pages dumped from a newscrawl store\r\n";
  warcinfo_id_ = NewRecordId();
  std::vector<std::pair<std::string, std::string>> fields = {
      {"WARC-Type", "warcinfo"},
      {"WARC-Record-ID", warcinfo_id_},
      {"WARC-Date", FormatUtcTime(std::time(nullptr))},
  };
  if (!filename.empty()) fields.emplace_back("WARC-Filename", filename);
  fields.emplace_back("WARC-Block-Digest", WarcSha1Digest(block));
  fields.emplace_back("Content-Type", "application/warc-fields");
  return WriteRecord(fields, block);
}

Status WarcWriter::WriteResponse(const WarcResponse& response) {
  if (response.target_uri.empty()) {
    return Status::InvalidArgument("WARC response record without a URL");
  }
  const std::string block = BuildHttpResponseBlock(response);
  std::vector<std::pair<std::string, std::string>> fields = {
      {"WARC-Type", "response"},
      {"WARC-Record-ID", NewRecordId()},
      {"WARC-Date", FormatUtcTime(response.fetch_time)},
      {"WARC-Target-URI", SafeUri(response.target_uri)},
  };
  if (!warcinfo_id_.empty()) fields.emplace_back("WARC-Warcinfo-ID", warcinfo_id_);
  fields.emplace_back("WARC-Payload-Digest", WarcSha1Digest(response.body));
  fields.emplace_back("WARC-Block-Digest", WarcSha1Digest(block));
  fields.emplace_back("Content-Type", "application/http;msgtype=response");
  return WriteRecord(fields, block);
}

}  // namespace newscrawl
