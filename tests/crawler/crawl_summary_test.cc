#include "crawler/crawl_summary.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

namespace newscrawl {
namespace {

bool Contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST_CASE("totals add up the sites' funnels") {
  CrawlSummary summary;
  summary.site("a").fetched = 10;
  summary.site("a").errors["timeout"] = 2;
  summary.site("b").fetched = 5;
  summary.site("b").not_modified = 7;
  summary.site("b").errors["timeout"] = 1;
  summary.site("b").errors["http-404"] = 4;
  const SiteFunnel t = summary.Totals();
  CHECK(t.fetched == 15);
  CHECK(t.not_modified == 7);
  CHECK(t.errors.at("timeout") == 3);
  CHECK(t.ErrorCount() == 7);
}

TEST_CASE("the text summary names every failing host and its last error") {
  CrawlSummary summary;
  summary.site("laodong").errors["network"] = 1;
  summary.AddRequest("laodong.vn", true, "Network: Could not resolve host");
  summary.AddRequest("congdoan.vn", false);
  summary.set_stop_reason("done");
  summary.set_elapsed_seconds(2.5);
  const std::string text = summary.ToText();
  CHECK(Contains(text, "crawl done after 2.5 s"));
  CHECK(Contains(text, "laodong.vn: 1 of 1 requests failed; last: Network: "
                       "Could not resolve host"));
  CHECK_FALSE(Contains(text, "congdoan.vn:"));
  CHECK(Contains(text, "network: 1"));
}

TEST_CASE("JSON has the same figures per site") {
  CrawlSummary summary;
  summary.site("s").announced = 12;
  summary.site("s").new_articles = 3;
  summary.AddWarning("s: something");
  summary.set_stop_reason("max-pages");
  const nlohmann::json j = summary.ToJson();
  CHECK(j["stop_reason"] == "max-pages");
  CHECK(j["sites"]["s"]["announced"] == 12);
  CHECK(j["sites"]["s"]["new_articles"] == 3);
  CHECK(j["totals"]["new_articles"] == 3);
  CHECK(j["warnings"][0] == "s: something");
}

TEST_CASE("the progress line shows the rate") {
  CrawlSummary summary;
  summary.site("s").fetched = 30;
  summary.site("s").not_modified = 10;
  summary.set_elapsed_seconds(4);
  const std::string line = summary.ProgressLine(120);
  CHECK(Contains(line, "40 pages 10.0/s"));
  CHECK(Contains(line, "queued 120"));
}

}  // namespace
}  // namespace newscrawl
