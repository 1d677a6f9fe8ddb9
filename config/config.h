// Config: what newscrawl crawls and how, read from a TOML file
// (config/sites.toml by default).  Every key has a default; README.md has a
// line for each.  LoadConfig() validates the whole file before any work
// starts and reports every problem as "file:line:column: key: what was
// expected", suggesting the closest known key for an unknown one.
//
// Thread safety: a Config is an immutable value once loaded.
#ifndef NEWSCRAWL_CONFIG_CONFIG_H_
#define NEWSCRAWL_CONFIG_CONFIG_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "config/result.h"

namespace newscrawl {

class SiteProfile;  // extractor/site_profile.h

// [crawl]: politeness, limits and identity of the crawler.
struct CrawlConfig {
  // Sent with every request; must name a contact (an e-mail or a URL) so a
  // site owner can reach the operator.
  std::string user_agent =
      "newscrawl/0.1 (+https://newscrawl.invalid/bot; crawler@newscrawl.invalid)";
  int concurrency = 64;            // global limit on open connections
  int per_host_connections = 2;    // parallel transfers to one host
  double per_host_delay = 1.0;     // seconds between request starts per host
  double connect_timeout = 10.0;   // seconds to establish a connection
  double timeout = 60.0;           // seconds for a whole transfer
  std::int64_t max_page_bytes = 10 * 1024 * 1024;  // larger bodies abort
  int max_redirects = 5;           // http and https hops only
  int retries = 3;                 // on timeouts, 5xx and 429
  bool robots = true;              // obey robots.txt (RFC 9309)
  std::int64_t max_pages = 0;      // pages per run, all sites (0: no limit)
  double max_time = 0;             // seconds per run (0: no limit)
  std::vector<int> revisit_after_days = {1, 7};  // article revisit schedule
};

// [store]
struct StoreConfig {
  // Two bodies whose 64-bit SimHashes differ in at most this many bits are
  // near duplicates (0 turns near-duplicate detection off).
  int near_duplicate_bits = 3;
};

// [extract]
struct ExtractConfig {
  // A site needs this many stored pages before a learned profile is used.
  int profile_min_pages = 20;
  // Profiles are (re)learned after a crawl or re-extraction from at most
  // this many of a site's most recent article pages.
  int profile_sample_pages = 500;
  // Learned site profiles by site name: not read from the file, attached
  // by a command that opened a store (store/profile_store.h
  // AttachSiteProfiles) and used by ExtractorSet.  Null: none.
  std::shared_ptr<const std::map<std::string, SiteProfile>> profiles;
};

// [site.rules]: CSS selectors that refine generic extraction of one site.
struct SiteRules {
  std::string body;    // the article container
  std::string title;
  std::string date;
  std::string author;
  std::string lead;
  std::vector<std::string> drop;           // blocks removed from the body
  std::vector<std::string> drop_headings;  // headings that start clutter

  // "file:line:column" of each key that was set, keyed by the key's name
  // ("body", "drop", ...), so that a selector rejected later by the
  // extractor can be reported where it was written.
  std::map<std::string, std::string> where;

  bool empty() const {
    return body.empty() && title.empty() && date.empty() && author.empty() &&
           lead.empty() && drop.empty() && drop_headings.empty();
  }
};

// [[site]]: one news site.
struct SiteConfig {
  std::string name;                          // unique, [a-z0-9_.-]+
  bool enabled = true;
  std::vector<std::string> seeds;            // start pages (listings)
  std::vector<std::string> feeds;            // RSS/Atom feed URLs
  std::vector<std::string> sitemaps;         // XML sitemap (index) URLs
  // Hosts the crawl may fetch from; empty in the file means the hosts of
  // seeds, feeds and sitemaps (filled in by LoadConfig).
  std::vector<std::string> allowed_hosts;
  std::vector<std::string> article_patterns;  // RE2, matched on the URL
  std::vector<std::string> listing_patterns;  // RE2, matched on the URL
  int max_depth = 2;               // link hops from a seed through listings
  std::int64_t max_pages = 0;      // pages per run for this site (0: none)
  SiteRules rules;
  std::string where;               // "file:line:column" of the [[site]]
};

struct Config {
  std::string path;  // the file it was read from ("" for defaults)
  CrawlConfig crawl;
  StoreConfig store;
  ExtractConfig extract;
  std::vector<SiteConfig> sites;

  // The site called `name`, or nullptr.
  const SiteConfig* FindSite(std::string_view name) const;
};

// Reads and validates `path`.  Errors are InvalidArgument (bad content, one
// line per problem), NotFound or IOError (the file), TooLarge (> 4 MiB).
Result<Config> LoadConfig(const std::string& path);

// Parses TOML text; `source_name` is used in error messages.
Result<Config> ParseConfig(std::string_view text, std::string_view source_name);

// Every key the config accepts, as dotted paths ("crawl.timeout",
// "site.rules.drop"), for documentation and suggestions.
const std::vector<std::string>& KnownConfigKeys();

// Levenshtein distance, used to suggest the closest known key.
std::size_t EditDistance(std::string_view a, std::string_view b);

}  // namespace newscrawl

#endif  // NEWSCRAWL_CONFIG_CONFIG_H_
