#include "store/import_command.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "store/gzip.h"
#include "tests/store/warc_samples.h"
#include "tests/support/fixture_site.h"
#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

namespace newscrawl {
namespace {

constexpr const char* kBase = "http://union.example";

// A crawl of the generated fixture site as a WARC file: the home page, every
// article, robots.txt and the feed, each response after its request.
std::string FixtureWarc(const testing::FixtureSite& site) {
  std::vector<std::string> paths = {"/", "/robots.txt", "/rss.xml"};
  for (const testing::FixtureArticle& a : site.articles()) paths.push_back(a.path);
  std::string warc;
  REQUIRE(GzipCompress("WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n",
                       &warc)
              .ok());
  for (const std::string& path : paths) {
    std::optional<testing::FixturePage> page = site.Page(path);
    REQUIRE(page.has_value());
    const std::string url = std::string(kBase) + path;
    const std::string request = "GET " + path + " HTTP/1.1\r\nHost: union.example\r\n\r\n";
    REQUIRE(GzipCompress("WARC/1.0\r\nWARC-Type: request\r\nWARC-Target-URI: " + url +
                             "\r\nContent-Length: " + std::to_string(request.size()) +
                             "\r\n\r\n" + request + "\r\n\r\n",
                         &warc)
                .ok());
    const std::string http = "HTTP/1.1 200 OK\r\nContent-Type: " + page->content_type +
                             "\r\nETag: " + page->etag + "\r\nLast-Modified: " +
                             page->last_modified + "\r\n\r\n" + page->body;
    REQUIRE(GzipCompress(testing::ResponseRecord(url, "2025-10-22T02:00:00Z", http), &warc).ok());
  }
  return warc;
}

struct ImportFixture {
  ImportFixture() : site(Options()) {
    config = dir.Write("sites.toml",
                       "[[site]]\nname = \"union\"\nseeds = [\"http://union.example/\"]\n");
    warc = dir.Write("crawl.warc.gz", FixtureWarc(site));
  }
  static testing::FixtureSiteOptions Options() {
    testing::FixtureSiteOptions options;
    options.base_url = kBase;
    options.articles = 12;
    return options;
  }
  testing::CommandResult Run(const std::string& store, std::vector<std::string> args) {
    args.insert(args.begin(), {"--store", dir.File(store), "--config", config});
    return testing::RunNewscrawl(args);
  }
  std::vector<nlohmann::json> Jsonl(const std::string& store) {
    testing::CommandResult r = Run(store, {"dump", "--format", "jsonl", "--out", "-"});
    REQUIRE(r.exit_code == 0);
    std::vector<nlohmann::json> lines;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
    return lines;
  }

  testing::TempDir dir;
  testing::FixtureSite site;
  std::string config;
  std::string warc;
};

TEST_CASE("import: a crawl's WARC becomes the site's articles, once") {
  ImportFixture f;
  testing::CommandResult first = f.Run("s", {"import", f.warc});
  INFO(first.out, first.err);
  CHECK(first.exit_code == 0);
  CHECK(first.out.find("1 file, 31 records read") != std::string::npos);
  CHECK(first.out.find("skipped 15: request record") != std::string::npos);
  CHECK(first.out.find("skipped 1: not HTML (text/plain)") != std::string::npos);

  const std::vector<nlohmann::json> articles = f.Jsonl("s");
  std::map<std::string, nlohmann::json> by_url;
  for (const nlohmann::json& j : articles) {
    CHECK(j["site"] == "union");
    CHECK(j["first_seen"] == "2025-10-22T02:00:00Z");
    for (const auto& url : j["urls"]) by_url[url.get<std::string>()] = j;
  }
  for (const testing::FixtureArticle& a : f.site.articles()) {
    CAPTURE(a.url);
    REQUIRE(by_url.count(a.url) == 1);
    CHECK(by_url[a.url]["title"] == a.title);
  }

  testing::CommandResult again = f.Run("s", {"import", f.warc});
  CHECK(again.exit_code == 0);
  CHECK(again.out.find(" 0 pages imported") != std::string::npos);
  CHECK(again.out.find("already stored") != std::string::npos);
  CHECK(f.Jsonl("s") == articles);
}

TEST_CASE("import -> dump warc -> import into an empty store: same articles") {
  ImportFixture f;
  REQUIRE(f.Run("a", {"import", f.warc}).exit_code == 0);
  const std::string dumped = f.dir.File("dump.warc.gz");
  testing::CommandResult dump = f.Run("a", {"dump", "--format", "warc", "--out", dumped});
  REQUIRE(dump.exit_code == 0);
  testing::CommandResult second = f.Run("b", {"import", dumped});
  INFO(second.out, second.err);
  REQUIRE(second.exit_code == 0);
  const std::vector<nlohmann::json> a = f.Jsonl("a");
  CHECK(a.size() >= f.site.articles().size());
  CHECK(f.Jsonl("b") == a);
}

TEST_CASE("import: a truncated file keeps what came before, exit 1") {
  ImportFixture f;
  const std::string whole = testing::ReadFile(f.warc);
  const std::string cut = f.dir.Write("cut.warc.gz", whole.substr(0, whole.size() - 100));
  testing::CommandResult r = f.Run("s", {"import", cut, f.dir.File("missing.warc")});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("cut.warc.gz: file cut short inside the gzip member at offset") !=
        std::string::npos);
  CHECK(r.err.find("missing.warc") != std::string::npos);
  CHECK(r.out.find("2 files, 31 records read") != std::string::npos);
  CHECK(f.Jsonl("s").size() >= f.site.articles().size() - 1);
}

}  // namespace
}  // namespace newscrawl
