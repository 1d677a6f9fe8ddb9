#include "crawler/revisit_policy.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace newscrawl {
namespace {

constexpr std::int64_t kDay = 24 * 3600;

}  // namespace

RevisitOptions RevisitOptions::FromConfig(const CrawlConfig& crawl) {
  RevisitOptions options;
  options.revisit_after_days = crawl.revisit_after_days;
  return options;
}

RevisitPolicy::RevisitPolicy(RevisitOptions options)
    : options_(std::move(options)) {
  std::vector<int>& days = options_.revisit_after_days;
  days.erase(
      std::remove_if(days.begin(), days.end(), [](int d) { return d <= 0; }),
      days.end());
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  options_.max_failures = std::max(1, options_.max_failures);
  options_.failure_backoff =
      std::max<std::int64_t>(1, options_.failure_backoff);
  options_.max_failure_backoff =
      std::max(options_.failure_backoff, options_.max_failure_backoff);
  options_.slack = std::max<std::int64_t>(0, options_.slack);
}

bool RevisitPolicy::EveryRun(UrlKind kind) {
  return kind == UrlKind::kFeed || kind == UrlKind::kSitemap ||
         kind == UrlKind::kListing || kind == UrlKind::kRobots;
}

bool RevisitPolicy::Due(const UrlState& state, std::int64_t now) const {
  if (state.fetch_count == 0 && state.fail_count == 0) return true;  // new
  if (EveryRun(state.kind) &&
      (state.fail_count == 0 || state.next_revisit == 0)) {
    return true;
  }
  return state.next_revisit != 0 && now >= state.next_revisit - options_.slack;
}

std::int64_t RevisitPolicy::DueUntil(std::int64_t now) const {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  return now > kMax - options_.slack ? kMax : now + options_.slack;
}

std::int64_t RevisitPolicy::AfterResponse(UrlKind kind,
                                          std::uint32_t responses_before,
                                          std::int64_t now) const {
  if (EveryRun(kind)) return now;
  if (kind != UrlKind::kArticle) return 0;
  const std::vector<int>& days = options_.revisit_after_days;
  // This response is number responses_before + 1; the next revisit is
  // days[responses_before], days[responses_before - 1] after this one.
  if (responses_before >= days.size()) return 0;
  const int previous = responses_before == 0 ? 0 : days[responses_before - 1];
  return now + (days[responses_before] - previous) * kDay;
}

std::int64_t RevisitPolicy::AfterFailure(UrlKind kind, std::uint32_t failures,
                                         std::int64_t now) const {
  failures = std::max<std::uint32_t>(failures, 1);
  if (!EveryRun(kind) &&
      failures >= static_cast<std::uint32_t>(options_.max_failures)) {
    return 0;
  }
  const unsigned shift = std::min<std::uint32_t>(failures - 1, 20);
  const std::int64_t backoff =
      std::min(options_.max_failure_backoff, options_.failure_backoff << shift);
  return now + backoff;
}

FrontierPriority RevisitPolicy::Priority(const UrlState& state) {
  return DefaultPriority(state.kind, state.fetch_count > 0);
}

}  // namespace newscrawl
