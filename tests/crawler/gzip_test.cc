#include "crawler/gzip.h"

#include <doctest/doctest.h>

#include <string>

namespace newscrawl {
namespace {

TEST_CASE("gzip round trip, concatenated members") {
  std::string text;
  for (int i = 0; i < 20000; ++i)
    text += "Công đoàn cơ sở " + std::to_string(i) + "\n";
  Result<std::string> packed = Gzip(text);
  REQUIRE(packed.ok());
  CHECK(LooksGzipped(*packed));
  CHECK_FALSE(LooksGzipped(text));
  CHECK(packed->size() < text.size() / 3);
  Result<std::string> unpacked = Gunzip(*packed, text.size());
  REQUIRE(unpacked.ok());
  CHECK(*unpacked == text);
  // Two members, as `cat a.gz b.gz` makes.
  const std::string two = Gzip("abc").value() + Gzip("def").value();
  CHECK(Gunzip(two, 100).value() == "abcdef");
  CHECK(Gunzip(Gzip("").value(), 0).value().empty());
}

TEST_CASE("corrupt and truncated data are Corruption") {
  const std::string packed = Gzip(std::string(100000, 'x') + "tail").value();
  CHECK(Gunzip(packed.substr(0, packed.size() / 2), 1 << 20)
            .status()
            .IsCorruption());
  std::string flipped = packed;
  flipped[20] = static_cast<char>(flipped[20] ^ 0x55);
  flipped[21] = static_cast<char>(flipped[21] ^ 0x55);
  CHECK_FALSE(Gunzip(flipped, 1 << 20).ok());
  CHECK(Gunzip("\x1f\x8bnot really gzip", 1 << 20).status().IsCorruption());
  CHECK(Gunzip("", 1 << 20).status().IsCorruption());
}

TEST_CASE("a decompression bomb stops at the limit") {
  // 64 MiB of zeros compress to ~64 KiB.
  const std::string zeros(1 << 20, '\0');
  std::string big;
  big.reserve(64u << 20);
  for (int i = 0; i < 64; ++i) big += zeros;
  const std::string bomb = Gzip(big, 9).value();
  big.clear();
  big.shrink_to_fit();
  CHECK(bomb.size() < 1024 * 1024);
  const Result<std::string> out = Gunzip(bomb, 10 * 1024 * 1024);
  CHECK(out.status().IsTooLarge());
  CHECK(out.status().message().find("10485760") != std::string::npos);
  // Exactly at the limit is fine.
  CHECK(Gunzip(Gzip(zeros).value(), zeros.size()).ok());
  CHECK(Gunzip(Gzip(zeros).value(), zeros.size() - 1).status().IsTooLarge());
}

}  // namespace
}  // namespace newscrawl
