#include "store/profile_store.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "store/profile_refresh.h"
#include "store/store.h"
#include "tests/store/store_test_util.h"
#include "tests/support/fixture_site.h"
#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

namespace newscrawl {
namespace {

using testing::FixtureSite;
using testing::FixtureSiteOptions;
using testing::TempDir;

std::unique_ptr<Store> Open(const TempDir& dir, bool read_only = false) {
  StoreOptions options;
  options.read_only = read_only;
  options.sync = false;
  auto store = Store::Open(dir.File("store"), options);
  REQUIRE_MESSAGE(store.ok(), store.status().ToString());
  return std::move(store).value();
}

FixtureSite Site(int articles) {
  FixtureSiteOptions o;
  o.articles = articles;
  o.unlabeled_box_every = 4;
  return FixtureSite(o);
}

// A config with the sites "mau" and "it" (a refresh learns configured
// sites only).
Config ConfigWith(int min_pages, int sample_pages) {
  Config config;
  config.extract.profile_min_pages = min_pages;
  config.extract.profile_sample_pages = sample_pages;
  for (const char* name : {"mau", "it"}) {
    SiteConfig site;
    site.name = name;
    config.sites.push_back(site);
  }
  return config;
}

TEST_CASE("profiles are stored, listed, replaced and removed in LMDB") {
  TempDir dir;
  SiteProfile a;
  a.site = "mau";
  a.pages = 48;
  a.learned_at = 1764000000;
  a.templates.push_back({24, "html>body>article", 24, {{"html>body>div.x", 23, "r"}}, {"html>body"}});
  SiteProfile b = a;
  b.site = "khac";
  {
    auto store = Open(dir);
    ProfileStore profiles(store.get());
    auto none = profiles.List();
    REQUIRE(none.ok());
    CHECK(none->empty());
    CHECK(profiles.Get("mau").status().IsNotFound());
    REQUIRE(profiles.Put(a).ok());
    REQUIRE(profiles.Put(b).ok());
    a.pages = 50;
    REQUIRE(profiles.Put(a).ok());  // replaces
    CHECK(profiles.Put(SiteProfile()).IsInvalidArgument());
  }
  {
    auto store = Open(dir, true);  // reopened read-only
    ProfileStore profiles(store.get());
    auto got = profiles.Get("mau");
    REQUIRE(got.ok());
    CHECK(got->ToJson() == a.ToJson());
    auto all = profiles.List();
    REQUIRE(all.ok());
    REQUIRE(all->size() == 2);
    CHECK(all->at("khac").ToJson() == b.ToJson());
    CHECK(all->at("mau").pages == 50);
  }
  auto store = Open(dir);
  ProfileStore profiles(store.get());
  CHECK(profiles.Remove("khac").value());
  CHECK_FALSE(profiles.Remove("khac").value());
  CHECK(profiles.List()->size() == 1);

  Config config;
  REQUIRE(AttachSiteProfiles(*store, &config).ok());
  REQUIRE(config.extract.profiles != nullptr);
  CHECK(config.extract.profiles->count("mau") == 1);
}

TEST_CASE("a read-only store that never had a profile lists none") {
  TempDir dir;
  Open(dir);  // creates the store
  auto store = Open(dir, true);
  ProfileStore profiles(store.get());
  auto all = profiles.List();
  REQUIRE(all.ok());
  CHECK(all->empty());
  Config config;
  REQUIRE(AttachSiteProfiles(*store, &config).ok());
  CHECK(config.extract.profiles == nullptr);
}

TEST_CASE("refresh learns two-template profiles from stored pages, bounded by the sample") {
  TempDir dir;
  const FixtureSite site = Site(48);
  const FixtureSite few = Site(12);
  {
    auto store = Open(dir);
    testing::StoreFixtureSite(*store, site, "mau");
    testing::StoreFixtureSite(*store, few, "it");  // too few pages
    std::vector<std::string> report;
    REQUIRE(RefreshSiteProfiles(store.get(), ConfigWith(20, 500), &report).ok());
    REQUIRE(report.size() == 1);
    CHECK(report[0].find("profile mau: learned from 48 pages, 2 template(s)") == 0);
  }
  auto store = Open(dir);
  ProfileStore profiles(store.get());
  auto mau = profiles.Get("mau");
  REQUIRE(mau.ok());
  CHECK(mau->pages == 48);
  CHECK(mau->version == SiteProfile::kVersion);
  CHECK(mau->learned_at > 0);
  REQUIRE(mau->templates.size() == 2);
  bool box = false;
  for (const ProfileTemplate& t : mau->templates) {
    CHECK(t.pages == 24);
    for (const ProfileBlock& b : t.drop) {
      box = box || b.signature.find("div.khung-bai") != std::string::npos;
    }
  }
  CHECK(box);
  CHECK(profiles.Get("it").status().IsNotFound());

  // Only the 40 most recent pages: still two templates of 20.
  REQUIRE(RefreshSiteProfiles(store.get(), ConfigWith(20, 40)).ok());
  CHECK(profiles.Get("mau")->pages == 40);
  // A minimum no template reaches removes the stored profile.
  std::vector<std::string> report;
  REQUIRE(RefreshSiteProfiles(store.get(), ConfigWith(30, 40), &report).ok());
  CHECK(profiles.Get("mau").status().IsNotFound());
  REQUIRE(report.size() == 1);
  CHECK(report[0] == "profile mau: removed (no template has 30 pages)");
}

TEST_CASE("refresh keeps a profile whose sample has not changed, relearns when it has") {
  TempDir dir;
  auto store = Open(dir);
  testing::StoreFixtureSite(*store, Site(48), "mau");
  REQUIRE(RefreshSiteProfiles(store.get(), ConfigWith(20, 500)).ok());
  ProfileStore profiles(store.get());
  auto learned = profiles.Get("mau");
  REQUIRE(learned.ok());
  CHECK(learned->sample_key.size() == 16);

  // Mark the stored profile, so that a relearn shows.
  SiteProfile marked = *learned;
  marked.learned_at = 1;
  REQUIRE(profiles.Put(marked).ok());
  std::vector<std::string> report;
  REQUIRE(RefreshSiteProfiles(store.get(), ConfigWith(20, 500), &report).ok());
  REQUIRE(report.size() == 1);
  CHECK(report[0] == "profile mau: kept (no new pages since it was learned)");
  CHECK(profiles.Get("mau")->learned_at == 1);

  // Other settings are another sample.
  report.clear();
  REQUIRE(RefreshSiteProfiles(store.get(), ConfigWith(21, 500), &report).ok());
  REQUIRE(report.size() == 1);
  CHECK(report[0].find("profile mau: learned from 48 pages") == 0);
  CHECK(profiles.Get("mau")->learned_at > 1);
  REQUIRE(profiles.Put(marked).ok());

  // New pages are learned from.
  testing::StoreFixtureSite(*store, Site(50), "mau");
  report.clear();
  REQUIRE(RefreshSiteProfiles(store.get(), ConfigWith(20, 500), &report).ok());
  REQUIRE(report.size() == 1);
  CHECK(report[0].find("profile mau: learned from 98 pages") == 0);
  CHECK(profiles.Get("mau")->learned_at > 1);
  CHECK(profiles.Get("mau")->sample_key != learned->sample_key);
}

TEST_CASE("stats shows one line per site profile; extract --site uses it") {
  TempDir dir;
  const FixtureSite site = Site(48);
  {
    auto store = Open(dir);
    testing::StoreFixtureSite(*store, site, "mau");
    REQUIRE(RefreshSiteProfiles(store.get(), ConfigWith(20, 500)).ok());
  }
  const std::string config_path =
      dir.Write("sites.toml", "[[site]]\nname = \"mau\"\nseeds = [\"http://127.0.0.1/\"]\n");
  auto r = testing::RunNewscrawl(
      {"--store", dir.File("store"), "--config", config_path, "stats"});
  CHECK(r.exit_code == 0);
  INFO(r.out);
  CHECK(r.out.find("profile mau: learned from 48 pages, 2 template(s), ") !=
        std::string::npos);
  CHECK(r.out.find(" drop blocks, learned 20") != std::string::npos);
  auto j = testing::RunNewscrawl({"--store", dir.File("store"), "--config",
                                  config_path, "stats", "--format", "json"});
  CHECK(j.exit_code == 0);
  CHECK(j.out.find("\"profiles\"") != std::string::npos);

  // A page whose unlabeled box the generic extractor keeps.
  const testing::FixtureArticle& a = site.articles()[0];
  REQUIRE(a.unlabeled_box);
  const std::string page = dir.Write("bai.html", site.Page(a.path)->body);
  auto generic = testing::RunNewscrawl(
      {"--store", dir.File("store"), "--config", config_path, "extract", page});
  CHECK(generic.exit_code == 0);
  CHECK(generic.out.find(a.clutter.back()) == std::string::npos);
  CHECK(generic.out.find(a.clutter[a.clutter.size() - 5]) != std::string::npos);
  auto profiled = testing::RunNewscrawl({"--store", dir.File("store"), "--config",
                                         config_path, "extract", "--site", "mau",
                                         "--explain", page});
  CHECK(profiled.exit_code == 0);
  INFO(profiled.out);
  INFO(profiled.err);
  for (const std::string& clutter : a.clutter) {
    CHECK_MESSAGE(profiled.out.find(clutter) == std::string::npos, clutter);
  }
  CHECK(profiled.out.find(a.lead) != std::string::npos);
  CHECK((profiled.out + profiled.err).find("div.khung-bai: profile: template block") !=
        std::string::npos);
}

}  // namespace
}  // namespace newscrawl
