#include "store/warc_importer.h"

#include <doctest/doctest.h>

#include "store/gzip.h"
#include "store/store.h"
#include "tests/store/warc_samples.h"
#include "tests/support/temp_dir.h"

namespace newscrawl {
namespace {

using testing::ArticleHtml;
using testing::HttpMessage;
using testing::ResponseRecord;

const std::vector<std::string> kFirst = {
    "Sáng nay, công đoàn thành phố tổ chức hội nghị tổng kết công tác chăm lo cho đoàn viên.",
    "Hơn ba trăm đại biểu đã tham dự và thảo luận về chính sách nhà ở cho công nhân."};
const std::vector<std::string> kSecond = {
    "Chiều qua, liên đoàn lao động quận trao hai mươi suất học bổng cho con em công nhân.",
    "Mỗi suất trị giá hai triệu đồng, kèm theo sách vở và đồ dùng học tập cho năm học mới."};

Config TwoSites() {
  Config config;
  SiteConfig a;
  a.name = "congdoan";
  a.allowed_hosts = {"congdoan.example", "www.congdoan.example"};
  SiteConfig b;
  b.name = "laodong";
  b.allowed_hosts = {"laodong.example"};
  config.sites = {a, b};
  return config;
}

// A WARC file with two articles, the same article at a second URL, and
// records to skip.
std::string SampleWarc() {
  std::string gz_chunked;
  {
    std::string gz;
    REQUIRE(GzipCompress(ArticleHtml("Học bổng cho con công nhân", "2025-09-02", kSecond), &gz)
                .ok());
    char size[16];
    std::snprintf(size, sizeof(size), "%zx", gz.size());
    gz_chunked = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
                 "Transfer-Encoding: chunked\r\nETag: \"v1\"\r\n\r\n" +
                 std::string(size) + "\r\n" + gz + "\r\n0\r\n\r\n";
  }
  std::string warc;
  const std::string first = ArticleHtml("Hội nghị tổng kết", "2025-10-22T08:00:00+07:00", kFirst);
  std::vector<std::string> records = {
      "WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 4\r\n\r\nx: y\r\n\r\n",
      "WARC/1.0\r\nWARC-Type: request\r\nWARC-Target-URI: http://www.congdoan.example/a\r\n"
      "Content-Length: 3\r\n\r\nGET\r\n\r\n",
      ResponseRecord("http://www.congdoan.example/a", "2025-10-22T02:00:00Z", HttpMessage(first)),
      ResponseRecord("<https://laodong.example/hoc-bong>", "2025-10-23T02:00:00Z", gz_chunked),
      ResponseRecord("https://congdoan.example/a-copy", "2025-10-24T02:00:00Z",
                     HttpMessage(first)),
      ResponseRecord("https://congdoan.example/missing", "2025-10-24T02:00:00Z",
                     HttpMessage("<p>Không tìm thấy</p>", 404)),
      ResponseRecord("https://congdoan.example/logo.png", "2025-10-24T02:00:00Z",
                     HttpMessage("\x89PNG", 200, "image/png")),
      ResponseRecord("dns:congdoan.example", "2025-10-24T02:00:00Z", "1.2.3.4"),
      ResponseRecord("https://congdoan.example/broken", "2025-10-24T02:00:00Z",
                     "not http at all"),
      ResponseRecord("https://news.other.example/x", "2025-10-25T02:00:00Z",
                     HttpMessage(ArticleHtml("Tin khác", "", {"Một bài báo của trang khác, "
                                                              "không nằm trong cấu hình."}))),
  };
  for (const std::string& r : records) REQUIRE(GzipCompress(r, &warc).ok());
  return warc;
}

struct Fixture {
  testing::TempDir dir;
  Config config = TwoSites();
  std::unique_ptr<Store> store;

  Fixture() {
    Result<std::unique_ptr<Store>> s = Store::Open(dir.File("store"), StoreOptions{});
    REQUIRE(s.ok());
    store = std::move(*s);
  }

  ImportReport Import(const std::string& path, const std::string& site = "") {
    WarcImportOptions options;
    options.site = site;
    WarcImporter importer(store.get(), &config, testing::FakeExtract, options);
    Status s = importer.ImportFile(path);
    CHECK(s.ok());
    return importer.report();
  }
};

TEST_CASE("HTML responses become pages and articles; the rest is counted") {
  Fixture f;
  const std::string path = f.dir.Write("sample.warc.gz", SampleWarc());
  const ImportReport report = f.Import(path);
  INFO(report.ToString());
  CHECK(report.files == 1);
  CHECK(report.records == 10);
  CHECK(report.pages == 4);
  CHECK(report.new_articles == 3);
  CHECK(report.same_article == 1);
  CHECK(report.skipped_total() == 6);
  CHECK(report.skipped.at("warcinfo record") == 1);
  CHECK(report.skipped.at("request record") == 1);
  CHECK(report.skipped.at("HTTP status 404") == 1);
  CHECK(report.skipped.at("not HTML (image/png)") == 1);
  CHECK(report.skipped.at("not an http(s) URL") == 1);
  CHECK(report.skipped.at("bad HTTP message") == 1);
  CHECK(report.errors.empty());

  // The chunked, gzipped page is stored decoded, with its validators, time
  // and site.
  Result<ArticleRecord> second = f.store->GetArticleByUrl("https://laodong.example/hoc-bong");
  REQUIRE(second.ok());
  CHECK(second->site == "laodong");
  CHECK(second->article.title == "Học bổng cho con công nhân");
  CHECK(second->first_seen == 1761184800);  // 2025-10-23T02:00:00Z
  Result<UrlState> state = f.store->GetUrlState("https://laodong.example/hoc-bong");
  REQUIRE(state.ok());
  CHECK(state->etag == "\"v1\"");
  Result<PageRecord> page = f.store->GetPage(state->page_id);
  REQUIRE(page.ok());
  CHECK(page->body.find("<p>Chiều qua") != std::string::npos);
  CHECK(page->content_type == "text/html");
  CHECK(page->fingerprint == "fake-1");

  // One article, two URLs; sites come from allowed_hosts.
  Result<ArticleRecord> first = f.store->GetArticleByUrl("http://www.congdoan.example/a");
  REQUIRE(first.ok());
  CHECK(first->site == "congdoan");
  CHECK(first->urls.size() == 2);
  Result<ArticleRecord> other = f.store->GetArticleByUrl("https://news.other.example/x");
  REQUIRE(other.ok());
  CHECK(other->site == "unknown");
}

std::pair<int, int> CountPagesAndArticles(Store& store) {
  int pages = 0;
  int articles = 0;
  REQUIRE(store.ForEachPage(false, [&](std::uint64_t, const PageRecord&) {
                 ++pages;
                 return Status::Ok();
               }).ok());
  REQUIRE(store.ForEachArticle({}, [&](const ArticleRecord&) {
                 ++articles;
                 return Status::Ok();
               }).ok());
  return {pages, articles};
}

TEST_CASE("importing the same file again adds nothing") {
  Fixture f;
  const std::string path = f.dir.Write("sample.warc.gz", SampleWarc());
  f.Import(path);
  const std::pair<int, int> before = CountPagesAndArticles(*f.store);
  CHECK(before == std::pair<int, int>(4, 3));
  const ImportReport again = f.Import(path);
  INFO(again.ToString());
  CHECK(again.pages == 0);
  CHECK(again.skipped.at("already stored") == 4);
  CHECK(CountPagesAndArticles(*f.store) == before);
}

TEST_CASE("--site attributes every page to one site") {
  Fixture f;
  const ImportReport report = f.Import(f.dir.Write("s.warc.gz", SampleWarc()), "archive");
  CHECK(report.pages == 4);
  Result<ArticleRecord> a = f.store->GetArticleByUrl("https://laodong.example/hoc-bong");
  REQUIRE(a.ok());
  CHECK(a->site == "archive");
}

TEST_CASE("a truncated file keeps the records before the cut") {
  Fixture f;
  const std::string warc = SampleWarc();
  const std::string path = f.dir.Write("cut.warc.gz", warc.substr(0, warc.size() - 60));
  WarcImporter importer(f.store.get(), &f.config, testing::FakeExtract, {});
  Status s = importer.ImportFile(path);
  CHECK(s.IsCorruption());
  const ImportReport& report = importer.report();
  INFO(report.ToString());
  CHECK(report.pages == 3);  // the last record, cut, is lost
  CHECK(report.skipped.at("unreadable rest of a file") == 1);
  REQUIRE(report.errors.size() == 1);
  CHECK(report.errors[0].find("cut.warc.gz") != std::string::npos);
  CHECK(report.ToString().find("error: ") != std::string::npos);
}

TEST_CASE("URL hosts") {
  CHECK(UrlHost("https://WWW.Example.com:8080/a?b") == "www.example.com");
  CHECK(UrlHost("http://user@host.example#x") == "host.example");
  CHECK(UrlHost("http://[::1]:80/") == "[::1]");
  CHECK(UrlHost("ftp://x.example/") == "");
  CHECK(UrlHost("dns:x.example") == "");
}

}  // namespace
}  // namespace newscrawl
