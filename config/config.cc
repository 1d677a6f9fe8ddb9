#include "config/config.h"

#include <re2/re2.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cctype>
#include <set>
#include <sstream>
#include <toml++/toml.h>

namespace newscrawl {
namespace {

constexpr std::size_t kMaxConfigBytes = 4 * 1024 * 1024;

const std::vector<std::string> kTopKeys = {"crawl", "store", "extract", "site"};
const std::vector<std::string> kCrawlKeys = {
    "user_agent",     "concurrency", "per_host_connections", "per_host_delay",
    "connect_timeout", "timeout",    "max_page_bytes",       "max_redirects",
    "retries",        "robots",      "max_pages",            "max_time",
    "revisit_after_days"};
const std::vector<std::string> kStoreKeys = {"near_duplicate_bits"};
const std::vector<std::string> kExtractKeys = {"profile_min_pages",
                                                "profile_sample_pages"};
const std::vector<std::string> kSiteKeys = {
    "name",          "enabled",          "seeds",
    "feeds",         "sitemaps",         "allowed_hosts",
    "article_patterns", "listing_patterns", "max_depth",
    "max_pages",     "rules"};
const std::vector<std::string> kRulesKeys = {
    "body", "title", "date", "author", "lead", "drop", "drop_headings"};

std::string_view TypeName(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::none: break;
  }
  return "nothing";
}

// Lower-case host of an http(s) URL, or "" if `url` is not one.
std::string HostOf(std::string_view url) {
  std::string lower;
  for (char c : url.substr(0, 8)) {
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  std::size_t start;
  if (lower.rfind("https://", 0) == 0) {
    start = 8;
  } else if (lower.rfind("http://", 0) == 0) {
    start = 7;
  } else {
    return "";
  }
  std::size_t end = url.find_first_of("/?#", start);
  std::string_view authority = url.substr(start, end == std::string_view::npos
                                                     ? std::string_view::npos
                                                     : end - start);
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);
  }
  if (!authority.empty() && authority.front() != '[') {
    if (auto colon = authority.find(':'); colon != std::string_view::npos) {
      authority = authority.substr(0, colon);
    }
  }
  std::string host;
  for (char c : authority) {
    if (std::isspace(static_cast<unsigned char>(c))) return "";
    host += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return host;
}

// Walks the parsed TOML, filling a Config and collecting every error.
class Checker {
 public:
  explicit Checker(std::string source) : source_(std::move(source)) {}

  const std::vector<std::string>& errors() const { return errors_; }

  std::string Where(const toml::source_region& region) const {
    std::ostringstream out;
    out << source_ << ':' << region.begin.line << ':' << region.begin.column;
    return out.str();
  }

  void Error(const toml::source_region& region, std::string_view key,
             std::string_view what) {
    std::string line = Where(region);
    line += ": ";
    line += key;
    line += ": ";
    line += what;
    errors_.push_back(std::move(line));
  }

  // Reports keys of `table` that are not in `allowed`.
  void CheckKeys(const toml::table& table, const std::string& prefix,
                 const std::vector<std::string>& allowed) {
    for (auto&& [key, node] : table) {
      std::string_view name = key.str();
      if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) {
        continue;
      }
      std::string msg = "unknown key";
      std::string suggestion = Suggest(name, allowed, prefix);
      if (!suggestion.empty()) msg += "; did you mean '" + suggestion + "'?";
      Error(key.source(), prefix + std::string(name), msg);
    }
  }

  bool GetString(const toml::table& t, std::string_view key,
                 const std::string& prefix, std::string* out) {
    const toml::node* node = t.get(key);
    if (node == nullptr) return false;
    if (const auto* s = node->as_string()) {
      *out = s->get();
      return true;
    }
    Expected(*node, prefix, key, "a string");
    return false;
  }

  template <typename Int>
  bool GetInt(const toml::table& t, std::string_view key,
              const std::string& prefix, std::int64_t lo, std::int64_t hi,
              Int* out) {
    const toml::node* node = t.get(key);
    if (node == nullptr) return false;
    const auto* v = node->as_integer();
    if (v == nullptr || v->get() < lo || v->get() > hi) {
      Expected(*node, prefix, key,
               "an integer from " + std::to_string(lo) + " to " +
                   std::to_string(hi));
      return false;
    }
    *out = static_cast<Int>(v->get());
    return true;
  }

  bool GetSeconds(const toml::table& t, std::string_view key,
                  const std::string& prefix, double lo, double hi,
                  double* out) {
    const toml::node* node = t.get(key);
    if (node == nullptr) return false;
    double value = 0;
    bool is_number = false;
    if (const auto* f = node->as_floating_point()) {
      value = f->get();
      is_number = true;
    } else if (const auto* i = node->as_integer()) {
      value = static_cast<double>(i->get());
      is_number = true;
    }
    if (!is_number || !(value >= lo && value <= hi)) {
      std::ostringstream what;
      what << "a number of seconds from " << lo << " to " << hi;
      Expected(*node, prefix, key, what.str());
      return false;
    }
    *out = value;
    return true;
  }

  bool GetBool(const toml::table& t, std::string_view key,
               const std::string& prefix, bool* out) {
    const toml::node* node = t.get(key);
    if (node == nullptr) return false;
    if (const auto* b = node->as_boolean()) {
      *out = b->get();
      return true;
    }
    Expected(*node, prefix, key, "true or false");
    return false;
  }

  bool GetStrings(const toml::table& t, std::string_view key,
                  const std::string& prefix, std::vector<std::string>* out) {
    const toml::node* node = t.get(key);
    if (node == nullptr) return false;
    const auto* array = node->as_array();
    if (array == nullptr) {
      Expected(*node, prefix, key, "an array of strings");
      return false;
    }
    std::vector<std::string> values;
    bool good = true;
    for (const toml::node& element : *array) {
      if (const auto* s = element.as_string()) {
        values.push_back(s->get());
      } else {
        Expected(element, prefix, key, "an array of strings");
        good = false;
      }
    }
    if (good) *out = std::move(values);
    return good;
  }

  bool GetInts(const toml::table& t, std::string_view key,
               const std::string& prefix, std::int64_t lo, std::int64_t hi,
               std::vector<int>* out) {
    const toml::node* node = t.get(key);
    if (node == nullptr) return false;
    const auto* array = node->as_array();
    std::string what = "an array of integers from " + std::to_string(lo) +
                       " to " + std::to_string(hi);
    if (array == nullptr) {
      Expected(*node, prefix, key, what);
      return false;
    }
    std::vector<int> values;
    bool good = true;
    for (const toml::node& element : *array) {
      const auto* v = element.as_integer();
      if (v == nullptr || v->get() < lo || v->get() > hi) {
        Expected(element, prefix, key, what);
        good = false;
      } else {
        values.push_back(static_cast<int>(v->get()));
      }
    }
    if (good) *out = std::move(values);
    return good;
  }

 private:
  void Expected(const toml::node& node, const std::string& prefix,
                std::string_view key, std::string_view what) {
    std::ostringstream msg;
    msg << "expected " << what << ", got " << TypeName(node);
    if (const auto* s = node.as_string()) {
      msg << " \"" << s->get() << '"';
    } else if (const auto* i = node.as_integer()) {
      msg << ' ' << i->get();
    } else if (const auto* f = node.as_floating_point()) {
      msg << ' ' << f->get();
    }
    Error(node.source(), prefix + std::string(key), msg.str());
  }

  // The closest allowed sibling, else the closest key anywhere in the
  // schema (so `timeout` under [[site]] suggests `crawl.timeout`).
  static std::string Suggest(std::string_view name,
                             const std::vector<std::string>& allowed,
                             const std::string& prefix) {
    auto close_enough = [&](std::string_view candidate, std::size_t d) {
      return d <= std::max<std::size_t>(2, candidate.size() / 3);
    };
    std::string best;
    std::size_t best_d = std::string::npos;
    for (const std::string& candidate : allowed) {
      std::size_t d = EditDistance(name, candidate);
      if (d < best_d && close_enough(candidate, d)) {
        best_d = d;
        best = candidate;
      }
    }
    if (!best.empty()) return prefix + best;
    for (const std::string& full : KnownConfigKeys()) {
      std::string_view last = full;
      if (auto dot = last.rfind('.'); dot != std::string_view::npos) {
        last.remove_prefix(dot + 1);
      }
      std::size_t d = EditDistance(name, last);
      if (d < best_d && close_enough(last, d)) {
        best_d = d;
        best = full;
      }
    }
    return best;
  }

  std::string source_;
  std::vector<std::string> errors_;
};

void ReadCrawl(Checker& c, const toml::table& t, CrawlConfig* crawl) {
  const std::string p = "crawl.";
  c.CheckKeys(t, p, kCrawlKeys);
  if (c.GetString(t, "user_agent", p, &crawl->user_agent)) {
    const std::string& ua = crawl->user_agent;
    if (ua.find('@') == std::string::npos &&
        ua.find("http") == std::string::npos) {
      c.Error(t.get("user_agent")->source(), "crawl.user_agent",
              "must include a contact (an e-mail address or a URL) so site "
              "owners can reach you");
    }
  }
  c.GetInt(t, "concurrency", p, 1, 1024, &crawl->concurrency);
  c.GetInt(t, "per_host_connections", p, 1, 16, &crawl->per_host_connections);
  c.GetSeconds(t, "per_host_delay", p, 0, 600, &crawl->per_host_delay);
  c.GetSeconds(t, "connect_timeout", p, 0.1, 300, &crawl->connect_timeout);
  c.GetSeconds(t, "timeout", p, 0.1, 3600, &crawl->timeout);
  c.GetInt(t, "max_page_bytes", p, 1024, std::int64_t{1} << 30,
           &crawl->max_page_bytes);
  c.GetInt(t, "max_redirects", p, 0, 20, &crawl->max_redirects);
  c.GetInt(t, "retries", p, 0, 10, &crawl->retries);
  c.GetBool(t, "robots", p, &crawl->robots);
  c.GetInt(t, "max_pages", p, 0, std::int64_t{1} << 40, &crawl->max_pages);
  c.GetSeconds(t, "max_time", p, 0, 7 * 86400, &crawl->max_time);
  c.GetInts(t, "revisit_after_days", p, 0, 3650, &crawl->revisit_after_days);
}

void ReadRules(Checker& c, const toml::table& t, SiteRules* rules) {
  const std::string p = "site.rules.";
  c.CheckKeys(t, p, kRulesKeys);
  auto note = [&](std::string_view key) {
    if (const toml::node* node = t.get(key)) {
      rules->where[std::string(key)] = c.Where(node->source());
    }
  };
  for (auto [key, field] :
       {std::pair<std::string_view, std::string*>{"body", &rules->body},
        {"title", &rules->title},
        {"date", &rules->date},
        {"author", &rules->author},
        {"lead", &rules->lead}}) {
    if (c.GetString(t, key, p, field)) note(key);
  }
  if (c.GetStrings(t, "drop", p, &rules->drop)) note("drop");
  if (c.GetStrings(t, "drop_headings", p, &rules->drop_headings)) {
    note("drop_headings");
  }
}

void CheckUrls(Checker& c, const toml::table& t, std::string_view key,
               const std::vector<std::string>& urls) {
  const toml::node* node = t.get(key);
  if (node == nullptr) return;
  for (const std::string& url : urls) {
    if (HostOf(url).empty()) {
      c.Error(node->source(), "site." + std::string(key),
              "expected http:// or https:// URLs, got \"" + url + '"');
    }
  }
}

void CheckPatterns(Checker& c, const toml::table& t, std::string_view key,
                   const std::vector<std::string>& patterns) {
  const toml::node* node = t.get(key);
  if (node == nullptr) return;
  for (const std::string& pattern : patterns) {
    RE2::Options options;
    options.set_log_errors(false);
    RE2 re(pattern, options);
    if (!re.ok()) {
      c.Error(node->source(), "site." + std::string(key),
              "expected RE2 regular expressions; \"" + pattern +
                  "\" is not one: " + re.error());
    }
  }
}

void ReadSite(Checker& c, const toml::table& t, SiteConfig* site) {
  const std::string p = "site.";
  site->where = c.Where(t.source());
  c.CheckKeys(t, p, kSiteKeys);
  if (!c.GetString(t, "name", p, &site->name)) {
    if (t.get("name") == nullptr) {
      c.Error(t.source(), "site.name", "required: every [[site]] needs a name");
    }
  } else {
    const bool valid =
        !site->name.empty() &&
        std::all_of(site->name.begin(), site->name.end(), [](char ch) {
          return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
                 ch == '_' || ch == '-' || ch == '.';
        });
    if (!valid) {
      c.Error(t.get("name")->source(), "site.name",
              "expected lower-case letters, digits, '.', '_' or '-', got \"" +
                  site->name + '"');
    }
  }
  c.GetBool(t, "enabled", p, &site->enabled);
  if (c.GetStrings(t, "seeds", p, &site->seeds)) {
    CheckUrls(c, t, "seeds", site->seeds);
  }
  if (c.GetStrings(t, "feeds", p, &site->feeds)) {
    CheckUrls(c, t, "feeds", site->feeds);
  }
  if (c.GetStrings(t, "sitemaps", p, &site->sitemaps)) {
    CheckUrls(c, t, "sitemaps", site->sitemaps);
  }
  if (c.GetStrings(t, "allowed_hosts", p, &site->allowed_hosts)) {
    for (std::string& host : site->allowed_hosts) {
      std::transform(host.begin(), host.end(), host.begin(), [](char ch) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      });
    }
  }
  if (c.GetStrings(t, "article_patterns", p, &site->article_patterns)) {
    CheckPatterns(c, t, "article_patterns", site->article_patterns);
  }
  if (c.GetStrings(t, "listing_patterns", p, &site->listing_patterns)) {
    CheckPatterns(c, t, "listing_patterns", site->listing_patterns);
  }
  c.GetInt(t, "max_depth", p, 0, 100, &site->max_depth);
  c.GetInt(t, "max_pages", p, 0, std::int64_t{1} << 40, &site->max_pages);
  if (const toml::node* rules = t.get("rules")) {
    if (const auto* rt = rules->as_table()) {
      ReadRules(c, *rt, &site->rules);
    } else {
      c.Error(rules->source(), "site.rules",
              std::string("expected a [site.rules] table, got ") +
                  std::string(TypeName(*rules)));
    }
  }
  if (site->seeds.empty() && site->feeds.empty() && site->sitemaps.empty()) {
    c.Error(t.source(), "site", "site \"" + site->name +
                                    "\" has nothing to crawl: set seeds, "
                                    "feeds or sitemaps");
  }
  if (site->allowed_hosts.empty()) {
    std::set<std::string> hosts;
    for (const auto* list : {&site->seeds, &site->feeds, &site->sitemaps}) {
      for (const std::string& url : *list) {
        if (std::string host = HostOf(url); !host.empty()) hosts.insert(host);
      }
    }
    site->allowed_hosts.assign(hosts.begin(), hosts.end());
  }
}

Config Read(Checker& c, const toml::table& root) {
  Config config;
  c.CheckKeys(root, "", kTopKeys);
  if (const toml::node* node = root.get("crawl")) {
    if (const auto* t = node->as_table()) {
      ReadCrawl(c, *t, &config.crawl);
    } else {
      c.Error(node->source(), "crawl", "expected a [crawl] table");
    }
  }
  if (const toml::node* node = root.get("store")) {
    if (const auto* t = node->as_table()) {
      c.CheckKeys(*t, "store.", kStoreKeys);
      c.GetInt(*t, "near_duplicate_bits", "store.", 0, 32,
               &config.store.near_duplicate_bits);
    } else {
      c.Error(node->source(), "store", "expected a [store] table");
    }
  }
  if (const toml::node* node = root.get("extract")) {
    if (const auto* t = node->as_table()) {
      c.CheckKeys(*t, "extract.", kExtractKeys);
      c.GetInt(*t, "profile_min_pages", "extract.", 1, 1000000,
               &config.extract.profile_min_pages);
      c.GetInt(*t, "profile_sample_pages", "extract.", 1, 10000000,
               &config.extract.profile_sample_pages);
    } else {
      c.Error(node->source(), "extract", "expected an [extract] table");
    }
  }
  if (const toml::node* node = root.get("site")) {
    const auto* array = node->as_array();
    if (array == nullptr || !array->is_array_of_tables()) {
      c.Error(node->source(), "site",
              "expected [[site]] tables (an array of tables), got " +
                  std::string(TypeName(*node)));
    } else {
      std::map<std::string, std::string> seen;  // name -> where
      for (const toml::node& element : *array) {
        SiteConfig site;
        ReadSite(c, *element.as_table(), &site);
        if (!site.name.empty()) {
          auto [it, inserted] = seen.emplace(site.name, site.where);
          if (!inserted) {
            c.Error(element.source(), "site.name",
                    "duplicate site name \"" + site.name +
                        "\" (first defined at " + it->second + ")");
          }
        }
        config.sites.push_back(std::move(site));
      }
    }
  }
  return config;
}

}  // namespace

const SiteConfig* Config::FindSite(std::string_view name) const {
  for (const SiteConfig& site : sites) {
    if (site.name == name) return &site;
  }
  return nullptr;
}

const std::vector<std::string>& KnownConfigKeys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> all;
    for (const auto& k : kCrawlKeys) all.push_back("crawl." + k);
    for (const auto& k : kStoreKeys) all.push_back("store." + k);
    for (const auto& k : kExtractKeys) all.push_back("extract." + k);
    for (const auto& k : kSiteKeys) all.push_back("site." + k);
    for (const auto& k : kRulesKeys) all.push_back("site.rules." + k);
    return all;
  }();
  return keys;
}

std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[b.size()];
}

Result<Config> ParseConfig(std::string_view text, std::string_view source_name) {
  toml::table root;
  try {
    root = toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    // toml++ reports syntax errors as exceptions; this is the one place they
    // become a Status.
    std::ostringstream msg;
    msg << source_name << ':' << e.source().begin.line << ':'
        << e.source().begin.column << ": " << e.description();
    return Status::InvalidArgument(msg.str());
  }
  Checker checker{std::string(source_name)};
  Config config = Read(checker, root);
  if (!checker.errors().empty()) {
    std::string msg;
    for (const std::string& line : checker.errors()) {
      if (!msg.empty()) msg += '\n';
      msg += line;
    }
    return Status::InvalidArgument(msg);
  }
  config.path = std::string(source_name);
  return config;
}

Result<Config> LoadConfig(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return PosixError("open config " + path, errno);
  std::string text;
  char buffer[65536];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) {
    text.append(buffer, n);
    if (text.size() > kMaxConfigBytes) {
      std::fclose(file);
      return Status::TooLarge("config " + path + " is larger than 4 MiB");
    }
  }
  const bool failed = std::ferror(file) != 0;
  const int error = errno;
  std::fclose(file);
  if (failed) return PosixError("read config " + path, error);
  return ParseConfig(text, path);
}

}  // namespace newscrawl
