#include "crawler/robots_cache.h"

#include <algorithm>
#include <utility>

namespace newscrawl {

RobotsCacheOptions RobotsCacheOptions::FromConfig(const CrawlConfig& crawl) {
  RobotsCacheOptions options;
  options.user_agent = crawl.user_agent;
  options.obey = crawl.robots;
  options.per_host_delay = crawl.per_host_delay;
  return options;
}

RobotsCache::RobotsCache(RobotsCacheOptions options)
    : options_(std::move(options)) {}

RobotsVerdict RobotsCache::Check(const Url& url, TimePoint now) const {
  if (!options_.obey) return RobotsVerdict::kAllowed;
  if (url.path() == "/robots.txt" && url.query().empty()) {
    return RobotsVerdict::kAllowed;
  }
  const RobotsTxt* rules = Find(url.Origin(), now);
  if (rules == nullptr) return RobotsVerdict::kUnknown;
  return rules->IsAllowed(url.PathAndQuery()) ? RobotsVerdict::kAllowed
                                              : RobotsVerdict::kDisallowed;
}

std::string RobotsCache::RobotsUrl(const Url& url) {
  return url.Origin() + "/robots.txt";
}

void RobotsCache::Record(std::string_view origin, int http_status,
                         std::string_view body, TimePoint now) {
  if (http_status >= 200 && http_status < 300) {
    Put(origin, RobotsTxt::Parse(body, options_.user_agent),
        now + options_.expiry, now);
  } else if (http_status == 429 || http_status >= 500 || http_status < 100) {
    Put(origin, RobotsTxt::DisallowAll(), now + options_.error_retry, now);
  } else {
    // 1xx/3xx that the fetcher could not resolve, and 4xx: unavailable.
    Put(origin, RobotsTxt::AllowAll(), now + options_.expiry, now);
  }
}

void RobotsCache::RecordUnreachable(std::string_view origin, TimePoint now) {
  Put(origin, RobotsTxt::DisallowAll(), now + options_.error_retry, now);
}

const RobotsTxt* RobotsCache::Find(std::string_view origin,
                                   TimePoint now) const {
  const auto it = entries_.find(origin);
  if (it == entries_.end() || now >= it->second.expires) return nullptr;
  return &it->second.rules;
}

double RobotsCache::CrawlDelay(std::string_view origin) const {
  double delay = std::max(0.0, options_.per_host_delay);
  if (!options_.obey) return delay;
  const auto it = entries_.find(origin);
  if (it != entries_.end() && it->second.rules.crawl_delay()) {
    delay = std::max(delay, std::min(*it->second.rules.crawl_delay(),
                                     options_.max_crawl_delay));
  }
  return delay;
}

void RobotsCache::Put(std::string_view origin, RobotsTxt rules,
                      TimePoint expires, TimePoint now) {
  auto it = entries_.find(origin);
  if (it != entries_.end()) {
    it->second = Entry{std::move(rules), expires};
    return;
  }
  if (entries_.size() >= options_.max_origins && !entries_.empty()) {
    // Drop expired entries; if none, the one expiring first.
    std::erase_if(entries_,
                  [&](const auto& e) { return now >= e.second.expires; });
    if (entries_.size() >= options_.max_origins) {
      entries_.erase(std::min_element(
          entries_.begin(), entries_.end(), [](const auto& a, const auto& b) {
            return a.second.expires < b.second.expires;
          }));
    }
  }
  entries_.emplace(std::string(origin), Entry{std::move(rules), expires});
}

}  // namespace newscrawl
