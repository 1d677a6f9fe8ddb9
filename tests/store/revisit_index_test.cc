// The revisit index (store/revisit_index.h) on a real LMDB store: every
// kind of URL state write keeps it equal to what a full scan of the URL
// states gives, Store::ScanDueRevisits reads it in chunks, and an older
// store is upgraded to it.
#include "store/revisit_index.h"

#include <doctest/doctest.h>
#include <lmdb.h>

#include <limits>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "store/frontier_entry.h"
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

using Entry = std::pair<std::int64_t, std::string>;  // time, url

constexpr std::int64_t kNow = 1764000000;
constexpr std::int64_t kDay = 86400;

std::unique_ptr<Store> OpenStore(const std::string& dir) {
  auto store = Store::Open(dir, StoreOptions{.sync = false});
  REQUIRE_MESSAGE(store.ok(), store.status().ToString());
  return std::move(*store);
}

// The entries of `revisit_due` as stored.
std::set<Entry> StoredIndex(Store& store) {
  std::set<Entry> entries;
  const Status status = store.ReadTransaction([&](MDB_txn* txn) -> Status {
    MDB_dbi dbi = 0;
    int rc = mdb_dbi_open(txn, "revisit_due", 0, &dbi);
    if (rc != MDB_SUCCESS) return Status::Internal(mdb_strerror(rc));
    MDB_cursor* cursor = nullptr;
    rc = mdb_cursor_open(txn, dbi, &cursor);
    if (rc != MDB_SUCCESS) return Status::Internal(mdb_strerror(rc));
    MDB_val key{};
    MDB_val value{};
    for (rc = mdb_cursor_get(cursor, &key, &value, MDB_FIRST); rc == MDB_SUCCESS;
         rc = mdb_cursor_get(cursor, &key, &value, MDB_NEXT)) {
      std::int64_t time = 0;
      std::string_view url;
      CHECK(ParseRevisitIndexKey(FromVal(key), &time, &url));
      CHECK(value.mv_size == 0);
      entries.emplace(time, std::string(url));
    }
    mdb_cursor_close(cursor);
    return Status::Ok();
  });
  REQUIRE_MESSAGE(status.ok(), status.ToString());
  return entries;
}

// What the index should hold: from a full scan of the URL states.
std::set<Entry> ScannedIndex(Store& store) {
  std::set<Entry> entries;
  const Status status = store.ForEachUrlState(
      "", [&](std::string_view url, const UrlState& state) {
        if (auto time = RevisitIndexTime(url, state)) {
          entries.emplace(*time, std::string(url));
        }
        return true;
      });
  REQUIRE_MESSAGE(status.ok(), status.ToString());
  return entries;
}

// The URLs ScanDueRevisits yields up to `until`, `chunk` entries a call,
// checking that they come in due-time order.
std::vector<std::string> DueUrls(Store& store, std::int64_t until,
                                 std::size_t chunk) {
  std::vector<std::string> urls;
  std::string resume;
  std::int64_t last = std::numeric_limits<std::int64_t>::min();
  for (bool more = true; more;) {
    auto r = store.ScanDueRevisits(
        until, chunk, &resume, [&](std::string_view url, const UrlState& s) {
          const auto time = RevisitIndexTime(url, s);
          REQUIRE(time.has_value());
          CHECK(*time <= until);
          CHECK(*time >= last);
          last = *time;
          urls.emplace_back(url);
        });
    REQUIRE_MESSAGE(r.ok(), r.status().ToString());
    more = *r;
  }
  return urls;
}

std::vector<std::string> ScannedDueUrls(Store& store, std::int64_t until) {
  std::vector<std::string> urls;
  for (const auto& [time, url] : ScannedIndex(store)) {
    if (time <= until) urls.push_back(url);
  }
  return urls;
}

void CheckIndex(Store& store) {
  const std::set<Entry> expected = ScannedIndex(store);
  CHECK(StoredIndex(store) == expected);
  for (std::int64_t until : {std::int64_t{0}, kNow, kNow + kDay,
                             kNow + 8 * kDay,
                             std::numeric_limits<std::int64_t>::max()}) {
    CAPTURE(until);
    // Due-time order with ties by URL: the order of the scanned set.
    CHECK(DueUrls(store, until, 2) == ScannedDueUrls(store, until));
  }
}

UrlState ArticleState(std::int64_t next_revisit, std::uint32_t fetches,
                      std::uint32_t failures) {
  UrlState s;
  s.kind = UrlKind::kArticle;
  s.next_revisit = next_revisit;
  s.fetch_count = fetches;
  s.fail_count = failures;
  return s;
}

void PutStates(Store& store, const std::vector<UrlStateWrite>& writes) {
  WriteBatch batch;
  for (const UrlStateWrite& w : writes) batch.PutUrlState(w);
  auto r = store.Write(batch);
  REQUIRE_MESSAGE(r.ok(), r.status().ToString());
}

TEST_CASE("the revisit index time follows an article's schedule") {
  const std::string url = "https://a.vn/tin-1.html";
  CHECK(RevisitIndexTime(url, ArticleState(0, 0, 0)) == 0);  // never fetched
  CHECK(RevisitIndexTime(url, ArticleState(kNow, 1, 0)) == kNow);
  CHECK(RevisitIndexTime(url, ArticleState(kNow, 0, 2)) == kNow);  // failed
  CHECK_FALSE(RevisitIndexTime(url, ArticleState(0, 3, 0)));  // finished
  CHECK_FALSE(RevisitIndexTime(url, ArticleState(0, 0, 5)));  // given up
  CHECK(RevisitIndexTime(url, ArticleState(-5, 1, 0)) == 0);
  UrlState listing = ArticleState(kNow, 1, 0);
  listing.kind = UrlKind::kListing;
  CHECK_FALSE(RevisitIndexTime(url, listing));
  const std::string longest = "https://a.vn/" +
                              std::string(kMaxFrontierUrlBytes - 13, 'x');
  CHECK(RevisitIndexTime(longest, ArticleState(kNow, 1, 0)) == kNow);
  CHECK_FALSE(RevisitIndexTime(longest + "y", ArticleState(kNow, 1, 0)));

  std::int64_t time = 0;
  std::string_view parsed;
  const std::string key = RevisitIndexKey(kNow, url);
  REQUIRE(ParseRevisitIndexKey(key, &time, &parsed));
  CHECK(time == kNow);
  CHECK(parsed == url);
  // Big-endian: keys sort by time.
  CHECK(RevisitIndexKey(255, "b") < RevisitIndexKey(256, "a"));
  CHECK_FALSE(ParseRevisitIndexKey("12345678", &time, &parsed));
  CHECK_FALSE(ParseRevisitIndexKey(std::string(8, '\xff') + "u", &time, &parsed));
}

TEST_CASE("every URL state write keeps the revisit index in step") {
  TempDir tmp;
  auto store = OpenStore(tmp.File("s"));
  // Pages: two articles with a schedule, one fetched once for good, a
  // listing.
  {
    WriteBatch batch;
    PageWrite a = MakePageWrite("https://a.vn/1.html", "a", MakeBody(1), kNow);
    a.next_revisit = kNow + kDay;
    PageWrite b = MakePageWrite("https://a.vn/2.html", "a", MakeBody(2), kNow);
    b.next_revisit = kNow + 7 * kDay;
    PageWrite once = MakePageWrite("https://a.vn/3.html", "a", MakeBody(3), kNow);
    PageWrite listing =
        MakePageWrite("https://a.vn/chuyen-muc/", "a", "", kNow);
    listing.kind = UrlKind::kListing;
    listing.article.reset();
    listing.next_revisit = kNow;
    for (PageWrite* w : {&a, &b, &once, &listing}) batch.AddPage(std::move(*w));
    REQUIRE(store->Write(batch).ok());
  }
  CHECK(StoredIndex(*store) ==
        std::set<Entry>{{kNow + kDay, "https://a.vn/1.html"},
                        {kNow + 7 * kDay, "https://a.vn/2.html"}});
  CheckIndex(*store);

  // URL state writes: a failure moves a revisit, a new URL is due at once,
  // a finished schedule leaves, a kind change leaves, a negative time.
  PutStates(*store,
            {{"https://a.vn/1.html", ArticleState(kNow + 2 * kDay, 1, 1)},
             {"https://a.vn/4.html", ArticleState(0, 0, 0)},
             {"https://a.vn/2.html", ArticleState(0, 2, 0)},
             {"https://a.vn/5.html", ArticleState(-20, 1, 0)},
             {"https://a.vn/3.html", ArticleState(kNow + kDay, 1, 1)}});
  CheckIndex(*store);
  UrlState other = ArticleState(kNow, 1, 0);
  other.kind = UrlKind::kOther;
  PutStates(*store, {{"https://a.vn/3.html", other},
                     {"https://a.vn/4.html", ArticleState(kNow + 3 * kDay, 0, 1)}});
  CHECK(StoredIndex(*store) ==
        std::set<Entry>{{0, "https://a.vn/5.html"},
                        {kNow + 2 * kDay, "https://a.vn/1.html"},
                        {kNow + 3 * kDay, "https://a.vn/4.html"}});
  CheckIndex(*store);

  // A page again (unchanged raw body) with the next revisit, an edit of
  // another, a URL too long for the frontier.
  {
    WriteBatch batch;
    PageWrite a = MakePageWrite("https://a.vn/1.html", "a", MakeBody(1), kNow);
    a.next_revisit = kNow + 6 * kDay;
    PageWrite edited =
        MakePageWrite("https://a.vn/4.html", "a", MakeBody(44), kNow + kDay);
    edited.next_revisit = kNow + 2 * kDay;
    const std::string long_url =
        "https://a.vn/" + std::string(kMaxFrontierUrlBytes - 13, 'd') + ".html";
    REQUIRE(long_url.size() > kMaxFrontierUrlBytes);
    REQUIRE(long_url.size() < 512);  // LMDB's key limit (the urls db)
    PageWrite too_long = MakePageWrite(long_url, "a", MakeBody(9), kNow);
    too_long.next_revisit = kNow + kDay;
    for (PageWrite* w : {&a, &edited, &too_long}) batch.AddPage(std::move(*w));
    REQUIRE(store->Write(batch).ok());
  }
  CheckIndex(*store);
  CHECK(StoredIndex(*store).size() == 3);

  // A re-extraction records new rules and a new body: the schedule, and
  // the index, stay.
  const std::set<Entry> before = StoredIndex(*store);
  auto state = store->GetUrlState("https://a.vn/1.html");
  REQUIRE(state.ok());
  ReextractWrite r;
  r.page_id = state->page_id;
  r.write.kind = UrlKind::kArticle;
  r.write.page.url = "https://a.vn/1.html";
  r.write.page.site = "a";
  r.write.page.fetch_time = kNow;
  r.write.page.fingerprint = "rules-v2";
  r.write.article = testing::MakeArticle(r.write.page.url, MakeBody(111));
  auto results = store->ApplyReextraction({r});
  REQUIRE_MESSAGE(results.ok(), results.status().ToString());
  CHECK((*results)[0].outcome == ReextractOutcome::kChanged);
  CHECK(StoredIndex(*store) == before);
  CheckIndex(*store);
}

// Rewrites the store at `dir` as schema 3 wrote it: no `revisit_due`, or
// (`leftover`) one an upgrade cut short left, with stale entries.
void MakeSchema3(const std::string& dir, bool leftover) {
  auto env = StoreEnv::Open(dir, StoreOptions{});
  REQUIRE(env.ok());
  const Status status = (*env)->Write([&](LmdbTxn& txn) -> Status {
    const MDB_dbi dbi = (*env)->dbs().revisit_due;
    if (leftover) {
      NEWSCRAWL_RETURN_IF_ERROR(
          txn.Put(dbi, RevisitIndexKey(5, "https://a.vn/gone.html"), ""));
    } else {
      NEWSCRAWL_RETURN_IF_ERROR(txn.Check("drop", mdb_drop(txn.get(), dbi, 1)));
    }
    return txn.Put((*env)->dbs().meta, "schema", std::string("\0\0\0\3", 4));
  });
  REQUIRE_MESSAGE(status.ok(), status.ToString());
}

std::string SchemaOf(Store& store) {
  std::string schema;
  REQUIRE(store
              .ReadTransaction([&](MDB_txn* txn) -> Status {
                MDB_dbi meta = 0;
                REQUIRE(mdb_dbi_open(txn, "meta", 0, &meta) == MDB_SUCCESS);
                MDB_val key = ToVal("schema");
                MDB_val value{};
                REQUIRE(mdb_get(txn, meta, &key, &value) == MDB_SUCCESS);
                schema.assign(FromVal(value));
                return Status::Ok();
              })
              .ok());
  return schema;
}

TEST_CASE("a schema 3 store is upgraded: the index is built from its URL states") {
  TempDir tmp;
  const std::string dir = tmp.File("s");
  std::set<Entry> expected;
  {
    // More URL states than one upgrade transaction reads.
    auto store = OpenStore(dir);
    std::vector<UrlStateWrite> writes;
    for (int i = 0; i < 9000; ++i) {
      const std::string url = "https://a.vn/tin-" + std::to_string(i) + ".html";
      UrlState s = ArticleState(kNow + (i % 10) * kDay, static_cast<std::uint32_t>(1 + i % 3), 0);
      if (i % 7 == 0) s.next_revisit = 0;  // finished
      if (i % 11 == 0) s.kind = UrlKind::kListing;
      writes.push_back({url, s});
    }
    PutStates(*store, writes);
    expected = StoredIndex(*store);
    CHECK(expected == ScannedIndex(*store));
    CHECK(expected.size() > 6000);
  }
  MakeSchema3(dir, false);
  {
    // Read-only: as it is, without an index to read.
    auto reader = Store::Open(dir, StoreOptions{.read_only = true});
    REQUIRE(reader.ok());
    std::string resume;
    auto r = (*reader)->ScanDueRevisits(kNow, 10, &resume,
                                        [](std::string_view, const UrlState&) {});
    CHECK(r.status().IsUnsupported());
    CHECK(r.status().message().find("revisit index") != std::string::npos);
    CHECK(SchemaOf(**reader) == std::string("\0\0\0\3", 4));
  }
  auto store = OpenStore(dir);
  CHECK(SchemaOf(*store) == std::string("\0\0\0\4", 4));
  CHECK(StoredIndex(*store) == expected);
  CheckIndex(*store);
}

TEST_CASE("an upgrade cut short is built again from the start") {
  TempDir tmp;
  const std::string dir = tmp.File("s");
  {
    auto store = OpenStore(dir);
    PutStates(*store, {{"https://a.vn/1.html", ArticleState(kNow, 1, 0)},
                       {"https://a.vn/2.html", ArticleState(0, 0, 0)}});
  }
  MakeSchema3(dir, true);
  auto store = OpenStore(dir);
  CHECK(SchemaOf(*store) == std::string("\0\0\0\4", 4));
  CHECK(StoredIndex(*store) == std::set<Entry>{{0, "https://a.vn/2.html"},
                                                {kNow, "https://a.vn/1.html"}});
}

}  // namespace
}  // namespace newscrawl
