#include "crawler/site_health.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "store/output_file.h"

namespace newscrawl {
namespace {

double Share(std::int64_t part, std::int64_t whole) {
  return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole)
                   : 0.0;
}

std::string Percent(double share) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", share * 100);
  return buf;
}

}  // namespace

SiteHealth SiteHealth::FromFunnel(const SiteFunnel& f) {
  SiteHealth h;
  h.pages = f.extracted;
  h.articles = f.new_articles + f.updated_articles;
  h.short_share = Share(f.short_bodies, f.extracted);
  h.no_title_share = Share(f.no_title, f.extracted);
  h.no_date_share = Share(f.no_date, f.extracted);
  return h;
}

std::vector<std::string> CompareHealth(const HealthBySite& previous,
                                       const HealthBySite& current) {
  std::vector<std::string> warnings;
  for (const auto& [site, now] : current) {
    auto it = previous.find(site);
    if (it == previous.end()) continue;
    const SiteHealth& before = it->second;
    if (before.articles > 0 && now.articles == 0) {
      warnings.push_back(site + ": yielded no new article this run (" +
                         std::to_string(before.articles) +
                         " before); a block page, a challenge page or a "
                         "changed URL scheme?");
    }
    if (now.pages < SiteHealth::kMinPages) continue;
    const struct {
      double now, before;
      const char* what;
    } shares[] = {
        {now.short_share, before.short_share,
         "have an empty or very short body"},
        {now.no_title_share, before.no_title_share, "have no title"},
        {now.no_date_share, before.no_date_share, "have no date"},
    };
    for (const auto& s : shares) {
      if (s.now - s.before >= SiteHealth::kJump) {
        warnings.push_back(site + ": " + Percent(s.now) + " of " +
                           std::to_string(now.pages) + " article pages " +
                           s.what + " (was " + Percent(s.before) +
                           "); did the site's layout change?");
      }
    }
  }
  return warnings;
}

std::string SiteHealthPath(const std::string& store_dir) {
  return store_dir + "/site-health.json";
}

HealthUpdate UpdateSiteHealth(const std::string& store_dir,
                              const HealthBySite& current, bool save) {
  const std::string path = SiteHealthPath(store_dir);
  HealthBySite previous;
  if (std::ifstream in(path); in) {
    const nlohmann::json json = nlohmann::json::parse(in, nullptr, false);
    if (!json.is_discarded()) previous = HealthFromJson(json);
  }
  HealthUpdate update;
  update.warnings = CompareHealth(previous, current);
  if (!save) return update;
  for (const auto& [site, h] : current) previous[site] = h;
  Result<std::unique_ptr<OutputFile>> out = OutputFile::Create(path);
  if (!out.ok()) {
    update.saved = out.status();
    return update;
  }
  update.saved = (*out)->Append(HealthToJson(previous).dump(1));
  if (update.saved.ok()) update.saved = (*out)->Commit();
  return update;
}

nlohmann::json HealthToJson(const HealthBySite& health) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [site, h] : health) {
    out[site] = {{"pages", h.pages},
                 {"articles", h.articles},
                 {"short_share", h.short_share},
                 {"no_title_share", h.no_title_share},
                 {"no_date_share", h.no_date_share}};
  }
  return out;
}

HealthBySite HealthFromJson(const nlohmann::json& json) {
  HealthBySite out;
  if (!json.is_object()) return out;
  for (const auto& [site, v] : json.items()) {
    if (!v.is_object()) continue;
    SiteHealth h;
    try {
      h.pages = v.value("pages", std::int64_t{0});
      h.articles = v.value("articles", std::int64_t{0});
      h.short_share = v.value("short_share", 0.0);
      h.no_title_share = v.value("no_title_share", 0.0);
      h.no_date_share = v.value("no_date_share", 0.0);
    } catch (const nlohmann::json::exception&) {
      continue;  // a wrongly typed field: skip this site
    }
    if (!std::isfinite(h.short_share) || !std::isfinite(h.no_title_share) ||
        !std::isfinite(h.no_date_share)) {
      continue;
    }
    out[site] = h;
  }
  return out;
}

}  // namespace newscrawl
