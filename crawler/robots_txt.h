// RobotsTxt: the rules of one robots.txt file (RFC 9309) that apply to one
// crawler.  Parse() keeps only the group(s) for our product token, or the
// "*" group(s) when none names us; groups for the same agent are merged,
// as are user-agent lines grouped over one set of rules.
//
// Matching: the longest matching Allow/Disallow pattern wins and Allow wins
// a tie; "*" matches any run of characters and a trailing "$" anchors the
// end; pattern and path are compared with percent-encoding normalised
// (crawler/percent_encoding.h).  "/robots.txt" is always allowed.
//
// Bounds: only the first kMaxRobotsBytes of a file are parsed (the rest is
// ignored, as the RFC allows); lines longer than kMaxRobotsLineBytes and
// lines that are not "key: value" are ignored.
//
// Thread safety: immutable after Parse(); concurrent IsAllowed() is fine.
#ifndef NEWSCRAWL_CRAWLER_ROBOTS_TXT_H_
#define NEWSCRAWL_CRAWLER_ROBOTS_TXT_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newscrawl {

inline constexpr std::size_t kMaxRobotsBytes = 500 * 1024;
inline constexpr std::size_t kMaxRobotsLineBytes = 4096;

class RobotsTxt {
 public:
  // Rules that allow everything (no robots.txt, or a 4xx).
  RobotsTxt() = default;
  static RobotsTxt AllowAll() { return RobotsTxt(); }
  // Rules that forbid everything (a 5xx or an unreachable server).
  static RobotsTxt DisallowAll();

  // Parses `text` for the crawler whose User-Agent header is `user_agent`
  // (its product token, see ProductToken(), is what groups are matched
  // against, case-insensitively).  Never fails: garbage is ignored.
  static RobotsTxt Parse(std::string_view text, std::string_view user_agent);

  // Whether `path_and_query` ("/a/b?x=1"; "" means "/") may be fetched.
  bool IsAllowed(std::string_view path_and_query) const;

  // Crawl-delay of the chosen group, in seconds, if it had a valid one.
  std::optional<double> crawl_delay() const { return crawl_delay_; }

  // Sitemap URLs listed anywhere in the file, in order (as written).
  const std::vector<std::string>& sitemaps() const { return sitemaps_; }

  // Number of Allow/Disallow rules that apply to us.
  std::size_t rule_count() const { return rules_.size(); }

 private:
  struct Rule {
    std::string pattern;  // normalised; consecutive '*' collapsed
    bool allow = false;
    std::size_t literal_prefix = 0;  // bytes before the first '*' or '$'
  };
  static bool Matches(std::string_view pattern, std::string_view path);

  std::vector<Rule> rules_;  // longest pattern first, Allow before Disallow
  std::optional<double> crawl_delay_;
  std::vector<std::string> sitemaps_;
};

// The product token of a User-Agent value: its leading run of
// [A-Za-z_-] ("newscrawl/0.1 (+https://...)" -> "newscrawl").
std::string ProductToken(std::string_view user_agent);

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWLER_ROBOTS_TXT_H_
