#include "crawler/robots_txt.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

#include "config/ascii.h"
#include "crawler/percent_encoding.h"

namespace newscrawl {
namespace {

constexpr std::size_t kMaxSitemaps = 1000;
constexpr std::size_t kMaxSitemapUrlBytes = 8 * 1024;

enum class Key {
  kUnknown,
  kUserAgent,
  kAllow,
  kDisallow,
  kCrawlDelay,
  kSitemap
};

Key ParseKey(std::string_view raw) {
  const std::string key = AsciiLower(raw);
  if (key == "user-agent" || key == "useragent" || key == "user agent" ||
      key == "user_agent") {
    return Key::kUserAgent;
  }
  if (key == "allow") return Key::kAllow;
  // Common misspellings, accepted as Google's parser does.
  if (key == "disallow" || key == "dissallow" || key == "dissalow" ||
      key == "disalow" || key == "diasllow" || key == "disallaw") {
    return Key::kDisallow;
  }
  if (key == "crawl-delay" || key == "crawldelay" || key == "crawl_delay") {
    return Key::kCrawlDelay;
  }
  if (key == "sitemap" || key == "site-map") return Key::kSitemap;
  return Key::kUnknown;
}

// Splits "key: value" (or "key value" for keys we know); false for
// lines that are neither.
bool SplitLine(std::string_view line, std::string_view* key,
               std::string_view* value) {
  const std::size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    *key = TrimAsciiSpace(line.substr(0, colon));
    *value = TrimAsciiSpace(line.substr(colon + 1));
    return !key->empty();
  }
  const std::size_t space = line.find_first_of(" \t");
  if (space == std::string_view::npos) return false;
  *key = TrimAsciiSpace(line.substr(0, space));
  *value = TrimAsciiSpace(line.substr(space + 1));
  // Without a colon only a single-word value is plausible.
  return !value->empty() &&
         value->find_first_of(" \t") == std::string_view::npos &&
         ParseKey(*key) != Key::kUnknown;
}

// Collapses runs of '*' and normalises escapes; a '$' other than the last
// character stays literal.
std::string NormalizePattern(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '*' && !out.empty() && out.back() == '*') continue;
    out.push_back(c);
  }
  return NormalizePercentEncoding(out);
}

}  // namespace

std::string ProductToken(std::string_view user_agent) {
  user_agent = TrimAsciiSpace(user_agent);
  std::size_t n = 0;
  while (n < user_agent.size()) {
    const char c = user_agent[n];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    c == '_' || c == '-';
    if (!ok) break;
    ++n;
  }
  return AsciiLower(user_agent.substr(0, n));
}

RobotsTxt RobotsTxt::DisallowAll() {
  RobotsTxt robots;
  robots.rules_.push_back(Rule{"/", false, 1});
  return robots;
}

RobotsTxt RobotsTxt::Parse(std::string_view text, std::string_view user_agent) {
  const std::string token = ProductToken(user_agent);
  if (text.size() > kMaxRobotsBytes) {
    // Parse whole lines only: a cut line could become a broader rule.
    text = text.substr(0, kMaxRobotsBytes);
    text = text.substr(0, text.find_last_of("\r\n") + 1);
  }
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);

  RobotsTxt robots;
  std::vector<Rule> specific_rules;
  std::vector<Rule> global_rules;
  std::optional<double> specific_delay;
  std::optional<double> global_delay;
  bool seen_specific = false;
  // State of the group being read.
  bool group_specific = false;
  bool group_global = false;
  bool in_rules = false;  // a rule was seen since the last user-agent line

  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (line.size() > kMaxRobotsLineBytes) continue;
    line = line.substr(0, line.find('#'));
    std::string_view raw_key;
    std::string_view value;
    if (!SplitLine(TrimAsciiSpace(line), &raw_key, &value)) continue;

    switch (ParseKey(raw_key)) {
      case Key::kUserAgent: {
        if (in_rules) {
          group_specific = group_global = false;
          in_rules = false;
        }
        if (!value.empty() && value.front() == '*') {
          group_global = true;
        } else {
          const std::string agent = ProductToken(value);
          if (!agent.empty() && agent == token) {
            group_specific = true;
            seen_specific = true;
          }
        }
        break;
      }
      case Key::kAllow:
      case Key::kDisallow: {
        in_rules = true;
        if (value.empty()) break;  // "Disallow:" allows everything
        const Rule rule{NormalizePattern(value),
                        ParseKey(raw_key) == Key::kAllow};
        if (group_specific) specific_rules.push_back(rule);
        if (group_global) global_rules.push_back(rule);
        break;
      }
      case Key::kCrawlDelay: {
        in_rules = true;
        double delay = 0;
        const auto [ptr, ec] =
            std::from_chars(value.data(), value.data() + value.size(), delay);
        if (ec != std::errc() || !std::isfinite(delay) || delay < 0) break;
        if (group_specific && !specific_delay) specific_delay = delay;
        if (group_global && !global_delay) global_delay = delay;
        break;
      }
      case Key::kSitemap:
        if (!value.empty() && value.size() <= kMaxSitemapUrlBytes &&
            robots.sitemaps_.size() < kMaxSitemaps) {
          robots.sitemaps_.emplace_back(value);
        }
        break;
      case Key::kUnknown:
        break;
    }
  }

  robots.rules_ =
      seen_specific ? std::move(specific_rules) : std::move(global_rules);
  robots.crawl_delay_ = seen_specific ? specific_delay : global_delay;
  for (Rule& rule : robots.rules_) {
    rule.literal_prefix =
        std::min(rule.pattern.find_first_of("*$"), rule.pattern.size());
  }
  std::stable_sort(robots.rules_.begin(), robots.rules_.end(),
                   [](const Rule& a, const Rule& b) {
                     if (a.pattern.size() != b.pattern.size()) {
                       return a.pattern.size() > b.pattern.size();
                     }
                     return a.allow && !b.allow;
                   });
  return robots;
}

bool RobotsTxt::IsAllowed(std::string_view path_and_query) const {
  if (rules_.empty()) return true;
  const std::string path = NormalizePercentEncoding(
      path_and_query.empty() ? std::string_view("/") : path_and_query);
  if (path == "/robots.txt") return true;
  for (const Rule& rule : rules_) {
    // Cheap rejection on the literal prefix before the full glob match.
    if (rule.literal_prefix > path.size() ||
        std::memcmp(rule.pattern.data(), path.data(), rule.literal_prefix) !=
            0) {
      continue;
    }
    if (Matches(rule.pattern, path)) return rule.allow;
  }
  return true;
}

// Glob match of `pattern` against a prefix of `path` (the whole path if
// the pattern ends in '$').  Greedy with backtracking to the last '*':
// linear in practice, O(|pattern| * |path|) at worst, no recursion.
bool RobotsTxt::Matches(std::string_view pattern, std::string_view path) {
  bool anchored = false;
  if (!pattern.empty() && pattern.back() == '$') {
    anchored = true;
    pattern.remove_suffix(1);
  }
  std::size_t p = 0;
  std::size_t s = 0;
  std::size_t star = std::string_view::npos;
  std::size_t mark = 0;
  while (true) {
    if (p == pattern.size()) {
      if (!anchored || s == path.size()) return true;
    } else if (pattern[p] == '*') {
      star = p++;
      mark = s;
      continue;
    } else if (s < path.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
      continue;
    }
    // Mismatch: let the last '*' swallow one more character.
    if (star == std::string_view::npos || mark >= path.size()) return false;
    s = ++mark;
    p = star + 1;
  }
}

}  // namespace newscrawl
