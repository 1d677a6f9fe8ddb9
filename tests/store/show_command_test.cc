// Runs the real `newscrawl show` on a store written here.
#include "store/show_command.h"

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

struct Filled {
  std::string dir;
  ArticleKey first;
  ArticleKey second;
};

Filled Fill(const TempDir& tmp) {
  Filled f{tmp.File("store"), {}, {}};
  auto store = Store::Open(f.dir, StoreOptions{});
  REQUIRE(store.ok());
  WriteBatch batch;
  batch.AddPage(MakePageWrite("https://a.vn/tin-1.html", "a", MakeBody(1), 1761100000));
  auto r1 = (*store)->Write(batch);
  REQUIRE(r1.ok());
  f.first = (*r1)[0].article_key;
  batch.Clear();
  batch.AddPage(MakePageWrite("https://a.vn/tin-1.html", "a", MakeBody(2), 1761200000));
  auto r2 = (*store)->Write(batch);
  REQUIRE(r2.ok());
  f.second = (*r2)[0].article_key;
  return f;
}

TEST_CASE("show prints an article by URL or id, as text or JSON") {
  TempDir tmp;
  const Filled f = Fill(tmp);
  auto r = RunNewscrawl({"--store", f.dir, "show", "https://a.vn/tin-1.html"}, {},
                        tmp.path());
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out.find("Mã bài viết 2.") != std::string::npos);
  CHECK(r.out.find("previous version: " + f.first.ToHex()) != std::string::npos);

  r = RunNewscrawl({"--store", f.dir, "show", f.first.ToHex(), "--format", "json"},
                   {}, tmp.path());
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["id"] == f.first.ToHex());
  CHECK(j["replaced_by"] == f.second.ToHex());
  CHECK(j["body"].get<std::string>().find("Mã bài viết 1.") != std::string::npos);
  CHECK(j["urls"][0] == "https://a.vn/tin-1.html");
  CHECK(j["site"] == "a");
  CHECK(j["first_seen"] == "2025-10-22T02:26:40Z");
  CHECK(j["language"] == "vi");
  CHECK_FALSE(j.contains("url_state"));

  // By URL, the JSON also carries the URL's crawl state.
  r = RunNewscrawl({"--store", f.dir, "show", "https://a.vn/tin-1.html", "--format",
                    "json"},
                   {}, tmp.path());
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const auto by_url = nlohmann::json::parse(r.out);
  CHECK(by_url["id"] == f.second.ToHex());
  CHECK(by_url["url_state"]["article_id"] == f.second.ToHex());
  CHECK(by_url["url_state"]["last_fetch"] == "2025-10-23T06:13:20Z");
  CHECK(by_url["url_state"]["fetch_count"] == 2);
  CHECK(by_url["url_state"]["page_id"] == 2);
}

TEST_CASE("show --raw prints the stored page") {
  TempDir tmp;
  const Filled f = Fill(tmp);
  auto r = RunNewscrawl({"--store", f.dir, "show", "--raw", "https://a.vn/tin-1.html"},
                        {}, tmp.path());
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out.rfind("<html>", 0) == 0);
  CHECK(r.out.find("Mã bài viết 2.") != std::string::npos);
  r = RunNewscrawl({"--store", f.dir, "show", "1", "--format", "json"}, {}, tmp.path());
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const auto page = nlohmann::json::parse(r.out);
  CHECK(page["page_id"] == 1);
  CHECK(page["status"] == 200);
  CHECK(page["article_id"] == f.first.ToHex());
  CHECK(page["body"].get<std::string>().find("Mã bài viết 1.") != std::string::npos);
}

TEST_CASE("show of unknown things and missing stores exits 1") {
  TempDir tmp;
  const Filled f = Fill(tmp);
  auto r = RunNewscrawl({"--store", f.dir, "show", "https://a.vn/none"}, {}, tmp.path());
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("no URL https://a.vn/none") != std::string::npos);
  r = RunNewscrawl({"--store", f.dir, "show", std::string(32, 'a')}, {}, tmp.path());
  CHECK(r.exit_code == 1);
  r = RunNewscrawl({"--store", f.dir, "show", "77"}, {}, tmp.path());
  CHECK(r.exit_code == 1);
  r = RunNewscrawl({"--store", tmp.File("absent"), "show", "1"}, {}, tmp.path());
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("no newscrawl store at") != std::string::npos);
}

}  // namespace
}  // namespace newscrawl
