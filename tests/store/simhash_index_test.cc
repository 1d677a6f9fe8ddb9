#include "store/simhash_index.h"

#include <doctest/doctest.h>
#include <lmdb.h>

#include <memory>
#include <string>

#include "store/index_keys.h"
#include "store/lmdb_txn.h"
#include "store/store.h"
#include "store/store_env.h"
#include "tests/store/store_test_util.h"
#include "tests/support/temp_dir.h"

namespace newscrawl {
namespace {

using testing::MakeBody;
using testing::MakePageWrite;
using testing::TempDir;

ArticleKey KeyOf(std::string_view text) {
  return ArticleKey::ForNormalizedBody(text);
}

std::size_t Entries(StoreEnv& env, MDB_dbi dbi) {
  std::size_t n = 0;
  REQUIRE(env.Read([&](LmdbTxn& txn) -> Status {
                NEWSCRAWL_ASSIGN_OR_RETURN(n, txn.Count(dbi));
                return Status::Ok();
              }).ok());
  return n;
}

ArticleKey Find(StoreEnv& env, std::uint64_t simhash, int bits = 3) {
  ArticleKey found;
  REQUIRE(env.Read([&](LmdbTxn& txn) -> Status {
                NEWSCRAWL_ASSIGN_OR_RETURN(
                    found, FindNearDuplicate(txn, env.dbs().simhash_dbs(),
                                             simhash, bits, ArticleKey{}));
                return Status::Ok();
              }).ok());
  return found;
}

Status Update(StoreEnv& env, const ArticleKey& key, std::uint64_t simhash,
              bool add) {
  return env.Write([&](LmdbTxn& txn) {
    return UpdateSimHashIndex(txn, env.dbs().simhash_dbs(), key, simhash, add);
  });
}

Status Merge(StoreEnv& env, std::size_t limit) {
  return env.Write([&](LmdbTxn& txn) {
    return MergeRecentSimHashes(txn, env.dbs().simhash_dbs(), limit);
  });
}

TEST_CASE("new SimHashes go to simhash_recent and a merge moves them") {
  TempDir tmp;
  auto opened = StoreEnv::Open(tmp.File("s"), StoreOptions{});
  REQUIRE_MESSAGE(opened.ok(), opened.status().ToString());
  StoreEnv& env = **opened;
  const SimHashDbs dbs = env.dbs().simhash_dbs();
  REQUIRE(dbs.recent != 0);
  const ArticleKey a = KeyOf("a");
  const ArticleKey b = KeyOf("b");
  const std::uint64_t ha = 0x0123456789ABCDEFu;
  const std::uint64_t hb = ha ^ 0x8000000000000001u;  // 2 bits from ha

  REQUIRE(Update(env, a, ha, true).ok());
  CHECK(Entries(env, dbs.recent) == 6);  // one per band
  CHECK(Entries(env, dbs.main) == 0);
  CHECK(Find(env, ha ^ 0x10) == a);      // found before any merge
  CHECK(Find(env, ~ha).empty());

  // Below the limit nothing moves; at it, everything does.
  REQUIRE(Merge(env, 7).ok());
  CHECK(Entries(env, dbs.recent) == 6);
  REQUIRE(Merge(env, 6).ok());
  CHECK(Entries(env, dbs.recent) == 0);
  CHECK(Entries(env, dbs.main) == 6);
  CHECK(Find(env, ha ^ 0x10) == a);

  // The closest entry wins across the two databases.
  REQUIRE(Update(env, b, hb, true).ok());
  CHECK(Entries(env, dbs.recent) == 6);
  CHECK(Find(env, hb) == b);
  CHECK(Find(env, ha) == a);
  CHECK(Find(env, hb ^ 0x2, 1) == b);

  // Removal finds an entry in either database.
  REQUIRE(Update(env, a, ha, false).ok());
  CHECK(Entries(env, dbs.main) == 0);
  CHECK(Find(env, ha, 1).empty());
  REQUIRE(Update(env, b, hb, false).ok());
  CHECK(Entries(env, dbs.recent) == 0);
  CHECK(Find(env, hb).empty());
}

TEST_CASE("a merge keeps every entry of buckets shared by both databases") {
  TempDir tmp;
  auto opened = StoreEnv::Open(tmp.File("s"), StoreOptions{});
  REQUIRE(opened.ok());
  StoreEnv& env = **opened;
  const SimHashDbs dbs = env.dbs().simhash_dbs();
  // Hashes that differ in band 0 only: the five other bands share buckets.
  for (std::uint64_t i = 0; i < 40; ++i) {
    REQUIRE(Update(env, KeyOf(std::to_string(i)), 0xABCDEF0000000000u | i,
                   true).ok());
    if (i == 19) REQUIRE(Merge(env, 0).ok());
  }
  CHECK(Entries(env, dbs.main) == 20 * 6);
  CHECK(Entries(env, dbs.recent) == 20 * 6);
  REQUIRE(Merge(env, 0).ok());
  CHECK(Entries(env, dbs.main) == 40 * 6);
  CHECK(Entries(env, dbs.recent) == 0);
  for (std::uint64_t i = 0; i < 40; ++i) {
    CHECK(Find(env, 0xABCDEF0000000000u | i, 0) == KeyOf(std::to_string(i)));
  }
}

TEST_CASE("simhash_recent may grow with the square root of the store") {
  CHECK(SimHashRecentLimit(0) == 6 * 2048);
  CHECK(SimHashRecentLimit(6 * 4096) == 6 * 2048);
  CHECK(SimHashRecentLimit(6 * 100000) == 6 * 10119);
  CHECK(SimHashRecentLimit(6 * 1000000) == 6 * 32000);
}

TEST_CASE("a schema 1 store is read as it is and upgraded by a writer") {
  TempDir tmp;
  const std::string dir = tmp.File("s");
  const std::string body = MakeBody(5);
  std::string edited = body;
  edited.replace(edited.find("công"), std::string("công").size(), "Công");
  ArticleKey original;
  {
    auto store = Store::Open(dir, StoreOptions{});
    REQUIRE(store.ok());
    WriteBatch batch;
    batch.AddPage(MakePageWrite("https://a.vn/1.html", "a", body, 100));
    auto results = (*store)->Write(batch);
    REQUIRE(results.ok());
    original = (*results)[0].article_key;
  }
  {
    // What schema 1 wrote: the index in `simhash` alone, no
    // simhash_recent database.
    auto env = StoreEnv::Open(dir, StoreOptions{});
    REQUIRE(env.ok());
    REQUIRE((*env)
                ->Write([&](LmdbTxn& txn) -> Status {
                  const SimHashDbs dbs = (*env)->dbs().simhash_dbs();
                  NEWSCRAWL_RETURN_IF_ERROR(MergeRecentSimHashes(txn, dbs, 0));
                  NEWSCRAWL_RETURN_IF_ERROR(
                      txn.Check("drop", mdb_drop(txn.get(), dbs.recent, 1)));
                  return txn.Put((*env)->dbs().meta, "schema",
                                 std::string("\0\0\0\1", 4));
                })
                .ok());
  }
  {
    auto env = StoreEnv::Open(dir, StoreOptions{.read_only = true});
    REQUIRE_MESSAGE(env.ok(), env.status().ToString());
    CHECK((*env)->dbs().simhash_recent == 0);
  }
  {
    auto reader = Store::Open(dir, StoreOptions{.read_only = true});
    REQUIRE_MESSAGE(reader.ok(), reader.status().ToString());
    auto similar = (*reader)->FindSimilar(edited);
    REQUIRE(similar.ok());
    CHECK(*similar == original);
  }
  {
    auto env = StoreEnv::Open(dir, StoreOptions{});
    REQUIRE_MESSAGE(env.ok(), env.status().ToString());
    CHECK((*env)->dbs().simhash_recent != 0);
    REQUIRE((*env)
                ->Read([&](LmdbTxn& txn) -> Status {
                  std::string_view schema;
                  CHECK(*txn.Get((*env)->dbs().meta, "schema", &schema));
                  CHECK(schema == std::string("\0\0\0\4", 4));
                  return Status::Ok();
                })
                .ok());
  }
  auto store = Store::Open(dir, StoreOptions{});
  REQUIRE(store.ok());
  WriteBatch batch;
  batch.AddPage(MakePageWrite("https://b.vn/copy.html", "b", edited, 200));
  auto results = (*store)->Write(batch);
  REQUIRE(results.ok());
  CHECK((*results)[0].outcome == WriteOutcome::kNearDuplicate);
  CHECK((*results)[0].duplicate_of == original);
}

TEST_CASE("a SimHash merge runs its check every kMergeCheckEntries entries") {
  TempDir tmp;
  auto opened = StoreEnv::Open(tmp.File("s"), StoreOptions{});
  REQUIRE_MESSAGE(opened.ok(), opened.status().ToString());
  StoreEnv& env = **opened;
  const SimHashDbs dbs = env.dbs().simhash_dbs();
  constexpr int kArticles = 100;  // kSimHashBands entries each
  REQUIRE(env.Write([&](LmdbTxn& txn) -> Status {
                for (int i = 0; i < kArticles; ++i) {
                  std::string name("k");
                  name.append(std::to_string(i));
                  NEWSCRAWL_RETURN_IF_ERROR(UpdateSimHashIndex(
                      txn, dbs, KeyOf(name),
                      0x9E3779B97F4A7C15u * static_cast<std::uint64_t>(i + 1),
                      true));
                }
                return Status::Ok();
              }).ok());
  int checks = 0;
  REQUIRE(env.Write([&](LmdbTxn& txn) {
                return MergeRecentSimHashes(txn, dbs, 0, [&] { ++checks; });
              }).ok());
  CHECK(checks == kArticles * kSimHashBands / kMergeCheckEntries);
  CHECK(checks > 0);
  std::size_t recent = 1;
  REQUIRE(env.Write([&](LmdbTxn& txn) -> Status {
                NEWSCRAWL_ASSIGN_OR_RETURN(recent, txn.Count(dbs.recent));
                return Status::Ok();
              }).ok());
  CHECK(recent == 0);
}

TEST_CASE("a near-duplicate scan of crowded buckets runs its check") {
  TempDir tmp;
  auto opened = StoreEnv::Open(tmp.File("s"), StoreOptions{});
  REQUIRE_MESSAGE(opened.ok(), opened.status().ToString());
  StoreEnv& env = **opened;
  const SimHashDbs dbs = env.dbs().simhash_dbs();
  // 4000 articles in the same bucket of every band: about 24 pages each.
  const std::uint64_t shared = 0x0F1E2D3C4B5A6978u;
  REQUIRE(env.Write([&](LmdbTxn& txn) -> Status {
                for (int i = 0; i < 4000; ++i) {
                  std::string name("c");
                  name.append(std::to_string(i));
                  NEWSCRAWL_RETURN_IF_ERROR(
                      UpdateSimHashIndex(txn, dbs, KeyOf(name), shared, true));
                }
                return Status::Ok();
              }).ok());
  int checks = 0;
  ArticleKey found;
  REQUIRE(env.Write([&](LmdbTxn& txn) -> Status {
                NEWSCRAWL_ASSIGN_OR_RETURN(
                    found, FindNearDuplicate(txn, dbs, shared ^ 1u, 3,
                                             KeyOf("new"), [&] { ++checks; }));
                return Status::Ok();
              }).ok());
  CHECK_FALSE(found.empty());
  CHECK(checks >= kSimHashBands);  // at least once per crowded bucket
}

}  // namespace
}  // namespace newscrawl
