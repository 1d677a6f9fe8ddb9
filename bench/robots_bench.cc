// robots_bench: robots.txt matching speed of RobotsTxt (rules sorted by
// length, first match wins, greedy glob) against a naive peer in the same
// run: every rule tested with the position-set matcher of Google's
// robots.cc (O(path * pattern)), longest match kept.  Both must agree on
// every verdict.  Also reports parse throughput.
//
//   robots_bench [paths=200000] [rules=400]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "crawler/robots_txt.h"

namespace {

using newscrawl::RobotsTxt;

struct NaiveRule {
  std::string pattern;
  bool allow;
};

// Google robots.cc RobotsMatchStrategy::Matches, in spirit.
bool NaiveMatches(const std::string& path, const std::string& pattern) {
  const std::size_t pathlen = path.size();
  std::vector<std::size_t> pos(pathlen + 1);
  std::size_t numpos = 1;
  pos[0] = 0;
  for (std::size_t pi = 0; pi < pattern.size(); ++pi) {
    const char pat = pattern[pi];
    if (pat == '$' && pi + 1 == pattern.size())
      return pos[numpos - 1] == pathlen;
    if (pat == '*') {
      numpos = pathlen - pos[0] + 1;
      for (std::size_t i = 1; i < numpos; ++i) pos[i] = pos[i - 1] + 1;
    } else {
      std::size_t newnumpos = 0;
      for (std::size_t i = 0; i < numpos; ++i) {
        if (pos[i] < pathlen && path[pos[i]] == pat)
          pos[newnumpos++] = pos[i] + 1;
      }
      numpos = newnumpos;
      if (numpos == 0) return false;
    }
  }
  return true;
}

bool NaiveAllowed(const std::vector<NaiveRule>& rules,
                  const std::string& path) {
  int best_allow = -1;
  int best_disallow = -1;
  for (const NaiveRule& r : rules) {
    if (!NaiveMatches(path, r.pattern)) continue;
    const int len = static_cast<int>(r.pattern.size());
    if (r.allow) {
      best_allow = std::max(best_allow, len);
    } else {
      best_disallow = std::max(best_disallow, len);
    }
  }
  return best_disallow < 0 || best_allow >= best_disallow;
}

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace

int main(int argc, char** argv) {
  const int num_paths = argc > 1 ? std::atoi(argv[1]) : 200000;
  const int num_rules = argc > 2 ? std::atoi(argv[2]) : 400;
  std::mt19937 rng(42);
  const std::vector<std::string> sections = {
      "thoi-su",  "cong-doan", "viec-lam", "phap-luat", "xa-hoi", "kinh-te",
      "the-thao", "admin",     "tim-kiem", "api",       "tag",    "video"};
  auto pick = [&](const std::vector<std::string>& v) {
    return v[rng() % v.size()];
  };

  std::string text = "User-agent: *\n";
  std::vector<NaiveRule> naive;
  for (int i = 0; i < num_rules; ++i) {
    std::string pattern = "/";
    pattern.append(pick(sections));
    switch (i % 5) {
      case 0:
        pattern.append("/").append(std::to_string(rng() % 1000));
        break;
      case 1:
        pattern.append("/*?*sort=").append(std::to_string(i));
        break;
      case 2:
        pattern.append("/*.json$");
        break;
      case 3:
        pattern.append("/*/print/").append(std::to_string(i));
        break;
      default:
        pattern.append("-").append(std::to_string(i)).append("/");
        break;
    }
    const bool allow = i % 7 == 0;
    text.append(allow ? "Allow: " : "Disallow: ").append(pattern).append("\n");
    naive.push_back({pattern, allow});
  }
  std::vector<std::string> paths;
  paths.reserve(static_cast<std::size_t>(std::max(0, num_paths)));
  for (int i = 0; i < num_paths; ++i) {
    std::string p = "/";
    p.append(pick(sections)).append("/");
    if (i % 3 == 0) p.append(std::to_string(rng() % 1000)).append("/");
    p.append("bai-viet-ve-cong-nhan-va-nguoi-lao-dong-")
        .append(std::to_string(rng() % 10000000));
    p.append((i % 4 == 0) ? ".json" : ".html");
    if (i % 6 == 0)
      p.append("?page=2&sort=").append(std::to_string(rng() % 400));
    paths.push_back(std::move(p));
  }

  auto start = std::chrono::steady_clock::now();
  const int parse_reps = 200;
  std::size_t rule_count = 0;
  for (int i = 0; i < parse_reps; ++i) {
    rule_count += RobotsTxt::Parse(text, "newscrawl/0.1").rule_count();
  }
  const double parse_s = Seconds(start);
  const RobotsTxt robots = RobotsTxt::Parse(text, "newscrawl/0.1");

  start = std::chrono::steady_clock::now();
  std::size_t allowed = 0;
  for (const std::string& p : paths) allowed += robots.IsAllowed(p) ? 1u : 0u;
  const double ours_s = Seconds(start);

  start = std::chrono::steady_clock::now();
  std::vector<char> naive_verdicts;
  naive_verdicts.reserve(paths.size());
  for (const std::string& p : paths)
    naive_verdicts.push_back(NaiveAllowed(naive, p) ? 1 : 0);
  const double naive_s = Seconds(start);

  std::size_t naive_allowed = 0;
  std::size_t disagreements = 0;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    naive_allowed += naive_verdicts[i] != 0 ? 1u : 0u;
    if ((naive_verdicts[i] != 0) != robots.IsAllowed(paths[i])) ++disagreements;
  }

  std::printf("robots.txt: %d rules, %zu bytes; %d paths, %zu allowed\n",
              num_rules, text.size(), num_paths, allowed);
  std::printf("parse: %.1f MB/s (%zu rules parsed)\n",
              static_cast<double>(text.size()) * parse_reps / parse_s / 1e6,
              rule_count);
  std::printf("RobotsTxt::IsAllowed: %.0f matches/s\n", num_paths / ours_s);
  std::printf("naive peer (all rules, position sets): %.0f matches/s\n",
              num_paths / naive_s);
  std::printf("ratio: %.1fx\n", naive_s / ours_s);
  std::printf("disagreements: %zu (naive allowed %zu)\n", disagreements,
              naive_allowed);
  return disagreements == 0 ? 0 : 1;
}
