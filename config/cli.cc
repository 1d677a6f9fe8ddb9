#include "config/cli.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>

#include "config/commands.h"
#include "config/config.h"
#include "config/logging.h"
#include "crawler/crawl_command.h"
#include "crawler/reextract_command.h"
#include "extractor/extract_command.h"
#include "store/dump_command.h"
#include "store/import_command.h"
#include "store/profile_store.h"
#include "store/reindex_command.h"
#include "store/rules_command.h"
#include "store/search_command.h"
#include "store/show_command.h"
#include "store/stats_command.h"

namespace newscrawl {
namespace {

constexpr const char* kVersion = "0.1.0";

bool FileExists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

// Loads the config for a command.  With `required` false a missing default
// config file (no --config given) yields the built-in defaults, so that
// `newscrawl extract page.html` works anywhere.  Prints errors itself.
bool LoadConfigFor(const GlobalOptions& global, bool required, Config* out) {
  if (!required && !global.config_given && !FileExists(global.config_path)) {
    *out = Config();
    return true;
  }
  Result<Config> config = LoadConfig(global.config_path);
  if (!config.ok()) {
    std::fprintf(stderr, "newscrawl: bad config:\n%s\n",
                 config.status().message().c_str());
    return false;
  }
  *out = std::move(*config);
  return true;
}

// Every --site NAME must name a site of the config.
bool CheckSites(const Config& config, const std::vector<std::string>& sites) {
  for (const std::string& name : sites) {
    if (config.FindSite(name) == nullptr) {
      std::string known;
      for (const SiteConfig& site : config.sites) {
        known += known.empty() ? "" : ", ";
        known += site.name;
      }
      std::fprintf(stderr, "newscrawl: no site \"%s\" in %s (known: %s)\n",
                   name.c_str(), config.path.c_str(),
                   known.empty() ? "none" : known.c_str());
      return false;
    }
  }
  return true;
}

}  // namespace

int RunCli(int argc, char** argv) {
  CLI::App app{
      "newscrawl: crawls news sites politely, extracts clean article text and "
      "keeps raw pages and deduplicated articles in an LMDB store.",
      "newscrawl"};
  app.set_version_flag("--version", kVersion);
  app.require_subcommand(1);
  app.fallthrough();  // global options also after the subcommand

  GlobalOptions global;
  app.add_option("--store", global.store_dir, "Store directory")
      ->capture_default_str();
  CLI::Option* config_opt =
      app.add_option("--config", global.config_path, "Config file (TOML)")
          ->capture_default_str();
  int verbose = 0;
  bool quiet = false;
  app.add_flag("-v,--verbose", verbose, "More logging (twice: trace)");
  app.add_flag("-q,--quiet", quiet, "Only warnings and errors");

  CrawlOptions crawl;
  CLI::App* crawl_cmd =
      app.add_subcommand("crawl", "Crawl the configured sites into the store");
  crawl_cmd->add_option("--site", crawl.sites, "Only these sites");
  crawl_cmd->add_option("--max-pages", crawl.max_pages,
                        "Stop after this many fetched pages")
      ->check(CLI::NonNegativeNumber);
  crawl_cmd->add_option("--max-time", crawl.max_time,
                        "Stop after this many seconds")
      ->check(CLI::NonNegativeNumber);
  crawl_cmd->add_option("--summary-json", crawl.summary_json,
                        "Also write the run summary as JSON to this file");
  crawl_cmd->add_flag("--strict", crawl.strict,
                      "Exit non-zero when a site's health figures jump");

  ExtractOptions extract;
  CLI::App* extract_cmd = app.add_subcommand(
      "extract", "Extract articles from saved HTML files (no store needed)");
  extract_cmd->add_option("files", extract.files, "HTML files ('-': stdin)")
      ->required();
  extract_cmd->add_option("--url", extract.url, "The page's URL");
  extract_cmd->add_option("--site", extract.site, "Apply this site's rules");
  extract_cmd->add_option("--format", extract.format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  extract_cmd->add_option("--out-dir", extract.out_dir,
                          "Write NAME.txt and NAME.json per input here");
  extract_cmd->add_flag("--explain", extract.explain,
                        "List every dropped block and why");

  ReextractOptions reextract;
  CLI::App* reextract_cmd = app.add_subcommand(
      "reextract", "Re-run extraction over stored pages (no fetching)");
  reextract_cmd->add_option("--site", reextract.sites, "Only these sites");
  reextract_cmd->add_flag("--all", reextract.all,
                          "Every page, not only those with old rules");
  reextract_cmd->add_flag("--dry-run", reextract.dry_run, "Write nothing");
  reextract_cmd->add_option("--diff", reextract.diff,
                            "Print diffs of this many changed bodies")
      ->check(CLI::NonNegativeNumber);
  reextract_cmd->add_option("--jobs", reextract.jobs,
                            "Worker threads (0: one per core)")
      ->check(CLI::NonNegativeNumber);
  reextract_cmd->add_flag("--strict", reextract.strict,
                          "Exit non-zero when a site's health figures jump");

  DumpOptions dump;
  CLI::App* dump_cmd =
      app.add_subcommand("dump", "Write stored articles or pages to files");
  dump_cmd->add_option("--format", dump.format, "jsonl, text or warc")
      ->check(CLI::IsMember({"jsonl", "text", "warc"}))
      ->capture_default_str();
  dump_cmd->add_option("--out", dump.out, "File or directory ('-': stdout)")
      ->required();
  dump_cmd->add_option("--site", dump.sites, "Only these sites");
  dump_cmd->add_option("--since", dump.since, "From this date (YYYY-MM-DD)");
  dump_cmd->add_option("--until", dump.until, "Up to this date (YYYY-MM-DD)");

  ImportOptions import;
  CLI::App* import_cmd =
      app.add_subcommand("import", "Import WARC files into the store");
  import_cmd->add_option("files", import.files, "WARC files (.warc, .warc.gz)")
      ->required();
  import_cmd->add_option("--site", import.site, "Attribute records to site");

  StatsOptions stats;
  CLI::App* stats_cmd = app.add_subcommand("stats", "Summarise the store");
  stats_cmd->add_option("--site", stats.sites, "Only these sites");
  stats_cmd->add_option("--format", stats.format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();

  ShowOptions show;
  CLI::App* show_cmd =
      app.add_subcommand("show", "Show one stored article or page");
  show_cmd->add_option("what", show.what, "Article id or URL")->required();
  show_cmd->add_option("--format", show.format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  show_cmd->add_flag("--raw", show.raw, "Print the stored raw page");

  SearchOptions search;
  CLI::App* search_cmd = app.add_subcommand(
      "search", "Find stored articles (with or without diacritics)");
  search_cmd->add_option("query", search.query, "Words and \"phrases\"")
      ->required();
  search_cmd->add_option("--site", search.sites, "Only these sites");
  search_cmd->add_option("--since", search.since, "From this date (YYYY-MM-DD)");
  search_cmd->add_option("--until", search.until, "Up to this date (YYYY-MM-DD)");
  search_cmd->add_option("--limit", search.limit, "At most this many results")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  search_cmd->add_option("--format", search.format, "text or jsonl")
      ->check(CLI::IsMember({"text", "jsonl"}))
      ->capture_default_str();

  ReindexOptions reindex;
  CLI::App* reindex_cmd = app.add_subcommand(
      "reindex", "Rebuild the full-text index from the stored articles");

  RulesSuggestOptions rules_suggest;
  CLI::App* rules_cmd = app.add_subcommand(
      "rules", "Work with [site.rules] (see `rules suggest --help`)");
  rules_cmd->require_subcommand(1);
  CLI::App* suggest_cmd = rules_cmd->add_subcommand(
      "suggest",
      "Learn a site's template from its stored pages and print [site.rules]");
  suggest_cmd->add_option("--site", rules_suggest.site, "The site")->required();
  suggest_cmd->add_option("--min-pages", rules_suggest.min_pages,
                          "Pages a template needs (default: config)")
      ->check(CLI::PositiveNumber);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help, version or the error
    return code == 0 ? kExitOk : kExitUsage;
  }
  global.config_given = config_opt->count() > 0;
  global.verbosity = quiet ? -1 : verbose;
  SetupLogging(global.verbosity);

  Config config;
  if (crawl_cmd->parsed()) {
    if (!LoadConfigFor(global, true, &config)) return kExitUsage;
    if (!CheckSites(config, crawl.sites)) return kExitUsage;
    return RunCrawlCommand(global, config, crawl);
  }
  if (extract_cmd->parsed()) {
    if (!LoadConfigFor(global, !extract.site.empty(), &config)) {
      return kExitUsage;
    }
    if (!extract.site.empty() && !CheckSites(config, {extract.site})) {
      return kExitUsage;
    }
    // A site's learned profile, when the store has one.
    if (!extract.site.empty()) {
      if (Status s = AttachSiteProfiles(global.store_dir, &config); !s.ok()) {
        std::fprintf(stderr, "newscrawl extract: %s\n", s.ToString().c_str());
        return kExitFailure;
      }
    }
    return RunExtractCommand(global, config, extract);
  }
  if (reextract_cmd->parsed()) {
    if (!LoadConfigFor(global, true, &config)) return kExitUsage;
    if (!CheckSites(config, reextract.sites)) return kExitUsage;
    return RunReextractCommand(global, config, reextract);
  }
  // The store commands need the config only for site names and store
  // settings, so a missing default config means built-in defaults.
  if (!LoadConfigFor(global, false, &config)) return kExitUsage;
  if (dump_cmd->parsed()) return RunDumpCommand(global, config, dump);
  if (import_cmd->parsed()) return RunImportCommand(global, config, import);
  if (stats_cmd->parsed()) return RunStatsCommand(global, config, stats);
  if (show_cmd->parsed()) return RunShowCommand(global, config, show);
  if (search_cmd->parsed()) return RunSearchCommand(global, config, search);
  if (suggest_cmd->parsed()) {
    if (!CheckSites(config, {rules_suggest.site})) return kExitUsage;
    return RunRulesSuggestCommand(global, config, rules_suggest);
  }
  if (reindex_cmd->parsed()) {
    return RunReindexCommand(global, config, reindex);
  }
  return kExitUsage;  // unreachable: require_subcommand(1)
}

}  // namespace newscrawl
