#include "store/rules_command.h"

#include <doctest/doctest.h>

#include "extractor/extractor.h"
#include "store/store.h"
#include "tests/store/store_test_util.h"
#include "tests/support/fixture_site.h"
#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

namespace newscrawl {
namespace {

using testing::FixtureArticle;
using testing::FixtureSite;
using testing::FixtureSiteOptions;

TEST_CASE("rules learned from stored pages parse as config and keep articles clean") {
  testing::TempDir dir;
  FixtureSiteOptions o;
  o.articles = 48;
  FixtureSite site(o);
  {
    auto store = Store::Open(dir.File("store"), StoreOptions());
    REQUIRE(store.ok());
    testing::StoreFixtureSite(**store, site, "mau");
    auto profile = LearnSiteProfile(**store, "mau", 20);
    REQUIRE(profile.ok());
    CHECK(profile->templates.size() == 2);
    CHECK(profile->pages == 48);
    CHECK(LearnSiteProfile(**store, "other", 20)->empty());

    // The suggested rules, applied, give bodies without clutter.
    auto config = ParseConfig("[[site]]\nname = \"mau\"\nseeds = [\"" +
                                  o.base_url + "/\"]\n" + profile->SuggestRules(),
                              "suggested.toml");
    REQUIRE_MESSAGE(config.ok(), config.status().ToString());
    auto ruled = Extractor::Create(config->extract, &config->sites[0]);
    REQUIRE(ruled.ok());
    for (const FixtureArticle& a : site.articles()) {
      auto page = site.Page(a.path);
      auto result = ruled->ExtractDetailed(page->body, {a.url, page->content_type});
      REQUIRE(result.ok());
      CHECK_MESSAGE(result->rule_misses.empty(), a.path);
      CHECK(result->article.body.find(a.lead) != std::string::npos);
      for (const std::string& clutter : a.clutter) {
        CHECK_MESSAGE(result->article.body.find(clutter) == std::string::npos,
                      a.path << ": " << clutter);
      }
    }
  }
  // The command prints the same section.
  const std::string config_path =
      dir.Write("sites.toml", "[[site]]\nname = \"mau\"\nseeds = [\"" +
                                  o.base_url + "/\"]\n");
  auto r = testing::RunNewscrawl({"--store", dir.File("store"), "--config",
                                  config_path, "rules", "suggest", "--site",
                                  "mau"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("[site.rules]") != std::string::npos);
  CHECK(r.out.find("div.tin-khac") != std::string::npos);
  auto few = testing::RunNewscrawl({"--store", dir.File("store"), "--config",
                                    config_path, "rules", "suggest", "--site",
                                    "mau", "--min-pages", "100"});
  CHECK(few.exit_code == 1);
  CHECK(few.err.find("a template needs 100") != std::string::npos);
}

}  // namespace
}  // namespace newscrawl
