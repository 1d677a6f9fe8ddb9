// crawl_pipeline_bench: one crawl of the generated fixture site (tests/
// support/fixture_site.h) served on loopback, through the whole pipeline
// (fetch, extract, discover, store), twice in the same run:
//   - "prepare on workers": Store::PreparePage (normalising, hashing,
//     SimHash, zstd) runs on the worker threads, as the crawler does;
//   - "prepare on writer": the single LMDB writer does that work itself.
// It prints pages/s, CPU seconds and the writer thread's CPU time inside
// Store::Write per page, and the ratio of the writer times.
//
//   crawl_pipeline_bench [--articles 2000] [--concurrency 64] [--workers 0]
//
// The server (HttpTestServer serving a FixtureSite) runs in a forked child
// process (ChildHttpServer), so the CPU figures are the crawler's own.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "config/config.h"
#include "crawler/crawler.h"
#include "store/store.h"
#include "tests/support/child_http_server.h"
#include "tests/support/fixture_site.h"
#include "tests/support/temp_dir.h"

namespace {

using Clock = std::chrono::steady_clock;
using newscrawl::testing::TestResponse;

double CpuSeconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

struct Figures {
  double seconds = 0;
  double cpu_seconds = 0;
  double write_seconds = 0;
  long writes = 0;
  long pages = 0;
  long articles = 0;
  long errors = 0;
};

Figures Crawl(const newscrawl::Config& config, bool prepare_on_workers,
              int workers) {
  newscrawl::testing::TempDir dir;
  newscrawl::StoreOptions store_options;
  store_options.sync = false;
  auto store = newscrawl::Store::Open(dir.File("store"), store_options);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    std::exit(1);
  }
  newscrawl::CrawlRunOptions options;
  options.workers = workers;
  options.prepare_on_workers = prepare_on_workers;
  newscrawl::Crawler crawler(config, store->get(), options);
  const double cpu0 = CpuSeconds();
  const auto t0 = Clock::now();
  auto summary = crawler.Run();
  Figures f;
  f.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  f.cpu_seconds = CpuSeconds() - cpu0;
  if (!summary.ok()) {
    std::fprintf(stderr, "%s\n", summary.status().ToString().c_str());
    std::exit(1);
  }
  const newscrawl::SiteFunnel totals = summary->Totals();
  f.write_seconds = summary->store_write_seconds();
  f.writes = static_cast<long>(summary->store_writes());
  f.pages = static_cast<long>(totals.fetched + totals.not_modified);
  f.articles = static_cast<long>(totals.new_articles);
  f.errors = static_cast<long>(totals.ErrorCount());
  return f;
}

void Print(const char* name, const Figures& f) {
  std::printf(
      "%-20s %6ld pages %6ld articles %6.2f s %7.0f pages/s %6.2f cpu-s "
      "writer CPU in Store::Write %6.3f s = %6.3f ms/page (%ld transactions)%s\n",
      name, f.pages, f.articles, f.seconds,
      static_cast<double>(f.pages) / f.seconds, f.cpu_seconds,
      f.write_seconds, 1000.0 * f.write_seconds / static_cast<double>(f.pages),
      f.writes,
      f.errors ? "  (ERRORS)" : "");
}

}  // namespace

int main(int argc, char** argv) {
  int articles = 2000;
  int concurrency = 64;
  int workers = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 < argc && arg == "--articles") {
      articles = std::atoi(argv[++i]);
    } else if (i + 1 < argc && arg == "--concurrency") {
      concurrency = std::atoi(argv[++i]);
    } else if (i + 1 < argc && arg == "--workers") {
      workers = std::atoi(argv[++i]);
    } else {
      std::fprintf(stderr,
                   "usage: crawl_pipeline_bench [--articles N] "
                   "[--concurrency C] [--workers W]\n");
      return 2;
    }
  }
  if (articles <= 0 || concurrency <= 0 || workers < 0) return 2;

  // The server forks before this process starts any thread.
  const newscrawl::testing::ChildHttpServer server(
      [articles](newscrawl::testing::HttpTestServer& s) {
        newscrawl::testing::FixtureSiteOptions options;
        options.base_url = s.Url("");
        options.articles = articles;
        auto site = std::make_shared<const newscrawl::testing::FixtureSite>(
            options);
        s.Route("/*", [site](const newscrawl::testing::RecordedRequest& r) {
          auto page = site->Page(r.target);
          if (!page) return TestResponse::Status(404);
          TestResponse response =
              TestResponse::Text(page->body, page->content_type);
          response.headers.emplace_back("ETag", page->etag);
          response.headers.emplace_back("Last-Modified", page->last_modified);
          return response;
        });
      });
  if (!server.ok()) return 1;
  const std::string base = server.Url("");

  const std::string toml =
      "[crawl]\nuser_agent = \"newscrawl-bench/1 (+mailto:bench@example.org)\"\n"
      "per_host_delay = 0\nconcurrency = " + std::to_string(concurrency) +
      "\nper_host_connections = 16" +
      "\n\n[[site]]\nname = \"mau\"\nseeds = [\"" + base + "/\"]\n"
      "feeds = [\"" + base + "/rss.xml\"]\n"
      "sitemaps = [\"" + base + "/sitemap.xml\"]\n"
      "allowed_hosts = [\"127.0.0.1\"]\n"
      "article_patterns = ['\\.html$']\n"
      "listing_patterns = ['/chuyen-muc/', '/$']\n";
  auto config = newscrawl::ParseConfig(toml, "bench.toml");
  if (!config.ok()) {
    std::fprintf(stderr, "%s\n", config.status().ToString().c_str());
    return 1;
  }
  std::printf("crawl_pipeline_bench: fixture site of %d articles at %s, "
              "concurrency %d\n", articles, base.c_str(), concurrency);
  const Figures writer = Crawl(*config, false, workers);
  Print("prepare on writer", writer);
  const Figures ours = Crawl(*config, true, workers);
  Print("prepare on workers", ours);
  std::printf("writer time per page, writer/workers: %.2fx; pages/s "
              "workers/writer: %.2fx\n",
              (writer.write_seconds / static_cast<double>(writer.pages)) /
                  (ours.write_seconds / static_cast<double>(ours.pages)),
              (static_cast<double>(ours.pages) / ours.seconds) /
                  (static_cast<double>(writer.pages) / writer.seconds));
  return writer.errors == 0 && ours.errors == 0 ? 0 : 1;
}
