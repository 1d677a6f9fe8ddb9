#include "store/warc_writer.h"

#include <doctest/doctest.h>

#include <cstring>
#include <string>

#include "store/output_file.h"
#include "store/warc_digest.h"
#include "store/warc_reader.h"
#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

namespace newscrawl {
namespace {

const char* const kBody =
    "<html><head><title>Tăng lương tối thiểu</title></head>"
    "<body><p>Người lao động được tăng lương từ tháng 7.</p></body></html>";

WarcResponse Page(const std::string& url) {
  WarcResponse page;
  page.target_uri = url;
  page.fetch_time = 1761094800;  // 2025-10-22T01:00:00Z
  page.status = 200;
  page.headers = {{"Content-Type", "text/html; charset=utf-8"},
                  {"Content-Encoding", "gzip"},
                  {"Content-Length", "12"},
                  {"ETag", "\"abc\"\r\nX-Injected: 1"}};
  page.body = kBody;
  return page;
}

std::string WriteSample(const testing::TempDir& dir) {
  const std::string path = dir.File("dump.warc.gz");
  Result<std::unique_ptr<OutputFile>> out = OutputFile::Create(path);
  REQUIRE(out.ok());
  WarcWriter warc(out->get());
  REQUIRE(warc.WriteWarcinfo("dump.warc.gz").ok());
  REQUIRE(warc.WriteResponse(Page("https://laodong.example/tin-1.html")).ok());
  REQUIRE(warc.WriteResponse(Page("https://laodong.example/tin 2.html")).ok());
  CHECK(warc.records_written() == 3);
  CHECK(warc.WriteResponse(WarcResponse{}).IsInvalidArgument());
  REQUIRE((*out)->Commit().ok());
  return path;
}

// "<urn:uuid:xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx>", lower-case hex.
bool IsUuidV4Urn(std::string_view id) {
  const std::string_view prefix = "<urn:uuid:";
  if (id.size() != prefix.size() + 36 + 1 || id.substr(0, prefix.size()) != prefix ||
      id.back() != '>') {
    return false;
  }
  const std::string_view uuid = id.substr(prefix.size(), 36);
  for (std::size_t i = 0; i < uuid.size(); ++i) {
    const char c = uuid[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return uuid[14] == '4' && std::string_view("89ab").find(uuid[19]) != std::string_view::npos;
}

TEST_CASE("the HTTP block carries the body as stored with its real length") {
  const std::string block = BuildHttpResponseBlock(Page("https://a.example/"));
  CHECK(block.rfind("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n", 0) == 0);
  CHECK(block.find("Content-Encoding") == std::string::npos);
  CHECK(block.find("Content-Length: 12") == std::string::npos);
  CHECK(block.find("ETag: \"abc\"  X-Injected: 1\r\n") != std::string::npos);
  CHECK(block.find("\r\nContent-Length: " + std::to_string(std::strlen(kBody)) +
                   "\r\n\r\n") != std::string::npos);
  CHECK(block.substr(block.size() - std::strlen(kBody)) == kBody);
}

TEST_CASE("records read back with our reader, digests and fields correct") {
  testing::TempDir dir;
  const std::string path = WriteSample(dir);
  Result<std::unique_ptr<WarcReader>> reader = WarcReader::Open(path);
  REQUIRE(reader.ok());
  std::vector<WarcRecord> records;
  while (true) {
    WarcRecord record;
    Result<bool> more = (*reader)->Next(&record);
    REQUIRE(more.ok());
    if (!*more) break;
    records.push_back(std::move(record));
  }
  CHECK((*reader)->gzipped());
  REQUIRE(records.size() == 3);
  CHECK(records[0].type() == "warcinfo");
  CHECK(records[0].Field("WARC-Filename") == "dump.warc.gz");
  CHECK(records[0].Field("Content-Type") == "application/warc-fields");
  CHECK(records[0].block.find("software: newscrawl/") == 0);
  const std::string warcinfo_id(records[0].Field("WARC-Record-ID"));
  CHECK(IsUuidV4Urn(warcinfo_id));
  for (std::size_t i = 1; i < 3; ++i) {
    const WarcRecord& r = records[i];
    CHECK(r.version == "WARC/1.1");
    CHECK(r.type() == "response");
    CHECK(r.Field("WARC-Date") == "2025-10-22T01:00:00Z");
    CHECK(r.Field("Content-Type") == "application/http;msgtype=response");
    CHECK(r.Field("WARC-Warcinfo-ID") == warcinfo_id);
    CHECK(IsUuidV4Urn(r.Field("WARC-Record-ID")));
    CHECK(r.Field("WARC-Block-Digest") == WarcSha1Digest(r.block));
    CHECK(r.Field("WARC-Payload-Digest") == WarcSha1Digest(kBody));
    CHECK(r.member_offset > 0);
    Result<HttpResponse> http = ParseHttpResponse(r.block);
    REQUIRE(http.ok());
    CHECK(http->body == kBody);
  }
  CHECK(records[1].Field("WARC-Record-ID") != records[2].Field("WARC-Record-ID"));
  CHECK(records[1].target_uri() == "https://laodong.example/tin-1.html");
  CHECK(records[2].target_uri() == "https://laodong.example/tin%202.html");
}

// An independent check with Python's zlib: every gzip member holds exactly
// one whole record whose Content-Length matches, and `gzip -t` accepts the
// file.
TEST_CASE("each record is its own gzip member, valid for gzip and Python") {
  testing::TempDir dir;
  const std::string path = WriteSample(dir);
  testing::CommandResult t = testing::RunCommand({"/bin/sh", "-c", "gzip -t " + path});
  CHECK(t.exit_code == 0);
  const char* script = R"PY(
import sys, zlib
data = open(sys.argv[1], 'rb').read()
members = 0
while data:
    d = zlib.decompressobj(31)
    rec = d.decompress(data)
    assert d.eof, 'member not finished'
    data = d.unused_data
    members += 1
    head, sep, rest = rec.partition(b'\r\n\r\n')
    assert sep and head.startswith(b'WARC/1.1\r\n'), head[:40]
    fields = dict(l.split(b': ', 1) for l in head.split(b'\r\n')[1:])
    n = int(fields[b'Content-Length'])
    assert rest[n:] == b'\r\n\r\n', 'block length or trailer wrong'
    for k in (b'WARC-Type', b'WARC-Record-ID', b'WARC-Date'):
        assert k in fields, k
print(members)
)PY";
  testing::CommandResult r = testing::RunCommand({"/usr/bin/env", "python3", "-c", script, path});
  CHECK(r.err == "");
  CHECK(r.exit_code == 0);
  CHECK(r.out == "3\n");
}

}  // namespace
}  // namespace newscrawl
