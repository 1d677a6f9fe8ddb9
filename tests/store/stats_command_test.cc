// Runs the real `newscrawl stats` on a store written here.
#include "store/stats_command.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "store/store.h"
#include "tests/store/store_test_util.h"
#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

namespace newscrawl {
namespace {

using testing::MakeBody;
using testing::MakePageWrite;
using testing::RunNewscrawl;
using testing::TempDir;

void Fill(const std::string& dir) {
  auto store = Store::Open(dir, StoreOptions{});
  REQUIRE(store.ok());
  WriteBatch batch;
  batch.AddPage(MakePageWrite("https://a.vn/1", "laodong", MakeBody(1), 100,
                              "2025-03-01T08:00:00+07:00"));
  batch.AddPage(MakePageWrite("https://a.vn/2", "laodong", MakeBody(2), 101,
                              "2025-05-09T08:00:00+07:00"));
  batch.AddPage(MakePageWrite("https://b.vn/1", "congdoan", MakeBody(3), 102,
                              "2024-12-31T08:00:00+07:00"));
  std::string near = MakeBody(1);
  near.replace(near.find("công nhân"), std::string("công nhân").size(), "thợ");
  batch.AddPage(MakePageWrite("https://b.vn/2", "congdoan", near, 103,
                              "2025-01-02T08:00:00+07:00"));
  REQUIRE((*store)->Write(batch).ok());
}

TEST_CASE("stats prints per-site counts, dates and the total") {
  TempDir tmp;
  const std::string dir = tmp.File("store");
  Fill(dir);
  auto r = RunNewscrawl({"--store", dir, "stats"}, {}, tmp.path());
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out.find("laodong") != std::string::npos);
  CHECK(r.out.find("2025-05-09") != std::string::npos);
  CHECK(r.out.find("total") != std::string::npos);

  r = RunNewscrawl({"--store", dir, "stats", "--format", "json"}, {}, tmp.path());
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["total"]["pages"] == 4);
  CHECK(j["total"]["articles"] == 4);
  CHECK(j["total"]["duplicates"] == 1);
  CHECK(j["total"]["oldest"] == "2024-12-31");
  CHECK(j["total"]["newest"] == "2025-05-09");
  CHECK(j["sites"]["congdoan"]["duplicates"] == 1);
  CHECK(j["sites"]["laodong"]["articles"] == 2);
  CHECK(j["urls"] == 4);
  CHECK(j["file_bytes"].get<std::uint64_t>() > 0);
  CHECK(j["sites"]["laodong"]["stored_bytes"].get<std::uint64_t>() <
        j["sites"]["laodong"]["raw_bytes"].get<std::uint64_t>() + 1000);

  r = RunNewscrawl({"--store", dir, "stats", "--format", "json", "--site", "laodong"},
                   {}, tmp.path());
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const auto only = nlohmann::json::parse(r.out);
  CHECK(only["sites"].size() == 1);
  CHECK(only["total"]["pages"] == 2);
  CHECK(only["total"]["oldest"] == "2025-03-01");
}

TEST_CASE("stats works while a writer holds the store") {
  TempDir tmp;
  const std::string dir = tmp.File("store");
  Fill(dir);
  auto writer = Store::Open(dir, StoreOptions{});
  REQUIRE(writer.ok());
  auto r = RunNewscrawl({"--store", dir, "stats", "--format", "json"}, {}, tmp.path());
  CHECK_MESSAGE(r.exit_code == 0, r.err);
}

TEST_CASE("stats of a missing store fails clearly with exit 1") {
  TempDir tmp;
  auto r = RunNewscrawl({"--store", tmp.File("nothing"), "stats"}, {}, tmp.path());
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("no newscrawl store at") != std::string::npos);
}

}  // namespace
}  // namespace newscrawl
