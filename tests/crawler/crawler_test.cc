// End-to-end: crawls the generated union-news fixture site served by a real
// HTTP server on 127.0.0.1 into a real LMDB store, and checks both what the
// server was asked (robots obeyed, nothing fetched twice, conditional GETs,
// delays) and what the store holds (every article, clean, once).
#include "crawler/crawler.h"

#include <doctest/doctest.h>

#include <atomic>
#include <ctime>
#include <map>
#include <mutex>
#include <set>

#include "config/interrupt.h"
#include "crawler/due_revisits.h"
#include "crawler/revisit_policy.h"
#include "store/profile_store.h"
#include "store/store.h"
#include "tests/support/fixture_site.h"
#include "tests/support/http_test_server.h"
#include "tests/support/schema3_store.h"
#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

namespace newscrawl {
namespace {

using testing::FixtureSite;
using testing::FixtureSiteOptions;
using testing::HttpTestServer;
using testing::RecordedRequest;
using testing::TempDir;
using testing::TestResponse;

// Serves a FixtureSite (swappable between nights) with ETag, Last-Modified
// and 304 answers to conditional GETs.
class FixtureServer {
 public:
  // `unlabeled_box_every`: see FixtureSiteOptions.
  explicit FixtureServer(int articles, int unlabeled_box_every = 0)
      : unlabeled_box_every_(unlabeled_box_every) {
    Serve(0, articles);
    server_.Route("/*", [this](const RecordedRequest& request) {
      std::shared_ptr<const FixtureSite> site;
      {
        std::lock_guard lock(mu_);
        site = site_;
      }
      if (on_request_) on_request_(request);
      if (int status = FailureOf(request.target); status != 0) {
        return TestResponse::Status(status);
      }
      auto page = site->Page(request.target);
      if (!page) return TestResponse::Status(404);
      if (request.Header("if-none-match") == page->etag) {
        TestResponse r = TestResponse::Status(304);
        r.body.clear();
        r.headers.emplace_back("ETag", page->etag);
        return r;
      }
      TestResponse r = TestResponse::Text(page->body, page->content_type);
      r.headers.emplace_back("ETag", page->etag);
      r.headers.emplace_back("Last-Modified", page->last_modified);
      return r;
    });
  }

  void Serve(int edition, int articles) {
    FixtureSiteOptions o;
    o.base_url = server_.Url("");
    o.articles = articles;
    o.edition = edition;
    o.unlabeled_box_every = unlabeled_box_every_;
    // The night's edits happen after the previous crawl.
    o.now = static_cast<std::int64_t>(std::time(nullptr)) + 60 * edition;
    std::lock_guard lock(mu_);
    site_ = std::make_shared<const FixtureSite>(o);
  }
  const FixtureSite& site() const { return *site_; }
  HttpTestServer& server() { return server_; }
  void set_on_request(std::function<void(const RecordedRequest&)> f) {
    on_request_ = std::move(f);
  }
  // Answers `status` (404, 500, ...) for the paths in `failures` from now
  // on, instead of the pages.
  void set_failures(std::map<std::string, int> failures) {
    std::lock_guard lock(mu_);
    failures_ = std::move(failures);
  }

  std::string MakeToml(double delay = 0) {
    const std::string base = server_.Url("");
    return
        "[crawl]\nuser_agent = \"newscrawl-test/1 (+mailto:test@example.org)\"\n"
        "per_host_delay = " + std::to_string(delay) + "\nconcurrency = 8\n"
        "timeout = 20\n\n"
        "[[site]]\nname = \"mau\"\nseeds = [\"" + base + "/\"]\n"
        "feeds = [\"" + base + "/rss.xml\"]\n"
        "sitemaps = [\"" + base + "/sitemap.xml\"]\n"
        "allowed_hosts = [\"127.0.0.1\"]\n"
        "article_patterns = ['\\.html$']\n"
        "listing_patterns = ['/chuyen-muc/', '/$']\n";
  }
  Config MakeConfig(double delay = 0) {
    auto config = ParseConfig(MakeToml(delay), "test.toml");
    REQUIRE_MESSAGE(config.ok(), config.status().ToString());
    return std::move(config).value();
  }

 private:
  const int unlabeled_box_every_;
  HttpTestServer server_;
  std::mutex mu_;
  std::shared_ptr<const FixtureSite> site_;
  std::map<std::string, int> failures_;
  std::function<void(const RecordedRequest&)> on_request_;

  int FailureOf(const std::string& target) {
    std::lock_guard lock(mu_);
    auto it = failures_.find(target);
    return it == failures_.end() ? 0 : it->second;
  }
};

std::unique_ptr<Store> OpenStore(const TempDir& dir) {
  StoreOptions options;
  options.sync = false;
  auto store = Store::Open(dir.File("store"), options);
  REQUIRE_MESSAGE(store.ok(), store.status().ToString());
  return std::move(store).value();
}

// Only the home page of the fixture site at `base` as a seed, no feed or
// sitemap, and no listing beyond it: of the articles, only the 15 the home
// page lists are linked.
Config HomeOnlyConfig(const std::string& base, bool obey_robots) {
  const std::string toml =
      "[crawl]\nuser_agent = \"newscrawl-test/1 (+mailto:test@example.org)\"\n"
      "per_host_delay = 0\nconcurrency = 8\ntimeout = 20\nrobots = " +
      std::string(obey_robots ? "true" : "false") +
      "\n\n[[site]]\nname = \"mau\"\nseeds = [\"" + base + "/\"]\n"
      "max_depth = 0\nallowed_hosts = [\"127.0.0.1\"]\n"
      "article_patterns = ['\\.html$']\n"
      "listing_patterns = ['/chuyen-muc/', '/$']\n";
  auto config = ParseConfig(toml, "test.toml");
  REQUIRE_MESSAGE(config.ok(), config.status().ToString());
  return std::move(config).value();
}

CrawlSummary Crawl(const Config& config, Store* store,
                   CrawlRunOptions options = {}) {
  options.workers = 2;
  Crawler crawler(config, store, options);
  auto summary = crawler.Run();
  REQUIRE_MESSAGE(summary.ok(), summary.status().ToString());
  return std::move(summary).value();
}

// Requests per path since the log was last cleared.
std::map<std::string, int> RequestsByTarget(HttpTestServer& server) {
  std::map<std::string, int> counts;
  for (const RecordedRequest& r : server.Requests()) ++counts[r.target];
  return counts;
}

int ArticleRequests(HttpTestServer& server) {
  int n = 0;
  for (const RecordedRequest& r : server.Requests()) {
    if (r.path.size() > 5 && r.path.compare(r.path.size() - 5, 5, ".html") == 0) ++n;
  }
  return n;
}

TEST_CASE("a first night stores every article once, clean, and obeys robots.txt") {
  FixtureServer fs(30);
  TempDir dir;
  auto store = OpenStore(dir);
  const Config config = fs.MakeConfig();
  const CrawlSummary summary = Crawl(config, store.get());
  const SiteFunnel& f = summary.sites().at("mau");
  CHECK(summary.stop_reason() == "done");
  CHECK(f.new_articles == 30);
  CHECK(f.duplicate_articles == 0);
  CHECK(f.ErrorCount() == 0);
  CHECK(f.announced >= 30);

  const auto counts = RequestsByTarget(fs.server());
  CHECK(counts.count("/robots.txt") == 1);
  for (const std::string& path : FixtureSite::DisallowedPaths()) {
    CHECK_MESSAGE(counts.count(path) == 0, path);
  }
  for (const testing::FixtureArticle& a : fs.site().articles()) {
    CHECK_MESSAGE(counts.count(a.path) == 1, a.path);
    auto stored = store->GetArticleByUrl(a.url);
    REQUIRE_MESSAGE(stored.ok(), a.url);
    const Article& got = stored->article;
    CHECK(got.title == a.title);
    // The lead and the last paragraph are kept ...
    CHECK(got.body.find(a.lead) != std::string::npos);
    CHECK(got.body.find(a.body.substr(a.body.rfind("\n\n") + 2)) !=
          std::string::npos);
    // ... and the clutter is not.
    for (const std::string& clutter : a.clutter) {
      CHECK_MESSAGE(got.body.find(clutter) == std::string::npos,
                    a.path << " leaks: " << clutter);
    }
  }
  for (const RecordedRequest& r : fs.server().Requests()) {
    CHECK(r.Header("user-agent").find("newscrawl-test/1") == 0);
  }
}

TEST_CASE("the next night fetches new and edited articles, listings and feeds only") {
  FixtureServer fs(40);
  TempDir dir;
  auto store = OpenStore(dir);
  const Config config = fs.MakeConfig();
  Crawl(config, store.get());

  // Nothing changed: listings, feeds and the sitemap answer 304 and no
  // article is fetched again.
  fs.server().ClearLog();
  CrawlSummary same = Crawl(config, store.get());
  CHECK(ArticleRequests(fs.server()) == 0);
  CHECK(same.sites().at("mau").not_modified >= 3);
  for (const RecordedRequest& r : fs.server().Requests()) {
    if (r.target == "/rss.xml" || r.target == "/sitemap.xml") {
      CHECK(!r.Header("if-none-match").empty());
    }
  }

  // Edition 1: 2 new articles (5%) and edits announced by the sitemap.
  fs.Serve(1, 40);
  fs.server().ClearLog();
  const CrawlSummary next = Crawl(config, store.get());
  std::set<std::string> expected;
  int edited = 0;
  for (const testing::FixtureArticle& a : fs.site().articles()) {
    if (a.id >= 40) expected.insert(a.path);
    if (a.edited_in == 1) {
      expected.insert(a.path);
      ++edited;
    }
  }
  REQUIRE(edited >= 1);
  std::set<std::string> fetched;
  for (const RecordedRequest& r : fs.server().Requests()) {
    if (r.path.find(".html") != std::string::npos) fetched.insert(r.path);
  }
  CHECK(fetched == expected);
  CHECK(ArticleRequests(fs.server()) == static_cast<int>(expected.size()));
  const SiteFunnel& f = next.sites().at("mau");
  CHECK(f.new_articles == 2);
  CHECK(f.updated_articles == edited);
  for (const testing::FixtureArticle& a : fs.site().articles()) {
    if (a.edited_in != 1) continue;
    auto stored = store->GetArticleByUrl(a.url);
    REQUIRE(stored.ok());
    CHECK(stored->article.body.find("cập nhật thêm thông tin lần thứ 1") !=
          std::string::npos);
  }
}

TEST_CASE("the sitemaps named by robots.txt are crawled") {
  FixtureServer fs(30);
  {
    // Without robots.txt only the home page's 15 links are found.
    TempDir dir;
    auto store = OpenStore(dir);
    const CrawlSummary summary =
        Crawl(HomeOnlyConfig(fs.server().Url(""), false), store.get());
    CHECK(summary.sites().at("mau").new_articles == 15);
    CHECK(fs.server().RequestCount("/robots.txt") == 0);
    CHECK(fs.server().RequestCount("/sitemap.xml") == 0);
  }
  fs.server().ClearLog();
  // robots.txt names /sitemap.xml, which no page links and the config
  // does not list: it is fetched, once, and brings the other articles.
  TempDir dir;
  auto store = OpenStore(dir);
  const CrawlSummary summary =
      Crawl(HomeOnlyConfig(fs.server().Url(""), true), store.get());
  const SiteFunnel& f = summary.sites().at("mau");
  CHECK(f.new_articles == 30);
  CHECK(f.ErrorCount() == 0);
  CHECK(fs.server().RequestCount("/robots.txt") == 1);
  CHECK(fs.server().RequestCount("/sitemap.xml") == 1);
  for (const testing::FixtureArticle& a : fs.site().articles()) {
    CHECK_MESSAGE(store->GetArticleByUrl(a.url).ok(), a.url);
    CHECK_MESSAGE(fs.server().RequestCount(a.path) == 1, a.path);
  }
}

TEST_CASE("due revisits are fetched even when nothing links the articles any more") {
  constexpr std::int64_t kTwoDays = 2 * 24 * 3600;
  FixtureServer fs(40);
  TempDir dir;
  auto store = OpenStore(dir);
  Crawl(fs.MakeConfig(), store.get());  // night 0: every article

  // Two nights later (edition 1: 2 new articles, some edits) the crawl only
  // starts from the home page, which lists 15 of the 42 articles; the 1-day
  // revisit of every old article is due.
  fs.Serve(1, 40);
  fs.server().ClearLog();
  CrawlRunOptions later;
  later.clock_offset = kTwoDays;
  const Config home_only = HomeOnlyConfig(fs.server().Url(""), false);
  const CrawlSummary next = Crawl(home_only, store.get(), later);
  const SiteFunnel& f = next.sites().at("mau");
  int edited = 0;
  for (const testing::FixtureArticle& a : fs.site().articles()) {
    CAPTURE(a.path);
    CHECK(fs.server().RequestCount(a.path) == 1);
    if (a.edited_in == 1) ++edited;
  }
  REQUIRE(edited >= 1);
  for (const RecordedRequest& r : fs.server().Requests()) {
    const testing::FixtureArticle* a = fs.site().FindArticle(r.path);
    if (a == nullptr || a->id >= 40) continue;
    CHECK_MESSAGE(!r.Header("if-none-match").empty(), r.path);  // conditional
  }
  CHECK(f.new_articles == 2);
  CHECK(f.updated_articles == edited);
  CHECK(f.not_modified >= 40 - edited);
  for (const testing::FixtureArticle& a : fs.site().articles()) {
    if (a.id >= 40) continue;
    auto state = store->GetUrlState(a.url);
    REQUIRE(state.ok());
    CHECK(state->fetch_count == 2);
    // The next (7-day) revisit is 6 days after this one.
    CHECK(state->next_revisit >=
          static_cast<std::int64_t>(std::time(nullptr)) + kTwoDays + 5 * 86400);
  }

  // The same night again: nothing is due.
  fs.server().ClearLog();
  Crawl(home_only, store.get(), later);
  CHECK(ArticleRequests(fs.server()) == 0);

  // Eight days after the first night every article is due: the old ones
  // for their 7-day revisit, the two new ones for their 1-day one.
  fs.server().ClearLog();
  CrawlRunOptions week;
  week.clock_offset = 8 * 86400;
  Crawl(home_only, store.get(), week);
  for (const testing::FixtureArticle& a : fs.site().articles()) {
    CHECK_MESSAGE(fs.server().RequestCount(a.path) == 1, a.path);
  }
  // A week later still: the old articles' schedule is over, only the new
  // ones are revisited (7 days after their first fetch).
  fs.server().ClearLog();
  CrawlRunOptions later_still;
  later_still.clock_offset = 15 * 86400;
  Crawl(home_only, store.get(), later_still);
  std::set<std::string> revisited;
  for (const RecordedRequest& r : fs.server().Requests()) {
    if (fs.site().FindArticle(r.path) != nullptr) revisited.insert(r.path);
  }
  std::set<std::string> young;
  for (const testing::FixtureArticle& a : fs.site().articles()) {
    if (a.id >= 40) young.insert(a.path);
  }
  CHECK(revisited == young);
  CHECK(ArticleRequests(fs.server()) == 2);
}

// The article URLs due at `now`, from a full scan of the URL states (what
// crawls did before the revisit index) and from the index.
std::set<std::string> ScannedDue(Store& store, const RevisitPolicy& policy,
                                 std::int64_t now) {
  std::set<std::string> due;
  const Status s = store.ForEachUrlState(
      "", [&](std::string_view url, const UrlState& state) {
        if (state.kind == UrlKind::kArticle && policy.Due(state, now)) {
          due.emplace(url);
        }
        return true;
      });
  REQUIRE_MESSAGE(s.ok(), s.ToString());
  return due;
}

std::set<std::string> IndexedDue(Store& store, const RevisitPolicy& policy,
                                 std::int64_t now) {
  std::set<std::string> due;
  int chunks = 0;
  const Status s = ForEachDueArticle(
      store, policy, now, 7,
      [&](std::string_view url, const UrlState& state) {
        CHECK(state.kind == UrlKind::kArticle);
        CHECK(policy.Due(state, now));
        due.emplace(url);
      },
      [&] {
        ++chunks;
        return Status::Ok();
      });
  REQUIRE_MESSAGE(s.ok(), s.ToString());
  CHECK(chunks >= static_cast<int>(due.size() / 7));
  return due;
}

// The due sets of `store` at times around `base`, both ways.
std::vector<std::set<std::string>> CompareDueSets(Store& store,
                                                  const RevisitPolicy& policy,
                                                  std::int64_t base) {
  std::vector<std::set<std::string>> sets;
  for (std::int64_t days : {0, 1, 2, 3, 7, 8, 9, 15, 40}) {
    const std::int64_t now = base + days * 86400;
    CAPTURE(days);
    const std::set<std::string> scanned = ScannedDue(store, policy, now);
    CHECK(IndexedDue(store, policy, now) == scanned);
    sets.push_back(scanned);
  }
  return sets;
}

TEST_CASE("the revisit index agrees with a full scan after crawls, edits and failures") {
  FixtureServer fs(40);
  TempDir dir;
  auto store = OpenStore(dir);
  Config config = fs.MakeConfig();
  config.crawl.retries = 0;
  const RevisitPolicy policy(RevisitOptions::FromConfig(config.crawl));
  const std::vector<testing::FixtureArticle> night0 = fs.site().articles();
  const auto path = [&](std::size_t i) { return night0.at(i).path; };
  const std::int64_t start = static_cast<std::int64_t>(std::time(nullptr));

  // Night 0: five articles fail (404s, 500s).
  fs.set_failures({{path(3), 404}, {path(8), 500}, {path(13), 404},
                   {path(21), 500}, {path(30), 404}});
  Crawl(config, store.get());
  CHECK(ScannedDue(*store, policy, start + 86400).size() >= 40);
  CompareDueSets(*store, policy, start);

  // Two nights later, edition 1 (new and edited articles): two of the
  // failed articles recover, another article starts failing.
  fs.Serve(1, 40);
  fs.set_failures({{path(3), 404}, {path(13), 500}, {path(30), 404},
                   {path(35), 500}});
  CrawlRunOptions night2;
  night2.clock_offset = 2 * 86400;
  Crawl(config, store.get(), night2);
  CompareDueSets(*store, policy, start);

  // Eight and fifteen days after the first night: revisits and give-ups.
  fs.Serve(2, 40);
  fs.set_failures({{path(3), 404}, {path(30), 404}});
  for (std::int64_t days : {8, 15}) {
    CrawlRunOptions later;
    later.clock_offset = days * 86400;
    Crawl(config, store.get(), later);
    CompareDueSets(*store, policy, start);
  }

  // Made a schema 3 store again (no revisit_due): the upgrade on the next
  // writable open gives the same due sets.
  const std::vector<std::set<std::string>> before =
      CompareDueSets(*store, policy, start);
  REQUIRE(testing::RevertToSchema3(*store).ok());
  store.reset();
  store = OpenStore(dir);
  CHECK(CompareDueSets(*store, policy, start) == before);
}

TEST_CASE("the crawl command learns site profiles and the next crawl uses them") {
  // 48 articles, two templates; every 4th "a" page has an inline box the
  // generic extractor keeps.
  FixtureServer fs(48, 4);
  TempDir dir;
  const std::string config_path = dir.Write("sites.toml", fs.MakeToml());
  auto crawl = [&] {
    return testing::RunNewscrawl(
        {"--store", dir.File("store"), "--config", config_path, "crawl"});
  };
  auto open_read_only = [&] {
    StoreOptions options;
    options.read_only = true;
    auto store = Store::Open(dir.File("store"), options);
    REQUIRE_MESSAGE(store.ok(), store.status().ToString());
    return std::move(store).value();
  };
  auto first = crawl();
  REQUIRE_MESSAGE(first.exit_code == 0, first.err);
  {
    auto store = open_read_only();
    auto profile = ProfileStore(store.get()).Get("mau");
    REQUIRE_MESSAGE(profile.ok(), profile.status().ToString());
    CHECK(profile->pages == 48);
    CHECK(profile->templates.size() == 2);
    // The first crawl had no profile: the unlabeled boxes leaked.
    int leaked = 0;
    for (const testing::FixtureArticle& a : fs.site().articles()) {
      auto stored = store->GetArticleByUrl(a.url);
      REQUIRE(stored.ok());
      bool leaks = false;
      for (const std::string& clutter : a.clutter) {
        leaks = leaks || stored->article.body.find(clutter) != std::string::npos;
      }
      CHECK_MESSAGE(leaks == a.unlabeled_box, a.path);
      if (leaks) ++leaked;
    }
    CHECK(leaked == 6);
  }
  // Next night: two new articles, one of them (id 48, template "a") with
  // an unlabeled box; the profile drops it.
  fs.Serve(1, 48);
  auto second = crawl();
  REQUIRE_MESSAGE(second.exit_code == 0, second.err);
  auto store = open_read_only();
  const testing::FixtureArticle* fresh = fs.site().FindArticle(
      fs.site().articles()[48].path);
  REQUIRE(fresh != nullptr);
  REQUIRE(fresh->unlabeled_box);
  auto stored = store->GetArticleByUrl(fresh->url);
  REQUIRE(stored.ok());
  CHECK(stored->article.body.find(fresh->lead) != std::string::npos);
  for (const std::string& clutter : fresh->clutter) {
    CHECK_MESSAGE(stored->article.body.find(clutter) == std::string::npos,
                  clutter);
  }
  CHECK(ProfileStore(store.get()).Get("mau")->pages >= 50);
}

TEST_CASE("per-host delay spaces request starts") {
  FixtureServer fs(4);
  TempDir dir;
  auto store = OpenStore(dir);
  const Config config = fs.MakeConfig(0.15);
  Crawl(config, store.get());
  const auto requests = fs.server().Requests();
  REQUIRE(requests.size() >= 6);
  // robots.txt first, then one start per delay: the span of the other
  // starts is at least (n - 1) delays (less a little for a late read of
  // the first request on a loaded machine).
  const auto span = requests.back().time - requests[1].time;
  const auto expected = std::chrono::milliseconds(150) *
                        static_cast<int>(requests.size() - 2);
  CHECK(span >= expected - std::chrono::milliseconds(100));
}

TEST_CASE("an interrupted crawl commits what was in flight and the next run resumes") {
  FixtureServer fs(30);
  TempDir dir;
  const Config config = fs.MakeConfig();
  std::atomic<int> article_requests{0};
  fs.set_on_request([&](const RecordedRequest& r) {
    if (r.path.find(".html") != std::string::npos && ++article_requests == 8) {
      RequestInterrupt();
    }
  });
  ResetInterrupt();
  {
    auto store = OpenStore(dir);
    const CrawlSummary first = Crawl(config, store.get());
    CHECK(first.stop_reason() == "interrupted");
    CHECK(first.sites().at("mau").new_articles < 30);
  }
  ResetInterrupt();
  fs.set_on_request(nullptr);
  auto store = OpenStore(dir);
  const CrawlSummary second = Crawl(config, store.get());
  CHECK(second.stop_reason() == "done");
  int stored = 0;
  for (const testing::FixtureArticle& a : fs.site().articles()) {
    if (store->GetArticleByUrl(a.url).ok()) ++stored;
  }
  CHECK(stored == 30);
  // Nothing was fetched twice across the two runs.
  for (const auto& [target, n] : RequestsByTarget(fs.server())) {
    if (target.find(".html") != std::string::npos) CHECK_MESSAGE(n == 1, target);
  }
}

TEST_CASE("a listing of hundreds of links queues and fetches each article once") {
  // More links than one batch's transaction pushes (crawler.cc
  // kPushesPerTxn): they go to the frontier in transactions of their own.
  constexpr int kArticles = 300;
  HttpTestServer server;
  std::string home = "<html><head><title>Trang chủ</title></head><body><ul>";
  for (int i = 0; i < kArticles; ++i) {
    home.append("<li><a href=\"/tin/bai-" + std::to_string(i) +
                ".html\">Tin số " + std::to_string(i) + "</a></li>");
  }
  home.append("</ul></body></html>");
  server.Serve("/", TestResponse::Text(home));
  server.Serve("/robots.txt", TestResponse::Text("User-agent: *\nAllow: /\n",
                                                 "text/plain"));
  server.Route("/tin/*", [](const RecordedRequest& r) {
    return TestResponse::Text(
        "<html><head><title>Bài " + r.path + "</title></head><body><article>"
        "<h1>Công đoàn thăm hỏi công nhân " + r.path + "</h1><p>Sáng nay, "
        "công đoàn cơ sở đã đến thăm hỏi và tặng quà cho các gia đình công "
        "nhân có hoàn cảnh khó khăn tại khu trọ " + r.path + ".</p><p>Đại "
        "diện công đoàn cho biết chương trình sẽ tiếp tục trong những tháng "
        "tới, với sự phối hợp của doanh nghiệp và chính quyền địa "
        "phương.</p></article></body></html>");
  });
  TempDir dir;
  auto store = OpenStore(dir);
  const Config config = HomeOnlyConfig(server.Url(""), true);
  Config linked = config;
  linked.sites[0].max_depth = 1;
  const CrawlSummary summary = Crawl(linked, store.get());
  const auto counts = RequestsByTarget(server);
  int articles = 0;
  for (const auto& [target, n] : counts) {
    if (target.rfind("/tin/", 0) != 0) continue;
    ++articles;
    CHECK_MESSAGE(n == 1, target);
  }
  CHECK(articles == kArticles);
  CHECK(summary.Totals().fetched == kArticles + 1);
  auto queued = store->frontier().QueuedCount();
  REQUIRE(queued.ok());
  CHECK(*queued == 0);
}

TEST_CASE("the page budget stops the run and the rest waits in the frontier") {
  FixtureServer fs(30);
  TempDir dir;
  auto store = OpenStore(dir);
  const Config config = fs.MakeConfig();
  CrawlRunOptions options;
  options.max_pages = 10;
  const CrawlSummary summary = Crawl(config, store.get(), options);
  CHECK(summary.stop_reason() == "max-pages");
  CHECK(fs.server().RequestCount() <= 11);  // + robots.txt
  auto queued = store->frontier().QueuedCount();
  REQUIRE(queued.ok());
  CHECK(*queued > 0);
}

TEST_CASE("an unreachable host ends quickly with its error") {
  auto config = ParseConfig(
      "[[site]]\nname = \"xa\"\nseeds = [\"http://127.0.0.1:9/\"]\n"
      "allowed_hosts = [\"127.0.0.1\"]\n",
      "t.toml");
  REQUIRE(config.ok());
  config->crawl.retries = 0;
  TempDir dir;
  auto store = OpenStore(dir);
  const auto start = std::chrono::steady_clock::now();
  const CrawlSummary summary = Crawl(*config, store.get());
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
  REQUIRE(summary.hosts().count("127.0.0.1:9") == 1);
  CHECK(summary.hosts().at("127.0.0.1:9").failures == 1);
  CHECK(summary.ToText().find("robots.txt unreachable") != std::string::npos);
}

}  // namespace
}  // namespace newscrawl
