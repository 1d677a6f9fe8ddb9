#include "crawler/crawl_summary.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace newscrawl {
namespace {

nlohmann::json FunnelJson(const SiteFunnel& f) {
  return {{"announced", f.announced},
          {"discovered", f.discovered},
          {"fetched", f.fetched},
          {"not_modified", f.not_modified},
          {"robots_denied", f.robots_denied},
          {"errors", f.errors},
          {"error_count", f.ErrorCount()},
          {"new_articles", f.new_articles},
          {"updated_articles", f.updated_articles},
          {"duplicate_articles", f.duplicate_articles},
          {"unchanged_articles", f.unchanged_articles},
          {"extracted", f.extracted},
          {"short_bodies", f.short_bodies},
          {"no_title", f.no_title},
          {"no_date", f.no_date}};
}

std::string FunnelLine(const SiteFunnel& f) {
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "announced %lld, discovered %lld, fetched %lld, 304 %lld, "
                "errors %lld, robots-denied %lld -> new %lld, updated %lld, "
                "duplicates %lld, unchanged %lld",
                static_cast<long long>(f.announced),
                static_cast<long long>(f.discovered),
                static_cast<long long>(f.fetched),
                static_cast<long long>(f.not_modified),
                static_cast<long long>(f.ErrorCount()),
                static_cast<long long>(f.robots_denied),
                static_cast<long long>(f.new_articles),
                static_cast<long long>(f.updated_articles),
                static_cast<long long>(f.duplicate_articles),
                static_cast<long long>(f.unchanged_articles));
  return buf;
}

}  // namespace

std::int64_t SiteFunnel::ErrorCount() const {
  std::int64_t n = 0;
  for (const auto& [kind, count] : errors) n += count;
  return n;
}

void CrawlSummary::AddRequest(const std::string& host, bool failed,
                              const std::string& error) {
  HostReport& h = hosts_[host];
  ++h.requests;
  if (failed) {
    ++h.failures;
    h.last_error = error;
  }
}

SiteFunnel CrawlSummary::Totals() const {
  SiteFunnel t;
  for (const auto& [name, f] : sites_) {
    t.announced += f.announced;
    t.discovered += f.discovered;
    t.fetched += f.fetched;
    t.not_modified += f.not_modified;
    t.robots_denied += f.robots_denied;
    for (const auto& [kind, n] : f.errors) t.errors[kind] += n;
    t.new_articles += f.new_articles;
    t.updated_articles += f.updated_articles;
    t.duplicate_articles += f.duplicate_articles;
    t.unchanged_articles += f.unchanged_articles;
    t.extracted += f.extracted;
    t.short_bodies += f.short_bodies;
    t.no_title += f.no_title;
    t.no_date += f.no_date;
  }
  return t;
}

std::string CrawlSummary::ProgressLine(std::int64_t queued) const {
  const SiteFunnel t = Totals();
  const std::int64_t pages = t.fetched + t.not_modified;
  const double rate = elapsed_ > 0 ? static_cast<double>(pages) / elapsed_ : 0;
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "%lld pages %.1f/s  queued %lld  errors %lld  new %lld  "
                "duplicates %lld",
                static_cast<long long>(pages), rate,
                static_cast<long long>(queued),
                static_cast<long long>(t.ErrorCount()),
                static_cast<long long>(t.new_articles),
                static_cast<long long>(t.duplicate_articles));
  return buf;
}

std::string CrawlSummary::ToText() const {
  std::string out;
  char head[128];
  std::snprintf(head, sizeof head, "crawl %s after %.1f s\n",
                stop_reason_.c_str(), elapsed_);
  out += head;
  for (const auto& [name, f] : sites_) {
    out += "  " + name + ": " + FunnelLine(f) + "\n";
    for (const auto& [kind, n] : f.errors) {
      out += "    " + kind + ": " + std::to_string(n) + "\n";
    }
  }
  bool header = false;
  for (const auto& [host, h] : hosts_) {
    if (h.failures == 0) continue;
    if (!header) {
      out += "hosts with errors:\n";
      header = true;
    }
    out += "  " + host + ": " + std::to_string(h.failures) + " of " +
           std::to_string(h.requests) + " requests failed; last: " +
           h.last_error + "\n";
  }
  for (const std::string& w : warnings_) out += "warning: " + w + "\n";
  return out;
}

nlohmann::json CrawlSummary::ToJson() const {
  nlohmann::json sites = nlohmann::json::object();
  for (const auto& [name, f] : sites_) sites[name] = FunnelJson(f);
  nlohmann::json hosts = nlohmann::json::object();
  for (const auto& [host, h] : hosts_) {
    hosts[host] = {{"requests", h.requests},
                   {"failures", h.failures},
                   {"last_error", h.last_error}};
  }
  return {{"stop_reason", stop_reason_},
          {"elapsed_seconds", elapsed_},
          {"store_writes", store_writes_},
          {"store_write_seconds", store_write_},
          {"totals", FunnelJson(Totals())},
          {"sites", sites},
          {"hosts", hosts},
          {"warnings", warnings_}};
}

}  // namespace newscrawl
