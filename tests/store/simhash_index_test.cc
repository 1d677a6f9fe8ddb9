#include "store/simhash_index.h"

#include <doctest/doctest.h>
#include <lmdb.h>

#include <memory>
#include <string>
#include <vector>

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

std::uint64_t SplitMix(std::uint64_t* state) {
  std::uint64_t z = (*state += 0x9E3779B97F4A7C15u);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
  return z ^ (z >> 31);
}

// `n` articles with random SimHashes; every 7th shares the previous one's
// hash (ties for the lookups).
struct Indexed {
  ArticleKey key;
  std::uint64_t hash;
};
std::vector<Indexed> MakeArticles(std::size_t n, std::uint64_t seed) {
  std::vector<Indexed> out;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t h = (i % 7 == 6) ? out.back().hash : SplitMix(&seed);
    out.push_back({KeyOf("art" + std::to_string(seed) + "/" +
                         std::to_string(i)),
                   h});
  }
  return out;
}

Status AddAll(StoreEnv& env, const std::vector<Indexed>& articles) {
  return env.Write([&](LmdbTxn& txn) -> Status {
    for (const Indexed& a : articles) {
      NEWSCRAWL_RETURN_IF_ERROR(UpdateSimHashIndex(
          txn, env.dbs().simhash_dbs(), a.key, a.hash, true));
    }
    return Status::Ok();
  });
}

Status Step(StoreEnv& env) {
  return env.Write([&](LmdbTxn& txn) {
    return StepSimHashMerge(txn, env.dbs().simhash_dbs());
  });
}

std::size_t Remaining(StoreEnv& env) {
  std::size_t n = 0;
  REQUIRE(env.Read([&](LmdbTxn& txn) -> Status {
                NEWSCRAWL_ASSIGN_OR_RETURN(
                    n, SimHashMergeRemaining(txn, env.dbs().simhash_dbs()));
                return Status::Ok();
              }).ok());
  return n;
}

// A store in `dir` whose `recent` holds `articles`, after `steps` merge steps.
void FillStore(const std::string& dir, const std::vector<Indexed>& articles,
               int steps) {
  auto env = StoreEnv::Open(dir, StoreOptions{});
  REQUIRE(env.ok());
  REQUIRE(AddAll(**env, articles).ok());
  for (int i = 0; i < steps; ++i) REQUIRE(Step(**env).ok());
}

// Lookups near the articles' hashes (0 to 3 bits off) and far from all.
std::vector<std::uint64_t> Queries(const std::vector<Indexed>& articles) {
  std::vector<std::uint64_t> q;
  std::uint64_t seed = 99;
  for (std::size_t i = 0; i < articles.size(); i += 37) {
    std::uint64_t h = articles[i].hash;
    for (std::size_t flips = i % 4; flips > 0; --flips) {
      h ^= std::uint64_t{1} << (SplitMix(&seed) % 64);
    }
    q.push_back(h);
    q.push_back(SplitMix(&seed));
  }
  return q;
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

TEST_CASE("ties between near duplicates go to the smallest key") {
  TempDir tmp;
  auto opened = StoreEnv::Open(tmp.File("s"), StoreOptions{});
  REQUIRE(opened.ok());
  StoreEnv& env = **opened;
  const std::uint64_t h = 0x5555AAAA3333CCCCu;
  ArticleKey small = KeyOf("one");
  ArticleKey large = KeyOf("two");
  if (large < small) std::swap(small, large);
  // The larger key in `main`, which is read first; the smaller in `recent`,
  // 2 bits away.
  REQUIRE(Update(env, large, h, true).ok());
  REQUIRE(Merge(env, 0).ok());
  REQUIRE(Update(env, small, h ^ 0x300, true).ok());
  CHECK(Find(env, h ^ 0x301) == small);   // 1 bit from small, 3 from large
  CHECK(Find(env, h ^ 0x10000) == large);  // 1 bit from large, 3 from small
  CHECK(Find(env, h ^ 0x100) == small);    // 1 bit from both: a tie
  CHECK(Find(env, h ^ 0x100, 0).empty());
  // The other way round: the smaller key in `main`.
  REQUIRE(Merge(env, 0).ok());
  const ArticleKey smallest = KeyOf("zero");
  const ArticleKey chosen = smallest < small ? smallest : small;
  REQUIRE(Update(env, smallest, h ^ 0x300, true).ok());
  CHECK(Find(env, h ^ 0x100) == chosen);
}

TEST_CASE("a SimHash merge in steps answers as a one-shot merge at every step") {
  TempDir tmp;
  auto a = StoreEnv::Open(tmp.File("oneshot"), StoreOptions{});
  auto b = StoreEnv::Open(tmp.File("steps"), StoreOptions{});
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  StoreEnv& oneshot = **a;
  StoreEnv& steps = **b;
  // Enough for a merge into an empty `main`: SimHashRecentLimit(0) / 6.
  const std::vector<Indexed> articles = MakeArticles(2100, 1);
  const std::vector<Indexed> more = MakeArticles(300, 2);
  const std::size_t total = articles.size() * kSimHashBands;
  REQUIRE(total >= SimHashRecentLimit(0));
  REQUIRE(AddAll(oneshot, articles).ok());
  REQUIRE(AddAll(steps, articles).ok());
  const SimHashDbs dbs = steps.dbs().simhash_dbs();

  REQUIRE(Step(steps).ok());  // starts the merge, moves its first entries
  const std::size_t first = Entries(steps, dbs.main);
  CHECK(first == SimHashMergeStepEntries(total, 0));
  CHECK(first < total);
  CHECK(Remaining(steps) == total - first);
  // Articles added during the merge: in the lookups at once, not counted in
  // this merge.
  REQUIRE(AddAll(oneshot, more).ok());
  REQUIRE(AddAll(steps, more).ok());
  REQUIRE(Merge(oneshot, 0).ok());  // everything, in one transaction

  std::vector<Indexed> all = articles;
  all.insert(all.end(), more.begin(), more.end());
  const std::vector<std::uint64_t> queries = Queries(all);
  int step_count = 1;
  std::size_t main_before = first;
  while (true) {
    // Each entry in exactly one database, and the lookups exact.
    CHECK(Entries(steps, dbs.main) + Entries(steps, dbs.recent) ==
          all.size() * kSimHashBands);
    for (std::uint64_t q : queries) {
      REQUIRE(Find(steps, q) == Find(oneshot, q));
    }
    if (Remaining(steps) == 0) break;
    REQUIRE(Step(steps).ok());
    ++step_count;
    const std::size_t main_now = Entries(steps, dbs.main);
    CHECK(main_now - main_before <= kMergeStepMaxEntries);
    main_before = main_now;
    REQUIRE(step_count < 100);
  }
  CHECK(step_count > 2);
  // The merge moved as many entries as `recent` held when it started.
  CHECK(Entries(steps, dbs.main) == total);
  CHECK(Entries(steps, dbs.recent) == more.size() * kSimHashBands);
  // Below the limit again: the next steps do nothing.
  REQUIRE(Step(steps).ok());
  CHECK(Entries(steps, dbs.main) == total);
  CHECK(Remaining(steps) == 0);
}

TEST_CASE("a store closed in the middle of a SimHash merge finishes it") {
  TempDir tmp;
  const std::string dir = tmp.File("s");
  const std::vector<Indexed> articles = MakeArticles(2100, 3);
  const std::size_t total = articles.size() * kSimHashBands;
  FillStore(dir, articles, 2);
  {
    // A reader sees every article, wherever it is.
    auto env = StoreEnv::Open(dir, StoreOptions{.read_only = true});
    REQUIRE(env.ok());
    for (std::size_t i = 0; i < articles.size(); i += 50) {
      ArticleKey expected = articles[i].key;  // the smallest of its hash
      for (const Indexed& other : articles) {
        if (other.hash == articles[i].hash && other.key < expected) {
          expected = other.key;
        }
      }
      CHECK(Find(**env, articles[i].hash, 0) == expected);
    }
  }
  auto env = StoreEnv::Open(dir, StoreOptions{});
  REQUIRE(env.ok());
  const SimHashDbs dbs = (*env)->dbs().simhash_dbs();
  const std::size_t remaining = Remaining(**env);
  REQUIRE(remaining > 0);
  CHECK(Entries(**env, dbs.recent) == remaining);
  int steps = 0;
  while (Remaining(**env) > 0 && steps < 100) {
    REQUIRE(Step(**env).ok());
    ++steps;
  }
  CHECK(steps > 0);
  CHECK(Remaining(**env) == 0);
  CHECK(Entries(**env, dbs.main) == total);
  CHECK(Entries(**env, dbs.recent) == 0);
}

TEST_CASE("a SimHash merge ends when its entries were removed meanwhile") {
  TempDir tmp;
  auto opened = StoreEnv::Open(tmp.File("s"), StoreOptions{});
  REQUIRE(opened.ok());
  StoreEnv& env = **opened;
  const SimHashDbs dbs = env.dbs().simhash_dbs();
  const std::vector<Indexed> articles = MakeArticles(2100, 4);
  REQUIRE(AddAll(env, articles).ok());
  REQUIRE(Step(env).ok());
  REQUIRE(Remaining(env) > 0);
  // Every article removed: from `main` or `recent`, wherever it is.
  REQUIRE(env.Write([&](LmdbTxn& txn) -> Status {
                for (const Indexed& a : articles) {
                  NEWSCRAWL_RETURN_IF_ERROR(
                      UpdateSimHashIndex(txn, dbs, a.key, a.hash, false));
                }
                return Status::Ok();
              }).ok());
  CHECK(Entries(env, dbs.main) == 0);
  CHECK(Entries(env, dbs.recent) == 0);
  REQUIRE(Step(env).ok());
  CHECK(Remaining(env) == 0);
}

TEST_CASE("each write of a store takes one step of a SimHash merge") {
  TempDir tmp;
  const std::string dir = tmp.File("s");
  const std::vector<Indexed> articles = MakeArticles(2100, 5);
  const std::size_t total = articles.size() * kSimHashBands;
  FillStore(dir, articles, 0);
  for (int i = 0; i < 2; ++i) {
    auto store = Store::Open(dir, StoreOptions{});
    REQUIRE(store.ok());
    WriteBatch batch;
    batch.AddPage(MakePageWrite("https://a.vn/" + std::to_string(i) + ".html",
                                "a", MakeBody(static_cast<std::uint32_t>(i)),
                                100));
    REQUIRE((*store)->Write(batch).ok());
  }
  auto env = StoreEnv::Open(dir, StoreOptions{});
  REQUIRE(env.ok());
  const SimHashDbs dbs = (*env)->dbs().simhash_dbs();
  // Two steps of at most kMergeStepMaxEntries, not the whole merge.
  CHECK(Entries(**env, dbs.main) <= 2 * kMergeStepMaxEntries);
  CHECK(Entries(**env, dbs.main) > 0);
  // The merge started with the first write's article in `recent` too.
  CHECK(Remaining(**env) == total + kSimHashBands - Entries(**env, dbs.main));
  CHECK(Entries(**env, dbs.main) + Entries(**env, dbs.recent) ==
        total + 2 * kSimHashBands);
}

TEST_CASE("the steps of a SimHash merge cover a bounded share of main") {
  CHECK(SimHashMergeStepEntries(12288, 0) == kMergeStepMaxEntries);
  CHECK(SimHashMergeStepEntries(12288, 12288) == kMergeStepMaxEntries);
  // 20 000 articles: a step covers 8192 entries of `main`.
  CHECK(SimHashMergeStepEntries(6 * 2600, 6 * 20000) == 1064);
  // A million articles: about the smallest step; four million: the smallest.
  CHECK(SimHashMergeStepEntries(6 * 32000, 6 * 1000000) == 262);
  CHECK(SimHashMergeStepEntries(6 * 64000, 6 * 4000000) ==
        kMergeStepMinEntries);
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
