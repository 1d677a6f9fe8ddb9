// The most pages a second a crawler that parses every page can store on
// this machine: the parse alone, on every core, nothing else.
//   parse_ceiling_bench PAGES_DIR [MAX_PAGES] [THREADS] [PASSES]
// Reads up to MAX_PAGES (default 2000) *.html files found under PAGES_DIR
// (recursively); then each pass parses and frees every page once, the pages
// shared out over THREADS threads (default: every core), in two ways:
//   gumbo          a plain Gumbo parse of the whole page (what a crawler
//                  built on Gumbo, or on any full HTML5 parser, pays);
//   HtmlDocument   newscrawl's parse: charset decoding, the depth limit and
//                  the dropping of script and style text, then Gumbo.
// Prints the best pass's pages/s and MB/s of each.  bench/crawl_e2e.sh runs
// it on the site it crawled and prints the HtmlDocument rate against the
// crawlers': newscrawl also fetches, extracts and stores, so its rate stays
// below that one.
#include <gumbo.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "extractor/html_document.h"

namespace {

std::vector<std::string> ReadPages(const std::string& dir, std::size_t max) {
  std::vector<std::filesystem::path> paths;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".html") {
      paths.push_back(it->path());
    }
  }
  std::sort(paths.begin(), paths.end());  // the same pages every run
  if (paths.size() > max) paths.resize(max);
  std::vector<std::string> pages;
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    pages.emplace_back(std::istreambuf_iterator<char>(in),
                       std::istreambuf_iterator<char>());
  }
  return pages;
}

// Seconds to parse every page once on `threads` threads, each taking the
// next unparsed page; `full` picks a plain Gumbo parse over HtmlDocument's.
double ParseAll(const std::vector<std::string>& pages, unsigned threads,
                bool full) {
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> failed{0};
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (std::size_t i = next++; i < pages.size(); i = next++) {
        if (full) {
          GumboOutput* out = gumbo_parse_with_options(
              &kGumboDefaultOptions, pages[i].data(), pages[i].size());
          gumbo_destroy_output(&kGumboDefaultOptions, out);
        } else if (!newscrawl::HtmlDocument::Parse(pages[i]).ok()) {
          ++failed;
        }
      }
    });
  }
  for (std::thread& t : pool) t.join();
  if (failed > 0) std::fprintf(stderr, "%zu pages failed\n", failed.load());
  return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                       start)
      .count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: parse_ceiling_bench PAGES_DIR [MAX_PAGES] [THREADS] "
                 "[PASSES]\n");
    return 2;
  }
  const long max_pages = argc > 2 ? std::atol(argv[2]) : 2000;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const long threads = argc > 3 ? std::atol(argv[3]) : 0;
  const int passes = argc > 4 ? std::max(1, std::atoi(argv[4])) : 3;
  const std::vector<std::string> pages =
      ReadPages(argv[1], static_cast<std::size_t>(std::max(1L, max_pages)));
  if (pages.empty()) {
    std::fprintf(stderr, "no *.html pages under %s\n", argv[1]);
    return 1;
  }
  const unsigned n = threads > 0 ? static_cast<unsigned>(threads) : cores;
  std::size_t bytes = 0;
  for (const std::string& page : pages) bytes += page.size();
  const double count = static_cast<double>(pages.size());
  for (const bool full : {true, false}) {
    double best = 0;
    for (int pass = 0; pass < passes; ++pass) {
      const double seconds = ParseAll(pages, n, full);
      if (pass == 0 || seconds < best) best = seconds;
    }
    std::printf(
        "%s parse alone: %zu pages (%.0f KB average), %u threads: "
        "%.1f pages/s, %.1f MB/s (best of %d passes)\n",
        full ? "gumbo" : "HtmlDocument", pages.size(),
        static_cast<double>(bytes) / count / 1024.0, n, count / best,
        static_cast<double>(bytes) / best / 1e6, passes);
  }
  return 0;
}
