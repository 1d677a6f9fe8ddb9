#include "store/warc_reader.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "store/gzip.h"
#include "store/http_payload.h"
#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

namespace newscrawl {
namespace {

// One record as wget --warc-file writes it (WARC/1.0, CRLF, <uri> in 1.0).
std::string Record(std::string_view type, std::string_view uri,
                   std::string_view block, std::string_view extra = "") {
  std::string r = "WARC/1.0\r\nWARC-Type: " + std::string(type) + "\r\n";
  r += "WARC-Record-ID: <urn:uuid:0f2b5b2e-7f3c-4a43-9e0a-2d6f0c3e1a11>\r\n";
  r += "WARC-Date: 2025-10-22T01:02:03Z\r\n";
  if (!uri.empty()) r += "WARC-Target-URI: <" + std::string(uri) + ">\r\n";
  r += extra;
  r += "Content-Length: " + std::to_string(block.size()) + "\r\n\r\n";
  r += block;
  r += "\r\n\r\n";
  return r;
}

std::string ChunkedGzipResponse() {
  std::string gz;
  REQUIRE(GzipCompress("<html><body><p>Đoàn viên công đoàn</p></body></html>", &gz).ok());
  char size[16];
  std::snprintf(size, sizeof(size), "%zx", gz.size());
  return "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
         "Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n" +
         std::string(size) + "\r\n" + gz + "\r\n0\r\n\r\n";
}

// A small archive with every record type a crawler writes.
std::vector<std::string> SampleRecords() {
  return {
      Record("warcinfo", "", "software: Wget/1.21.3\r\nformat: WARC File Format 1.0\r\n",
             "Content-Type: application/warc-fields\r\n"),
      Record("request", "https://laodong.example/tin-1.html",
             "GET /tin-1.html HTTP/1.1\r\nHost: laodong.example\r\n\r\n",
             "Content-Type: application/http;msgtype=request\r\n"),
      Record("response", "https://laodong.example/tin-1.html", ChunkedGzipResponse(),
             "Content-Type: application/http;msgtype=response\r\n"),
      Record("metadata", "https://laodong.example/tin-1.html", "outlinks: x\r\n"),
      Record("resource", "metadata://gnu.org/software/wget/warc/wget.log", "log"),
      Record("revisit", "https://laodong.example/tin-1.html",
             "HTTP/1.1 200 OK\r\n\r\n",
             "WARC-Profile: http://netpreserve.org/warc/1.0/revisit/identical-payload-digest\r\n"),
  };
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += p;
  return out;
}

std::string GzipEach(const std::vector<std::string>& parts,
                     std::vector<std::uint64_t>* offsets = nullptr) {
  std::string out;
  for (const std::string& p : parts) {
    if (offsets) offsets->push_back(out.size());
    REQUIRE(GzipCompress(p, &out).ok());
  }
  return out;
}

struct ReadAll {
  std::vector<WarcRecord> records;
  std::vector<Status> errors;  // in order, including skipped ones
  bool clean_end = false;
};

ReadAll Read(const std::string& path, const WarcReaderOptions& options = {}) {
  ReadAll all;
  Result<std::unique_ptr<WarcReader>> reader = WarcReader::Open(path, options);
  REQUIRE(reader.ok());
  for (int guard = 0; guard < 1000; ++guard) {
    WarcRecord record;
    Result<bool> more = (*reader)->Next(&record);
    if (!more.ok()) {
      all.errors.push_back(more.status());
      if ((*reader)->CanContinue()) continue;
      // A fatal error repeats.
      CHECK((*reader)->Next(&record).status().message() == more.status().message());
      return all;
    }
    if (!*more) {
      all.clean_end = true;
      return all;
    }
    all.records.push_back(std::move(record));
  }
  FAIL("reader did not stop");
  return all;
}

void CheckSample(const ReadAll& all) {
  REQUIRE(all.clean_end);
  CHECK(all.errors.empty());
  REQUIRE(all.records.size() == 6);
  const char* types[] = {"warcinfo", "request", "response", "metadata", "resource", "revisit"};
  for (std::size_t i = 0; i < 6; ++i) {
    CHECK(all.records[i].type() == types[i]);
    CHECK(all.records[i].version == "WARC/1.0");
  }
  const WarcRecord& response = all.records[2];
  CHECK(response.target_uri() == "https://laodong.example/tin-1.html");
  CHECK(response.block == ChunkedGzipResponse());
  Result<HttpResponse> http = ParseHttpResponse(response.block);
  REQUIRE(http.ok());
  CHECK(http->status == 200);
  CHECK(http->MediaType() == "text/html");
  CHECK(http->body == "<html><body><p>Đoàn viên công đoàn</p></body></html>");
  CHECK(all.records[4].block == "log");
}

TEST_CASE("a plain WARC/1.0 file with every record type") {
  testing::TempDir dir;
  const std::vector<std::string> parts = SampleRecords();
  ReadAll all = Read(dir.Write("a.warc", Join(parts)));
  CheckSample(all);
  std::uint64_t offset = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    CHECK(all.records[i].offset == offset);
    CHECK(all.records[i].member_offset == offset);
    offset += parts[i].size();
  }
}

TEST_CASE("one gzip member per record: member offsets are reported") {
  testing::TempDir dir;
  std::vector<std::uint64_t> offsets;
  ReadAll all = Read(dir.Write("a.warc.gz", GzipEach(SampleRecords(), &offsets)));
  CheckSample(all);
  for (std::size_t i = 0; i < offsets.size(); ++i) {
    CHECK(all.records[i].member_offset == offsets[i]);
  }
}

TEST_CASE("a whole file compressed by the gzip tool") {
  testing::TempDir dir;
  const std::string plain = dir.Write("b.warc", Join(SampleRecords()));
  testing::CommandResult r = testing::RunCommand({"/bin/sh", "-c", "gzip -9 " + plain});
  REQUIRE(r.exit_code == 0);
  CheckSample(Read(plain + ".gz"));
}

TEST_CASE("LF-only line ends and missing record separators are tolerated") {
  testing::TempDir dir;
  const std::string block = "HTTP/1.1 200 OK\nContent-Type: text/html\n\n<p>x</p>";
  std::string text = "WARC/1.1\nWARC-Type: response\nWARC-Target-URI: http://a.example/\n"
                     "Content-Length: " + std::to_string(block.size()) + "\n\n" + block;
  text += text;  // no blank lines between the records
  ReadAll all = Read(dir.Write("lf.warc", text));
  CHECK(all.clean_end);
  REQUIRE(all.records.size() == 2);
  CHECK(all.records[1].block == block);
  CHECK(all.records[1].target_uri() == "http://a.example/");
}

TEST_CASE("a truncated file keeps the records before it and names the offset") {
  testing::TempDir dir;
  const std::vector<std::string> parts = SampleRecords();
  const std::string whole = Join(parts);
  const std::uint64_t last = whole.size() - parts.back().size();

  SUBCASE("plain, cut inside the block") {
    ReadAll all = Read(dir.Write("cut.warc", whole.substr(0, whole.size() - 10)));
    CHECK(all.records.size() == 5);
    REQUIRE(all.errors.size() == 1);
    CHECK(all.errors[0].IsCorruption());
    CHECK(all.errors[0].message().find("cut.warc: file ends inside the record at offset " +
                                       std::to_string(last)) != std::string::npos);
  }
  SUBCASE("plain, cut inside the header") {
    ReadAll all = Read(dir.Write("cut.warc", whole.substr(0, last + 30)));
    CHECK(all.records.size() == 5);
    REQUIRE(all.errors.size() == 1);
    CHECK(all.errors[0].message().find("WARC header of the record at offset " +
                                       std::to_string(last)) != std::string::npos);
  }
  SUBCASE("gzip, cut inside the last member") {
    std::vector<std::uint64_t> offsets;
    const std::string gz = GzipEach(parts, &offsets);
    ReadAll all = Read(dir.Write("cut.warc.gz", gz.substr(0, gz.size() - 40)));
    CHECK(all.records.size() == 5);
    REQUIRE(all.errors.size() == 1);
    CHECK(all.errors[0].IsCorruption());
    CHECK(all.errors[0].message().find("gzip member at offset " +
                                       std::to_string(offsets.back())) != std::string::npos);
  }
}

TEST_CASE("huge headers and records are bounded") {
  testing::TempDir dir;
  WarcReaderOptions options;
  options.max_header_bytes = 4096;
  options.max_record_bytes = 1000;
  const std::string ok = Record("resource", "urn:x", "small");

  SUBCASE("a header over the limit ends the file with TooLarge") {
    const std::string huge = "WARC/1.1\r\nWARC-Type: response\r\nX-Long: " +
                             std::string(1 << 20, 'h') + "\r\n\r\n";
    ReadAll all = Read(dir.Write("h.warc", ok + huge + ok), options);
    CHECK(all.records.size() == 1);
    REQUIRE(all.errors.size() == 1);
    CHECK(all.errors[0].IsTooLarge());
    CHECK(all.errors[0].message().find("WARC header of the record at offset " +
                                       std::to_string(ok.size()) + " exceeds 4096 bytes") !=
          std::string::npos);
  }
  SUBCASE("a record over the limit is skipped and reading goes on") {
    const std::string big = Record("resource", "urn:big", std::string(5000, 'b'));
    std::vector<std::uint64_t> offsets;
    ReadAll all = Read(dir.Write("r.warc.gz", GzipEach({ok, big, ok}, &offsets)), options);
    CHECK(all.clean_end);
    CHECK(all.records.size() == 2);
    REQUIRE(all.errors.size() == 1);
    CHECK(all.errors[0].IsTooLarge());
    CHECK(all.errors[0].message().find("gzip member at offset " +
                                       std::to_string(offsets[1])) != std::string::npos);
    CHECK(all.errors[0].message().find("skipped") != std::string::npos);
  }
}

TEST_CASE("garbage, a missing Content-Length and empty files") {
  testing::TempDir dir;
  ReadAll garbage = Read(dir.Write("g.warc", "<html>not a warc</html>\r\n\r\n"));
  REQUIRE(garbage.errors.size() == 1);
  CHECK(garbage.errors[0].IsCorruption());
  CHECK(garbage.errors[0].message().find("no WARC record at the record at offset 0") !=
        std::string::npos);

  ReadAll no_length = Read(dir.Write("n.warc", "WARC/1.1\r\nWARC-Type: response\r\n\r\nabc"));
  REQUIRE(no_length.errors.size() == 1);
  CHECK(no_length.errors[0].message().find("Content-Length") != std::string::npos);

  ReadAll bad_gzip = Read(dir.Write("b.warc.gz", std::string("\x1f\x8b\x08\x00junkjunkjunk")));
  REQUIRE(bad_gzip.errors.size() == 1);
  CHECK(bad_gzip.errors[0].IsCorruption());

  ReadAll empty = Read(dir.Write("e.warc", ""));
  CHECK(empty.clean_end);
  CHECK(empty.records.empty());

  CHECK(WarcReader::Open(dir.File("missing.warc")).status().IsNotFound());
}

}  // namespace
}  // namespace newscrawl
