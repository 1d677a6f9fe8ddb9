#include "store/search_index_hook.h"

#include <doctest/doctest.h>
#include <lmdb.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>
#include <string>
#include <vector>

#include "store/reindex_command.h"
#include "store/search_index.h"
#include "store/store.h"
#include "tests/store/store_test_util.h"
#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

namespace newscrawl {
namespace {

using testing::MakeBody;
using testing::MakePageWrite;
using testing::TempDir;

std::unique_ptr<Store> OpenStore(const std::string& dir) {
  auto store = Store::Open(dir, StoreOptions{});
  REQUIRE_MESSAGE(store.ok(), store.status().ToString());
  return std::move(*store);
}

PageWriteResult WriteOne(Store& store, PageWrite write) {
  WriteBatch batch;
  batch.AddPage(std::move(write));
  auto results = store.Write(batch);
  REQUIRE_MESSAGE(results.ok(), results.status().ToString());
  return (*results)[0];
}

SearchResult Search(Store& store, const std::string& query,
                    size_t limit = 1000) {
  SearchRequest request;
  request.query = query;
  request.limit = limit;
  SearchResult result;
  const Status status = store.ReadTransaction([&](MDB_txn* txn) -> Status {
    NEWSCRAWL_ASSIGN_OR_RETURN(auto index, SearchIndex::Open(txn, false));
    NEWSCRAWL_ASSIGN_OR_RETURN(result, index->Search(txn, request));
    return Status::Ok();
  });
  REQUIRE_MESSAGE(status.ok(), status.ToString());
  return result;
}

std::set<std::string> Keys(const SearchResult& result) {
  std::set<std::string> keys;
  for (const SearchHit& hit : result.hits) {
    keys.insert(ArticleKey::FromBytes(hit.article_key)->ToHex());
  }
  return keys;
}

// The hex keys of the articles a search may return: current, not near
// duplicates.
std::set<std::string> CurrentArticles(Store& store) {
  std::set<std::string> keys;
  ArticleFilter filter;
  filter.include_duplicates = false;
  REQUIRE(store
              .ForEachArticle(filter,
                              [&](const ArticleRecord& r) {
                                keys.insert(r.key.ToHex());
                                return Status::Ok();
                              })
              .ok());
  return keys;
}

TEST_CASE("Stored articles are searchable; edits and duplicates follow") {
  TempDir tmp;
  auto store = OpenStore(tmp.File("s"));
  const std::string url = "https://laodongthudo.vn/tin-1.html";
  const std::string v1 = MakeBody(1) + " Quận Hoàn Kiếm trao quà.";
  const auto r1 = WriteOne(*store, MakePageWrite(url, "laodongthudo", v1, 100));
  CHECK(Keys(Search(*store, "\"hoan kiem\"")) ==
        std::set<std::string>{r1.article_key.ToHex()});
  CHECK(Search(*store, "\"Hoàn Kiếm\"").hits[0].exact_terms == 2);

  // The same text at a second URL: still one result.
  WriteOne(*store,
           MakePageWrite("https://laodong.vn/copy.html", "laodong", v1, 110));
  CHECK(Search(*store, "\"hoan kiem\"").matched == 1);

  // An edit replaces the text: only the new version is found.
  const std::string v2 = MakeBody(2) + " Phường Cửa Nam khai trương mái ấm.";
  const auto r2 = WriteOne(*store, MakePageWrite(url, "laodongthudo", v2, 200));
  REQUIRE(r2.outcome == WriteOutcome::kEdited);
  // v1 is still current at its second URL, so it stays findable.
  CHECK(Search(*store, "\"hoan kiem\"").matched == 1);
  CHECK(Keys(Search(*store, "\"cua nam\"")) ==
        std::set<std::string>{r2.article_key.ToHex()});

  // A near duplicate of v2 is not a second result.
  std::string copy = v2 + "\n\nChia sẻ bài viết.";
  const auto r3 = WriteOne(*store, MakePageWrite("https://congdoan.vn/x.html",
                                                 "congdoan", copy, 300));
  REQUIRE(r3.outcome == WriteOutcome::kNearDuplicate);
  CHECK(Search(*store, "cua nam").matched == 1);

  // Whatever a query returns is a current article, and every current
  // article is indexed.
  const std::set<std::string> current = CurrentArticles(*store);
  CHECK(Keys(Search(*store, "cong doan")) == current);
}

TEST_CASE(
    "A store writer killed mid-batch leaves index and articles agreeing") {
  TempDir tmp;
  const std::string dir = tmp.File("s");
  int pipe_fds[2];
  REQUIRE(pipe(pipe_fds) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    close(pipe_fds[0]);
    auto store = Store::Open(dir, StoreOptions{});
    if (!store.ok()) _exit(3);
    for (std::uint32_t b = 0;; ++b) {
      WriteBatch batch;
      for (std::uint32_t i = 0; i < 10; ++i) {
        const std::uint32_t n = b * 10 + i;
        // Every third page edits an earlier URL.
        const std::uint32_t slot = n % 3 == 2 ? n / 2 : n;
        batch.AddPage(MakePageWrite("https://k.vn/" + std::to_string(slot), "k",
                                    MakeBody(n, 2), n));
      }
      if (!(*store)->Write(batch).ok()) _exit(4);
      const char c = 'b';
      if (write(pipe_fds[1], &c, 1) != 1) _exit(5);
    }
  }
  close(pipe_fds[1]);
  char c;
  for (int committed = 0; committed < 8; ++committed) {
    REQUIRE(read(pipe_fds[0], &c, 1) == 1);
  }
  usleep(2000);
  kill(child, SIGKILL);
  int wstatus = 0;
  waitpid(child, &wstatus, 0);
  close(pipe_fds[0]);
  REQUIRE(WIFSIGNALED(wstatus));

  auto store = OpenStore(dir);
  const std::set<std::string> current = CurrentArticles(*store);
  CHECK(current.size() >= 60);
  // "Mã bài viết N" ends every body: a query on those words finds them all.
  CHECK(Keys(Search(*store, "ma bai viet", 100000)) == current);
}

TEST_CASE("reindex rebuilds the index and resumes after an interruption") {
  TempDir tmp;
  auto store = OpenStore(tmp.File("s"));
  WriteBatch batch;
  for (std::uint32_t n = 0; n < 30; ++n) {
    batch.AddPage(MakePageWrite("https://a.vn/" + std::to_string(n), "a",
                                MakeBody(100 + n, 2), n));
  }
  REQUIRE(store->Write(batch).ok());
  const std::set<std::string> before = Keys(Search(*store, "bai viet"));
  REQUIRE(before.size() == 30);

  ReindexRun run;
  run.batch = 7;
  int polls = 0;
  run.interrupted = [&] { return ++polls > 2; };  // after two batches
  ReindexReport report;
  CHECK(Reindex(*store, run, &report).IsAborted());
  CHECK(report.indexed == 14);
  CHECK_FALSE(report.resumed);
  CHECK(Search(*store, "bai viet").matched == 14);  // partial, consistent

  run.interrupted = nullptr;
  REQUIRE(Reindex(*store, run, &report).ok());
  CHECK(report.resumed);
  CHECK(report.indexed == 16);
  CHECK(report.documents == 30);
  CHECK(Keys(Search(*store, "bai viet")) == before);

  // A fresh run starts over.
  REQUIRE(Reindex(*store, run, &report).ok());
  CHECK_FALSE(report.resumed);
  CHECK(report.indexed == 30);
}

TEST_CASE("an index of an older format is rebuilt before articles are written") {
  TempDir tmp;
  auto store = OpenStore(tmp.File("s"));
  WriteBatch batch;
  for (std::uint32_t n = 0; n < 12; ++n) {
    batch.AddPage(MakePageWrite("https://a.vn/" + std::to_string(n), "a",
                                MakeBody(300 + n, 2), n));
  }
  REQUIRE(store->Write(batch).ok());
  const std::set<std::string> before = Keys(Search(*store, "bai viet"));
  REQUIRE(before.size() == 12);
  // A current index is left alone.
  REQUIRE(RebuildStaleSearchIndex(*store, "test").ok());
  CHECK(Keys(Search(*store, "bai viet")) == before);

  // Mark the index as written by an older build (format 1).
  REQUIRE(store
              ->WriteTransaction([](MDB_txn* txn) {
                MDB_dbi meta;
                if (mdb_dbi_open(txn, "fts_meta", 0, &meta) != 0) {
                  return Status::Internal("no fts_meta");
                }
                std::uint64_t old_version = 1;
                MDB_val k{7, const_cast<char*>("version")};
                MDB_val v{sizeof old_version, &old_version};
                return mdb_put(txn, meta, &k, &v, 0) == 0
                           ? Status::Ok()
                           : Status::Internal("put");
              })
              .ok());
  // Writing an article now fails with the clear message ...
  WriteBatch refused;
  refused.AddPage(MakePageWrite("https://a.vn/x", "a", MakeBody(400, 2), 50));
  auto failed = store->Write(refused);
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.status().message().find("reindex") != std::string::npos);
  // ... until the commands' first step rebuilds the index.
  REQUIRE(RebuildStaleSearchIndex(*store, "test").ok());
  CHECK(Keys(Search(*store, "bai viet")) == before);
  REQUIRE(store->Write(refused).ok());
  CHECK(Keys(Search(*store, "bai viet")).size() == 13);
}

TEST_CASE("newscrawl search prints titles, dates, URLs and marked snippets") {
  TempDir tmp;
  const std::string dir = tmp.File("s");
  {
    auto store = OpenStore(dir);
    WriteOne(*store,
             MakePageWrite("https://laodongthudo.vn/a.html", "laodongthudo",
                           "Công đoàn quận Hà Đông thăm hỏi công nhân "
                           "khó khăn dịp cuối năm.",
                           100, "2025-10-20T08:00:00+07:00"));
    WriteOne(*store, MakePageWrite("https://congdoan.vn/b.html", "congdoan",
                                   "Hội nghị người lao động ở Hà Đông bàn về "
                                   "tiền lương và thưởng Tết.",
                                   200, "2025-11-05T09:30:00+07:00"));
  }
  const std::string config = testing::SourcePath("config/sites.toml");
  auto r = testing::RunNewscrawl(
      {"--store", dir, "--config", config, "search", "ha dong"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("2 matching articles") != std::string::npos);
  CHECK(r.out.find("https://congdoan.vn/b.html") != std::string::npos);
  CHECK(r.out.find("[[Hà]] [[Đông]]") != std::string::npos);
  CHECK(r.out.find("2025-11-05") != std::string::npos);

  r = testing::RunNewscrawl({"--store", dir, "--config", config, "search",
                             "ha dong", "--site", "congdoan", "--format",
                             "jsonl"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("\"url\":\"https://congdoan.vn/b.html\"") !=
        std::string::npos);
  CHECK(r.out.find("laodongthudo.vn") == std::string::npos);

  r = testing::RunNewscrawl({"--store", dir, "--config", config, "search",
                             "cong nhan", "--since", "2025-11-01"});
  CHECK(r.out.find("0 matching articles") != std::string::npos);
  r = testing::RunNewscrawl({"--store", dir, "--config", config, "search",
                             "cong nhan", "--until", "2025-10-20"});
  CHECK(r.out.find("1 matching article,") != std::string::npos);
  r = testing::RunNewscrawl({"--store", dir, "--config", config, "search", "x",
                             "--since", "hôm qua"});
  CHECK(r.exit_code == 2);

  r = testing::RunNewscrawl({"--store", dir, "--config", config, "reindex"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("2 in the index") != std::string::npos);
}

}  // namespace
}  // namespace newscrawl
