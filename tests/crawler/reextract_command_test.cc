// Re-extraction end to end: the generated union-news fixture site is
// crawled over HTTP on 127.0.0.1 into a real LMDB store, a site rule is
// changed, and `reextract` (the Reextractor and the real CLI binary) is run
// over the stored pages: affected articles change with their history kept,
// the others do not, a killed run resumes to the same store, a second run
// changes nothing, a dry run writes nothing.
#include "crawler/reextract_command.h"

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "config/interrupt.h"
#include "crawler/crawler.h"
#include "crawler/reextractor.h"
#include "extractor/extractor_set.h"
#include "store/search_index.h"
#include "store/store.h"
#include "tests/store/search_test_util.h"
#include "tests/store/store_test_util.h"
#include "tests/support/fixture_site.h"
#include "tests/support/http_test_server.h"
#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

namespace newscrawl {
namespace {

using testing::FixtureArticle;
using testing::FixtureSite;
using testing::FixtureSiteOptions;
using testing::HttpTestServer;
using testing::RecordedRequest;
using testing::SearchKeys;
using testing::TempDir;
using testing::TestResponse;

// The rule change under test: template "a" pages have their lead in a
// div.sapo box, which the new rules drop; template "b" pages have none.
constexpr const char* kNewRules = "\n[site.rules]\ndrop = [\"div.sapo\"]\n";
// Rules that break extraction: nothing is left of any body.
constexpr const char* kBrokenRules =
    "\n[site.rules]\ndrop = [\"div.sapo\", \"div.article-content\", "
    "\"div.detail-body\", \"div.chapeau\"]\n";

std::string SiteToml(const std::string& base, const std::string& rules) {
  return "[crawl]\nuser_agent = \"newscrawl-test/1 (+mailto:test@example.org)\"\n"
         "per_host_delay = 0\nconcurrency = 8\ntimeout = 20\n\n"
         "[[site]]\nname = \"mau\"\nseeds = [\"" + base + "/\"]\n"
         "feeds = [\"" + base + "/rss.xml\"]\n"
         "sitemaps = [\"" + base + "/sitemap.xml\"]\n"
         "allowed_hosts = [\"127.0.0.1\"]\n"
         "article_patterns = ['\\.html$']\n"
         "listing_patterns = ['/chuyen-muc/', '/$']\n" + rules;
}

Config ParseToml(const std::string& toml) {
  auto config = ParseConfig(toml, "test.toml");
  REQUIRE_MESSAGE(config.ok(), config.status().ToString());
  return std::move(config).value();
}

std::unique_ptr<Store> OpenStore(const std::string& dir, bool read_only = false) {
  StoreOptions options;
  options.sync = false;
  options.read_only = read_only;
  auto store = Store::Open(dir, options);
  REQUIRE_MESSAGE(store.ok(), store.status().ToString());
  return std::move(store).value();
}

// A FixtureSite crawled once into TMP/store; the server is gone afterwards
// (so the test may fork), the site's generated articles stay.
class CrawledSite {
 public:
  explicit CrawledSite(int articles) {
    HttpTestServer server;
    FixtureSiteOptions o;
    o.base_url = server.Url("");
    o.articles = articles;
    site_ = std::make_unique<FixtureSite>(o);
    server.Route("/*", [this](const RecordedRequest& request) {
      auto page = site_->Page(request.target);
      if (!page) return TestResponse::Status(404);
      return TestResponse::Text(page->body, page->content_type);
    });
    base_ = server.Url("");
    auto store = OpenStore(dir());
    CrawlRunOptions run;
    run.workers = 2;
    Crawler crawler(ConfigWith(""), store.get(), run);
    auto summary = crawler.Run();
    REQUIRE_MESSAGE(summary.ok(), summary.status().ToString());
    REQUIRE(summary->sites().at("mau").new_articles == articles);
  }

  std::string dir() const { return tmp_.File("store"); }
  const FixtureSite& site() const { return *site_; }
  // The config (crawl settings + `rules`), kept alive here: extractors
  // point into it.
  const Config& ConfigWith(const std::string& rules) {
    auto& slot = configs_[rules];
    if (!slot) slot = std::make_unique<newscrawl::Config>(ParseToml(SiteToml(base_, rules)));
    return *slot;
  }
  // The same config as a file, for the CLI.
  std::string ConfigFile(const std::string& rules) const {
    const std::string path = tmp_.File("sites-" + std::to_string(rules.size()) + ".toml");
    std::ofstream(path) << SiteToml(base_, rules);
    return path;
  }
  // A copy of the store in a new directory.
  std::string CopyStore(const std::string& name) const {
    const std::string to = tmp_.File(name);
    std::filesystem::create_directories(to);
    std::filesystem::copy_file(dir() + "/data.mdb", to + "/data.mdb");
    return to;
  }
  const TempDir& tmp() const { return tmp_; }

 private:
  TempDir tmp_;
  std::string base_;
  std::unique_ptr<FixtureSite> site_;
  std::map<std::string, std::unique_ptr<newscrawl::Config>> configs_;
};

ReextractReport Reextract(const Config& config, Store* store,
                          ReextractorOptions options = {}) {
  if (options.jobs == 0) options.jobs = 2;
  Reextractor reextractor(config, store, options);
  auto report = reextractor.Run();
  REQUIRE_MESSAGE(report.ok(), report.status().ToString());
  return std::move(report).value();
}

// Everything re-extraction may touch, as text: pages (fingerprint, article
// key), URL states, every article record reachable from them (current and
// history), and the search hits of the site's words.
std::string DumpStore(const std::string& dir) {
  auto store = OpenStore(dir, true);
  std::string out;
  std::vector<std::string> urls;
  REQUIRE(store
              ->ForEachPage(false,
                            [&](std::uint64_t id, const PageRecord& p) {
                              out += "page " + std::to_string(id) + " " + p.url +
                                     " " + p.fingerprint + " " +
                                     p.article_key.ToHex() + "\n";
                              urls.push_back(p.url);
                              return Status::Ok();
                            })
              .ok());
  std::set<std::string> keys;
  for (const std::string& url : urls) {
    auto state = store->GetUrlState(url);
    REQUIRE(state.ok());
    out += "url " + url + " " + state->article_key.ToHex() + " " +
           std::to_string(state->page_id) + " " + state->rules_fingerprint +
           "\n";
    if (!state->article_key.empty()) keys.insert(state->article_key.ToHex());
  }
  std::vector<std::string> todo(keys.begin(), keys.end());
  while (!todo.empty()) {
    const std::string hex = todo.back();
    todo.pop_back();
    auto record = store->GetArticle(ArticleKey::FromHex(hex).value());
    REQUIRE(record.ok());
    out += "article " + hex + " " + record->fingerprint + " dup=" +
           record->duplicate_of.ToHex() + " by=" + record->replaced_by.ToHex() +
           " seen=" + std::to_string(record->first_seen) + "-" +
           std::to_string(record->last_seen) + "\n" + record->article.body + "\n";
    for (const std::string& u : record->urls) out += " at " + u + "\n";
    for (const ArticleVersion& v : record->history) {
      out += " was " + v.key.ToHex() + " " + std::to_string(v.replaced_at) + "\n";
      if (keys.insert(v.key.ToHex()).second) todo.push_back(v.key.ToHex());
    }
  }
  for (const char* q : {"cong doan", "nguoi lao dong", "hoat dong"}) {
    out += std::string("search ") + q + ":";
    for (const std::string& k : SearchKeys(*store, q)) out += " " + k;
    out += "\n";
  }
  const StoreStats stats = store->Stats().value();
  out += "stats " + std::to_string(stats.total.pages) + " " +
         std::to_string(stats.total.articles) + " " +
         std::to_string(stats.total.duplicates) + "\n";
  return out;
}

std::map<std::string, ArticleKey> KeysByUrl(Store& store, const FixtureSite& site) {
  std::map<std::string, ArticleKey> keys;
  for (const FixtureArticle& a : site.articles()) {
    auto state = store.GetUrlState(a.url);
    REQUIRE_MESSAGE(state.ok(), a.url);
    keys[a.url] = state->article_key;
  }
  return keys;
}

TEST_CASE("a changed rule re-extracts the affected articles only, once") {
  CrawledSite crawled(30);
  auto store = OpenStore(crawled.dir());
  const auto before = KeysByUrl(*store, crawled.site());

  // Same rules: nothing to do.
  const ReextractReport same = Reextract(crawled.ConfigWith(""), store.get());
  CHECK(same.Totals().processed == 0);

  // --site names another site: nothing to do.
  ReextractorOptions other_site;
  other_site.sites = {"khac"};
  CHECK(Reextract(crawled.ConfigWith(kNewRules), store.get(), other_site)
            .Totals()
            .processed == 0);

  const ReextractReport report = Reextract(crawled.ConfigWith(kNewRules), store.get());
  const SiteReextractReport& r = report.sites.at("mau");
  int template_a = 0;
  for (const FixtureArticle& a : crawled.site().articles()) {
    if (a.template_name == "a") ++template_a;
  }
  REQUIRE(template_a > 0);
  CHECK(r.processed == 30);
  CHECK(r.changed == template_a);
  CHECK(r.unchanged + r.metadata == 30 - template_a);
  CHECK(r.newly_empty == 0);
  CHECK(r.failed == 0);
  CHECK(r.stale == 0);
  CHECK_FALSE(report.interrupted);

  const auto after = KeysByUrl(*store, crawled.site());
  for (const FixtureArticle& a : crawled.site().articles()) {
    const ArticleRecord now = store->GetArticleByUrl(a.url).value();
    const std::string last = a.body.substr(a.body.rfind("\n\n") + 2);
    CHECK(now.article.body.find(last) != std::string::npos);
    if (a.template_name == "b") {
      CHECK_MESSAGE(after.at(a.url) == before.at(a.url), a.url);
      CHECK(now.history.empty());
      continue;
    }
    // Changed: the lead box is gone from the body, the old body is in the
    // history, and search follows.
    CHECK_MESSAGE(after.at(a.url) != before.at(a.url), a.url);
    CHECK(now.article.body.find(a.lead) == std::string::npos);
    REQUIRE(now.history.size() == 1);
    CHECK(now.history[0].key == before.at(a.url));
    const ArticleRecord old = store->GetArticle(before.at(a.url)).value();
    CHECK(old.article.body.find(a.lead) != std::string::npos);
    CHECK(old.replaced_by == after.at(a.url));
    // The first words of the last paragraph, as a phrase.
    std::size_t cut = 0;
    for (int words = 0; words < 6 && cut != std::string::npos; ++words) {
      cut = last.find(' ', cut + 1);
    }
    const std::string phrase =
        std::string("\"").append(last.substr(0, cut)).append("\"");
    const auto hits = SearchKeys(*store, phrase);
    INFO(phrase);
    CHECK(hits.count(after.at(a.url).ToHex()) == 1);
    CHECK(hits.count(before.at(a.url).ToHex()) == 0);
  }
  // Every URL's latest page was extracted with the new rules (recorded in
  // the URL state; the page record itself only when its article changed);
  // no page was added.
  const auto extractors = ExtractorSet::Create(crawled.ConfigWith(kNewRules));
  REQUIRE(extractors.ok());
  const std::string fingerprint = extractors->For("mau").RulesFingerprint();
  std::uint64_t pages = 0;
  std::vector<std::pair<std::uint64_t, std::string>> article_pages;
  REQUIRE(store
              ->ForEachPage(false,
                            [&](std::uint64_t id, const PageRecord& p) {
                              ++pages;
                              if (p.url.ends_with(".html")) {
                                article_pages.emplace_back(id, p.url);
                              }
                              return Status::Ok();
                            })
              .ok());
  CHECK(store->Stats()->total.pages == pages);
  REQUIRE_FALSE(article_pages.empty());
  for (const auto& [id, url] : article_pages) {
    const UrlState state = store->GetUrlState(url).value();
    if (state.page_id != id) continue;  // an older page of the URL
    CHECK_MESSAGE(state.rules_fingerprint == fingerprint,
                  url << " " << state.rules_fingerprint << " " << fingerprint);
  }

  // A second run finds nothing to do; --all re-extracts but changes nothing.
  CHECK(Reextract(crawled.ConfigWith(kNewRules), store.get()).Totals().processed == 0);
  ReextractorOptions all_pages;
  all_pages.all = true;
  const SiteReextractReport all =
      Reextract(crawled.ConfigWith(kNewRules), store.get(), all_pages).Totals();
  CHECK(all.processed == 30);
  CHECK(all.unchanged == 30);
  CHECK(KeysByUrl(*store, crawled.site()) == after);
}

// The search index's counts (documents, tombstones).
SearchIndexStats IndexStats(Store& store) {
  SearchIndexStats stats;
  const Status status = store.ReadTransaction([&](MDB_txn* txn) -> Status {
    NEWSCRAWL_ASSIGN_OR_RETURN(auto index, SearchIndex::Open(txn, false));
    NEWSCRAWL_ASSIGN_OR_RETURN(stats, index->Stats(txn));
    return Status::Ok();
  });
  REQUIRE_MESSAGE(status.ok(), status.ToString());
  return stats;
}

// The search index holds exactly the current articles (none is a near
// duplicate here): a changed article of `site` is found under its new key
// only.
void CheckSearchFollows(Store& store, const FixtureSite& site) {
  const StoreStats stats = store.Stats().value();
  CHECK(IndexStats(store).documents ==
        stats.total.articles - stats.total.duplicates);
  for (const FixtureArticle& a : site.articles()) {
    if (a.template_name != "a" || a.id % 50 != 0) continue;
    const ArticleRecord now = store.GetArticleByUrl(a.url).value();
    REQUIRE(now.history.size() == 1);
    const std::string last = a.body.substr(a.body.rfind("\n\n") + 2);
    std::size_t cut = 0;
    for (int words = 0; words < 6 && cut != std::string::npos; ++words) {
      cut = last.find(' ', cut + 1);
    }
    const std::string phrase =
        std::string("\"").append(last.substr(0, cut)).append("\"");
    INFO(phrase);
    const auto hits = SearchKeys(store, phrase);
    CHECK(hits.count(now.key.ToHex()) == 1);
    CHECK(hits.count(now.history[0].key.ToHex()) == 0);
    for (const std::string& hex : hits) {  // current articles only
      CHECK(store.GetArticle(ArticleKey::FromHex(hex).value())
                ->replaced_by.empty());
    }
  }
}

TEST_CASE("a reextract replacing many articles leaves one search-index purge to the next write") {
  // Enough changed articles for purges (search_index_format.h: 256
  // tombstones and a quarter of the documents), stored without a crawl.
  FixtureSiteOptions o;
  o.base_url = "http://127.0.0.1:9";
  o.articles = 640;
  const FixtureSite site(o);
  TempDir tmp;
  auto store = OpenStore(tmp.File("store"));
  testing::StoreFixtureSite(*store, site, "mau");
  const Config config = ParseToml(SiteToml(o.base_url, kNewRules));
  int template_a = 0;
  for (const FixtureArticle& a : site.articles()) {
    if (a.template_name == "a") ++template_a;
  }
  REQUIRE(template_a >= 300);

  ReextractorOptions options;
  options.batch_pages = 64;
  std::vector<std::uint64_t> tombstones;  // after each batch
  options.on_batch = [&](const ReextractReport&) {
    tombstones.push_back(IndexStats(*store).tombstones);
  };
  const SiteReextractReport r = Reextract(config, store.get(), options).Totals();
  CHECK(r.processed == 640);
  CHECK(r.changed == template_a);
  // During the run the tombstones only grew (no purge), to one per
  // replaced article.
  REQUIRE(tombstones.size() == 10);
  CHECK(std::is_sorted(tombstones.begin(), tombstones.end()));
  CHECK(tombstones.back() == static_cast<std::uint64_t>(template_a));
  CHECK(IndexStats(*store).tombstones == tombstones.back());
  // Queries skip them; the store's next write of an article (a crawl's)
  // purges them.
  CheckSearchFollows(*store, site);
  WriteBatch next;
  next.AddPage(testing::MakePageWrite(o.base_url + "/moi.html", "mau",
                                      testing::MakeBody(1), 1765000000));
  REQUIRE(store->Write(next).ok());
  CHECK(IndexStats(*store).tombstones == 0);
  CheckSearchFollows(*store, site);
}

TEST_CASE("SIGINT stops after the batch in flight, a rerun finishes the job") {
  CrawledSite crawled(24);
  auto store = OpenStore(crawled.dir());
  ResetInterrupt();
  ReextractorOptions options;
  options.jobs = 1;
  options.batch_pages = 2;
  options.on_batch = [](const ReextractReport&) { RequestInterrupt(); };
  const ReextractReport first = Reextract(crawled.ConfigWith(kNewRules), store.get(), options);
  ResetInterrupt();
  CHECK(first.interrupted);
  const std::int64_t done = first.Totals().processed;
  CHECK(done >= 2);
  CHECK(done <= 4);  // the batch being written, not all that was extracted
  const ReextractReport rest = Reextract(crawled.ConfigWith(kNewRules), store.get());
  CHECK_FALSE(rest.interrupted);
  CHECK(rest.Totals().processed == 24 - done);
  CHECK(Reextract(crawled.ConfigWith(kNewRules), store.get()).Totals().processed == 0);
}

TEST_CASE("a reextract killed at any point, then rerun, gives the uninterrupted store") {
  CrawledSite crawled(40);
  const std::string whole = crawled.CopyStore("whole");
  const std::string killed = crawled.CopyStore("killed");
  const Config& config = crawled.ConfigWith(kNewRules);
  {
    auto store = OpenStore(whole);
    CHECK(Reextract(config, store.get()).Totals().changed > 0);
  }

  int pipe_fds[2];
  REQUIRE(pipe(pipe_fds) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // Child: re-extract one page per transaction, reporting each commit,
    // slowly enough to be killed in the middle.
    close(pipe_fds[0]);
    auto store = Store::Open(killed, StoreOptions{.sync = false});
    if (!store.ok()) _exit(3);
    ReextractorOptions options;
    options.jobs = 2;
    options.batch_pages = 1;
    options.on_batch = [&](const ReextractReport&) {
      const char c = 'b';
      if (write(pipe_fds[1], &c, 1) != 1) _exit(4);
      usleep(20000);
    };
    Reextractor reextractor(config, store->get(), options);
    _exit(reextractor.Run().ok() ? 0 : 5);
  }
  close(pipe_fds[1]);
  char c = 0;
  for (int i = 0; i < 5; ++i) REQUIRE(read(pipe_fds[0], &c, 1) == 1);
  kill(child, SIGKILL);
  int wstatus = 0;
  waitpid(child, &wstatus, 0);
  close(pipe_fds[0]);
  CHECK(WIFSIGNALED(wstatus));

  auto store = OpenStore(killed);
  const SiteReextractReport rest = Reextract(config, store.get()).Totals();
  CHECK(rest.processed > 0);
  CHECK(rest.processed < 40);  // what the killed run committed stays done
  store.reset();
  CHECK(DumpStore(killed) == DumpStore(whole));
}

TEST_CASE("reextract --dry-run --diff shows the change and writes nothing") {
  CrawledSite crawled(12);
  const std::string config_file = crawled.ConfigFile(kNewRules);
  const std::string before = DumpStore(crawled.dir());
  const auto data = [&] {
    std::ifstream in(crawled.dir() + "/data.mdb", std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const std::string bytes_before = data();

  const auto run = testing::RunNewscrawl({"--store", crawled.dir(), "--config",
                                          config_file, "reextract", "--dry-run",
                                          "--diff", "2", "--jobs", "2"});
  INFO(run.err);
  CHECK(run.exit_code == 0);
  CHECK(run.out.find("dry run") != std::string::npos);
  // Two diffs, each removing the lead of a template "a" article.
  std::size_t diffs = 0;
  for (std::size_t at = run.out.find("\n--- a/"); at != std::string::npos;
       at = run.out.find("\n--- a/", at + 1)) {
    ++diffs;
  }
  if (run.out.rfind("--- a/", 0) == 0) ++diffs;
  CHECK(diffs == 2);
  CHECK(run.out.find("\n+++ b/") != std::string::npos);
  CHECK(run.out.find("\n@@ -1,") != std::string::npos);
  bool lead_removed = false;
  for (const FixtureArticle& a : crawled.site().articles()) {
    if (run.out.find(std::string("\n-").append(a.lead)) != std::string::npos) lead_removed = true;
  }
  CHECK(lead_removed);
  CHECK(run.out.find("\n ") != std::string::npos);  // context lines
  CHECK(DumpStore(crawled.dir()) == before);
  CHECK(data() == bytes_before);
  CHECK_FALSE(std::filesystem::exists(crawled.dir() + "/site-health.json"));

  // The real run reports the same counts and a second run nothing.
  const auto applied = testing::RunNewscrawl(
      {"--store", crawled.dir(), "--config", config_file, "reextract"});
  CHECK(applied.exit_code == 0);
  CHECK(DumpStore(crawled.dir()) != before);
  const auto again = testing::RunNewscrawl(
      {"--store", crawled.dir(), "--config", config_file, "reextract"});
  CHECK(again.exit_code == 0);
  CHECK(again.out.find("reextract: 0 pages") == 0);
}

TEST_CASE("a rule that empties the bodies keeps the articles and trips site health") {
  CrawledSite crawled(12);
  const std::string good = crawled.ConfigFile(kNewRules);
  const std::string broken = crawled.ConfigFile(kBrokenRules);
  auto first = testing::RunNewscrawl(
      {"--store", crawled.dir(), "--config", good, "reextract", "--strict"});
  CHECK(first.exit_code == 0);
  CHECK(std::filesystem::exists(crawled.dir() + "/site-health.json"));
  CHECK(first.out.find("warning") == std::string::npos);

  const std::string before = [&] {
    auto store = OpenStore(crawled.dir(), true);
    return store->GetArticleByUrl(crawled.site().articles()[0].url)->article.body;
  }();
  auto second = testing::RunNewscrawl(
      {"--store", crawled.dir(), "--config", broken, "reextract", "--strict"});
  INFO(second.out);
  CHECK(second.exit_code == 1);
  CHECK(second.out.find("warning: mau: 100% of 12 article pages have an empty or "
                        "very short body (was 0%)") != std::string::npos);
  // Nothing was lost: the article stays as it was.
  auto store = OpenStore(crawled.dir(), true);
  CHECK(store->GetArticleByUrl(crawled.site().articles()[0].url)->article.body ==
        before);
}

}  // namespace
}  // namespace newscrawl
