#include "extractor/extract_command.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

namespace newscrawl {
namespace {

using testing::FixturePath;
using testing::ReadFile;
using testing::RunNewscrawl;
using testing::TempDir;

const char kConfig[] =
    "[[site]]\nname = \"ldtd\"\nseeds = [\"https://laodongthudo.vn/\"]\n";

TEST_CASE("extract prints title, author and body of one file") {
  TempDir dir;
  const std::string config = dir.Write("sites.toml", kConfig);
  const auto r = RunNewscrawl({"--config", config, "extract",
                               FixturePath("extractor/ldtd_table_layout.html")});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("Công đoàn phường Kim Liên chăm lo Tết") == 0);
  CHECK(r.out.find("Minh Khôi\n\nNhững ngày giáp Tết") != std::string::npos);
  CHECK(r.out.find("Tin khác") == std::string::npos);
}

TEST_CASE("extract reads standard input and prints JSON") {
  TempDir dir;
  const std::string config = dir.Write("sites.toml", kConfig);
  const auto r = RunNewscrawl(
      {"--config", config, "extract", "--format", "json", "--url",
       "https://example.vn/a.html", "-"},
      ReadFile(FixturePath("extractor/english_news.html")));
  REQUIRE(r.exit_code == 0);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  CHECK(j["url"] == "https://example.vn/a.html");
  CHECK(j["body"].get<std::string>().find("The council voted") == 0);
}

TEST_CASE("--out-dir writes NAME.txt and NAME.json; a bad file fails alone") {
  TempDir dir;
  const std::string config = dir.Write("sites.toml", kConfig);
  const std::string out = dir.File("out");
  const auto r = RunNewscrawl(
      {"--config", config, "extract", "--out-dir", out,
       FixturePath("extractor/laodong_modern.html"), dir.File("missing.html"),
       FixturePath("extractor/congdoan_flat.html")});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("missing.html") != std::string::npos);
  CHECK(ReadFile(out + "/laodong_modern.txt") ==
        ReadFile(FixturePath("extractor/laodong_modern.txt")));
  CHECK(ReadFile(out + "/congdoan_flat.txt") ==
        ReadFile(FixturePath("extractor/congdoan_flat.txt")));
  const nlohmann::json j =
      nlohmann::json::parse(ReadFile(out + "/laodong_modern.json"));
  CHECK(j["title"] == "Người lao động ngành dệt may được tăng phụ cấp độc hại");
}

TEST_CASE("--explain lists dropped blocks on standard error") {
  TempDir dir;
  const std::string config = dir.Write("sites.toml", kConfig);
  const auto r = RunNewscrawl({"--config", config, "extract", "--explain",
                               FixturePath("extractor/congdoan_flat.html")});
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("container: ") != std::string::npos);
  CHECK(r.err.find("clutter heading; the rest is dropped: Xem thêm") !=
        std::string::npos);
  CHECK(r.out.find("Nên xem") == std::string::npos);
}

TEST_CASE("an unknown --site is a usage error") {
  TempDir dir;
  const std::string config = dir.Write("sites.toml", kConfig);
  const auto r = RunNewscrawl({"--config", config, "extract", "--site", "nope",
                               FixturePath("extractor/congdoan_flat.html")});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("nope") != std::string::npos);
}

}  // namespace
}  // namespace newscrawl
