#include "crawler/host_scheduler.h"

#include <algorithm>
#include <cmath>

namespace newscrawl {
namespace {

// A duration of `s` seconds, clamped to [0, 30 days] so that absurd
// delays cannot overflow the clock's representation.
HostScheduler::Clock::duration Seconds(double s) {
  constexpr double kMax = 30.0 * 24 * 3600;
  const double clamped = std::isfinite(s) ? std::clamp(s, 0.0, kMax) : kMax;
  return std::chrono::duration_cast<HostScheduler::Clock::duration>(
      std::chrono::duration<double>(clamped));
}

}  // namespace

HostSchedulerOptions HostSchedulerOptions::FromConfig(
    const CrawlConfig& crawl) {
  HostSchedulerOptions options;
  options.global_connections = crawl.concurrency;
  options.per_host_connections = crawl.per_host_connections;
  options.per_host_delay = crawl.per_host_delay;
  return options;
}

HostScheduler::HostScheduler(HostSchedulerOptions options) : options_(options) {
  options_.global_connections = std::max(1, options_.global_connections);
  options_.per_host_connections = std::max(1, options_.per_host_connections);
  options_.per_host_delay = std::max(0.0, options_.per_host_delay);
  options_.max_backoff = std::max(0.0, options_.max_backoff);
}

HostScheduler::Host& HostScheduler::Get(std::string_view host) {
  auto it = hosts_.find(host);
  if (it == hosts_.end()) it = hosts_.emplace(std::string(host), Host()).first;
  return it->second;
}

void HostScheduler::Enqueue(std::string_view host, std::size_t count) {
  Get(host).pending += count;
  total_pending_ += count;
}

void HostScheduler::DropPending(std::string_view host) {
  const auto it = hosts_.find(host);
  if (it == hosts_.end()) return;
  total_pending_ -= it->second.pending;
  it->second.pending = 0;
}

std::size_t HostScheduler::pending(std::string_view host) const {
  const auto it = hosts_.find(host);
  return it == hosts_.end() ? 0 : it->second.pending;
}

int HostScheduler::in_flight(std::string_view host) const {
  const auto it = hosts_.find(host);
  return it == hosts_.end() ? 0 : it->second.in_flight;
}

void HostScheduler::SetCrawlDelay(std::string_view host, double seconds) {
  Get(host).crawl_delay = std::isfinite(seconds) ? std::max(0.0, seconds) : 0.0;
}

double HostScheduler::DelayOf(const Host& h) const {
  return std::max(options_.per_host_delay, h.crawl_delay) * h.throttle;
}

double HostScheduler::Delay(std::string_view host) const {
  const auto it = hosts_.find(host);
  return it == hosts_.end() ? options_.per_host_delay : DelayOf(it->second);
}

HostScheduler::TimePoint HostScheduler::ReadyAt(const Host& h) const {
  TimePoint ready = h.blocked_until;
  if (h.last_start)
    ready = std::max(ready, *h.last_start + Seconds(DelayOf(h)));
  return ready;
}

HostScheduler::Next HostScheduler::NextReady(TimePoint now) const {
  Next next;
  if (total_in_flight_ >= options_.global_connections) return next;
  const std::string* best = nullptr;
  TimePoint best_ready{};
  for (const auto& [name, h] : hosts_) {
    if (h.pending == 0 || h.in_flight >= options_.per_host_connections)
      continue;
    const TimePoint ready = ReadyAt(h);
    if (best == nullptr || ready < best_ready) {
      best = &name;
      best_ready = ready;
    }
  }
  if (best == nullptr) return next;
  if (best_ready <= now) {
    next.host = *best;
  } else {
    next.wake = best_ready;
  }
  return next;
}

void HostScheduler::Start(std::string_view host, TimePoint now) {
  Host& h = Get(host);
  if (h.pending > 0) {
    --h.pending;
    --total_pending_;
  }
  ++h.in_flight;
  ++total_in_flight_;
  h.last_start = now;
}

void HostScheduler::Finish(std::string_view host, TimePoint now,
                           FetchOutcome outcome,
                           std::optional<double> retry_after) {
  Host& h = Get(host);
  if (h.in_flight > 0) {
    --h.in_flight;
    --total_in_flight_;
  }
  if (outcome == FetchOutcome::kOk) {
    h.errors = 0;
    return;
  }
  h.errors = std::min(h.errors + 1, 30);
  if (outcome == FetchOutcome::kThrottled)
    h.throttle = std::min(h.throttle * 2, 16.0);
  double backoff = DelayOf(h) * std::ldexp(1.0, h.errors);
  if (outcome == FetchOutcome::kThrottled && retry_after &&
      std::isfinite(*retry_after)) {
    backoff = std::max(backoff, *retry_after);
  }
  backoff = std::min(backoff, options_.max_backoff);
  h.blocked_until = std::max(h.blocked_until, now + Seconds(backoff));
}

}  // namespace newscrawl
