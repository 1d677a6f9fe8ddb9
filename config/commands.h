// The options of each newscrawl subcommand, filled by the CLI (config/cli.cc)
// and handed to the subsystem that runs the command.  Plain structs, so that a
// subsystem's command can be called and tested without CLI11.
#ifndef NEWSCRAWL_CONFIG_COMMANDS_H_
#define NEWSCRAWL_CONFIG_COMMANDS_H_

#include <cstdint>
#include <string>
#include <vector>

namespace newscrawl {

// Process exit codes, documented in README.md.
enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,      // a runtime failure (network, disk, store)
  kExitUsage = 2,        // bad arguments or config, or a command not built
  kExitInterrupted = 130 // SIGINT/SIGTERM: work in flight was committed
};

struct GlobalOptions {
  std::string store_dir = "./newscrawl-store";
  std::string config_path = "./config/sites.toml";
  bool config_given = false;  // --config was on the command line
  int verbosity = 0;          // -1 quiet, 0 normal, 1+ verbose
};

struct CrawlOptions {
  std::vector<std::string> sites;  // empty: every enabled site
  std::int64_t max_pages = -1;     // -1: use the config
  double max_time = -1;            // seconds; -1: use the config
  std::string summary_json;        // write the run summary here too
  bool strict = false;             // non-zero exit on site-health alerts
};

struct ExtractOptions {
  std::vector<std::string> files;  // "-" reads standard input
  std::string url;                 // the page's URL (for links, site rules)
  std::string site;                // apply this site's rules
  std::string format = "text";     // text | json
  std::string out_dir;             // NAME.html -> DIR/NAME.txt + NAME.json
  bool explain = false;            // list every dropped block and why
};

struct ReextractOptions {
  std::vector<std::string> sites;
  bool all = false;      // every page, not only those with old rules
  bool dry_run = false;  // report, write nothing
  int diff = 0;          // print unified diffs of this many changed bodies
  int jobs = 0;          // 0: one per core
  bool strict = false;
};

struct DumpOptions {
  std::string format = "jsonl";  // jsonl | text | warc
  std::string out;               // file, directory (text) or "-"
  std::vector<std::string> sites;
  std::string since;  // YYYY-MM-DD, inclusive
  std::string until;  // YYYY-MM-DD, inclusive
};

struct ImportOptions {
  std::vector<std::string> files;  // WARC files, plain or gzip
  std::string site;                // attribute records to this site
};

struct StatsOptions {
  std::vector<std::string> sites;
  std::string format = "text";  // text | json
};

struct SearchOptions {
  std::string query;  // terms ANDed, "quoted phrases" in order
  std::vector<std::string> sites;
  std::string since;  // YYYY-MM-DD, inclusive
  std::string until;  // YYYY-MM-DD, inclusive
  int limit = 20;
  std::string format = "text";  // text | jsonl
};

struct ReindexOptions {};

struct RulesSuggestOptions {
  std::string site;    // learn from this site's stored article pages
  int min_pages = -1;  // -1: extract.profile_min_pages of the config
};

struct ShowOptions {
  std::string what;             // an article id, a URL or a page key
  std::string format = "text";  // text | json
  bool raw = false;             // print the stored raw page instead
};

struct Config;  // config/config.h

// Prints "newscrawl COMMAND: not available in this build yet" and returns
// kExitUsage.  Used by a subsystem whose command is not written yet.
int CommandNotBuilt(const char* command);

}  // namespace newscrawl

#endif  // NEWSCRAWL_CONFIG_COMMANDS_H_
