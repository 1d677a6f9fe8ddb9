#include "store/stats_command.h"

#include <cstdio>
#include <map>
#include <iostream>
#include <string>

#include "store/record_json.h"
#include "store/store.h"

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

  if (options.format == "json") {
    nlohmann::json sites = nlohmann::json::object();
    for (const auto& [name, s] : stats->sites) sites[name] = SiteJson(s);
    const nlohmann::json j{
        {"store", global.store_dir},
        {"file_bytes", stats->file_bytes},
        {"map_bytes", stats->map_bytes},
        {"urls", stats->urls},
        {"queued", stats->queued},
        {"sites", std::move(sites)},
        {"total", SiteJson(stats->total)},
    };
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
  return kExitOk;
}

}  // namespace newscrawl
