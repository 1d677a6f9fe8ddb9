#include "store/frontier.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "store/store.h"
#include "tests/support/temp_dir.h"

namespace newscrawl {
namespace {

using testing::TempDir;

FrontierEntry Entry(const std::string& url, const std::string& host,
                    UrlKind kind, bool revisit = false,
                    std::int64_t not_before = 0) {
  FrontierEntry e;
  e.url = url;
  e.host = host;
  e.site = std::string("s");
  e.kind = kind;
  e.priority = DefaultPriority(kind, revisit);
  e.depth = 1;
  e.not_before = not_before;
  return e;
}

std::unique_ptr<Store> OpenStore(const std::string& dir) {
  auto store = Store::Open(dir, StoreOptions{});
  REQUIRE_MESSAGE(store.ok(), store.status().ToString());
  return std::move(*store);
}

std::string PopUrl(Frontier& f, const std::string& host, std::int64_t now) {
  auto popped = f.Pop(host, now);
  REQUIRE(popped.ok());
  return *popped ? (*popped)->url : std::string("-");
}

TEST_CASE("no URL is queued twice") {
  TempDir tmp;
  auto store = OpenStore(tmp.File("s"));
  Frontier& f = store->frontier();
  CHECK(*f.Push(Entry("https://a.vn/1", "a.vn", UrlKind::kArticle)));
  CHECK_FALSE(*f.Push(Entry("https://a.vn/1", "a.vn", UrlKind::kListing)));
  CHECK(*f.PushAll({Entry("https://a.vn/1", "a.vn", UrlKind::kArticle),
                    Entry("https://a.vn/2", "a.vn", UrlKind::kArticle),
                    Entry("https://a.vn/2", "a.vn", UrlKind::kArticle)}) == 1);
  CHECK(*f.QueuedCount() == 2);
  // In flight still counts as queued.
  CHECK(PopUrl(f, "a.vn", 0) == "https://a.vn/1");
  CHECK_FALSE(*f.Push(Entry("https://a.vn/1", "a.vn", UrlKind::kArticle)));
  CHECK(*f.IsQueued("https://a.vn/1"));
  REQUIRE(f.Done("https://a.vn/1").ok());
  CHECK_FALSE(*f.IsQueued("https://a.vn/1"));
  // Done: it may be queued again (a revisit on a later night).
  CHECK(*f.Push(Entry("https://a.vn/1", "a.vn", UrlKind::kArticle, true)));
  CHECK(f.Push(Entry("", "a.vn", UrlKind::kArticle)).status().IsInvalidArgument());
  CHECK(f.Push(Entry("https://x/" + std::string(600, 'x'), "x", UrlKind::kArticle))
            .status()
            .IsInvalidArgument());
}

TEST_CASE("feeds, sitemaps and listings come before new articles, revisits last") {
  TempDir tmp;
  auto store = OpenStore(tmp.File("s"));
  Frontier& f = store->frontier();
  REQUIRE(f.PushAll({Entry("https://a.vn/old", "a.vn", UrlKind::kArticle, true),
                     Entry("https://a.vn/new1", "a.vn", UrlKind::kArticle),
                     Entry("https://a.vn/list", "a.vn", UrlKind::kListing),
                     Entry("https://a.vn/new2", "a.vn", UrlKind::kArticle),
                     Entry("https://a.vn/rss", "a.vn", UrlKind::kFeed),
                     Entry("https://a.vn/sitemap.xml", "a.vn", UrlKind::kSitemap),
                     Entry("https://b.vn/x", "b.vn", UrlKind::kFeed)})
              .ok());
  std::vector<std::string> order;
  for (;;) {
    const std::string url = PopUrl(f, "a.vn", 0);
    if (url == "-") break;
    order.push_back(url);
  }
  CHECK(order == std::vector<std::string>{
                     "https://a.vn/rss", "https://a.vn/sitemap.xml",
                     "https://a.vn/list", "https://a.vn/new1",
                     "https://a.vn/new2", "https://a.vn/old"});
  CHECK(*f.InFlightCount() == 6);
  CHECK(*f.Hosts() == std::vector<std::string>{"b.vn"});
}

TEST_CASE("not_before holds an entry back; PopNext goes round the hosts") {
  TempDir tmp;
  auto store = OpenStore(tmp.File("s"));
  Frontier& f = store->frontier();
  REQUIRE(f.PushAll({Entry("https://a.vn/later", "a.vn", UrlKind::kFeed, false, 500),
                     Entry("https://a.vn/now", "a.vn", UrlKind::kArticle),
                     Entry("https://b.vn/1", "b.vn", UrlKind::kArticle),
                     Entry("https://b.vn/2", "b.vn", UrlKind::kArticle),
                     Entry("https://c.vn/1", "c.vn", UrlKind::kArticle, false, 900)})
              .ok());
  CHECK(PopUrl(f, "a.vn", 100) == "https://a.vn/now");
  CHECK(PopUrl(f, "a.vn", 100) == "-");
  CHECK(PopUrl(f, "a.vn", 500) == "https://a.vn/later");

  auto next = f.PopNext(100, "a.vn");
  REQUIRE(next.ok());
  REQUIRE(next->has_value());
  CHECK((*next)->url == "https://b.vn/1");
  next = f.PopNext(100, "b.vn");  // c.vn is not ready: wraps to b.vn
  REQUIRE(next->has_value());
  CHECK((*next)->url == "https://b.vn/2");
  next = f.PopNext(100, "b.vn");
  REQUIRE(next.ok());
  CHECK_FALSE(next->has_value());
  next = f.PopNext(1000);
  REQUIRE(next->has_value());
  CHECK((*next)->url == "https://c.vn/1");
  CHECK((*next)->site == "s");
  CHECK((*next)->depth == 1);
  CHECK((*next)->not_before == 900);
}

TEST_CASE("a killed crawl resumes: in-flight URLs go back to their queue") {
  TempDir tmp;
  const std::string dir = tmp.File("s");
  {
    auto store = OpenStore(dir);
    Frontier& f = store->frontier();
    REQUIRE(f.PushAll({Entry("https://a.vn/1", "a.vn", UrlKind::kListing),
                       Entry("https://a.vn/2", "a.vn", UrlKind::kArticle),
                       Entry("https://a.vn/3", "a.vn", UrlKind::kArticle)})
                .ok());
    CHECK(PopUrl(f, "a.vn", 0) == "https://a.vn/1");
    CHECK(PopUrl(f, "a.vn", 0) == "https://a.vn/2");
    REQUIRE(f.Done("https://a.vn/1").ok());
    // "Killed" here: /2 was in flight.
  }
  auto store = OpenStore(dir);
  Frontier& f = store->frontier();
  CHECK(*f.InFlightCount() == 0);
  CHECK(*f.QueuedCount() == 2);
  CHECK(PopUrl(f, "a.vn", 0) == "https://a.vn/2");
  CHECK(PopUrl(f, "a.vn", 0) == "https://a.vn/3");
  CHECK(PopUrl(f, "a.vn", 0) == "-");
  CHECK_FALSE(*f.Push(Entry("https://a.vn/2", "a.vn", UrlKind::kArticle)));
}

std::vector<std::string> Urls(const std::vector<FrontierEntry>& entries) {
  std::vector<std::string> urls;
  for (const FrontierEntry& e : entries) urls.push_back(e.url);
  return urls;
}

TEST_CASE("PopSome gives in one transaction what Pop gives one by one") {
  const std::vector<FrontierEntry> entries = {
      Entry("https://a.vn/old", "a.vn", UrlKind::kArticle, true),
      Entry("https://a.vn/new1", "a.vn", UrlKind::kArticle),
      Entry("https://a.vn/later", "a.vn", UrlKind::kListing, false, 500),
      Entry("https://a.vn/list", "a.vn", UrlKind::kListing),
      Entry("https://a.vn/new2", "a.vn", UrlKind::kArticle),
      Entry("https://a.vn/rss", "a.vn", UrlKind::kFeed),
      Entry("https://b.vn/x", "b.vn", UrlKind::kFeed)};
  TempDir tmp;
  std::vector<std::string> one_by_one;
  {
    auto store = OpenStore(tmp.File("one"));
    Frontier& f = store->frontier();
    REQUIRE(f.PushAll(entries).ok());
    for (std::string url; (url = PopUrl(f, "a.vn", 100)) != "-";) {
      one_by_one.push_back(url);
    }
  }
  CHECK(one_by_one.size() == 5);
  auto store = OpenStore(tmp.File("some"));
  Frontier& f = store->frontier();
  REQUIRE(f.PushAll(entries).ok());
  auto first = f.PopSome("a.vn", 100, 2);
  REQUIRE(first.ok());
  auto rest = f.PopSome("a.vn", 100, 16);  // fewer are ready
  REQUIRE(rest.ok());
  std::vector<std::string> batched = Urls(*first);
  for (const std::string& url : Urls(*rest)) batched.push_back(url);
  CHECK(batched == one_by_one);
  CHECK(first->size() == 2);
  CHECK(first->front().kind == UrlKind::kFeed);
  CHECK(first->front().site == "s");
  CHECK(f.PopSome("a.vn", 100, 16)->empty());
  CHECK(Urls(*f.PopSome("a.vn", 500, 16)) ==
        std::vector<std::string>{"https://a.vn/later"});
  CHECK(*f.InFlightCount() == 6);
  CHECK(*f.Hosts() == std::vector<std::string>{"b.vn"});
}

TEST_CASE("a killed crawl resumes: a batch popped together goes back in order") {
  TempDir tmp;
  const std::string dir = tmp.File("s");
  {
    auto store = OpenStore(dir);
    Frontier& f = store->frontier();
    REQUIRE(f.PushAll({Entry("https://a.vn/1", "a.vn", UrlKind::kListing),
                       Entry("https://a.vn/2", "a.vn", UrlKind::kArticle),
                       Entry("https://a.vn/3", "a.vn", UrlKind::kArticle),
                       Entry("https://a.vn/4", "a.vn", UrlKind::kArticle)})
                .ok());
    auto popped = f.PopSome("a.vn", 0, 3);
    REQUIRE(popped.ok());
    CHECK(Urls(*popped) == std::vector<std::string>{
                               "https://a.vn/1", "https://a.vn/2", "https://a.vn/3"});
    REQUIRE(f.Done("https://a.vn/2").ok());
    // "Killed" here: /1 and /3 were in flight.
  }
  auto store = OpenStore(dir);
  Frontier& f = store->frontier();
  CHECK(*f.InFlightCount() == 0);
  auto again = f.PopSome("a.vn", 0, 16);
  REQUIRE(again.ok());
  CHECK(Urls(*again) == std::vector<std::string>{
                            "https://a.vn/1", "https://a.vn/3", "https://a.vn/4"});
}

TEST_CASE("frontier updates ride in a page write batch") {
  TempDir tmp;
  auto store = OpenStore(tmp.File("s"));
  Frontier& f = store->frontier();
  REQUIRE(f.Push(Entry("https://a.vn/list", "a.vn", UrlKind::kListing)).ok());
  CHECK(PopUrl(f, "a.vn", 0) == "https://a.vn/list");
  WriteBatch batch;
  PageWrite listing;
  listing.page.url = "https://a.vn/list";
  listing.page.site = "s";
  listing.page.status = 200;
  listing.page.body = "<html>listing</html>";
  listing.kind = UrlKind::kListing;
  batch.AddPage(listing);
  batch.PushFrontier(Entry("https://a.vn/found1", "a.vn", UrlKind::kArticle));
  batch.PushFrontier(Entry("https://a.vn/found2", "a.vn", UrlKind::kArticle));
  batch.FrontierDone("https://a.vn/list");
  REQUIRE(store->Write(batch).ok());
  CHECK_FALSE(*f.IsQueued("https://a.vn/list"));
  CHECK(*f.QueuedCount() == 2);
  CHECK(store->GetUrlState("https://a.vn/list").ok());
  // Done on a URL that is waiting removes it from its queue.
  REQUIRE(f.Done("https://a.vn/found1").ok());
  CHECK(PopUrl(f, "a.vn", 0) == "https://a.vn/found2");
  CHECK(PopUrl(f, "a.vn", 0) == "-");
  CHECK(f.Done("https://never.vn/").ok());
}

}  // namespace
}  // namespace newscrawl
