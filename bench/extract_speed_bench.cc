// Extraction speed against the parse floor, single thread.
//   extract_speed_bench [PAGES_DIR] [PASSES]
// PAGES_DIR (default ../shared/bench/aeb-dev) holds saved pages (*.html).
// Each pass times, over every page: a plain Gumbo parse (the floor),
// HtmlDocument::Parse (charset decoding + parse), then Extractor::Extract
// (decode + parse + content + metadata).  Prints pages/s
// of both, their ratio (target >= 0.8) and the peak RSS of the process.
#include <gumbo.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "extractor/extractor.h"
#include "bench/parse_floor.h"
#include "extractor/html_document.h"

namespace {

double Seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

}  // namespace

int main(int argc, char** argv) {
  const std::string dir = argc > 1 ? argv[1] : "../shared/bench/aeb-dev";
  const int passes = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
  std::vector<std::string> pages;
  std::size_t bytes = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".html") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    pages.emplace_back(std::istreambuf_iterator<char>(in),
                       std::istreambuf_iterator<char>());
    bytes += pages.back().size();
  }
  if (pages.empty()) {
    std::fprintf(stderr, "no *.html pages in %s\n", dir.c_str());
    return 2;
  }
  auto extractor = newscrawl::Extractor::Create(newscrawl::ExtractConfig(), nullptr);
  if (!extractor.ok()) return 1;
  double parse_best = 1e100;
  double extract_best = 1e100;
  double document_best = 1e100;
  std::size_t body_bytes = 0;
  for (int pass = 0; pass < passes; ++pass) {
    parse_best = std::min(parse_best, newscrawl::bench::GumboParseSeconds(pages));
    auto start = std::chrono::steady_clock::now();
    for (const std::string& page : pages) {
      auto doc = newscrawl::HtmlDocument::Parse(page);
      if (!doc.ok()) std::fprintf(stderr, "parse failed\n");
    }
    document_best = std::min(document_best, Seconds(std::chrono::steady_clock::now() - start));
    start = std::chrono::steady_clock::now();
    body_bytes = 0;
    for (const std::string& page : pages) {
      auto article = extractor->Extract(page, newscrawl::ExtractRequest());
      if (article.ok()) body_bytes += article->body.size();
    }
    extract_best = std::min(extract_best, Seconds(std::chrono::steady_clock::now() - start));
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const double n = static_cast<double>(pages.size());
  std::printf("pages %zu (%.1f MB), best of %d passes, single thread\n",
              pages.size(), static_cast<double>(bytes) / 1e6, passes);
  std::printf("gumbo parse only   %8.1f pages/s\n", n / parse_best);
  std::printf("HtmlDocument::Parse %8.1f pages/s (decode + parse)\n",
              n / document_best);
  std::printf("Extractor::Extract %8.1f pages/s (%zu body bytes)\n",
              n / extract_best, body_bytes);
  std::printf("ratio extract/parse %.2f (target >= 0.80)\n",
              parse_best / extract_best);
  std::printf("peak RSS %.1f MB\n", static_cast<double>(usage.ru_maxrss) / 1024.0);
  return 0;
}
