#include "config/config.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "tests/support/temp_dir.h"

namespace newscrawl {
namespace {

using testing::SourcePath;
using testing::TempDir;

std::string ErrorOf(std::string_view toml) {
  Result<Config> r = ParseConfig(toml, "t.toml");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().IsInvalidArgument());
  return r.status().message();
}

bool Contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST_CASE("an empty file gives every default") {
  Result<Config> r = ParseConfig("", "empty.toml");
  REQUIRE(r.ok());
  const Config& c = *r;
  CHECK(c.crawl.concurrency == 64);
  CHECK(c.crawl.per_host_connections == 2);
  CHECK(c.crawl.per_host_delay == doctest::Approx(1.0));
  CHECK(c.crawl.max_redirects == 5);
  CHECK(c.crawl.robots);
  CHECK(c.crawl.max_page_bytes == 10 * 1024 * 1024);
  CHECK(c.crawl.revisit_after_days == std::vector<int>{1, 7});
  CHECK(Contains(c.crawl.user_agent, "@"));
  CHECK(c.store.near_duplicate_bits == 3);
  CHECK(c.extract.profile_min_pages == 20);
  CHECK(c.sites.empty());
}

TEST_CASE("a full site is read with its rules and derived hosts") {
  Result<Config> r = ParseConfig(R"toml(
[crawl]
user_agent = "bot/1 (ops@example.org)"
concurrency = 8
per_host_delay = 0.5
timeout = 20

[[site]]
name = "ldtd"
seeds = ["https://Example.VN/cong-doan", "http://www.example.vn:8080/x"]
feeds = ["https://example.vn/rss"]
article_patterns = ['-\d+\.html$']

[site.rules]
body = "div.content"
drop = [".related", "#share"]
drop_headings = ["Tin khác"]
)toml",
                                 "s.toml");
  REQUIRE(r.ok());
  const Config& c = *r;
  CHECK(c.crawl.concurrency == 8);
  CHECK(c.crawl.per_host_delay == doctest::Approx(0.5));
  CHECK(c.crawl.timeout == doctest::Approx(20.0));
  REQUIRE(c.sites.size() == 1);
  const SiteConfig& s = c.sites[0];
  CHECK(s.name == "ldtd");
  CHECK(s.enabled);
  CHECK(s.max_depth == 2);
  CHECK(s.allowed_hosts == std::vector<std::string>{"example.vn", "www.example.vn"});
  CHECK(s.rules.body == "div.content");
  CHECK(s.rules.drop == std::vector<std::string>{".related", "#share"});
  CHECK(s.rules.drop_headings == std::vector<std::string>{"Tin khác"});
  CHECK(s.rules.where.at("body") == "s.toml:15:8");
  CHECK(s.where == "s.toml:8:1");
  CHECK(c.FindSite("ldtd") == &c.sites[0]);
  CHECK(c.FindSite("nope") == nullptr);
}

TEST_CASE("syntax errors name file, line and column") {
  const std::string e = ErrorOf("[crawl]\nconcurrency = = 3\n");
  CHECK(Contains(e, "t.toml:2:"));
}

TEST_CASE("wrong types and ranges name the key and what was expected") {
  std::string e = ErrorOf("[crawl]\nconcurrency = \"many\"\n");
  CHECK(Contains(e, "t.toml:2:15: crawl.concurrency: expected an integer from "
                    "1 to 1024, got a string \"many\""));
  e = ErrorOf("[crawl]\nper_host_connections = 0\n");
  CHECK(Contains(e, "crawl.per_host_connections: expected an integer from 1 to 16, got an integer 0"));
  e = ErrorOf("[crawl]\nrobots = \"yes\"\n");
  CHECK(Contains(e, "crawl.robots: expected true or false"));
  e = ErrorOf("[crawl]\ntimeout = -1\n");
  CHECK(Contains(e, "crawl.timeout: expected a number of seconds"));
  e = ErrorOf("[crawl]\nrevisit_after_days = [1, \"x\"]\n");
  CHECK(Contains(e, "t.toml:2:26: crawl.revisit_after_days: expected an array of integers"));
  e = ErrorOf("crawl = 3\n");
  CHECK(Contains(e, "crawl: expected a [crawl] table"));
}

TEST_CASE("unknown keys are errors that suggest the closest known key") {
  std::string e = ErrorOf("[crawl]\nconcurency = 3\n");
  CHECK(Contains(e, "t.toml:2:1: crawl.concurency: unknown key; did you mean "
                    "'crawl.concurrency'?"));
  e = ErrorOf("[[site]]\nname = \"a\"\nseeds = [\"https://a.vn/\"]\ntimeout = 3\n");
  CHECK(Contains(e, "site.timeout: unknown key; did you mean 'crawl.timeout'?"));
  e = ErrorOf("[[site]]\nname = \"a\"\nseeds = [\"https://a.vn/\"]\n[site.rules]\nbdy = \"x\"\n");
  CHECK(Contains(e, "site.rules.bdy: unknown key; did you mean 'site.rules.body'?"));
  e = ErrorOf("[crwal]\n");
  CHECK(Contains(e, "crwal: unknown key; did you mean 'crawl'?"));
  e = ErrorOf("[crawl]\nzzzzzzzzzzzz = 1\n");
  CHECK(Contains(e, "crawl.zzzzzzzzzzzz: unknown key"));
  CHECK_FALSE(Contains(e, "did you mean"));
}

TEST_CASE("sites are validated: name, URLs, patterns, something to crawl") {
  std::string e = ErrorOf("[[site]]\nseeds = [\"https://a.vn/\"]\n");
  CHECK(Contains(e, "t.toml:1:1: site.name: required"));
  e = ErrorOf("[[site]]\nname = \"A B\"\nseeds = [\"https://a.vn/\"]\n");
  CHECK(Contains(e, "site.name: expected lower-case letters"));
  e = ErrorOf("[[site]]\nname = \"a\"\nseeds = [\"ftp://a.vn/\"]\n");
  CHECK(Contains(e, "site.seeds: expected http:// or https:// URLs, got \"ftp://a.vn/\""));
  e = ErrorOf("[[site]]\nname = \"a\"\nseeds = [\"https://a.vn/\"]\narticle_patterns = [\"(unclosed\"]\n");
  CHECK(Contains(e, "site.article_patterns: expected RE2 regular expressions"));
  e = ErrorOf("[[site]]\nname = \"a\"\n");
  CHECK(Contains(e, "site \"a\" has nothing to crawl"));
  e = ErrorOf("[[site]]\nname = \"a\"\nseeds = [\"https://a.vn/\"]\n"
              "[[site]]\nname = \"a\"\nfeeds = [\"https://a.vn/rss\"]\n");
  CHECK(Contains(e, "duplicate site name \"a\" (first defined at t.toml:1:1)"));
  e = ErrorOf("[site]\nname = \"a\"\n");
  CHECK(Contains(e, "expected [[site]] tables"));
  e = ErrorOf("[crawl]\nuser_agent = \"anonymous-bot\"\n");
  CHECK(Contains(e, "crawl.user_agent: must include a contact"));
}

TEST_CASE("every problem in a file is reported, one per line") {
  std::string e = ErrorOf("[crawl]\nconcurrency = 0\nretries = 99\nfoo = 1\n");
  CHECK(Contains(e, "t.toml:2:"));
  CHECK(Contains(e, "t.toml:3:"));
  CHECK(Contains(e, "t.toml:4:"));
  CHECK(std::count(e.begin(), e.end(), '\n') == 2);
}

TEST_CASE("LoadConfig reads files and reports missing ones") {
  TempDir dir;
  const std::string path = dir.Write("c.toml", "[crawl]\nretries = 1\n");
  Result<Config> r = LoadConfig(path);
  REQUIRE(r.ok());
  CHECK(r->crawl.retries == 1);
  CHECK(r->path == path);
  Result<Config> missing = LoadConfig(dir.File("none.toml"));
  CHECK(missing.status().IsNotFound());
  CHECK(Contains(missing.status().message(), "none.toml"));
  const std::string bad = dir.Write("bad.toml", "[crawl]\nretries = \"x\"\n");
  Result<Config> e = LoadConfig(bad);
  REQUIRE_FALSE(e.ok());
  CHECK(Contains(e.status().message(), bad + ":2:11: crawl.retries"));
}

TEST_CASE("the shipped config/sites.toml is valid and names the union sites") {
  Result<Config> r = LoadConfig(SourcePath("config/sites.toml"));
  REQUIRE_MESSAGE(r.ok(), r.status().ToString());
  for (const char* name : {"laodongthudo", "laodong", "congdoan", "congdoanhanoi"}) {
    const SiteConfig* site = r->FindSite(name);
    REQUIRE_MESSAGE(site != nullptr, name);
    CHECK_FALSE(site->allowed_hosts.empty());
  }
}

TEST_CASE("EditDistance is Levenshtein") {
  CHECK(EditDistance("", "") == 0);
  CHECK(EditDistance("abc", "") == 3);
  CHECK(EditDistance("concurency", "concurrency") == 1);
  CHECK(EditDistance("kitten", "sitting") == 3);
}

}  // namespace
}  // namespace newscrawl
