#include "extractor/extractor_set.h"

#include <doctest/doctest.h>

#include <string>

#include "config/config.h"

namespace newscrawl {
namespace {

const char kConfig[] = R"(
[[site]]
name = "alpha"
seeds = ["https://alpha.example/"]
[site.rules]
drop = [".ghi-chu"]

[[site]]
name = "beta"
seeds = ["https://beta.example/"]
)";

const char kPage[] = R"(<!doctype html><html><head><meta charset="utf-8">
<title>Công nhân nhận thưởng Tết</title></head><body><article>
<h1>Công nhân nhận thưởng Tết</h1>
<p>Công đoàn khu công nghiệp đã trao hơn hai trăm suất quà cho người lao động có hoàn cảnh khó khăn trong dịp cuối năm.</p>
<p>Mỗi suất quà gồm tiền mặt và nhu yếu phẩm, do các doanh nghiệp trong khu cùng đóng góp với tổ chức công đoàn.</p>
<div class="ghi-chu"><p>Người lao động ở khu chế xuất được hỗ trợ vé xe về quê đón Tết cùng gia đình.</p></div>
</article></body></html>)";

TEST_CASE("ExtractorSet: each site uses its own rules, unknown sites the generic ones") {
  Result<Config> config = ParseConfig(kConfig, "test.toml");
  REQUIRE(config.ok());
  Result<ExtractorSet> set = ExtractorSet::Create(*config);
  REQUIRE(set.ok());
  CHECK(set->Has("alpha"));
  CHECK_FALSE(set->Has("gamma"));

  ExtractRequest request;
  request.url = "https://alpha.example/a.html";
  Result<Article> alpha = set->For("alpha").Extract(kPage, request);
  Result<Article> beta = set->For("beta").Extract(kPage, request);
  REQUIRE(alpha.ok());
  REQUIRE(beta.ok());
  CHECK(alpha->body.find("vé xe") == std::string::npos);
  CHECK(beta->body.find("vé xe") != std::string::npos);

  CHECK(set->For("alpha").RulesFingerprint() != set->For("beta").RulesFingerprint());
  CHECK(set->For("gamma").RulesFingerprint() == set->For("").RulesFingerprint());
}

}  // namespace
}  // namespace newscrawl
