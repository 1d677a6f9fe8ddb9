#include "extractor/content_extractor.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "extractor/html_document.h"

namespace newscrawl {
namespace {

const char kPara1[] =
    "Hội nghị người lao động năm nay có hơn 300 đại biểu tham dự, bàn về "
    "tiền lương, thưởng Tết và điều kiện làm việc tại các phân xưởng.";
const char kPara2[] =
    "Ban giám đốc cam kết tăng lương bình quân 7%, đồng thời bổ sung phụ "
    "cấp nhà trọ cho công nhân ở xa, theo đề xuất của công đoàn cơ sở.";
const char kPara3[] =
    "Kết thúc hội nghị, hai bên ký thỏa ước lao động tập thể mới, có hiệu "
    "lực trong ba năm, với nhiều điều khoản có lợi hơn cho người lao động.";

std::string Page(const std::string& content) {
  return "<html><head><title>T</title></head><body>"
         "<div class='menu'><a href='/'>Trang chủ</a> <a href='/a'>Tin tức</a></div>"
         "<div class='detail-content'>" + content +
         "</div><div class='footer'>Bản quyền</div></body></html>";
}

ContentResult Run(const std::string& html, ContentOptions options = {}) {
  Result<HtmlDocument> doc = HtmlDocument::Parse(html);
  REQUIRE(doc.ok());
  ContentExtractor extractor(std::move(options));
  return extractor.Extract(doc->root());
}

std::string P(const char* text) { return std::string("<p>") + text + "</p>"; }

TEST_CASE("the article container is found and its paragraphs kept in order") {
  const ContentResult r = Run(Page(P(kPara1) + P(kPara2) + P(kPara3)));
  CHECK(r.paragraphs == std::vector<std::string>{kPara1, kPara2, kPara3});
  CHECK(r.container == "div.detail-content");
}

TEST_CASE("a clutter heading inside its own box drops only that box") {
  const ContentResult r = Run(Page(
      P(kPara1) +
      "<div class='box'><h3>Tin liên quan</h3><p>Một bài viết khác hoàn toàn "
      "không có đường dẫn nào trong đoạn này cả.</p></div>" +
      P(kPara2)));
  CHECK(r.paragraphs == std::vector<std::string>{kPara1, kPara2});
}

TEST_CASE("a clutter heading standing alone drops everything after it") {
  const ContentResult r = Run(Page(P(kPara1) + P(kPara2) + "<p><b>Có thể bạn quan tâm</b></p>" +
                                   P(kPara3)));
  CHECK(r.paragraphs == std::vector<std::string>{kPara1, kPara2});
}

TEST_CASE("site drop headings work like the built-in ones") {
  ContentOptions options;
  options.drop_headings = {"TIN CÙNG TÁC GIẢ"};
  const ContentResult r = Run(
      Page(P(kPara1) + P(kPara2) + "<h4>Tin cùng tác giả</h4>" + P(kPara3)),
      options);
  CHECK(r.paragraphs == std::vector<std::string>{kPara1, kPara2});
}

TEST_CASE("a drop predicate removes elements and says why") {
  ContentOptions options;
  options.explain = true;
  options.drop = [](const GumboNode* node, std::string* reason) {
    const GumboAttribute* cls =
        gumbo_get_attribute(&node->v.element.attributes, "class");
    if (cls != nullptr && std::string(cls->value) == "quote-box") {
      *reason = "rule drop: .quote-box";
      return true;
    }
    return false;
  };
  const ContentResult r = Run(
      Page(P(kPara1) + "<div class='quote-box'><p>" + kPara3 + "</p></div>" + P(kPara2)),
      options);
  CHECK(r.paragraphs == std::vector<std::string>{kPara1, kPara2});
  bool explained = false;
  for (const std::string& line : r.explain) {
    if (line.find("div.quote-box: rule drop: .quote-box: Kết thúc") == 0) {
      explained = true;
    }
  }
  CHECK(explained);
}

TEST_CASE("given containers replace the generic choice") {
  const std::string html = Page(P(kPara1) + P(kPara2)) ;
  Result<HtmlDocument> doc = HtmlDocument::Parse(
      "<html><body><div id='a'>" + P(kPara1) + P(kPara2) + P(kPara3) +
      "</div><div id='b'><p>Đoạn ngắn do quy tắc chọn.</p></div></body></html>");
  REQUIRE(doc.ok());
  // Find div#b by walking body's children.
  const GumboNode* body = nullptr;
  const GumboVector& kids = doc->root()->v.element.children;
  for (unsigned i = 0; i < kids.length; ++i) {
    const auto* n = static_cast<const GumboNode*>(kids.data[i]);
    if (n->type == GUMBO_NODE_ELEMENT && n->v.element.tag == GUMBO_TAG_BODY) body = n;
  }
  REQUIRE(body != nullptr);
  const auto* b = static_cast<const GumboNode*>(body->v.element.children.data[1]);
  ContentOptions options;
  options.containers = {b};
  ContentExtractor extractor(options);
  const ContentResult r = extractor.Extract(doc->root());
  CHECK(r.paragraphs == std::vector<std::string>{"Đoạn ngắn do quy tắc chọn."});
}

TEST_CASE("captions: figcaption, .caption, credits, table captions") {
  const ContentResult r = Run(Page(
      P(kPara1) +
      "<figure><img src='a.jpg'><figcaption>Công nhân nhận quà.</figcaption></figure>"
      "<p class='image-caption'>Đại biểu dự hội nghị.</p>"
      "<table><tr><td><img src='b.jpg'></td></tr><tr><td>Toàn cảnh hội nghị. (Ảnh: PV)</td></tr></table>"
      "<p>Ảnh: Thu Hà</p>" +
      "<p>Ban giám đốc phát biểu tại hội nghị người lao động năm nay, trước "
      "hơn 300 đại biểu của các phân xưởng (Ảnh: Minh An).</p>" +
      P(kPara2)));
  CHECK(r.paragraphs ==
        std::vector<std::string>{
            kPara1,
            "Ban giám đốc phát biểu tại hội nghị người lao động năm nay, trước "
            "hơn 300 đại biểu của các phân xưởng.",
            kPara2});
}

TEST_CASE("photo-led pages keep their long captions as body") {
  std::string content = P("Mười gương mặt công nhân tiêu biểu của năm.");
  for (int i = 0; i < 4; ++i) {
    content += "<figure><img src='x.jpg'><figcaption><p>" + std::string(kPara1) +
               " " + kPara2 + "</p></figcaption></figure>";
  }
  const ContentResult r = Run(Page(content));
  REQUIRE(r.paragraphs.size() == 5);
  CHECK(r.paragraphs[1] == std::string(kPara1) + " " + kPara2);
}

TEST_CASE("link-dominated blocks and title lists with date lines go") {
  const ContentResult r = Run(Page(
      P(kPara1) +
      "<p><a href='/1'>Nâng tầm hoạt động công đoàn</a> <a href='/2'>Xây "
      "dựng giai cấp công nhân</a></p>" +
      P(kPara2) +
      "<div>Tiêu đề bài viết khác về công đoàn</div><div>Hoạt động 20/04/2025 22:49</div>"
      "<ul><li><a href='/3'>Tin một</a></li><li><a href='/4'>Tin hai</a></li></ul>"));
  CHECK(r.paragraphs == std::vector<std::string>{kPara1, kPara2});
}

TEST_CASE("headings inside the article are kept as paragraphs; h1 is not") {
  const ContentResult r =
      Run(Page("<h1>Tiêu đề bài</h1>" + P(kPara1) + "<h2>Những con số ấn tượng</h2>" + P(kPara2)));
  CHECK(r.paragraphs == std::vector<std::string>{kPara1, "Những con số ấn tượng", kPara2});
}

TEST_CASE("bylines and source lines at the end go to author and source") {
  const ContentResult r =
      Run(Page(P(kPara1) + P(kPara2) + "<p>Hà Phong</p><p>Nguồn: Báo Lao Động</p>"));
  CHECK(r.paragraphs == std::vector<std::string>{kPara1, kPara2});
  CHECK(r.author == "Hà Phong");
  CHECK(r.source == "Báo Lao Động");
}

TEST_CASE("a page without text gives no paragraphs") {
  CHECK(Run("<html><body><img src='a.jpg'></body></html>").paragraphs.empty());
  CHECK(Run("").paragraphs.empty());
  ContentExtractor extractor;
  CHECK(extractor.Extract(nullptr).paragraphs.empty());
}

TEST_CASE("the node budget bounds the work on huge trees") {
  std::string html = "<html><body><div>";
  for (int i = 0; i < 20000; ++i) html += "<p>Đoạn văn bản số " + std::to_string(i) + ", có dấu phẩy.</p>";
  html += "</div></body></html>";
  ContentOptions options;
  options.max_nodes = 1000;
  const ContentResult r = Run(html, options);
  CHECK(r.paragraphs.size() < 1000);
  CHECK(!r.paragraphs.empty());
}

}  // namespace
}  // namespace newscrawl
