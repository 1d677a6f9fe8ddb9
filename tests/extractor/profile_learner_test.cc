#include "extractor/profile_learner.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "config/config.h"
#include "extractor/html_document.h"
#include "tests/support/fixture_site.h"

namespace newscrawl {
namespace {

using testing::FixtureArticle;
using testing::FixtureSite;
using testing::FixtureSiteOptions;

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool Drops(const ProfileTemplate& t, std::string_view suffix) {
  for (const ProfileBlock& b : t.drop) {
    if (EndsWith(b.signature, suffix)) return true;
  }
  return false;
}

const ProfileTemplate* TemplateWithContainer(const SiteProfile& p,
                                             std::string_view suffix) {
  for (const ProfileTemplate& t : p.templates) {
    if (EndsWith(t.container, suffix)) return &t;
  }
  return nullptr;
}

HtmlDocument Parse(const FixtureSite& site, const FixtureArticle& a) {
  auto page = site.Page(a.path);
  REQUIRE(page.has_value());
  auto doc = HtmlDocument::Parse(page->body);
  REQUIRE(doc.ok());
  return std::move(doc).value();
}

// Learns from every article of `site`; on every `leak_every`-th page the
// "extractor" also kept the titles of the page's clutter lists.
SiteProfile Learn(const FixtureSite& site, int leak_every) {
  ProfileLearner learner;
  for (const FixtureArticle& a : site.articles()) {
    HtmlDocument doc = Parse(site, a);
    std::string body = a.body;
    if (leak_every > 0 && a.id % leak_every == 0) {
      for (const std::string& c : a.clutter) body += "\n\n" + c;
    }
    learner.AddPage(PageBlocks::Compute(doc.root()), body);
  }
  return learner.Finish("mau");
}

TEST_CASE("two templates, their containers and their clutter are learned") {
  FixtureSiteOptions options;
  options.articles = 48;
  FixtureSite site(options);
  const SiteProfile profile = Learn(site, 0);
  CHECK(profile.pages == 48);
  REQUIRE(profile.templates.size() == 2);
  const ProfileTemplate* a = TemplateWithContainer(profile, "article.article-detail");
  const ProfileTemplate* b = TemplateWithContainer(profile, "div.detail-wrap");
  REQUIRE(a != nullptr);
  REQUIRE(b != nullptr);
  CHECK(a->pages == 24);
  CHECK(a->container_pages == 24);
  CHECK(Drops(*a, "div.tin-khac"));
  CHECK(Drops(*a, "div.box-related"));
  CHECK(Drops(*a, "div.social-share"));
  CHECK(Drops(*a, "figure.image"));  // with its caption
  CHECK(Drops(*b, "div.related-news"));
  CHECK(Drops(*b, "div.box-quan-tam"));
  CHECK(Drops(*b, "div.box-nen-xem"));
  CHECK(Drops(*b, "div.comment-box"));
  // The paragraphs and the lead are never template blocks.
  CHECK_FALSE(Drops(*a, "div.article-content>p"));
  CHECK_FALSE(Drops(*a, "div.sapo"));
  CHECK_FALSE(Drops(*b, "div.chapeau"));
  CHECK_FALSE(Drops(*b, "div#noi-dung.detail-body>p"));
}

TEST_CASE("clutter the extractor let through on some pages is still dropped") {
  FixtureSiteOptions options;
  options.articles = 40;
  FixtureSite site(options);
  const SiteProfile profile = Learn(site, 6);  // leaks on 7 of 20 "a" pages
  const ProfileTemplate* a = TemplateWithContainer(profile, "article.article-detail");
  REQUIRE(a != nullptr);
  CHECK(Drops(*a, "div.tin-khac"));
  CHECK(Drops(*a, "div.box-related"));

  // Applied to a page where it leaked, the profile drops those boxes.
  const FixtureArticle& leaky = site.articles()[0];
  HtmlDocument doc = Parse(site, leaky);
  const PageBlocks blocks = PageBlocks::Compute(doc.root());
  const ProfileDecision decision = profile.Apply(blocks);
  REQUIRE(decision.template_index >= 0);
  CHECK(&profile.templates[static_cast<std::size_t>(decision.template_index)] == a);
  REQUIRE(decision.container != nullptr);
  CHECK(decision.container->v.element.tag == GUMBO_TAG_ARTICLE);
  bool tin_khac = false;
  for (const auto& d : decision.drops) {
    if (EndsWith(d.block->signature, "div.tin-khac")) tin_khac = true;
  }
  CHECK(tin_khac);
}

TEST_CASE("too few pages give no profile") {
  FixtureSiteOptions options;
  options.articles = 30;  // two templates of 15 pages each
  FixtureSite site(options);
  const SiteProfile profile = Learn(site, 0);
  CHECK(profile.empty());
  CHECK(profile.pages == 30);
  HtmlDocument doc = Parse(site, site.articles()[0]);
  CHECK(profile.Apply(PageBlocks::Compute(doc.root())).template_index == -1);
}

TEST_CASE("an unrelated page matches no template") {
  FixtureSiteOptions options;
  options.articles = 48;
  FixtureSite site(options);
  const SiteProfile profile = Learn(site, 0);
  auto doc = HtmlDocument::Parse(
      "<html><body><section class='khac'><div class='noi-dung'><p>Trang "
      "hoàn toàn khác.</p></div></section></body></html>");
  REQUIRE(doc.ok());
  const ProfileDecision d = profile.Apply(PageBlocks::Compute(doc->root()));
  CHECK(d.template_index == -1);
  CHECK(d.drops.empty());
}

TEST_CASE("a profile round-trips through JSON and a newer version is refused") {
  FixtureSiteOptions options;
  options.articles = 48;
  SiteProfile profile = Learn(FixtureSite(options), 0);
  CHECK_FALSE(profile.ToJson().contains("sample"));  // unknown: not written
  profile.sample_key = "0123456789abcdef";
  auto back = SiteProfile::FromJson(profile.ToJson());
  REQUIRE(back.ok());
  CHECK(back->sample_key == "0123456789abcdef");
  CHECK(back->ToJson() == profile.ToJson());
  auto json = profile.ToJson();
  json["version"] = SiteProfile::kVersion + 1;
  CHECK(SiteProfile::FromJson(json).status().IsUnsupported());
  CHECK(SiteProfile::FromJson(nlohmann::json::array()).status().IsInvalidArgument());
  json = profile.ToJson();
  json["templates"][0]["drop"] = "x";
  CHECK(SiteProfile::FromJson(json).status().IsInvalidArgument());
}

TEST_CASE("suggested rules are valid config with body and drop selectors") {
  FixtureSiteOptions options;
  options.articles = 48;
  const SiteProfile profile = Learn(FixtureSite(options), 0);
  const std::string rules = profile.SuggestRules();
  CHECK(rules.find("div.tin-khac") != std::string::npos);
  CHECK(rules.find("on 24 of 24 pages") != std::string::npos);
  const std::string toml =
      "[[site]]\nname = \"mau\"\nseeds = [\"http://127.0.0.1/\"]\n" + rules;
  auto config = ParseConfig(toml, "suggested.toml");
  INFO(toml);
  REQUIRE_MESSAGE(config.ok(), config.status().ToString());
  const SiteRules& r = config->sites[0].rules;
  CHECK(r.body.find("article.article-detail") != std::string::npos);
  CHECK(r.body.find("div.detail-wrap") != std::string::npos);
  CHECK(r.drop.size() >= 6);
}

}  // namespace
}  // namespace newscrawl
