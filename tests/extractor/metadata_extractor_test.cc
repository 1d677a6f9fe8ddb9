#include "extractor/metadata_extractor.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/temp_dir.h"

namespace newscrawl {
namespace {

HtmlDocument Load(const char* name) {
  Result<HtmlDocument> doc = HtmlDocument::Parse(
      testing::ReadFile(testing::FixturePath(std::string("extractor/metadata/") + name)));
  REQUIRE(doc.ok());
  return std::move(*doc);
}

HtmlDocument ParseHtml(const std::string& html) {
  Result<HtmlDocument> doc = HtmlDocument::Parse(html);
  REQUIRE(doc.ok());
  return std::move(*doc);
}

TEST_CASE("modern union page without JSON-LD: h1, visible date, byline") {
  const HtmlDocument doc = Load("union_modern.html");
  const PageMetadata m = ExtractMetadata(
      doc, "https://ldtd-mau.vn/cong-doan/cong-nhan-duoc-ho-tro-nha-o-190001.html");
  CHECK(m.title == "Công nhân khu công nghiệp được hỗ trợ nhà ở");
  CHECK(m.title_source == "h1");
  // Not the header's "today" date nor the related list's date.
  CHECK(m.published == "2024-03-12T09:15:00+07:00");
  CHECK(m.published_source == "visible-date");
  // meta author is the site's name: rejected; the byline label is cut.
  CHECK(m.author == "Hoài Nam");
  CHECK(m.author_source == "byline");
  CHECK(m.lead ==
        "Sáng 12/3, Liên đoàn Lao động quận tổ chức trao 50 suất hỗ trợ tiền "
        "thuê nhà cho công nhân có hoàn cảnh khó khăn.");
  CHECK(m.lead_source == "description");
  CHECK(m.canonical_url ==
        "https://ldtd-mau.vn/cong-doan/cong-nhan-duoc-ho-tro-nha-o-190001.html");
  CHECK(m.canonical_source == "link-canonical");
  CHECK(m.language == "vi");
  CHECK(m.language_source == "html-lang");
  CHECK(m.site_name == "Lao Động Thủ Đô Mẫu");
  REQUIRE(m.images.size() == 1);
  CHECK(m.images[0].url == "https://ldtd-mau.vn/stores/anh/2024/hinh-1.jpg");
  CHECK(m.images[0].caption == "Đại diện công đoàn trao quà (Ảnh: Hoài Nam)");
  CHECK(m.rule_misses.empty());
}

TEST_CASE("old table layout in windows-1258: <title> minus suffix, Theo byline") {
  const HtmlDocument doc = Load("old_table_cp1258.html");
  CHECK(doc.source_charset() == "windows-1258");
  const PageMetadata m =
      ExtractMetadata(doc, "http://congdoan-mau.vn/tin/doan-vien-don-tet.htm");
  CHECK(m.title == "Đoàn viên công đoàn vui đón Tết sum vầy");
  CHECK(m.title_source == "title");
  CHECK(m.published == "2025-01-20T22:49:00+07:00");
  CHECK(m.published_source == "visible-date");
  CHECK(m.author == "Hoàng Lan");
  CHECK(m.canonical_url == "http://congdoan-mau.vn/tin/doan-vien-don-tet.htm");
  CHECK(m.canonical_source == "page-url");
  CHECK(m.language.empty());
  CHECK(m.lead.empty());
}

TEST_CASE("JSON-LD @graph page: base href, site name as author rejected") {
  const HtmlDocument doc = Load("jsonld_graph.html");
  const PageMetadata m = ExtractMetadata(
      doc, "https://baomau.vn/viec-lam/tang-luong-toi-thieu-vung-1234.html");
  CHECK(m.title == "Tăng lương tối thiểu vùng từ tháng 7");
  CHECK(m.title_source == "json-ld");
  CHECK(m.published == "2024-06-30T08:05:00+07:00");
  CHECK(m.published_source == "json-ld");
  CHECK(m.modified == "2024-06-30T10:00:00+07:00");
  CHECK(m.author == "Thu Trang");
  CHECK(m.author_source == "json-ld");
  CHECK(m.lead == "Mức lương tối thiểu vùng tăng 6% từ ngày 1/7.");
  CHECK(m.lead_source == "json-ld");
  CHECK(m.canonical_url ==
        "https://media.baomau.vn/viec-lam/tang-luong-toi-thieu-vung-1234.html");
  CHECK(m.language == "vi-VN");
  CHECK(m.language_source == "og:locale");
  CHECK(m.section == "Việc làm");
  CHECK(m.tags == std::vector<std::string>{"lương tối thiểu", "người lao động"});
  CHECK(m.site_name == "Báo Mẫu");
  REQUIRE(m.images.size() == 2);
  CHECK(m.images[0].url == "https://cdn.baomau.vn/2024/06/luong.jpg");
  CHECK(m.images[1].url == "https://media.baomau.vn/anh/bang-luong.png");
  CHECK(m.images[1].caption == "Bảng lương mới");
}

TEST_CASE("site rules win, and a rule that matches nothing is reported") {
  const HtmlDocument doc = Load("rules_page.html");
  SiteRules rules;
  rules.title = "h1.title-detail";
  rules.date = "span.date";
  rules.author = "article.fck_detail p.Normal[style*=right]";
  rules.lead = "p.description";
  rules.body = "article.fck_detail";
  Result<MetadataRules> compiled = MetadataRules::Compile(rules);
  REQUIRE(compiled.ok());
  PageMetadata m = ExtractMetadata(doc, "https://vne-mau.net/a-1.html", &*compiled);
  CHECK(m.title == "Người lao động tự do tham gia bảo hiểm xã hội");
  CHECK(m.title_source == "rule");
  CHECK(m.published == "2025-10-22T19:25:00+07:00");
  CHECK(m.published_source == "rule");
  CHECK(m.author == "Khánh Linh");
  CHECK(m.author_source == "rule");
  CHECK(m.lead == "Chính sách mới giúp lao động tự do dễ tham gia bảo hiểm hơn.");
  CHECK(m.lead_source == "rule");
  CHECK(m.rule_misses.empty());

  SiteRules missing;
  missing.title = "h1.khong-co";
  missing.author = ".tac-gia";
  Result<MetadataRules> compiled_missing = MetadataRules::Compile(missing);
  REQUIRE(compiled_missing.ok());
  m = ExtractMetadata(doc, "https://vne-mau.net/a-1.html", &*compiled_missing);
  CHECK(m.rule_misses == std::vector<std::string>{"title", "author"});
  CHECK(m.title == "Tiêu đề từ og");
  CHECK(m.title_source == "og:title");
  // Generic fallbacks still work: right-aligned last paragraph, date above
  // the h1.
  CHECK(m.author == "Khánh Linh");
  CHECK(m.published == "2025-10-22T19:25:00+07:00");
}

TEST_CASE("a bad rule selector is an error naming the rule and its place") {
  SiteRules rules;
  rules.date = "span..date";
  rules.where["date"] = "sites.toml:12:8";
  Result<MetadataRules> compiled = MetadataRules::Compile(rules);
  REQUIRE_FALSE(compiled.ok());
  const std::string message = compiled.status().ToString();
  CHECK(message.find("sites.toml:12:8") != std::string::npos);
  CHECK(message.find("'date'") != std::string::npos);
  CHECK(message.find("column 6") != std::string::npos);
  Result<MetadataRules> empty = MetadataRules::Compile(SiteRules());
  REQUIRE(empty.ok());
  CHECK_FALSE(empty->title.has_value());
}

TEST_CASE("h1 most similar to <title> is the title; og:title suffix cut") {
  HtmlDocument doc = ParseHtml(
      "<title>Hội nghị công nhân viên chức năm 2025 | Báo Ví Dụ</title>"
      "<h1 class=logo>Báo Ví Dụ</h1><h1>Hội nghị công nhân viên chức năm 2025</h1>"
      "<h1>Tin nổi bật khác</h1>");
  PageMetadata m = ExtractMetadata(doc, "");
  CHECK(m.title == "Hội nghị công nhân viên chức năm 2025");
  CHECK(m.title_source == "h1");
  doc = ParseHtml(
      "<meta property=og:site_name content='Báo Ví Dụ'>"
      "<meta property=og:title content='Giá xăng giảm - Báo Ví Dụ'>");
  m = ExtractMetadata(doc, "");
  CHECK(m.title == "Giá xăng giảm");
  doc = ParseHtml("<title>Cao tốc Bắc - Nam: thêm 4.000 tỷ đồng</title>");
  CHECK(ExtractMetadata(doc, "").title == "Cao tốc Bắc - Nam: thêm 4.000 tỷ đồng");
}

TEST_CASE("meta dates, itemprop and <time> are read; garbage dates ignored") {
  HtmlDocument doc = ParseHtml(
      "<meta property='article:published_time' content='không phải ngày'>"
      "<meta itemprop='datePublished' content='2023-02-30T10:00:00+07:00'>"
      "<meta name='pubdate' content='2023-03-01T10:00:00Z'>"
      "<meta property='article:modified_time' content='2023-03-02 08:00'>");
  PageMetadata m = ExtractMetadata(doc, "");
  CHECK(m.published == "2023-03-01T10:00:00+00:00");
  CHECK(m.published_source == "pubdate");
  CHECK(m.modified == "2023-03-02T08:00:00+07:00");
  doc = ParseHtml("<h1>Tiêu đề bài</h1><time class=author-time "
                  "datetime='2025-05-09 11:05'>9/5/2025</time>");
  m = ExtractMetadata(doc, "");
  CHECK(m.published == "2025-05-09T11:05:00+07:00");
  CHECK(m.published_source == "time");
}

TEST_CASE("authors: labels cut, URLs, dates and site names rejected") {
  CHECK(CleanAuthor("Theo Minh Anh") == "Minh Anh");
  CHECK(CleanAuthor("Bài và ảnh: Hoài Nam") == "Hoài Nam");
  CHECK(CleanAuthor("Tác giả: Lê Hoa - 24/12/2022") == "Lê Hoa");
  CHECK(CleanAuthor("Thu Hà | thuha@baomau.vn") == "Thu Hà");
  CHECK(CleanAuthor("https://baomau.vn/tac-gia/thu-ha") == "");
  CHECK(CleanAuthor("12/03/2024 09:15") == "");
  CHECK(CleanAuthor("") == "");
  CHECK(CleanAuthor(std::string(1000, 'a')) == "");
  CHECK(CleanAuthor("Một hai ba bốn năm sáu bảy tám chín mười") == "");
  HtmlDocument doc = ParseHtml(
      "<meta name=author content='https://baomau.vn/ban-bien-tap'>"
      "<meta property=og:site_name content='Báo Ví Dụ'>"
      "<div class=author-name>Báo Ví Dụ</div>"
      "<a rel=author href=/tg/1>Theo Nguyễn Văn Bình</a>");
  const PageMetadata m = ExtractMetadata(doc, "https://vidu.vn/bai.html");
  CHECK(m.author == "Nguyễn Văn Bình");
  CHECK(m.author_source == "byline");
}

TEST_CASE("hostile pages give a bounded, possibly empty result") {
  PageMetadata m = ExtractMetadata(ParseHtml(""), "");
  CHECK(m.title.empty());
  CHECK(m.published.empty());
  CHECK(m.canonical_url.empty());

  std::string deep = "<title>Sâu</title>";
  for (int i = 0; i < 100000; ++i) deep += "<div class=date>";
  deep += "<h1>Sâu</h1><span class=date>26/10/2017 13:46</span>";
  m = ExtractMetadata(ParseHtml(deep), "https://a.vn/x");
  CHECK(m.title == "Sâu");

  std::string huge = "<meta name=description content='" +
                     std::string(4 * 1024 * 1024, 'x') + "'><h1 title='" +
                     std::string(1024 * 1024, 'y') + "'>Tiêu đề</h1>";
  m = ExtractMetadata(ParseHtml(huge), "");
  CHECK(m.title == "Tiêu đề");
  CHECK(m.lead.size() == 4u * 1024 * 1024);

  std::string many_scripts;
  for (int i = 0; i < 2000; ++i) {
    many_scripts += "<script type='application/ld+json'>{\"@type\":\"NewsArticle\",";
  }
  m = ExtractMetadata(ParseHtml(many_scripts), "");
  CHECK(m.title.empty());

  std::string binary;
  for (int i = 0; i < 100000; ++i) binary += static_cast<char>((i * 131) & 0xFF);
  m = ExtractMetadata(ParseHtml(binary), "không phải url");
  CHECK(m.canonical_url.empty());
}

}  // namespace
}  // namespace newscrawl
