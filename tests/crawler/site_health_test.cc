#include "crawler/site_health.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

namespace newscrawl {
namespace {

SiteFunnel Funnel(std::int64_t extracted, std::int64_t short_bodies,
                  std::int64_t no_title, std::int64_t no_date,
                  std::int64_t new_articles) {
  SiteFunnel f;
  f.extracted = extracted;
  f.short_bodies = short_bodies;
  f.no_title = no_title;
  f.no_date = no_date;
  f.new_articles = new_articles;
  return f;
}

TEST_CASE("shares come from the funnel's article pages") {
  const SiteHealth h = SiteHealth::FromFunnel(Funnel(40, 10, 4, 0, 30));
  CHECK(h.pages == 40);
  CHECK(h.articles == 30);
  CHECK(h.short_share == doctest::Approx(0.25));
  CHECK(h.no_title_share == doctest::Approx(0.1));
  CHECK(h.no_date_share == doctest::Approx(0.0));
  CHECK(SiteHealth::FromFunnel(SiteFunnel()).short_share == 0.0);
}

TEST_CASE("a redesign that empties bodies is reported, a steady site is not") {
  HealthBySite before{{"laodong", SiteHealth::FromFunnel(Funnel(50, 1, 0, 1, 40))},
                      {"congdoan", SiteHealth::FromFunnel(Funnel(50, 2, 0, 0, 45))}};
  HealthBySite after{{"laodong", SiteHealth::FromFunnel(Funnel(50, 32, 0, 1, 12))},
                     {"congdoan", SiteHealth::FromFunnel(Funnel(50, 3, 1, 0, 44))}};
  const auto warnings = CompareHealth(before, after);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].find("laodong: 64% of 50 article pages have an empty or "
                         "very short body (was 2%)") == 0);
}

TEST_CASE("missing titles and dates are separate alerts") {
  HealthBySite before{{"s", SiteHealth::FromFunnel(Funnel(20, 0, 0, 0, 20))}};
  HealthBySite after{{"s", SiteHealth::FromFunnel(Funnel(20, 0, 20, 10, 20))}};
  const auto warnings = CompareHealth(before, after);
  REQUIRE(warnings.size() == 2);
  CHECK(warnings[0].find("have no title") != std::string::npos);
  CHECK(warnings[1].find("have no date") != std::string::npos);
}

TEST_CASE("a site that yielded articles and yields none is reported") {
  HealthBySite before{{"s", SiteHealth::FromFunnel(Funnel(20, 0, 0, 0, 15))}};
  HealthBySite after{{"s", SiteHealth::FromFunnel(Funnel(0, 0, 0, 0, 0))}};
  const auto warnings = CompareHealth(before, after);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].find("yielded no new article") != std::string::npos);
  // A site never seen before is not compared.
  CHECK(CompareHealth({}, after).empty());
}

TEST_CASE("too few pages are not compared") {
  HealthBySite before{{"s", SiteHealth::FromFunnel(Funnel(20, 0, 0, 0, 3))}};
  HealthBySite after{{"s", SiteHealth::FromFunnel(Funnel(3, 3, 3, 3, 3))}};
  CHECK(CompareHealth(before, after).empty());
}

TEST_CASE("health round-trips through JSON and tolerates damage") {
  HealthBySite h{{"a", SiteHealth::FromFunnel(Funnel(8, 2, 1, 0, 5))}};
  const HealthBySite back = HealthFromJson(HealthToJson(h));
  REQUIRE(back.count("a") == 1);
  CHECK(back.at("a").pages == 8);
  CHECK(back.at("a").short_share == doctest::Approx(0.25));
  auto damaged = nlohmann::json::parse(
      R"({"a": {"pages": "many"}, "b": 3, "c": {"pages": 4, "short_share": 0.5}})");
  const HealthBySite partial = HealthFromJson(damaged);
  CHECK(partial.count("a") == 0);
  CHECK(partial.count("b") == 0);
  REQUIRE(partial.count("c") == 1);
  CHECK(partial.at("c").short_share == doctest::Approx(0.5));
  CHECK(HealthFromJson(nlohmann::json::array()).empty());
}

}  // namespace
}  // namespace newscrawl
