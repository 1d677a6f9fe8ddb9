#include "store/dump_command.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "config/interrupt.h"
#include "store/article_jsonl.h"
#include "store/article_text.h"
#include "store/store.h"
#include "store/warc_importer.h"
#include "store/utc_time.h"
#include "store/warc_reader.h"
#include "tests/store/warc_samples.h"
#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

namespace newscrawl {
namespace {

struct Sample {
  std::string site;
  std::string url;
  std::string published;  // "" = undated
  std::int64_t fetch_time;
  std::string body;
};

// Four articles on two sites over three days, one undated.
const Sample kSamples[] = {
    {"congdoan", "https://congdoan.example/a1", "2025-10-20T08:00:00+07:00", 1760918400,
     "Công đoàn cơ sở tổ chức tặng quà cho công nhân có hoàn cảnh khó khăn nhân dịp lễ."},
    {"congdoan", "https://congdoan.example/a2", "2025-10-22T09:30:00+07:00", 1761091200,
     "Hội thảo bàn về an toàn vệ sinh lao động tại các khu công nghiệp phía nam thành phố."},
    {"laodong", "https://laodong.example/b1", "2025-10-21T10:00:00+07:00", 1761004800,
     "Người lao động được hỗ trợ tiền thuê nhà trong ba tháng theo chính sách mới ban hành."},
    {"laodong", "https://laodong.example/b2", "", 1761177600,
     "Bản tin không có ngày đăng: giải bóng đá công nhân khai mạc vào cuối tuần tới."},
};

class DumpFixture {
 public:
  DumpFixture() {
    Result<std::unique_ptr<Store>> s = Store::Open(store_dir(), StoreOptions{});
    REQUIRE(s.ok());
    store = std::move(*s);
    WriteBatch batch;
    for (const Sample& sample : kSamples) {
      PageWrite write;
      write.page.url = sample.url;
      write.page.status = 200;
      write.page.fetch_time = sample.fetch_time;
      write.page.content_type = "text/html; charset=utf-8";
      write.page.etag = "\"e-" + sample.url.substr(sample.url.size() - 2) + "\"";
      write.page.site = sample.site;
      write.page.body = testing::ArticleHtml("Tin " + sample.url.substr(sample.url.size() - 2),
                                             sample.published, {sample.body});
      write.kind = UrlKind::kArticle;
      Result<ExtractedPage> extracted =
          testing::FakeExtract(nullptr, sample.url, write.page.body, "");
      REQUIRE(extracted.ok());
      write.article = extracted->article;
      write.page.fingerprint = extracted->fingerprint;
      batch.AddPage(std::move(write));
    }
    REQUIRE(store->Write(batch).ok());
  }

  std::string store_dir() const { return dir.File("store"); }

  Result<DumpSummary> Dump(const std::string& format, const std::string& out,
                           std::vector<std::string> sites = {}, std::string since = "",
                           std::string until = "") {
    DumpOptions options;
    options.format = format;
    options.out = out;
    options.sites = std::move(sites);
    options.since = std::move(since);
    options.until = std::move(until);
    return DumpStore(*store, options);
  }

  std::vector<nlohmann::json> JsonLines(const std::string& path) {
    std::vector<nlohmann::json> lines;
    std::istringstream in(testing::ReadFile(path));
    for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
    return lines;
  }

  testing::TempDir dir;
  std::unique_ptr<Store> store;
};

std::set<std::string> Urls(const std::vector<nlohmann::json>& lines) {
  std::set<std::string> urls;
  for (const nlohmann::json& j : lines) urls.insert(j["url"].get<std::string>());
  return urls;
}

TEST_CASE("jsonl: every article, one per line, filtered by site and date") {
  DumpFixture f;
  const std::string out = f.dir.File("all.jsonl");
  Result<DumpSummary> summary = f.Dump("jsonl", out);
  REQUIRE(summary.ok());
  CHECK(summary->articles == 4);
  CHECK(summary->bytes == testing::ReadFile(out).size());
  const std::vector<nlohmann::json> all = f.JsonLines(out);
  REQUIRE(all.size() == 4);
  for (const nlohmann::json& j : all) {
    CHECK(j["id"].get<std::string>().size() == 32);
    CHECK(j["urls"].size() == 1);
    CHECK(j["duplicate_of"].is_null());
    CHECK(!j["body"].get<std::string>().empty());
  }

  REQUIRE(f.Dump("jsonl", out, {"laodong"}).ok());
  CHECK(Urls(f.JsonLines(out)) ==
        std::set<std::string>{"https://laodong.example/b1", "https://laodong.example/b2"});

  // Index dates: published, else first seen (b2: 2025-10-23).
  REQUIRE(f.Dump("jsonl", out, {}, "2025-10-21", "2025-10-22").ok());
  CHECK(Urls(f.JsonLines(out)) ==
        std::set<std::string>{"https://congdoan.example/a2", "https://laodong.example/b1"});
  REQUIRE(f.Dump("jsonl", out, {"congdoan", "laodong"}, "2025-10-23").ok());
  CHECK(Urls(f.JsonLines(out)) == std::set<std::string>{"https://laodong.example/b2"});
  REQUIRE(f.Dump("jsonl", out, {"nosuchsite"}).ok());
  CHECK(testing::ReadFile(out).empty());
}

TEST_CASE("text: one file per article under site/YYYY/MM/DD or site/undated") {
  DumpFixture f;
  const std::string out = f.dir.File("text");
  Result<DumpSummary> summary = f.Dump("text", out);
  REQUIRE(summary.ok());
  CHECK(summary->files == 4);
  std::set<std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(out)) {
    if (entry.is_regular_file()) {
      files.insert(std::filesystem::relative(entry.path(), out).string());
    }
  }
  REQUIRE(files.size() == 4);
  std::set<std::string> dirs;
  for (const std::string& file : files) dirs.insert(file.substr(0, file.rfind('/')));
  CHECK(dirs == std::set<std::string>{"congdoan/2025/10/20", "congdoan/2025/10/22",
                                      "laodong/2025/10/21", "laodong/undated"});
  REQUIRE(f.store->ForEachArticle({}, [&](const ArticleRecord& record) {
                   const std::string text = testing::ReadFile(out + "/" + ArticleTextPath(record));
                   CHECK(text == ArticleText(record));
                   CHECK(text.find(record.article.body) != std::string::npos);
                   return Status::Ok();
                 }).ok());
}

TEST_CASE("warc: the stored pages as response records, read back") {
  DumpFixture f;
  const std::string out = f.dir.File("pages.warc.gz");
  Result<DumpSummary> summary = f.Dump("warc", out, {"congdoan"});
  REQUIRE(summary.ok());
  CHECK(summary->pages == 2);
  Result<std::unique_ptr<WarcReader>> reader = WarcReader::Open(out);
  REQUIRE(reader.ok());
  std::vector<WarcRecord> records;
  for (WarcRecord r; *(*reader)->Next(&r);) records.push_back(r);
  REQUIRE(records.size() == 3);
  CHECK(records[0].type() == "warcinfo");
  CHECK(records[0].Field("WARC-Filename") == "pages.warc.gz");
  for (std::size_t i = 1; i < 3; ++i) {
    const Sample& sample = kSamples[i - 1];
    CHECK(records[i].target_uri() == sample.url);
    Result<std::int64_t> date = ParseUtcTime(records[i].Field("WARC-Date"));
    CHECK(*date == sample.fetch_time);
    Result<HttpResponse> http = ParseHttpResponse(records[i].block);
    REQUIRE(http.ok());
    CHECK(http->status == 200);
    CHECK(FindHeader(http->headers, "ETag") == "\"e-" + sample.url.substr(sample.url.size() - 2) + "\"");
    CHECK(http->body.find(sample.body) != std::string::npos);
  }
  // --since/--until select pages by fetch date.
  REQUIRE(f.Dump("warc", out, {}, "2025-10-22").ok());
  reader = WarcReader::Open(out);
  REQUIRE(reader.ok());
  int n = 0;
  for (WarcRecord r; *(*reader)->Next(&r);) ++n;
  CHECK(n == 1 + 2);
}

TEST_CASE("dump warc, import into an empty store: the same articles") {
  DumpFixture f;
  const std::string warc = f.dir.File("all.warc.gz");
  REQUIRE(f.Dump("warc", warc).ok());

  Result<std::unique_ptr<Store>> copy = Store::Open(f.dir.File("copy"), StoreOptions{});
  REQUIRE(copy.ok());
  Config config;
  for (const char* name : {"congdoan", "laodong"}) {
    SiteConfig site;
    site.name = name;
    site.allowed_hosts = {std::string(name) + ".example"};
    config.sites.push_back(site);
  }
  WarcImporter importer(copy->get(), &config, testing::FakeExtract, {});
  REQUIRE(importer.ImportFile(warc).ok());
  CHECK(importer.report().new_articles == 4);

  const std::string a = f.dir.File("a.jsonl");
  const std::string b = f.dir.File("b.jsonl");
  REQUIRE(f.Dump("jsonl", a).ok());
  DumpOptions options;
  options.out = b;
  REQUIRE(DumpStore(**copy, options).ok());
  CHECK(testing::ReadFile(a).size() > 1000);
  CHECK(testing::ReadFile(a) == testing::ReadFile(b));
}

TEST_CASE("an interrupted dump leaves no file behind") {
  DumpFixture f;
  const std::string out = f.dir.File("x.jsonl");
  RequestInterrupt();
  Result<DumpSummary> summary = f.Dump("jsonl", out);
  ResetInterrupt();
  CHECK(summary.status().IsAborted());
  CHECK_FALSE(std::filesystem::exists(out));
  int files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(f.dir.path())) ++files;
  CHECK(files == 1);  // only the store
}

TEST_CASE("bad options are refused before any work") {
  DumpOptions options;
  options.out = "x";
  options.format = "csv";
  CHECK(ValidateDumpOptions(options).IsInvalidArgument());
  options.format = "jsonl";
  options.since = "2025-13-01";
  CHECK(ValidateDumpOptions(options).message().find("--since") != std::string::npos);
  options.since = "2025-10-02";
  options.until = "2025-10-01";
  CHECK(ValidateDumpOptions(options).IsInvalidArgument());
  options.until = "";
  CHECK(ValidateDumpOptions(options).ok());
}

// The real binary: stdout, a full disk, exit codes.
class CliFixture : public DumpFixture {
 public:
  CliFixture() {
    store.reset();  // release the writer lock
    config_path = dir.Write("sites.toml", "");
  }
  testing::CommandResult Run(std::vector<std::string> args) {
    args.insert(args.begin(), {"--store", store_dir(), "--config", config_path});
    return testing::RunNewscrawl(args);
  }
  std::string config_path;
};

TEST_CASE("CLI: --out - writes to stdout, the same bytes as a file") {
  CliFixture f;
  testing::CommandResult to_file = f.Run({"dump", "--format", "jsonl", "--out", f.dir.File("o.jsonl")});
  CHECK(to_file.exit_code == 0);
  testing::CommandResult to_stdout = f.Run({"dump", "--format", "jsonl", "--out", "-"});
  CHECK(to_stdout.exit_code == 0);
  CHECK(to_stdout.out.size() > 1000);
  CHECK(to_stdout.out == testing::ReadFile(f.dir.File("o.jsonl")));

  testing::CommandResult text = f.Run({"dump", "--format", "text", "--out", "-", "--site", "laodong"});
  CHECK(text.exit_code == 0);
  CHECK(text.out.rfind("==> laodong/", 0) == 0);
  CHECK(text.out.find("==> laodong/undated/") != std::string::npos);
}

TEST_CASE("CLI: a full disk is a clear error, exit 1, no partial file") {
  CliFixture f;
  testing::CommandResult full = f.Run({"dump", "--format", "warc", "--out", "/dev/full"});
  CHECK(full.exit_code == 1);
  CHECK(full.err.find("IOError: write /dev/full: No space left on device") != std::string::npos);

  testing::CommandResult piped = testing::RunCommand(
      {"/bin/sh", "-c",
       std::string(NEWSCRAWL_BIN) + " --store " + f.store_dir() + " --config " + f.config_path +
           " dump --format jsonl --out - > /dev/full"});
  CHECK(piped.exit_code == 1);
  CHECK(piped.err.find("write -: No space left on device") != std::string::npos);

  testing::CommandResult missing =
      f.Run({"dump", "--format", "jsonl", "--out", f.dir.File("no/dir/out.jsonl")});
  CHECK(missing.exit_code == 1);
  CHECK(missing.err.find("no/dir/out.jsonl") != std::string::npos);

  testing::CommandResult bad_date = f.Run({"dump", "--out", "-", "--since", "yesterday"});
  CHECK(bad_date.exit_code == 2);
  CHECK(bad_date.err.find("--since must be a date") != std::string::npos);
}

}  // namespace
}  // namespace newscrawl
