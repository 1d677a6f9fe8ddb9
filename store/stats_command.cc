#include "store/stats_command.h"

#include <cstdio>
#include <map>
#include <iostream>
#include <string>

#include "store/profile_store.h"
#include "store/record_json.h"
#include "store/store.h"
#include "store/utc_time.h"

namespace newscrawl {

namespace {

nlohmann::json SiteJson(const SiteStats& s) {
  return nlohmann::json{
      {"pages", s.pages},
      {"articles", s.articles},
      {"duplicates", s.duplicates},
      {"raw_bytes", s.raw_bytes},
      {"stored_bytes", s.compressed_bytes},
      {"oldest", s.oldest.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.oldest)},
      {"newest", s.newest.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.newest)},
  };
}

std::string Mib(std::uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f", static_cast<double>(bytes) / (1 << 20));
  return buf;
}

std::string Row(const std::string& name, const SiteStats& s) {
  char buf[256];
  std::snprintf(buf, sizeof(buf), "%-20s %9llu %9llu %10llu %10s %10s  %-10s  %-10s\n",
                name.c_str(), static_cast<unsigned long long>(s.pages),
                static_cast<unsigned long long>(s.articles),
                static_cast<unsigned long long>(s.duplicates),
                Mib(s.raw_bytes).c_str(), Mib(s.compressed_bytes).c_str(),
                s.oldest.empty() ? "-" : s.oldest.c_str(),
                s.newest.empty() ? "-" : s.newest.c_str());
  return buf;
}

std::size_t DropBlocks(const SiteProfile& p) {
  std::size_t n = 0;
  for (const ProfileTemplate& t : p.templates) n += t.drop.size();
  return n;
}

std::string LearnedAt(const SiteProfile& p) {
  return p.learned_at > 0 ? FormatUtcTime(p.learned_at) : std::string("-");
}

nlohmann::json ProfileJson(const SiteProfile& p) {
  return nlohmann::json{{"pages", p.pages},
                        {"templates", p.templates.size()},
                        {"drop_blocks", DropBlocks(p)},
                        {"version", p.version},
                        {"learned_at", LearnedAt(p)}};
}

// One line per learned site profile.
std::string ProfileRow(const SiteProfile& p) {
  return "profile " + p.site + ": learned from " + std::to_string(p.pages) +
         " pages, " + std::to_string(p.templates.size()) + " template(s), " +
         std::to_string(DropBlocks(p)) + " drop blocks, learned " +
         LearnedAt(p) + "\n";
}

}  // namespace

int RunStatsCommand(const GlobalOptions& global, const Config& /*config*/,
                    const StatsOptions& options) {
  StoreOptions store_options;
  store_options.read_only = true;
  auto store = Store::Open(global.store_dir, store_options);
  if (!store.ok()) {
    std::fprintf(stderr, "newscrawl stats: %s\n", store.status().message().c_str());
    return kExitFailure;
  }
  auto stats = (*store)->Stats();
  if (!stats.ok()) {
    std::fprintf(stderr, "newscrawl stats: %s\n", stats.status().message().c_str());
    return kExitFailure;
  }
  // --site: only those sites, and the total over them.
  if (!options.sites.empty()) {
    std::map<std::string, SiteStats> chosen;
    SiteStats total;
    for (const std::string& site : options.sites) {
      const auto it = stats->sites.find(site);
      const SiteStats s = it == stats->sites.end() ? SiteStats{} : it->second;
      total.pages += s.pages;
      total.articles += s.articles;
      total.duplicates += s.duplicates;
      total.raw_bytes += s.raw_bytes;
      total.compressed_bytes += s.compressed_bytes;
      if (!s.oldest.empty() && (total.oldest.empty() || s.oldest < total.oldest)) {
        total.oldest = s.oldest;
      }
      if (s.newest > total.newest) total.newest = s.newest;
      chosen[site] = s;
    }
    stats->sites = std::move(chosen);
    stats->total = total;
  }
  ProfileStore profile_store(store->get());
  auto profiles = profile_store.List();
  if (!profiles.ok()) {
    std::fprintf(stderr, "newscrawl stats: %s\n",
                 profiles.status().message().c_str());
    return kExitFailure;
  }
  if (!options.sites.empty()) {
    SiteProfiles chosen;
    for (const std::string& site : options.sites) {
      auto it = profiles->find(site);
      if (it != profiles->end()) chosen.emplace(site, std::move(it->second));
    }
    *profiles = std::move(chosen);
  }

  if (options.format == "json") {
    nlohmann::json sites = nlohmann::json::object();
    for (const auto& [name, s] : stats->sites) sites[name] = SiteJson(s);
    nlohmann::json j{
        {"store", global.store_dir},
        {"file_bytes", stats->file_bytes},
        {"map_bytes", stats->map_bytes},
        {"urls", stats->urls},
        {"queued", stats->queued},
        {"sites", std::move(sites)},
        {"total", SiteJson(stats->total)},
        {"profiles", nlohmann::json::object()},
    };
    for (const auto& [name, p] : *profiles) j["profiles"][name] = ProfileJson(p);
    std::cout << DumpJson(j, 2) << "\n";
    return kExitOk;
  }
  std::cout << "store " << global.store_dir << ": " << Mib(stats->file_bytes)
            << " MiB on disk, " << stats->urls << " URLs known, "
            << stats->queued << " queued\n";
  char header[256];
  std::snprintf(header, sizeof(header), "%-20s %9s %9s %10s %10s %10s  %-10s  %-10s\n",
                "site", "pages", "articles", "duplicates", "raw MiB", "stored MiB",
                "oldest", "newest");
  std::cout << header;
  for (const auto& [name, s] : stats->sites) std::cout << Row(name, s);
  std::cout << Row("total", stats->total);
  for (const auto& [name, p] : *profiles) std::cout << ProfileRow(p);
  return kExitOk;
}

}  // namespace newscrawl
