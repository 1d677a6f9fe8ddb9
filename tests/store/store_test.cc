#include "store/store.h"

#include <doctest/doctest.h>
#include <lmdb.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>
#include <string>
#include <vector>

#include "store/article_key.h"
#include "tests/store/store_test_util.h"
#include "tests/support/temp_dir.h"

namespace newscrawl {
namespace {

using testing::MakeBody;
using testing::MakePageWrite;
using testing::TempDir;

std::unique_ptr<Store> OpenStore(const std::string& dir,
                                 StoreOptions options = {}) {
  auto store = Store::Open(dir, options);
  REQUIRE_MESSAGE(store.ok(), store.status().ToString());
  return std::move(*store);
}

std::vector<PageWriteResult> WriteOne(Store& store, PageWrite write) {
  WriteBatch batch;
  batch.AddPage(std::move(write));
  auto results = store.Write(batch);
  REQUIRE_MESSAGE(results.ok(), results.status().ToString());
  return std::move(*results);
}

TEST_CASE("a page and its article round-trip") {
  TempDir tmp;
  auto store = OpenStore(tmp.File("s"));
  PageWrite write = MakePageWrite("https://ld.vn/a-1.html", "laodong",
                                  MakeBody(1), 1761100000);
  write.page.final_url = "https://ld.vn/a-1.html?x";
  write.page.last_modified = "Wed, 22 Oct 2025 01:00:00 GMT";
  write.next_revisit = 1761200000;
  const auto results = WriteOne(*store, write);
  REQUIRE(results.size() == 1);
  CHECK(results[0].outcome == WriteOutcome::kNewArticle);
  CHECK(results[0].page_id == 1);
  CHECK(results[0].article_key == ArticleKey::ForBody(write.article->body));

  auto page = store->GetPage(results[0].page_id);
  REQUIRE(page.ok());
  PageRecord expected = write.page;
  expected.article_key = results[0].article_key;
  CHECK(*page == expected);

  auto article = store->GetArticle(results[0].article_key);
  REQUIRE(article.ok());
  CHECK(article->article == *write.article);
  CHECK(article->urls == std::vector<std::string>{"https://ld.vn/a-1.html"});
  CHECK(article->site == "laodong");
  CHECK(article->fingerprint == "rules-v1");
  CHECK(article->first_seen == 1761100000);
  CHECK(article->IndexDate() == "2025-10-22");
  CHECK(article->duplicate_of.empty());

  auto state = store->GetUrlState("https://ld.vn/a-1.html");
  REQUIRE(state.ok());
  CHECK(state->etag == write.page.etag);
  CHECK(state->last_modified == write.page.last_modified);
  CHECK(state->page_id == 1);
  CHECK(state->article_key == results[0].article_key);
  CHECK(state->next_revisit == 1761200000);
  CHECK(state->kind == UrlKind::kArticle);
  CHECK(state->fetch_count == 1);

  CHECK(store->GetPage(99).status().IsNotFound());
  CHECK(store->GetUrlState("https://ld.vn/none").status().IsNotFound());
  CHECK(store->GetArticleByUrl("https://ld.vn/a-1.html")->key ==
        results[0].article_key);

  // Everything is still there after a reopen, read-only.
  store.reset();
  auto reader = OpenStore(tmp.File("s"), StoreOptions{.read_only = true});
  CHECK(reader->GetPage(1)->body == write.page.body);
  CHECK(reader->GetArticle(results[0].article_key)->article == *write.article);
  WriteBatch batch;
  batch.AddPage(write);
  CHECK(reader->Write(batch).status().IsInvalidArgument());
}

TEST_CASE("the same body at two URLs is one article with two URLs") {
  TempDir tmp;
  auto store = OpenStore(tmp.File("s"));
  const std::string body = MakeBody(2);
  WriteBatch batch;
  batch.AddPage(MakePageWrite("https://a.vn/x.html", "a", body, 100));
  // Same text with different white space and composition (NFD "ộ").
  std::string variant = body;
  variant.replace(variant.find(' '), 1, " \n\t ");
  const std::size_t o = variant.find("ộ");
  REQUIRE(o != std::string::npos);
  variant.replace(o, std::string("ộ").size(), "o\xCC\xA3\xCC\x82");
  batch.AddPage(MakePageWrite("https://a.vn/amp/x.html", "a", variant, 101));
  batch.AddPage(MakePageWrite("https://a.vn/x.html", "a", body, 102));
  auto results = store->Write(batch);
  REQUIRE(results.ok());
  REQUIRE(results->size() == 3);
  CHECK((*results)[0].outcome == WriteOutcome::kNewArticle);
  CHECK((*results)[1].outcome == WriteOutcome::kSameArticleNewUrl);
  CHECK((*results)[2].outcome == WriteOutcome::kUnchanged);
  CHECK((*results)[1].article_key == (*results)[0].article_key);
  CHECK((*results)[2].page_id == (*results)[0].page_id);  // raw body unchanged
  auto article = store->GetArticle((*results)[0].article_key);
  REQUIRE(article.ok());
  CHECK(article->urls ==
        std::vector<std::string>{"https://a.vn/x.html", "https://a.vn/amp/x.html"});
  CHECK(article->last_seen == 102);
  auto stats = store->Stats();
  REQUIRE(stats.ok());
  CHECK(stats->total.articles == 1);
  CHECK(stats->total.pages == 2);
  CHECK(stats->urls == 2);
}

std::string OneWordChanged(std::uint32_t seed) {
  std::string body = MakeBody(seed);
  body.replace(body.find("công nhân"), std::string("công nhân").size(),
               "người lao động trẻ");
  return body;
}

std::string WithClutter(std::uint32_t seed) {
  return MakeBody(seed) +
         "\n\nXem thêm: Tin liên quan. Chia sẻ bài viết qua mạng xã hội.";
}

TEST_CASE("near duplicates record duplicate_of instead of a second article") {
  TempDir tmp;
  auto store = OpenStore(tmp.File("s"));
  WriteBatch batch;
  batch.AddPage(MakePageWrite("https://a.vn/1.html", "a", MakeBody(1), 100));
  batch.AddPage(MakePageWrite("https://b.vn/copy.html", "b", OneWordChanged(1), 101));
  batch.AddPage(MakePageWrite("https://b.vn/copy2.html", "b", WithClutter(1), 102));
  batch.AddPage(MakePageWrite("https://a.vn/other.html", "a", MakeBody(4), 103));
  auto results = store->Write(batch);
  REQUIRE(results.ok());
  const ArticleKey original = (*results)[0].article_key;
  CHECK((*results)[0].outcome == WriteOutcome::kNewArticle);
  CHECK((*results)[1].outcome == WriteOutcome::kNearDuplicate);
  CHECK((*results)[1].duplicate_of == original);
  CHECK((*results)[2].outcome == WriteOutcome::kNearDuplicate);
  CHECK((*results)[2].duplicate_of == original);
  CHECK((*results)[3].outcome == WriteOutcome::kNewArticle);

  auto dup = store->GetArticle((*results)[1].article_key);
  REQUIRE(dup.ok());
  CHECK(dup->duplicate_of == original);
  CHECK(dup->article.body.empty());  // not a second full article
  CHECK(dup->article.title == "Công đoàn chăm lo cho người lao động opy.html");
  CHECK(dup->urls == std::vector<std::string>{"https://b.vn/copy.html"});
  auto stats = store->Stats();
  REQUIRE(stats.ok());
  CHECK(stats->sites["b"].duplicates == 2);
  CHECK(stats->sites["b"].articles == 2);
  CHECK(stats->total.duplicates == 2);

  std::vector<ArticleKey> visited;
  ArticleFilter originals;
  originals.include_duplicates = false;
  REQUIRE(store
              ->ForEachArticle(originals,
                               [&](const ArticleRecord& r) {
                                 visited.push_back(r.key);
                                 return Status::Ok();
                               })
              .ok());
  CHECK(visited.size() == 2);

  // A read-only lookup finds the same original.
  CHECK(*store->FindSimilar(OneWordChanged(1)) == original);
  CHECK(store->FindSimilar(MakeBody(77))->empty());

  // Threshold 0 turns detection off.
  TempDir tmp2;
  auto plain = OpenStore(tmp2.File("s"), StoreOptions{.near_duplicate_bits = 0});
  auto plain_results = plain->Write(batch);
  REQUIRE(plain_results.ok());
  CHECK((*plain_results)[1].outcome == WriteOutcome::kNewArticle);
  CHECK((*plain_results)[2].outcome == WriteOutcome::kNewArticle);
}

TEST_CASE("the near-duplicate threshold is the configured number of bits") {
  // WithClutter(4) is 5 bits away from MakeBody(4).
  WriteBatch batch;
  batch.AddPage(MakePageWrite("https://a.vn/4.html", "a", MakeBody(4), 100));
  batch.AddPage(MakePageWrite("https://b.vn/4.html", "b", WithClutter(4), 101));
  TempDir tmp;
  auto strict = OpenStore(tmp.File("s"), StoreOptions{.near_duplicate_bits = 4});
  CHECK((*strict->Write(batch))[1].outcome == WriteOutcome::kNewArticle);
  TempDir tmp2;
  auto loose = OpenStore(tmp2.File("s"), StoreOptions{.near_duplicate_bits = 5});
  CHECK((*loose->Write(batch))[1].outcome == WriteOutcome::kNearDuplicate);
}

TEST_CASE("an edited article keeps its previous version in the history") {
  TempDir tmp;
  auto store = OpenStore(tmp.File("s"));
  const std::string url = "https://a.vn/tin.html";
  const std::string v1 = MakeBody(5);
  const std::string v2 = v1 + " Bài viết đã được cập nhật lúc 10 giờ.";
  const std::string v3 = MakeBody(6);
  const auto r1 = WriteOne(*store, MakePageWrite(url, "a", v1, 100));
  const auto r2 = WriteOne(*store, MakePageWrite(url, "a", v2, 200));
  const auto r3 = WriteOne(*store, MakePageWrite(url, "a", v3, 300));
  CHECK(r1[0].outcome == WriteOutcome::kNewArticle);
  CHECK(r2[0].outcome == WriteOutcome::kEdited);
  CHECK(r2[0].previous == r1[0].article_key);
  CHECK(r3[0].outcome == WriteOutcome::kEdited);
  CHECK(r3[0].page_id == 3);

  auto current = store->GetArticleByUrl(url);
  REQUIRE(current.ok());
  CHECK(current->key == r3[0].article_key);
  CHECK(current->first_seen == 100);
  REQUIRE(current->history.size() == 2);
  CHECK(current->history[0].key == r1[0].article_key);
  CHECK(current->history[0].replaced_at == 200);
  CHECK(current->history[1].key == r2[0].article_key);
  CHECK(current->history[1].url == url);
  auto old = store->GetArticle(r1[0].article_key);
  REQUIRE(old.ok());
  CHECK(old->article.body == v1);  // the previous version stays reachable
  CHECK(old->replaced_by == r2[0].article_key);

  // Only the current version is listed.
  int listed = 0;
  REQUIRE(store
              ->ForEachArticle({}, [&](const ArticleRecord& r) {
                CHECK(r.key == r3[0].article_key);
                ++listed;
                return Status::Ok();
              })
              .ok());
  CHECK(listed == 1);
  CHECK(store->Stats()->total.articles == 1);
  CHECK(store->Stats()->total.pages == 3);

  // Going back to the first text makes it current again.
  const auto r4 = WriteOne(*store, MakePageWrite(url, "a", v1, 400));
  CHECK(r4[0].outcome == WriteOutcome::kEdited);
  CHECK(r4[0].article_key == r1[0].article_key);
  CHECK(store->GetArticle(r1[0].article_key)->replaced_by.empty());
  CHECK(store->Stats()->total.articles == 1);
}

TEST_CASE("pages without an article and URL-state-only writes") {
  TempDir tmp;
  auto store = OpenStore(tmp.File("s"));
  PageWrite listing = MakePageWrite("https://a.vn/cong-doan/", "a", "", 100);
  listing.article.reset();
  listing.kind = UrlKind::kListing;
  auto r = WriteOne(*store, listing);
  CHECK(r[0].outcome == WriteOutcome::kNoArticle);
  CHECK(r[0].article_key.empty());
  r = WriteOne(*store, listing);
  CHECK(r[0].outcome == WriteOutcome::kUnchanged);

  WriteBatch batch;
  UrlState not_modified = *store->GetUrlState("https://a.vn/cong-doan/");
  not_modified.last_fetch = 500;
  not_modified.fail_count = 2;
  batch.PutUrlState({"https://a.vn/cong-doan/", not_modified});
  REQUIRE(store->Write(batch).ok());
  CHECK(store->GetUrlState("https://a.vn/cong-doan/")->fail_count == 2);
  CHECK(store->GetUrlState("https://a.vn/cong-doan/")->kind == UrlKind::kListing);
}

TEST_CASE("URL states stream in URL order and resume after a URL") {
  TempDir tmp;
  auto store = OpenStore(tmp.File("s"));
  WriteBatch batch;
  for (const char* url : {"https://b.vn/2", "https://a.vn/1", "https://b.vn/1"}) {
    UrlState state;
    state.kind = UrlKind::kArticle;
    state.next_revisit = 1000;
    batch.PutUrlState({url, state});
  }
  REQUIRE(store->Write(batch).ok());
  auto collect = [&](std::string_view after, std::size_t limit) {
    std::vector<std::string> urls;
    const Status status = store->ForEachUrlState(
        after, [&](std::string_view url, const UrlState& state) {
          CHECK(state.next_revisit == 1000);
          urls.emplace_back(url);
          return urls.size() < limit;
        });
    CHECK(status.ok());
    return urls;
  };
  using V = std::vector<std::string>;
  CHECK(collect("", 10) == V{"https://a.vn/1", "https://b.vn/1", "https://b.vn/2"});
  CHECK(collect("", 2) == V{"https://a.vn/1", "https://b.vn/1"});
  // Resuming after the last URL seen, or after one that is not stored.
  CHECK(collect("https://b.vn/1", 10) == V{"https://b.vn/2"});
  CHECK(collect("https://b.vn/", 10) == V{"https://b.vn/1", "https://b.vn/2"});
  CHECK(collect("https://b.vn/2", 10).empty());
}

TEST_CASE("articles stream by site and date range") {
  TempDir tmp;
  auto store = OpenStore(tmp.File("s"));
  WriteBatch batch;
  const char* dates[] = {"2025-01-05", "2025-02-10", "2025-02-11", "2025-03-01"};
  for (int i = 0; i < 8; ++i) {
    const std::string site = i % 2 == 0 ? "a" : "b";
    batch.AddPage(MakePageWrite(
        "https://" + site + ".vn/" + std::to_string(i), site,
        MakeBody(static_cast<std::uint32_t>(100 + i)), 1000 + i,
        std::string(dates[i / 2]) + "T07:00:00+07:00"));
  }
  REQUIRE(store->Write(batch).ok());
  auto collect = [&](ArticleFilter filter) {
    std::vector<std::string> seen;
    const Status s = store->ForEachArticle(filter, [&](const ArticleRecord& r) {
      seen.push_back(r.site + "@" + r.IndexDate());
      return Status::Ok();
    });
    REQUIRE_MESSAGE(s.ok(), s.ToString());
    return seen;
  };
  CHECK(collect({}).size() == 8);
  CHECK(collect({.site = "a"}) ==
        std::vector<std::string>{"a@2025-01-05", "a@2025-02-10", "a@2025-02-11",
                                 "a@2025-03-01"});
  CHECK(collect({.site = "b", .since = "2025-02-10", .until = "2025-02-11"}) ==
        std::vector<std::string>{"b@2025-02-10", "b@2025-02-11"});
  CHECK(collect({.since = "2025-02-11"}).size() == 4);
  CHECK(collect({.until = "2025-01-05"}).size() == 2);
  CHECK(collect({.site = "c"}).empty());
  CHECK(collect({.site = "a", .since = "2026-01-01"}).empty());

  // The callback can stop the walk.
  int n = 0;
  const Status stop = store->ForEachArticle({}, [&](const ArticleRecord&) {
    return ++n == 3 ? Status::Aborted("enough") : Status::Ok();
  });
  CHECK(stop.IsAborted());
  CHECK(n == 3);

  auto stats = store->Stats();
  REQUIRE(stats.ok());
  CHECK(stats->sites.size() == 2);
  CHECK(stats->sites["a"].oldest == "2025-01-05");
  CHECK(stats->sites["a"].newest == "2025-03-01");
  CHECK(stats->total.oldest == "2025-01-05");
  CHECK(stats->total.newest == "2025-03-01");
  CHECK(stats->sites["b"].pages == 4);
  CHECK(stats->sites["b"].compressed_bytes < stats->sites["b"].raw_bytes);

  std::vector<std::uint64_t> ids;
  REQUIRE(store
              ->ForEachPage(false, [&](std::uint64_t id, const PageRecord& p) {
                ids.push_back(id);
                CHECK(p.body.empty());
                CHECK(!p.url.empty());
                return Status::Ok();
              })
              .ok());
  CHECK(ids == std::vector<std::uint64_t>{1, 2, 3, 4, 5, 6, 7, 8});
}

TEST_CASE("the map grows by itself from a tiny size") {
  TempDir tmp;
  StoreOptions options;
  options.initial_map_size = 256 * 1024;
  auto store = OpenStore(tmp.File("s"), options);
  const std::uint64_t start_map = store->Stats()->map_bytes;
  std::set<std::string> keys;
  for (int b = 0; b < 10; ++b) {
    WriteBatch batch;
    for (int i = 0; i < 50; ++i) {
      const auto n = static_cast<std::uint32_t>(b * 50 + i);
      PageWrite w = MakePageWrite("https://a.vn/" + std::to_string(n), "a",
                                  MakeBody(n, 20), n);
      // Incompressible filler so the pages really take space.
      std::uint64_t x = n + 1;
      for (int k = 0; k < 4000; ++k) {
        x = x * 6364136223846793005u + 1442695040888963407u;
        w.page.body.push_back(static_cast<char>(x >> 56));
      }
      batch.AddPage(std::move(w));
    }
    auto results = store->Write(batch);
    REQUIRE_MESSAGE(results.ok(), results.status().ToString());
    for (const auto& r : *results) keys.insert(r.article_key.ToHex());
  }
  CHECK(keys.size() == 500);
  auto stats = store->Stats();
  REQUIRE(stats.ok());
  CHECK(stats->map_bytes > start_map);
  CHECK(stats->total.pages == 500);
  CHECK(store->GetPage(500)->body.size() > 4000);
}

class CountingHook : public ArticleIndexHook {
 public:
  Status OnArticleWritten(MDB_txn* txn, const ArticleKey&,
                          const ArticleRecord& record,
                          const ArticleTokens*) override {
    CHECK(txn != nullptr);
    ++written;
    if (record.article.title.find("FAIL") != std::string::npos) {
      return Status::Internal("index refused");
    }
    return Status::Ok();
  }
  Status OnArticleRemoved(MDB_txn* txn, const ArticleKey&) override {
    CHECK(txn != nullptr);
    ++removed;
    return Status::Ok();
  }
  int written = 0;
  int removed = 0;
};

TEST_CASE("the index hook runs inside the write transaction") {
  TempDir tmp;
  auto store = OpenStore(tmp.File("s"));
  CountingHook hook;
  store->SetArticleIndexHook(&hook);
  WriteOne(*store, MakePageWrite("https://a.vn/1", "a", MakeBody(1), 1));
  WriteOne(*store, MakePageWrite("https://a.vn/1", "a", MakeBody(2), 2));
  CHECK(hook.written == 2);
  CHECK(hook.removed == 1);
  // A failing hook aborts the whole batch: nothing of it is stored.
  WriteBatch batch;
  batch.AddPage(MakePageWrite("https://a.vn/3", "a", MakeBody(3), 3));
  PageWrite bad = MakePageWrite("https://a.vn/4", "a", MakeBody(4), 4);
  bad.article->title = "FAIL";
  batch.AddPage(bad);
  CHECK(store->Write(batch).status().code() == Status::Code::kInternal);
  CHECK(store->GetUrlState("https://a.vn/3").status().IsNotFound());
  CHECK(store->Stats()->total.pages == 2);
  store->SetArticleIndexHook(nullptr);
}

// Writes batches of 20 pages forever, reporting each committed batch.
[[noreturn]] void WriteForever(const std::string& dir, int fd) {
  auto store = Store::Open(dir, StoreOptions{});
  if (!store.ok()) _exit(3);
  for (std::uint32_t b = 0;; ++b) {
    WriteBatch batch;
    for (std::uint32_t i = 0; i < 20; ++i) {
      const std::uint32_t n = b * 20 + i;
      batch.AddPage(MakePageWrite("https://k.vn/" + std::to_string(n), "k",
                                  MakeBody(n, 12), n));
      FrontierEntry e;
      e.url = "https://k.vn/next/" + std::to_string(n);
      e.host = "k.vn";
      batch.PushFrontier(e);
    }
    if (!(*store)->Write(batch).ok()) _exit(4);
    const char c = 'b';
    if (write(fd, &c, 1) != 1) _exit(5);
  }
}

TEST_CASE("a writer killed mid-batch leaves only whole pages") {
  TempDir tmp;
  const std::string dir = tmp.File("s");
  int pipe_fds[2];
  REQUIRE(pipe(pipe_fds) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    close(pipe_fds[0]);
    WriteForever(dir, pipe_fds[1]);
  }
  close(pipe_fds[1]);
  // Let it commit a few batches, then kill it in the middle of the next.
  char buf[8];
  int committed = 0;
  while (committed < 5) {
    const ssize_t n = read(pipe_fds[0], buf, 1);
    REQUIRE(n == 1);
    ++committed;
  }
  usleep(3000);
  kill(child, SIGKILL);
  int wstatus = 0;
  waitpid(child, &wstatus, 0);
  close(pipe_fds[0]);
  CHECK(WIFSIGNALED(wstatus));

  // The lock died with the child: we may write.
  auto store = OpenStore(dir);
  auto stats = store->Stats();
  REQUIRE(stats.ok());
  const std::uint64_t pages = stats->total.pages;
  CHECK(pages >= 100);
  CHECK(pages % 20 == 0);  // whole batches only
  CHECK(stats->total.articles == pages);
  CHECK(stats->urls == pages);
  CHECK(stats->queued == pages);
  // Every URL state points at a page and an article that exist.
  for (std::uint64_t n = 0; n < pages; ++n) {
    auto state = store->GetUrlState("https://k.vn/" + std::to_string(n));
    REQUIRE(state.ok());
    CHECK(store->GetPage(state->page_id).ok());
    CHECK(store->GetArticle(state->article_key).ok());
  }
  CHECK(store->GetUrlState("https://k.vn/" + std::to_string(pages))
            .status()
            .IsNotFound());
  // Writing resumes.
  const auto r = WriteOne(*store, MakePageWrite("https://k.vn/again", "k",
                                                MakeBody(999999), 5));
  CHECK(r[0].page_id == pages + 1);
}

TEST_CASE("a reader in another process sees committed batches during writes") {
  TempDir tmp;
  const std::string dir = tmp.File("s");
  auto store = OpenStore(dir);
  WriteOne(*store, MakePageWrite("https://r.vn/0", "r", MakeBody(0), 0));
  int pipe_fds[2];
  REQUIRE(pipe(pipe_fds) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // Reads repeatedly while the parent writes; reports the counts seen.
    close(pipe_fds[0]);
    auto reader = Store::Open(dir, StoreOptions{.read_only = true});
    if (!reader.ok()) _exit(3);
    std::uint64_t last = 0;
    for (int i = 0; i < 2000 && last < 41; ++i) {
      auto stats = (*reader)->Stats();
      if (!stats.ok() || stats->total.pages < last) _exit(4);
      last = stats->total.pages;
      usleep(500);
    }
    _exit(last == 41 ? 0 : 6);
  }
  close(pipe_fds[0]);
  close(pipe_fds[1]);
  for (std::uint32_t b = 0; b < 4; ++b) {
    WriteBatch batch;
    for (std::uint32_t i = 0; i < 10; ++i) {
      const std::uint32_t n = 1 + b * 10 + i;
      batch.AddPage(MakePageWrite("https://r.vn/" + std::to_string(n), "r",
                                  MakeBody(n), n));
    }
    REQUIRE(store->Write(batch).ok());
    usleep(2000);
  }
  int wstatus = 0;
  waitpid(child, &wstatus, 0);
  REQUIRE(WIFEXITED(wstatus));
  CHECK(WEXITSTATUS(wstatus) == 0);
}

}  // namespace
}  // namespace newscrawl
