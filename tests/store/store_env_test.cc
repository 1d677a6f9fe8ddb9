#include "store/store_env.h"

#include <doctest/doctest.h>
#include <lmdb.h>

#include <filesystem>
#include <map>
#include <string>

#include "store/lmdb_env.h"
#include "store/lmdb_txn.h"
#include "tests/support/temp_dir.h"

namespace newscrawl {
namespace {

using testing::ReadFile;
using testing::TempDir;

// Every file of `dir` with its content: to prove a refused directory was
// not modified.
std::map<std::string, std::string> Snapshot(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    files[e.path().filename().string()] = ReadFile(e.path().string());
  }
  return files;
}

// An LMDB environment that is not a newscrawl store (no meta database),
// written with the raw C API.
void MakeForeignLmdb(const std::string& dir) {
  std::filesystem::create_directories(dir);
  LmdbEnv::Options options;
  options.map_size = 1 << 20;
  auto env = LmdbEnv::Open(dir, options);
  REQUIRE(env.ok());
  auto txn = LmdbTxn::Begin(*env, false);
  REQUIRE(txn.ok());
  auto dbi = txn->OpenDb("other", 0, true);
  REQUIRE(dbi.ok());
  REQUIRE(txn->Put(*dbi, "k", "v").ok());
  REQUIRE(txn->Commit().ok());
}

TEST_CASE("a new store is created with its meta records") {
  TempDir tmp;
  auto env = StoreEnv::Open(tmp.File("new/store"), StoreOptions{});
  REQUIRE_MESSAGE(env.ok(), env.status().ToString());
  Status s = (*env)->Read([&](LmdbTxn& txn) -> Status {
    std::string_view v;
    CHECK(*txn.Get((*env)->dbs().meta, "magic", &v));
    CHECK(v == "newscrawl-store");
    CHECK(*txn.Get((*env)->dbs().meta, "schema", &v));
    CHECK(v == std::string("\0\0\0\2", 4));
    return Status::Ok();
  });
  CHECK(s.ok());
  CHECK(std::filesystem::exists(tmp.File("new/store/newscrawl.lock")));
}

TEST_CASE("a read-only open of a missing store is NotFound") {
  TempDir tmp;
  auto env = StoreEnv::Open(tmp.File("none"), StoreOptions{.read_only = true});
  CHECK(env.status().IsNotFound());
  CHECK(env.status().message().find("no newscrawl store at") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(tmp.File("none")));
}

TEST_CASE("a directory of other files is refused and left untouched") {
  TempDir tmp;
  const std::string dir = tmp.File("docs");
  std::filesystem::create_directories(dir);
  testing::TempDir unused;
  std::filesystem::copy_file(tmp.Write("x.txt", "ghi chú"), dir + "/x.txt");
  const auto before = Snapshot(dir);
  auto env = StoreEnv::Open(dir, StoreOptions{});
  CHECK(env.status().IsInvalidArgument());
  CHECK(env.status().message().find("is not a newscrawl store") !=
        std::string::npos);
  CHECK(Snapshot(dir) == before);
  // A plain file is refused too.
  CHECK(StoreEnv::Open(dir + "/x.txt", StoreOptions{}).status().IsInvalidArgument());
}

TEST_CASE("an LMDB file that is not a newscrawl store is refused untouched") {
  TempDir tmp;
  const std::string dir = tmp.File("foreign");
  MakeForeignLmdb(dir);
  const auto before = Snapshot(dir);
  for (bool read_only : {false, true}) {
    auto env = StoreEnv::Open(dir, StoreOptions{.read_only = read_only});
    CHECK(env.status().IsInvalidArgument());
    CHECK(env.status().message().find("no newscrawl meta database") !=
          std::string::npos);
  }
  CHECK(Snapshot(dir) == before);

  // Garbage in data.mdb.
  const std::string junk = tmp.File("junk");
  std::filesystem::create_directories(junk);
  {
    std::string bytes(8192, 'x');
    std::filesystem::copy_file(tmp.Write("data.mdb", bytes), junk + "/data.mdb");
  }
  const auto junk_before = Snapshot(junk);
  auto env = StoreEnv::Open(junk, StoreOptions{});
  CHECK_FALSE(env.ok());
  CHECK(env.status().message().find("not a newscrawl store") != std::string::npos);
  CHECK(Snapshot(junk) == junk_before);
}

TEST_CASE("a store of a newer schema is refused untouched") {
  TempDir tmp;
  const std::string dir = tmp.File("s");
  {
    auto env = StoreEnv::Open(dir, StoreOptions{});
    REQUIRE(env.ok());
    REQUIRE((*env)
                ->Write([&](LmdbTxn& txn) {
                  return txn.Put((*env)->dbs().meta, "schema",
                                 std::string("\0\0\0\x07", 4));
                })
                .ok());
  }
  const auto before = Snapshot(dir);
  auto env = StoreEnv::Open(dir, StoreOptions{});
  CHECK(env.status().IsUnsupported());
  CHECK(env.status().message().find("schema version 7") != std::string::npos);
  CHECK(Snapshot(dir) == before);
}

TEST_CASE("a second writer is refused while readers are welcome") {
  TempDir tmp;
  const std::string dir = tmp.File("s");
  auto writer = StoreEnv::Open(dir, StoreOptions{});
  REQUIRE(writer.ok());
  auto second = StoreEnv::Open(dir, StoreOptions{});
  CHECK(second.status().IsBusy());
  CHECK(second.status().message().find("is being written by pid") !=
        std::string::npos);
}

TEST_CASE("a failing write leaves nothing; map growth retries the batch") {
  TempDir tmp;
  StoreOptions options;
  options.initial_map_size = 128 * 1024;
  auto env = StoreEnv::Open(tmp.File("s"), options);
  REQUIRE(env.ok());
  const std::uint64_t start = (*env)->env().map_size();
  int attempts = 0;
  const std::string big(300 * 1024, 'z');
  Status s = (*env)->Write([&](LmdbTxn& txn) {
    ++attempts;
    return txn.Put((*env)->dbs().meta, "big", big);
  });
  CHECK(s.ok());
  CHECK(attempts >= 2);
  CHECK((*env)->env().map_size() > start);
  s = (*env)->Write([&](LmdbTxn& txn) -> Status {
    NEWSCRAWL_RETURN_IF_ERROR(txn.Put((*env)->dbs().meta, "half", "x"));
    return Status::Aborted("stop");
  });
  CHECK(s.IsAborted());
  s = (*env)->Read([&](LmdbTxn& txn) -> Status {
    std::string_view v;
    CHECK_FALSE(*txn.Get((*env)->dbs().meta, "half", &v));
    CHECK(*txn.Get((*env)->dbs().meta, "big", &v));
    CHECK(v.size() == big.size());
    return Status::Ok();
  });
  CHECK(s.ok());
}

}  // namespace
}  // namespace newscrawl
