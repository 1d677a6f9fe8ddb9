// Runs the real newscrawl binary.
#include "config/cli.h"

#include <doctest/doctest.h>

#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

namespace newscrawl {
namespace {

using testing::RunNewscrawl;
using testing::TempDir;

bool Contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST_CASE("--help lists every subcommand and exits 0") {
  auto r = RunNewscrawl({"--help"});
  CHECK(r.exit_code == 0);
  for (const char* cmd : {"crawl", "extract", "reextract", "dump", "stats", "show", "search", "reindex"}) {
    CHECK_MESSAGE(Contains(r.out, cmd), cmd);
  }
  CHECK(Contains(r.out, "--store"));
  CHECK(Contains(r.out, "--config"));
}

TEST_CASE("every subcommand has --help") {
  for (const char* cmd : {"crawl", "extract", "reextract", "dump", "import",
                          "stats", "show", "search", "reindex"}) {
    auto r = RunNewscrawl({cmd, "--help"});
    CHECK_MESSAGE(r.exit_code == 0, cmd);
    CHECK_MESSAGE(Contains(r.out, "--help"), cmd);
  }
}

TEST_CASE("usage errors exit 2 with a message") {
  auto none = RunNewscrawl({});
  CHECK(none.exit_code == 2);
  CHECK(Contains(none.err, "subcommand"));
  auto unknown = RunNewscrawl({"fly"});
  CHECK(unknown.exit_code == 2);
  auto bad_flag = RunNewscrawl({"dump", "--out", "x", "--format", "pdf"});
  CHECK(bad_flag.exit_code == 2);
  CHECK(Contains(bad_flag.err, "pdf"));
  auto missing = RunNewscrawl({"dump"});
  CHECK(missing.exit_code == 2);
  CHECK(Contains(missing.err, "--out"));
  auto negative = RunNewscrawl({"crawl", "--max-pages", "-5"});
  CHECK(negative.exit_code == 2);
}

TEST_CASE("a bad config stops a command before any work, exit 2") {
  TempDir dir;
  const std::string cfg = dir.Write("bad.toml", "[crawl]\nconcurency = 4\n");
  // Global options are accepted after the subcommand too.
  auto r = RunNewscrawl({"crawl", "--config", cfg, "--store", dir.File("s")});
  CHECK(r.exit_code == 2);
  CHECK(Contains(r.err, cfg + ":2:1: crawl.concurency: unknown key; did you "
                              "mean 'crawl.concurrency'?"));
  auto before = RunNewscrawl({"--config", cfg, "crawl"});
  CHECK(before.exit_code == 2);
  CHECK(Contains(before.err, "crawl.concurency"));
  auto missing = RunNewscrawl({"crawl", "--config", dir.File("none.toml")});
  CHECK(missing.exit_code == 2);
  CHECK(Contains(missing.err, "none.toml"));
}

TEST_CASE("--site must name a configured site") {
  TempDir dir;
  const std::string cfg = dir.Write(
      "c.toml", "[[site]]\nname = \"a\"\nseeds = [\"http://127.0.0.1:9/\"]\n");
  auto r = RunNewscrawl({"crawl", "--config", cfg, "--site", "b"});
  CHECK(r.exit_code == 2);
  CHECK(Contains(r.err, "no site \"b\""));
  CHECK(Contains(r.err, "known: a"));
}

TEST_CASE("--version prints the version") {
  auto r = RunNewscrawl({"--version"});
  CHECK(r.exit_code == 0);
  CHECK(Contains(r.out, "0.1.0"));
}

}  // namespace
}  // namespace newscrawl
