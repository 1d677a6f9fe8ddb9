#include "extractor/extractor.h"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "extractor/html_document.h"
#include "extractor/unicode_text.h"
#include "tests/support/temp_dir.h"

namespace newscrawl {
namespace {

using testing::FixturePath;
using testing::ReadFile;

std::vector<std::string> SplitParagraphs(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find("\n\n", start);
    if (end == std::string::npos) end = text.size();
    std::string p = NormalizeText(text.substr(start, end - start));
    if (!p.empty()) out.push_back(p);
    start = end + 2;
  }
  return out;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

Extractor Generic() {
  Result<Extractor> e = Extractor::Create(ExtractConfig(), nullptr);
  REQUIRE(e.ok());
  return std::move(*e);
}

Article ExtractFixture(const std::string& name) {
  const std::string html = ReadFile(FixturePath("extractor/" + name + ".html"));
  REQUIRE(!html.empty());
  ExtractRequest request;
  request.url = "https://example.vn/" + name + ".html";
  Result<Article> article = Generic().Extract(html, request);
  REQUIRE(article.ok());
  return *article;
}

// Each fixture page has NAME.txt (the exact expected paragraphs) and
// NAME.clutter (snippets that must not be in the body).
void CheckFixture(const std::string& name) {
  CAPTURE(name);
  const Article article = ExtractFixture(name);
  const std::string expected =
      ReadFile(FixturePath("extractor/" + name + ".txt"));
  REQUIRE(!expected.empty());
  CHECK(SplitParagraphs(article.body) == SplitParagraphs(expected));
  const std::string clutter =
      ReadFile(FixturePath("extractor/" + name + ".clutter"));
  REQUIRE(!clutter.empty());
  for (const std::string& snippet : Lines(clutter)) {
    CAPTURE(snippet);
    CHECK(article.body.find(snippet) == std::string::npos);
  }
  // Paragraphs are separated by exactly one blank line, NFC, folded.
  CHECK(article.body.find("\n\n\n") == std::string::npos);
  CHECK(article.body == ToNfc(article.body));
}

void CheckMetadata(const std::string& name, const std::string& title,
                   const std::string& published, const std::string& author) {
  CAPTURE(name);
  const Article article = ExtractFixture(name);
  CHECK(article.title == title);
  CHECK(article.published == published);
  CHECK(article.author == author);
}

TEST_CASE("union-news table layout: related links, captions, Tin khác lists") {
  CheckFixture("ldtd_table_layout");
  CheckMetadata("ldtd_table_layout",
                "Công đoàn phường Kim Liên chăm lo Tết cho công nhân khó khăn",
                "2024-01-12T14:05:00+07:00", "Minh Khôi");
}

TEST_CASE("modern layout: lead outside the body, related box, share bar") {
  CheckFixture("laodong_modern");
  CheckMetadata("laodong_modern",
                "Người lao động ngành dệt may được tăng phụ cấp độc hại",
                "2024-03-05T09:12:00+07:00", "Hải Yến");
  const Article article = ExtractFixture("laodong_modern");
  CHECK(article.language == "vi");
  CHECK(article.lead.find("Từ tháng 4, công nhân") == 0);
}

TEST_CASE("flat layout: Xem thêm, Nên xem, Ý kiến bạn đọc, slugs, placeholders") {
  CheckFixture("congdoan_flat");
  CheckMetadata("congdoan_flat", "Khánh thành nhà văn hóa công nhân ở Bắc Ninh",
                "2024-11-22T16:30:00+07:00", "");
}

TEST_CASE("embedded teaser articles, Tin liên quan lines, p.Image captions") {
  CheckFixture("congdoanvn_embedded");
  CheckMetadata("congdoanvn_embedded",
                "Đoàn viên được vay vốn ưu đãi để sửa nhà",
                "2025-02-18T07:40:00+07:00", "Quỳnh Chi");
}

TEST_CASE("print view: <br> paragraphs, title lists with date lines, byline") {
  CheckFixture("ldtd_print_view");
  const Article article = ExtractFixture("ldtd_print_view");
  CHECK(article.published == "2023-05-18T09:30:00+07:00");
  CHECK(article.author == "Thanh Tùng");
}

TEST_CASE("English page: Related, Read more, newsletter, Most popular") {
  CheckFixture("english_news");
}

TEST_CASE("Vietnamese source markers go; English datelines stay") {
  const std::string tail =
      " hơn 200 công nhân đã được khám sức khỏe miễn phí, tư vấn dinh dưỡng "
      "và nhận thuốc, do công đoàn khu công nghiệp phối hợp tổ chức.";
  Result<Article> vi = Generic().Extract(
      "<html><body><div class='content'><p>(Dân trí) - Sáng 12/3," + tail +
          "</p><p>Sáng 13/3," + tail + "</p></div></body></html>",
      ExtractRequest());
  REQUIRE(vi.ok());
  CHECK(vi->body.find("Sáng 12/3,") == 0);
  const std::string en =
      " Two officers were charged on Tuesday with falsifying records, "
      "prosecutors said, in a case that has drawn national attention.";
  Result<Article> english = Generic().Extract(
      "<html><body><div class='content'><p>WASHINGTON —" + en + "</p><p>Later," +
          en + "</p></div></body></html>",
      ExtractRequest());
  REQUIRE(english.ok());
  CHECK(english->body.find("WASHINGTON —") == 0);
}

TEST_CASE("a listing page has no article: empty body, no error") {
  const Article article = ExtractFixture("listing_no_article");
  CHECK(article.body.empty());
}

TEST_CASE("explain lists dropped blocks with their reasons") {
  const std::string html =
      ReadFile(FixturePath("extractor/ldtd_table_layout.html"));
  ExtractRequest request;
  request.explain = true;
  Result<ExtractResult> r = Generic().ExtractDetailed(html, request);
  REQUIRE(r.ok());
  std::string all;
  for (const std::string& line : r->explain) all += line + "\n";
  CHECK(all.find("container: ") != std::string::npos);
  CHECK(all.find("clutter heading; the rest is dropped: Tin khác") !=
        std::string::npos);
  CHECK(all.find("link-dominated") != std::string::npos);
  CHECK(all.find("image table (caption)") != std::string::npos);
  CHECK(all.find("byline/source at the end: Minh Khôi") != std::string::npos);
  // Without explain, nothing is collected.
  request.explain = false;
  r = Generic().ExtractDetailed(html, request);
  REQUIRE(r.ok());
  CHECK(r->explain.empty());
}

TEST_CASE("an already parsed document extracts the same article as its bytes") {
  const std::string html =
      ReadFile(FixturePath("extractor/laodong_modern.html"));
  ExtractRequest request;
  request.url = "https://example.vn/laodong_modern.html";
  request.content_type = "text/html; charset=utf-8";
  Result<HtmlDocument> doc = HtmlDocument::Parse(html, request.content_type);
  REQUIRE(doc.ok());
  const Extractor extractor = Generic();
  Result<ExtractResult> from_doc = extractor.ExtractDetailed(*doc, request);
  Result<ExtractResult> from_bytes = extractor.ExtractDetailed(html, request);
  REQUIRE(from_doc.ok());
  REQUIRE(from_bytes.ok());
  CHECK(!from_doc->article.body.empty());
  CHECK(from_doc->article == from_bytes->article);
  // The document is only read: a second extraction gives the same again.
  Result<ExtractResult> again = extractor.ExtractDetailed(*doc, request);
  REQUIRE(again.ok());
  CHECK(again->article == from_doc->article);
}

TEST_CASE("site rules: body and drop selectors refine the generic result") {
  SiteConfig site;
  site.name = "laodong";
  site.rules.body = "div.art-body";
  site.rules.drop = {"p.quote-of-day", "div.box-khac"};
  site.rules.drop_headings = {"Tin cùng tác giả"};
  Result<Extractor> e = Extractor::Create(ExtractConfig(), &site);
  REQUIRE(e.ok());
  const std::string para =
      "Công đoàn cơ sở đã tổ chức đối thoại với ban giám đốc về tiền lương, "
      "thưởng Tết và chế độ nghỉ phép cho người lao động trong năm tới.";
  const std::string html =
      "<html><body><div class='other'><p>" + para + " Đoạn ngoài thân bài, "
      "dài hơn, nhiều dấu phẩy, nhiều chữ, nhiều câu, để thuật toán chung "
      "chọn nhầm, nếu không có quy tắc, của trang web.</p><p>" + para +
      "</p></div><div class='art-body'><p>" + para +
      "</p><p class='quote-of-day'>Câu nói hay trong ngày của bạn đọc.</p>"
      "<div class='box-khac'><p>Một hộp tin khác không có tiêu đề.</p></div>"
      "<h3>Tin cùng tác giả</h3><p>Bài cũ của cùng tác giả.</p></div>"
      "</body></html>";
  ExtractRequest request;
  request.explain = true;
  Result<ExtractResult> r = e->ExtractDetailed(html, request);
  REQUIRE(r.ok());
  CHECK(r->article.body == para);
  CHECK(r->rule_misses.empty());
  bool explained = false;
  for (const std::string& line : r->explain) {
    if (line.find("site rule drop 'p.quote-of-day'") != std::string::npos) {
      explained = true;
    }
  }
  CHECK(explained);

  // A body rule that matches nothing falls back to generic extraction and
  // is reported.
  site.rules.body = "div.noi-dung-moi";
  Result<Extractor> stale = Extractor::Create(ExtractConfig(), &site);
  REQUIRE(stale.ok());
  r = stale->ExtractDetailed(html, ExtractRequest());
  REQUIRE(r.ok());
  CHECK(r->rule_misses == std::vector<std::string>{"body: div.noi-dung-moi"});
  CHECK(r->article.body.find(para) != std::string::npos);
}

TEST_CASE("an invalid rule selector is refused where it was written") {
  SiteConfig site;
  site.name = "ldtd";
  site.rules.drop = {"div..x"};
  site.rules.where["drop"] = "sites.toml:12:8";
  Result<Extractor> e = Extractor::Create(ExtractConfig(), &site);
  REQUIRE(!e.ok());
  CHECK(e.status().IsInvalidArgument());
  CHECK(e.status().ToString().find("sites.toml:12:8") != std::string::npos);
  CHECK(e.status().ToString().find("drop") != std::string::npos);
}

TEST_CASE("the rules fingerprint changes with the rules and nothing else") {
  SiteConfig site;
  site.name = "ldtd";
  Result<Extractor> plain = Extractor::Create(ExtractConfig(), nullptr);
  Result<Extractor> empty_rules = Extractor::Create(ExtractConfig(), &site);
  site.rules.drop.push_back("div.box-tinkhac");
  Result<Extractor> with_drop = Extractor::Create(ExtractConfig(), &site);
  site.rules.drop.back() = "div.box-tinmoi";
  Result<Extractor> other_drop = Extractor::Create(ExtractConfig(), &site);
  REQUIRE(plain.ok());
  REQUIRE(empty_rules.ok());
  REQUIRE(with_drop.ok());
  REQUIRE(other_drop.ok());
  CHECK(plain->RulesFingerprint().size() == 16);
  CHECK(plain->RulesFingerprint() == empty_rules->RulesFingerprint());
  CHECK(plain->RulesFingerprint() != with_drop->RulesFingerprint());
  CHECK(with_drop->RulesFingerprint() != other_drop->RulesFingerprint());
}

TEST_CASE("one extractor is shared by many threads") {
  const Extractor extractor = Generic();
  const std::string html =
      ReadFile(FixturePath("extractor/laodong_modern.html"));
  Result<Article> expected = extractor.Extract(html, ExtractRequest());
  REQUIRE(expected.ok());
  std::vector<std::thread> threads;
  std::vector<int> same(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        Result<Article> a = extractor.Extract(html, ExtractRequest());
        if (a.ok() && *a == *expected) ++same[static_cast<std::size_t>(t)];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int count : same) CHECK(count == 20);
}

TEST_CASE("hostile input gives a result in bounded time, never a crash") {
  const Extractor extractor = Generic();
  const auto start = std::chrono::steady_clock::now();
  SUBCASE("empty") {
    Result<Article> a = extractor.Extract("", ExtractRequest());
    REQUIRE(a.ok());
    CHECK(a->body.empty());
  }
  SUBCASE("binary") {
    std::string bytes;
    for (int i = 0; i < 100000; ++i) bytes += static_cast<char>((i * 131) % 256);
    Result<Article> a = extractor.Extract(bytes, ExtractRequest());
    REQUIRE(a.ok());
    CHECK(IsValidUtf8(a->body));
  }
  SUBCASE("invalid UTF-8 in the article") {
    std::string html = "<html><body><div class=content>";
    for (int i = 0; i < 5; ++i) {
      html += "<p>Công đoàn \xC3\x28 cơ sở \xFF\xFE tổ chức hội nghị, bàn "
              "về việc làm, tiền lương và bảo hiểm cho người lao động.</p>";
    }
    html += "</div></body></html>";
    Result<Article> a = extractor.Extract(html, ExtractRequest());
    REQUIRE(a.ok());
    CHECK(IsValidUtf8(a->body));
    CHECK(a->body.find("tiền lương") != std::string::npos);
  }
  SUBCASE("100 000 nested tags") {
    std::string html = "<html><body>";
    for (int i = 0; i < 100000; ++i) html += "<div>";
    html += "Văn bản sâu, rất sâu, ở tận cùng của cây, vẫn được đọc ra.";
    for (int i = 0; i < 100000; ++i) html += "</div>";
    Result<Article> a = extractor.Extract(html, ExtractRequest());
    REQUIRE(a.ok());
  }
  SUBCASE("5 MB of links") {
    std::string html = "<html><body><div>";
    while (html.size() < 5 * 1024 * 1024) {
      html += "<a href=\"/tin-" + std::to_string(html.size()) +
              ".html\">Tin tức công đoàn</a> ";
    }
    html += "</div></body></html>";
    Result<Article> a = extractor.Extract(html, ExtractRequest());
    REQUIRE(a.ok());
    CHECK(a->body.empty());
  }
  SUBCASE("broken entities and unclosed tags") {
    Result<Article> a = extractor.Extract(
        "<p>&#xFFFFFFFF; &#0; &amp &lt;b&gt; &notanentity; <b><i>Chữ "
        "nghiêng, chữ đậm, chưa đóng thẻ, vẫn là văn bản của bài viết này.",
        ExtractRequest());
    REQUIRE(a.ok());
    CHECK(IsValidUtf8(a->body));
  }
  const auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(elapsed < std::chrono::seconds(30));
}

TEST_CASE("input over the size limit is an error, not a result") {
  const std::string huge(65 * 1024 * 1024, 'a');
  Result<Article> a = Generic().Extract(huge, ExtractRequest());
  CHECK(a.status().IsTooLarge());
}

}  // namespace
}  // namespace newscrawl
