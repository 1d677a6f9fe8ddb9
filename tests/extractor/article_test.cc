#include "extractor/article.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

namespace newscrawl {
namespace {

TEST_CASE("an article survives a JSON round trip") {
  Article a;
  a.url = "https://laodongthudo.vn/x-1.html";
  a.title = "Công đoàn quận tổ chức hội nghị";
  a.published = "2025-04-20T22:49:00+07:00";
  a.author = "Minh Anh";
  a.lead = "Sáng nay, hội nghị đã diễn ra.";
  a.body = "Sáng nay, hội nghị đã diễn ra.\n\nĐoạn hai.";
  a.images = {{"https://img.vn/a.jpg", "Toàn cảnh hội nghị"}, {"https://img.vn/b.jpg", ""}};
  a.tags = {"công đoàn", "Hà Nội"};
  a.language = "vi";
  const nlohmann::json j = ArticleToJson(a);
  CHECK(j["title"] == "Công đoàn quận tổ chức hội nghị");
  CHECK(j["modified"].is_null());  // unknown fields are null
  CHECK(j["images"][1]["caption"].is_null());
  Result<Article> back = ArticleFromJson(nlohmann::json::parse(j.dump()));
  REQUIRE(back.ok());
  CHECK(*back == a);
}

TEST_CASE("malformed article JSON is rejected with the field named") {
  CHECK(ArticleFromJson(nlohmann::json::array()).status().IsInvalidArgument());
  auto r = ArticleFromJson(nlohmann::json{{"title", 3}});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("'title'") != std::string::npos);
  CHECK_FALSE(ArticleFromJson(nlohmann::json{{"tags", {1, 2}}}).ok());
  CHECK_FALSE(ArticleFromJson(nlohmann::json{{"images", "x"}}).ok());
}

}  // namespace
}  // namespace newscrawl
