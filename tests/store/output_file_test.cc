#include "store/output_file.h"

#include <doctest/doctest.h>

#include <filesystem>

#include "tests/support/temp_dir.h"

namespace newscrawl {
namespace {

int CountFiles(const std::string& dir) {
  int n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

TEST_CASE("the file appears under its name only after Commit") {
  testing::TempDir dir;
  const std::string path = dir.File("out.jsonl");
  Result<std::unique_ptr<OutputFile>> out = OutputFile::Create(path);
  REQUIRE(out.ok());
  REQUIRE((*out)->Append("một\n").ok());
  REQUIRE((*out)->Append(std::string(3 << 20, 'x')).ok());  // over the buffer
  REQUIRE((*out)->Append("hai\n").ok());
  CHECK_FALSE(std::filesystem::exists(path));
  CHECK(CountFiles(dir.path()) == 1);  // the hidden temporary
  REQUIRE((*out)->Commit().ok());
  CHECK((*out)->bytes_written() == 10 + (3u << 20));
  const std::string content = testing::ReadFile(path);
  CHECK(content.size() == 10 + (3u << 20));
  CHECK(content.substr(0, 6) == "một\n");
  CHECK(content.substr(content.size() - 4) == "hai\n");
  CHECK(CountFiles(dir.path()) == 1);
}

TEST_CASE("an uncommitted file leaves nothing behind and keeps the old one") {
  testing::TempDir dir;
  const std::string path = dir.Write("out.jsonl", "old\n");
  {
    Result<std::unique_ptr<OutputFile>> out = OutputFile::Create(path);
    REQUIRE(out.ok());
    REQUIRE((*out)->Append(std::string(2 << 20, 'y')).ok());
  }
  CHECK(testing::ReadFile(path) == "old\n");
  CHECK(CountFiles(dir.path()) == 1);
}

TEST_CASE("a full disk is a clear IOError and removes the partial file") {
  Result<std::unique_ptr<OutputFile>> out = OutputFile::Create("/dev/full");
  REQUIRE(out.ok());
  Status s = (*out)->Append(std::string(2 << 20, 'z'));
  if (s.ok()) s = (*out)->Commit();
  CHECK(s.IsIOError());
  CHECK(s.message() == "write /dev/full: No space left on device");
  // Sticky: later calls report the same error.
  CHECK((*out)->Append("more").message() == s.message());
  CHECK((*out)->Commit().message() == s.message());
}

TEST_CASE("bad paths are reported with the path") {
  testing::TempDir dir;
  Result<std::unique_ptr<OutputFile>> missing =
      OutputFile::Create(dir.File("no/such/dir/out.jsonl"));
  CHECK(missing.status().IsNotFound());
  CHECK(missing.status().message().find("no/such/dir/out.jsonl") != std::string::npos);
  CHECK(OutputFile::Create(dir.path()).status().IsInvalidArgument());
  CHECK(OutputFile::Create("").status().IsInvalidArgument());
}

}  // namespace
}  // namespace newscrawl
