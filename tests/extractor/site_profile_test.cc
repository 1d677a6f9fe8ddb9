// A learned SiteProfile used in extraction (through Extractor and
// ExtractorSet): on the fixture site whose unlabeled inline boxes generic
// extraction keeps, the profile gives clean bodies; its suggested rules give
// the same; the rules fingerprint follows its decisions.
#include "extractor/site_profile.h"

#include <doctest/doctest.h>

#include <map>
#include <sstream>
#include <string>

#include "config/config.h"
#include "extractor/extractor.h"
#include "extractor/extractor_set.h"
#include "extractor/html_document.h"
#include "extractor/page_blocks.h"
#include "extractor/profile_learner.h"
#include "tests/support/fixture_site.h"

namespace newscrawl {
namespace {

using testing::FixtureArticle;
using testing::FixtureSite;
using testing::FixtureSiteOptions;

// F1 of the word multisets of `got` against `want`.
double WordF1(const std::string& got, const std::string& want) {
  auto words = [](const std::string& text) {
    std::map<std::string, int> counts;
    std::istringstream in(text);
    std::string w;
    while (in >> w) ++counts[w];
    return counts;
  };
  const auto g = words(got);
  const auto w = words(want);
  int common = 0, ng = 0, nw = 0;
  for (const auto& [word, n] : g) {
    ng += n;
    auto it = w.find(word);
    if (it != w.end()) common += std::min(n, it->second);
  }
  for (const auto& [word, n] : w) nw += n;
  if (common == 0) return 0;
  const double p = static_cast<double>(common) / ng;
  const double r = static_cast<double>(common) / nw;
  return 2 * p * r / (p + r);
}

std::string Leak(const FixtureArticle& a, const std::string& body) {
  for (const std::string& clutter : a.clutter) {
    if (body.find(clutter) != std::string::npos) return clutter;
  }
  return "";
}

FixtureSite LeakySite(int articles) {
  FixtureSiteOptions options;
  options.articles = articles;
  options.unlabeled_box_every = 4;
  return FixtureSite(options);
}

Extractor Make(const SiteConfig* site, const SiteProfile* profile,
               int min_pages = 20) {
  ExtractConfig config;
  config.profile_min_pages = min_pages;
  auto e = Extractor::Create(config, site, profile);
  REQUIRE_MESSAGE(e.ok(), e.status().ToString());
  return std::move(e).value();
}

ExtractResult Run(const Extractor& e, const FixtureSite& site,
                  const FixtureArticle& a, bool explain = false) {
  auto page = site.Page(a.path);
  REQUIRE(page.has_value());
  ExtractRequest request{a.url, page->content_type, explain};
  auto result = e.ExtractDetailed(page->body, request);
  REQUIRE(result.ok());
  return std::move(result).value();
}

// The profile learned from what the generic extractor keeps of each page,
// as RefreshSiteProfiles learns it from a store.
SiteProfile LearnFromGeneric(const FixtureSite& site) {
  const Extractor generic = Make(nullptr, nullptr);
  ProfileLearner learner;
  for (const FixtureArticle& a : site.articles()) {
    auto page = site.Page(a.path);
    auto doc = HtmlDocument::Parse(page->body, page->content_type);
    REQUIRE(doc.ok());
    learner.AddPage(PageBlocks::Compute(doc->root()),
                    Run(generic, site, a).article.body);
  }
  return learner.Finish("mau");
}

TEST_CASE("a profile fixes the pages where generic extraction leaks") {
  const FixtureSite site = LeakySite(48);
  const Extractor generic = Make(nullptr, nullptr);
  int generic_leaks = 0;
  for (const FixtureArticle& a : site.articles()) {
    const std::string leak = Leak(a, Run(generic, site, a).article.body);
    if (!leak.empty()) ++generic_leaks;
    CHECK_MESSAGE(leak.empty() != a.unlabeled_box, a.path << ": " << leak);
  }
  CHECK(generic_leaks == 6);  // every 4th of the 24 "a" pages

  const SiteProfile profile = LearnFromGeneric(site);
  REQUIRE(profile.templates.size() == 2);
  const Extractor profiled = Make(nullptr, &profile);
  CHECK(profiled.has_profile());
  double min_f1 = 1;
  for (const FixtureArticle& a : site.articles()) {
    const ExtractResult r = Run(profiled, site, a);
    CHECK_MESSAGE(Leak(a, r.article.body).empty(),
                  a.path << " leaks " << Leak(a, r.article.body));
    min_f1 = std::min(min_f1, WordF1(r.article.body, a.body));
    // Metadata is read from the whole page, before blocks are dropped.
    CHECK(r.article.title == a.title);
    CHECK(r.article.author == a.author);
    CHECK(r.article.published.substr(0, 16) == a.published.substr(0, 16));
  }
  CHECK(min_f1 >= 0.99);

  // --explain names the profile as the reason.
  const FixtureArticle* leaky = nullptr;
  for (const FixtureArticle& a : site.articles()) {
    if (a.unlabeled_box) leaky = &a;
  }
  REQUIRE(leaky != nullptr);
  const ExtractResult explained = Run(profiled, site, *leaky, true);
  bool box = false, container = false;
  for (const std::string& line : explained.explain) {
    if (line.rfind("div.khung-bai: profile: template block on 24/24 pages", 0) == 0) {
      box = true;
    }
    if (line.find("(profile)") != std::string::npos) container = true;
  }
  std::string all;
  for (const std::string& line : explained.explain) all += line + "\n";
  INFO(all);
  CHECK(box);
  CHECK(container);
}

TEST_CASE("the suggested rules, applied as config, reproduce the profile's bodies") {
  const FixtureSite site = LeakySite(48);
  const SiteProfile profile = LearnFromGeneric(site);
  auto config = ParseConfig(
      "[[site]]\nname = \"mau\"\nseeds = [\"http://127.0.0.1/\"]\n" +
          profile.SuggestRules(),
      "suggested.toml");
  REQUIRE_MESSAGE(config.ok(), config.status().ToString());
  CHECK(config->sites[0].rules.drop.size() >= 7);
  const Extractor ruled = Make(&config->sites[0], nullptr);
  const Extractor profiled = Make(nullptr, &profile);
  for (const FixtureArticle& a : site.articles()) {
    const ExtractResult by_rules = Run(ruled, site, a);
    CHECK_MESSAGE(by_rules.rule_misses.empty(), a.path);
    CHECK_MESSAGE(by_rules.article.body == Run(profiled, site, a).article.body,
                  a.path);
  }
}

TEST_CASE("too few pages: the generic extractor alone") {
  const FixtureSite site = LeakySite(48);
  const SiteProfile profile = LearnFromGeneric(site);
  const Extractor generic = Make(nullptr, nullptr);
  // Learned from 48 pages; this config wants 100.
  const Extractor unused = Make(nullptr, &profile, 100);
  CHECK_FALSE(unused.has_profile());
  CHECK(unused.RulesFingerprint() == generic.RulesFingerprint());
  for (const FixtureArticle& a : site.articles()) {
    CHECK(Run(unused, site, a).article.body == Run(generic, site, a).article.body);
  }
  // A profile learned from 30 pages (two templates of 15) has no template.
  const SiteProfile small = LearnFromGeneric(LeakySite(30));
  CHECK(small.empty());
  CHECK_FALSE(Make(nullptr, &small).has_profile());
}

TEST_CASE("the rules fingerprint follows the profile's decisions, not its counts") {
  const SiteProfile profile = LearnFromGeneric(LeakySite(48));
  const std::string with = Make(nullptr, &profile).RulesFingerprint();
  CHECK(with != Make(nullptr, nullptr).RulesFingerprint());

  SiteProfile recounted = profile;
  recounted.pages += 7;
  recounted.learned_at = 1234;
  for (ProfileTemplate& t : recounted.templates) {
    t.pages += 3;
    t.container_pages += 1;
    for (ProfileBlock& b : t.drop) {
      b.pages += 1;
      b.reason = "recounted";
    }
  }
  CHECK(Make(nullptr, &recounted).RulesFingerprint() == with);

  SiteProfile fewer_drops = profile;
  fewer_drops.templates[0].drop.pop_back();
  CHECK(Make(nullptr, &fewer_drops).RulesFingerprint() != with);
  SiteProfile other_container = profile;
  other_container.templates[1].container += ">div.x";
  CHECK(Make(nullptr, &other_container).RulesFingerprint() != with);
  SiteProfile older = profile;
  older.version = 0;
  CHECK(Make(nullptr, &older).RulesFingerprint() != with);
}

TEST_CASE("ExtractorSet gives a configured site its profile, from the config or explicitly") {
  const FixtureSite site = LeakySite(48);
  auto config = ParseConfig(
      "[[site]]\nname = \"mau\"\nseeds = [\"http://127.0.0.1/\"]\n"
      "[[site]]\nname = \"khac\"\nseeds = [\"http://127.0.0.2/\"]\n",
      "t.toml");
  REQUIRE(config.ok());
  SiteProfiles profiles;
  profiles.emplace("mau", LearnFromGeneric(site));

  auto plain = ExtractorSet::Create(*config);
  REQUIRE(plain.ok());
  CHECK_FALSE(plain->For("mau").has_profile());

  auto given = ExtractorSet::Create(*config, &profiles);
  REQUIRE(given.ok());
  CHECK(given->For("mau").has_profile());
  CHECK_FALSE(given->For("khac").has_profile());
  CHECK_FALSE(given->For("").has_profile());

  Config attached = *config;
  attached.extract.profiles = std::make_shared<const SiteProfiles>(profiles);
  auto from_config = ExtractorSet::Create(attached);
  REQUIRE(from_config.ok());
  CHECK(from_config->For("mau").RulesFingerprint() ==
        given->For("mau").RulesFingerprint());
  for (const FixtureArticle& a : site.articles()) {
    CHECK(Leak(a, Run(from_config->For("mau"), site, a).article.body).empty());
  }
}

}  // namespace
}  // namespace newscrawl
