#include "store/store_env.h"

#include <doctest/doctest.h>
#include <lmdb.h>

#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "store/lmdb_cursor.h"
#include "store/lmdb_env.h"
#include "store/lmdb_txn.h"
#include "tests/store/store_test_util.h"
#include "tests/support/temp_dir.h"

namespace newscrawl {
namespace {

using testing::MakeBody;
using testing::MakePageWrite;
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
    CHECK(v == std::string("\0\0\0\4", 4));
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

// Rewrites the index `dbi` of an open store the way schemas 1-2 kept it:
// one plain entry per [site '\0'] date key16, with an empty value.
Status DowngradeIndex(LmdbTxn& txn, MDB_dbi dbi, const char* name) {
  std::vector<std::string> entries;
  {
    NEWSCRAWL_ASSIGN_OR_RETURN(LmdbCursor cursor, LmdbCursor::Open(txn, dbi));
    std::string_view key;
    std::string_view value;
    NEWSCRAWL_ASSIGN_OR_RETURN(bool found, cursor.Get(MDB_FIRST, &key, &value));
    while (found) {
      entries.push_back(std::string(key).append(value));
      NEWSCRAWL_ASSIGN_OR_RETURN(found, cursor.Get(MDB_NEXT, &key, &value));
    }
  }
  NEWSCRAWL_RETURN_IF_ERROR(txn.Check("drop", mdb_drop(txn.get(), dbi, 1)));
  NEWSCRAWL_ASSIGN_OR_RETURN(MDB_dbi plain, txn.OpenDb(name, 0, true));
  for (const std::string& entry : entries) {
    NEWSCRAWL_RETURN_IF_ERROR(txn.Put(plain, entry, ""));
  }
  return Status::Ok();
}

// Flags of the database `name` of the store at `dir`, and its entries.
std::pair<unsigned, std::size_t> IndexLayout(const std::string& dir,
                                             const char* name) {
  auto env = StoreEnv::Open(dir, StoreOptions{.read_only = true});
  REQUIRE(env.ok());
  unsigned flags = 0;
  std::size_t entries = 0;
  REQUIRE((*env)
              ->Read([&](LmdbTxn& txn) -> Status {
                NEWSCRAWL_ASSIGN_OR_RETURN(MDB_dbi dbi,
                                           txn.OpenDb(name, 0, false));
                NEWSCRAWL_RETURN_IF_ERROR(
                    txn.Check("flags", mdb_dbi_flags(txn.get(), dbi, &flags)));
                NEWSCRAWL_ASSIGN_OR_RETURN(entries, txn.Count(dbi));
                return Status::Ok();
              })
              .ok());
  return {flags, entries};
}

std::string SchemaOf(const std::string& dir) {
  auto env = StoreEnv::Open(dir, StoreOptions{.read_only = true});
  REQUIRE(env.ok());
  std::string schema;
  REQUIRE((*env)
              ->Read([&](LmdbTxn& txn) -> Status {
                std::string_view v;
                NEWSCRAWL_ASSIGN_OR_RETURN(
                    bool found, txn.Get((*env)->dbs().meta, "schema", &v));
                if (found) schema.assign(v);
                return Status::Ok();
              })
              .ok());
  return schema;
}

// What ForEachArticle yields for `filter`: site@date of each article.
std::vector<std::string> Listed(Store& store, const ArticleFilter& filter) {
  std::vector<std::string> seen;
  const Status s = store.ForEachArticle(filter, [&](const ArticleRecord& r) {
    seen.push_back(r.site + "@" + r.IndexDate());
    return Status::Ok();
  });
  REQUIRE_MESSAGE(s.ok(), s.ToString());
  return seen;
}

TEST_CASE(
    "a schema 2 store's date indexes are read as they are and made lists by a "
    "writer") {
  TempDir tmp;
  const std::string dir = tmp.File("s");
  const char* dates[] = {"2025-01-05", "2025-02-10", "2025-02-11"};
  {
    auto store = Store::Open(dir, StoreOptions{});
    REQUIRE(store.ok());
    WriteBatch batch;
    for (int i = 0; i < 6; ++i) {
      const std::string site = i % 2 == 0 ? "a" : "b";
      batch.AddPage(
          MakePageWrite("https://" + site + ".vn/" + std::to_string(i), site,
                        MakeBody(static_cast<std::uint32_t>(300 + i)), 1000 + i,
                        std::string(dates[i / 2]) + "T07:00:00+07:00"));
    }
    REQUIRE((*store)->Write(batch).ok());
  }
  CHECK((IndexLayout(dir, "by_site").first & MDB_DUPSORT) != 0);
  {
    auto env = StoreEnv::Open(dir, StoreOptions{});
    REQUIRE(env.ok());
    REQUIRE((*env)
                ->Write([&](LmdbTxn& txn) -> Status {
                  NEWSCRAWL_RETURN_IF_ERROR(
                      DowngradeIndex(txn, (*env)->dbs().by_site, "by_site"));
                  NEWSCRAWL_RETURN_IF_ERROR(
                      DowngradeIndex(txn, (*env)->dbs().by_date, "by_date"));
                  return txn.Put((*env)->dbs().meta, "schema",
                                 std::string("\0\0\0\2", 4));
                })
                .ok());
  }
  REQUIRE(IndexLayout(dir, "by_site") ==
          std::pair<unsigned, std::size_t>{0, 6});
  REQUIRE(IndexLayout(dir, "by_date") ==
          std::pair<unsigned, std::size_t>{0, 6});

  const std::vector<std::string> site_a{"a@2025-01-05", "a@2025-02-10",
                                        "a@2025-02-11"};
  {
    // Read-only: the old layout as it is, nothing rewritten.
    auto reader = Store::Open(dir, StoreOptions{.read_only = true});
    REQUIRE_MESSAGE(reader.ok(), reader.status().ToString());
    CHECK(Listed(**reader, {}).size() == 6);
    CHECK(Listed(**reader, {.site = "a"}) == site_a);
    CHECK(Listed(**reader, {.since = "2025-02-10", .until = "2025-02-10"}) ==
          std::vector<std::string>{"a@2025-02-10", "b@2025-02-10"});
    auto stats = (*reader)->Stats();
    REQUIRE(stats.ok());
    CHECK(stats->sites["b"].oldest == "2025-01-05");
    CHECK(stats->sites["b"].newest == "2025-02-11");
  }
  CHECK(SchemaOf(dir) == std::string("\0\0\0\2", 4));
  CHECK(IndexLayout(dir, "by_site").first == 0);

  // A writer upgrades: lists of keys per date, the same entries.
  auto store = Store::Open(dir, StoreOptions{});
  REQUIRE_MESSAGE(store.ok(), store.status().ToString());
  CHECK(SchemaOf(dir) == std::string("\0\0\0\4", 4));
  for (const char* name : {"by_site", "by_date"}) {
    const auto [flags, entries] = IndexLayout(dir, name);
    CHECK((flags & (MDB_DUPSORT | MDB_DUPFIXED)) ==
          (MDB_DUPSORT | MDB_DUPFIXED));
    CHECK(entries == 6);
  }
  CHECK(Listed(**store, {.site = "a"}) == site_a);
  // An edit retires the old version's entries from the upgraded lists.
  WriteBatch batch;
  batch.AddPage(MakePageWrite("https://a.vn/0", "a", MakeBody(999), 2000,
                              "2025-03-01T07:00:00+07:00"));
  auto results = (*store)->Write(batch);
  REQUIRE(results.ok());
  CHECK((*results)[0].outcome == WriteOutcome::kEdited);
  CHECK(
      Listed(**store, {.site = "a"}) ==
      std::vector<std::string>{"a@2025-02-10", "a@2025-02-11", "a@2025-03-01"});
  CHECK(Listed(**store, {}).size() == 6);
}

}  // namespace
}  // namespace newscrawl
