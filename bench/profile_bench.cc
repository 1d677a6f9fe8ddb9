// Site profile learning speed, one core.
//   profile_bench [PAGES] [PASSES]
// Generates PAGES (default 5000) article pages of the fixture union-news
// site (two templates, clutter boxes, unlabeled inline boxes on every 4th
// "a" page) and times, per pass: a plain Gumbo parse of every page (the
// floor), then learning one SiteProfile from all of them the way
// RefreshSiteProfiles does (HtmlDocument::Parse, PageBlocks::Compute,
// ProfileLearner::AddPage with the page's stored body, then Finish).
// Prints the best pass of each, pages/s, and the ratio learn/parse time.
// Target: 5000 pages learned in under 60 s.  Then times extraction of the
// first 1000 pages without and with the learned profile (its cost).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench/parse_floor.h"
#include "extractor/extractor.h"
#include "extractor/html_document.h"
#include "extractor/page_blocks.h"
#include "extractor/profile_learner.h"
#include "tests/support/fixture_site.h"

namespace {

double Seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

}  // namespace

int main(int argc, char** argv) {
  const int count = argc > 1 ? std::max(20, std::atoi(argv[1])) : 5000;
  const int passes = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
  newscrawl::testing::FixtureSiteOptions options;
  options.articles = count;
  options.unlabeled_box_every = 4;
  const newscrawl::testing::FixtureSite site(options);
  std::vector<std::string> pages;
  std::vector<const std::string*> bodies;
  std::size_t bytes = 0;
  for (const auto& a : site.articles()) {
    pages.push_back(site.Page(a.path)->body);
    bodies.push_back(&a.body);
    bytes += pages.back().size();
  }
  double parse_best = 1e100;
  double learn_best = 1e100;
  std::size_t templates = 0;
  std::size_t drops = 0;
  newscrawl::SiteProfile profile;
  for (int pass = 0; pass < passes; ++pass) {
    parse_best = std::min(parse_best, newscrawl::bench::GumboParseSeconds(pages));
    const auto start = std::chrono::steady_clock::now();
    newscrawl::ProfileLearner learner;
    for (std::size_t i = 0; i < pages.size(); ++i) {
      auto doc = newscrawl::HtmlDocument::Parse(pages[i],
                                                "text/html; charset=utf-8");
      if (!doc.ok()) return 1;
      learner.AddPage(newscrawl::PageBlocks::Compute(doc->root()), *bodies[i]);
    }
    profile = learner.Finish("mau");
    learn_best = std::min(learn_best,
                          Seconds(std::chrono::steady_clock::now() - start));
    templates = profile.templates.size();
    drops = 0;
    for (const auto& t : profile.templates) drops += t.drop.size();
  }
  const double n = static_cast<double>(pages.size());
  std::printf("pages: %zu (%.1f MiB), best of %d passes, one thread\n",
              pages.size(), static_cast<double>(bytes) / (1 << 20), passes);
  std::printf("gumbo parse only:  %7.2f s  %8.0f pages/s\n", parse_best,
              n / parse_best);
  std::printf("learn profile:     %7.2f s  %8.0f pages/s  (%zu templates, "
              "%zu drop blocks)\n",
              learn_best, n / learn_best, templates, drops);
  std::printf("learn/parse time ratio: %.2f (target: 5000 pages < 60 s)\n",
              learn_best / parse_best);

  // What using the profile costs extraction (the first 1000 pages).
  const std::size_t sample = std::min<std::size_t>(pages.size(), 1000);
  auto generic = newscrawl::Extractor::Create(newscrawl::ExtractConfig(), nullptr);
  auto profiled =
      newscrawl::Extractor::Create(newscrawl::ExtractConfig(), nullptr, &profile);
  if (!generic.ok() || !profiled.ok()) return 1;
  auto extract_seconds = [&](const newscrawl::Extractor& e) {
    double best = 1e100;
    for (int pass = 0; pass < passes; ++pass) {
      const auto start = std::chrono::steady_clock::now();
      for (std::size_t i = 0; i < sample; ++i) {
        if (!e.Extract(pages[i], newscrawl::ExtractRequest()).ok()) return -1.0;
      }
      best = std::min(best, Seconds(std::chrono::steady_clock::now() - start));
    }
    return best;
  };
  const double plain_s = extract_seconds(*generic);
  const double profiled_s = extract_seconds(*profiled);
  const double m = static_cast<double>(sample);
  std::printf("extract, generic:  %7.2f s  %8.0f pages/s  (%zu pages)\n",
              plain_s, m / plain_s, sample);
  std::printf("extract, profile:  %7.2f s  %8.0f pages/s  (ratio %.2f)\n",
              profiled_s, m / profiled_s, plain_s / profiled_s);
  return 0;
}
