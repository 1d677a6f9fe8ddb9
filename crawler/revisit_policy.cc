#include "crawler/revisit_policy.h"

#include <algorithm>

namespace newscrawl {
namespace {

constexpr std::int64_t kDay = 24 * 3600;

}  // namespace

RevisitOptions RevisitOptions::FromConfig(const CrawlConfig& crawl) {
  RevisitOptions options;
  options.revisit_after_days = crawl.revisit_after_days;
  return options;
}

RevisitPolicy::RevisitPolicy(RevisitOptions options) : options_(std::move(options)) {
  std::vector<int>& days = options_.revisit_after_days;
  days.erase(std::remove_if(days.begin(), days.end(), [](int d) { return d <= 0; }),
             days.end());
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  options_.max_failures = std::max(1, options_.max_failures);
  options_.failure_backoff = std::max<std::int64_t>(0, options_.failure_backoff);
  options_.slack = std::max<std::int64_t>(0, options_.slack);
}

RevisitDecision RevisitPolicy::Decide(const UrlState& state, std::int64_t now) const {
  RevisitDecision d;
  const bool fetched = state.last_fetched.has_value();
  const bool every_run = state.kind == CrawlKind::kFeed ||
                         state.kind == CrawlKind::kSitemap ||
                         state.kind == CrawlKind::kListing;
  d.revisit = fetched;
  d.priority = CrawlPriority(state.kind, fetched);

  if (state.failures > 0) {
    if (!every_run && state.failures >= options_.max_failures) return d;  // give up
    const int shift = std::min(state.failures - 1, 20);
    const std::int64_t backoff =
        std::min(options_.max_failure_backoff, options_.failure_backoff << shift);
    const std::int64_t due = state.last_attempt.value_or(now) + backoff;
    d.fetch_now = now >= due - options_.slack;
    d.next_due = due;
    return d;
  }
  if (every_run) {
    d.fetch_now = true;
    d.next_due = now;
    return d;
  }
  const std::vector<int>& days = options_.revisit_after_days;
  if (!fetched) {
    d.fetch_now = true;
    if (state.kind == CrawlKind::kArticle && !days.empty()) {
      d.next_due = now + days.front() * kDay;
    }
    return d;
  }
  if (state.kind != CrawlKind::kArticle) return d;  // other pages: once

  const std::int64_t first = state.first_fetched.value_or(*state.last_fetched);
  // The first revisit point after `t` (with slack), or nullopt.
  auto point_after = [&](std::int64_t t) -> std::optional<std::int64_t> {
    for (int day : days) {
      const std::int64_t point = first + day * kDay;
      if (point > t + options_.slack) return point;
    }
    return std::nullopt;
  };
  const std::optional<std::int64_t> due = point_after(*state.last_fetched);
  if (!due) return d;  // schedule done: never again
  if (now >= *due - options_.slack) {
    d.fetch_now = true;
    d.next_due = point_after(now);
  } else {
    d.next_due = due;
  }
  return d;
}

}  // namespace newscrawl
