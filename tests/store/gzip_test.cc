#include "store/gzip.h"

#include <doctest/doctest.h>

#include <string>

#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

namespace newscrawl {
namespace {

std::string Gunzip(std::string_view data) {
  Result<std::string> out = Decompress(data, Encoding::kGzip, 1 << 24);
  REQUIRE(out.ok());
  return *out;
}

TEST_CASE("a gzip member round-trips and is read by the gzip tool") {
  const std::string text = "Công đoàn Việt Nam\r\n" + std::string(100000, 'x');
  std::string member;
  REQUIRE(GzipCompress(text, &member).ok());
  CHECK(LooksLikeGzip(member));
  CHECK(member.size() < text.size() / 10);
  CHECK(Gunzip(member) == text);

  testing::TempDir dir;
  const std::string path = dir.Write("t.gz", member);
  testing::CommandResult r = testing::RunCommand({"/bin/sh", "-c", "gzip -dc " + path});
  CHECK(r.exit_code == 0);
  CHECK(r.out == text);
}

TEST_CASE("members appended back to back decode as one stream") {
  std::string file;
  REQUIRE(GzipCompress("first ", &file).ok());
  REQUIRE(GzipCompress("", &file).ok());
  REQUIRE(GzipCompress("second", &file).ok());
  CHECK(Gunzip(file) == "first second");

  Result<std::unique_ptr<GzipInflater>> inflater = GzipInflater::Create();
  REQUIRE(inflater.ok());
  std::string_view input = file;
  std::string out;
  std::vector<std::uint64_t> member_offsets;
  char buffer[4];
  while (!input.empty()) {
    Result<std::size_t> n = (*inflater)->Inflate(&input, buffer, sizeof(buffer));
    REQUIRE(n.ok());
    out.append(buffer, *n);
    if (member_offsets.empty() ||
        member_offsets.back() != (*inflater)->member_offset()) {
      member_offsets.push_back((*inflater)->member_offset());
    }
  }
  CHECK((*inflater)->between_members());
  CHECK(out == "first second");
  CHECK(member_offsets.size() == 3);
  CHECK(member_offsets.front() == 0);
}

TEST_CASE("decompression is bounded and rejects bad or cut data") {
  std::string bomb;
  REQUIRE(GzipCompress(std::string(10 << 20, '\0'), &bomb).ok());
  Result<std::string> big = Decompress(bomb, Encoding::kGzip, 1 << 20);
  CHECK(big.status().IsTooLarge());

  Result<std::string> cut = Decompress(std::string_view(bomb).substr(0, bomb.size() / 2),
                                       Encoding::kGzip, 1 << 24);
  CHECK(cut.status().IsCorruption());
  CHECK(Decompress("not gzip at all", Encoding::kGzip, 100).status().IsCorruption());

  Result<std::unique_ptr<GzipInflater>> inflater = GzipInflater::Create();
  REQUIRE(inflater.ok());
  std::string_view input = "\x1f\x8bgarbage-garbage";
  char buffer[64];
  Result<std::size_t> n = (*inflater)->Inflate(&input, buffer, sizeof(buffer));
  CHECK(n.status().IsCorruption());
  CHECK(n.status().message().find("offset 0") != std::string::npos);
}

TEST_CASE("HTTP deflate is accepted with and without the zlib wrapper") {
  // zlib-wrapped "hello" and the same data as raw deflate.
  const std::string zlib("\x78\x9c\xcb\x48\xcd\xc9\xc9\x07\x00\x06\x2c\x02\x15", 13);
  const std::string raw("\xcb\x48\xcd\xc9\xc9\x07\x00", 7);
  Result<std::string> a = Decompress(zlib, Encoding::kDeflate, 100);
  Result<std::string> b = Decompress(raw, Encoding::kDeflate, 100);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(*a == "hello");
  CHECK(*b == "hello");
}

TEST_CASE("documents that may come gzipped are inflated within their limit") {
  const std::string xml = "<urlset>" + std::string(1000, ' ') + "</urlset>";
  for (const std::string& bytes : {xml, Gzip(xml).value()}) {
    std::string_view view = bytes;
    std::string storage;
    REQUIRE(InflateIfGzipped("sitemap", xml.size(), &view, &storage).ok());
    CHECK(view == xml);
    // One byte under the size: TooLarge, named after the document.
    view = bytes;
    const Status small = InflateIfGzipped("sitemap", xml.size() - 1, &view, &storage);
    CHECK(small.IsTooLarge());
    CHECK(small.message().find("sitemap") != std::string::npos);
  }
  // Two members, as `cat a.gz b.gz` makes, are one document.
  const std::string two = Gzip("<rss>").value() + Gzip("</rss>").value();
  std::string_view view = two;
  std::string storage;
  REQUIRE(InflateIfGzipped("feed", 100, &view, &storage).ok());
  CHECK(view == "<rss></rss>");
  // Cut data is Corruption, not a short document.
  const std::string packed = Gzip(std::string(100000, 'x')).value();
  view = std::string_view(packed).substr(0, packed.size() / 2);
  CHECK(InflateIfGzipped("feed", 1 << 20, &view, &storage).IsCorruption());
}

}  // namespace
}  // namespace newscrawl
