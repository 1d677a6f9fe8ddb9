// Helpers for the store tests: deterministic Vietnamese article text
// (written for these tests, in the style of trade-union news) and page
// builders.  Header-only; not a test file itself.
#ifndef NEWSCRAWL_TESTS_STORE_STORE_TEST_UTIL_H_
#define NEWSCRAWL_TESTS_STORE_STORE_TEST_UTIL_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include <doctest/doctest.h>

#include "extractor/article.h"
#include "extractor/extractor.h"
#include "store/store.h"
#include "store/write_batch.h"
#include "tests/support/fixture_site.h"

namespace newscrawl::testing {

inline constexpr std::array<std::string_view, 24> kSentences = {
    "Sáng nay, Liên đoàn Lao động quận tổ chức hội nghị tổng kết công tác "
    "chăm lo cho đoàn viên trong năm qua.",
    "Hơn ba trăm công nhân tại khu công nghiệp đã được thăm hỏi và tặng quà "
    "nhân dịp cuối năm.",
    "Chủ tịch công đoàn cơ sở cho biết nhiều doanh nghiệp đã tăng lương tối "
    "thiểu cho người lao động.",
    "Chương trình Tết Sum vầy năm nay dành hai nghìn vé xe miễn phí cho công "
    "nhân về quê đón Tết.",
    "Các cấp công đoàn tiếp tục đẩy mạnh đối thoại tại nơi làm việc để giải "
    "quyết kịp thời các kiến nghị.",
    "Bữa cơm công đoàn được tổ chức ấm cúng ngay tại nhà ăn của công ty may "
    "xuất khẩu.",
    "Đại diện ban giám đốc cam kết bảo đảm việc làm ổn định cho toàn bộ công "
    "nhân trong quý tới.",
    "Nhiều ý kiến đề nghị tăng cường kiểm tra an toàn vệ sinh lao động tại "
    "các xưởng sản xuất.",
    "Công đoàn ngành giáo dục đã trao học bổng cho con em đoàn viên có hoàn "
    "cảnh khó khăn.",
    "Hội thi tay nghề giỏi thu hút đông đảo công nhân trẻ tham gia với nhiều "
    "sáng kiến thiết thực.",
    "Theo báo cáo, tỷ lệ thỏa ước lao động tập thể có nội dung có lợi hơn "
    "cho người lao động tăng rõ rệt.",
    "Buổi tư vấn pháp luật giúp người lao động hiểu rõ quyền lợi về bảo hiểm "
    "xã hội và trợ cấp thôi việc.",
    "Mái ấm công đoàn vừa được bàn giao cho một nữ công nhân đơn thân có hai "
    "con nhỏ.",
    "Lãnh đạo thành phố đánh giá cao vai trò của tổ chức công đoàn trong việc "
    "giữ ổn định quan hệ lao động.",
    "Giải bóng đá công nhân lần thứ năm khép lại với chức vô địch thuộc về "
    "đội công ty cơ khí.",
    "Đợt khám sức khỏe định kỳ được tổ chức miễn phí cho hơn năm trăm đoàn "
    "viên nữ.",
    "Ban chấp hành công đoàn đã giới thiệu nhiều đoàn viên ưu tú để Đảng xem "
    "xét kết nạp.",
    "Nhà văn hóa lao động mở thêm lớp tiếng Anh buổi tối dành cho công nhân "
    "có nhu cầu học tập.",
    "Phong trào thi đua lao động sáng tạo đã làm lợi cho doanh nghiệp hàng tỷ "
    "đồng mỗi năm.",
    "Nhiều công nhân nhập cư được hỗ trợ tiền thuê trọ trong thời gian ngừng "
    "việc không do lỗi của họ.",
    "Cuộc khảo sát cho thấy đời sống của đoàn viên đã được cải thiện so với "
    "cùng kỳ năm trước.",
    "Các tổ công đoàn được yêu cầu nắm chắc tâm tư, nguyện vọng của người lao "
    "động ngay từ cơ sở.",
    "Chương trình phúc lợi cho đoàn viên được mở rộng với nhiều ưu đãi khi "
    "mua sắm tại siêu thị.",
    "Hội nghị người lao động năm nay thông qua quy chế dân chủ sửa đổi với sự "
    "đồng thuận cao.",
};

// A body of `paragraphs` paragraphs ("\n\n"-separated), unique per `seed`.
inline std::string MakeBody(std::uint32_t seed, int paragraphs = 6) {
  std::string body;
  std::uint32_t x = seed * 2654435761u + 12345u;
  for (int p = 0; p < paragraphs; ++p) {
    if (p > 0) body += "\n\n";
    for (int s = 0; s < 3; ++s) {
      x = x * 1664525u + 1013904223u;
      if (s > 0) body += ' ';
      body += kSentences[(x >> 8) % kSentences.size()];
    }
  }
  body += " Mã bài viết " + std::to_string(seed) + ".";
  return body;
}

inline Article MakeArticle(const std::string& url, const std::string& body,
                           const std::string& published = "2025-10-22T08:00:00+07:00") {
  Article a;
  a.url = url;
  a.title = "Công đoàn chăm lo cho người lao động " + url.substr(url.size() > 8 ? url.size() - 8 : 0);
  a.published = published;
  a.author = "Minh Anh";
  a.lead = body.substr(0, body.find("\n\n"));
  a.body = body;
  a.section = "Công đoàn";
  a.language = "vi";
  a.tags = {"công đoàn", "người lao động"};
  a.images = {{"https://example.vn/anh.jpg", "Công nhân nhận quà Tết"}};
  return a;
}

inline PageWrite MakePageWrite(const std::string& url, const std::string& site,
                               const std::string& body, std::int64_t time,
                               const std::string& published =
                                   "2025-10-22T08:00:00+07:00") {
  PageWrite w;
  w.page.url = url;
  w.page.status = 200;
  w.page.fetch_time = time;
  w.page.etag = "\"e-" + std::to_string(time) + "\"";
  w.page.content_type = "text/html; charset=utf-8";
  w.page.site = site;
  w.page.fingerprint = "rules-v1";
  w.page.body = "<html><head><title>Tin công đoàn</title></head><body><nav>Trang "
                "chủ | Công đoàn | Việc làm</nav><article><p>" +
                body + "</p></article><footer>Bản quyền thuộc về báo.</footer>"
                "</body></html>";
  w.kind = UrlKind::kArticle;
  w.article = MakeArticle(url, body, published);
  return w;
}

// Stores every article page of a fixture site as site `site`, with what
// `extractor` (default: the generic one) makes of it, as a crawl would.
inline void StoreFixtureSite(Store& store, const FixtureSite& fixture,
                             const std::string& site,
                             const Extractor* extractor = nullptr) {
  auto generic = Extractor::Create(ExtractConfig(), nullptr);
  REQUIRE(generic.ok());
  if (extractor == nullptr) extractor = &*generic;
  WriteBatch batch;
  for (const FixtureArticle& a : fixture.articles()) {
    auto page = fixture.Page(a.path);
    REQUIRE(page.has_value());
    auto article = extractor->Extract(page->body, {a.url, page->content_type});
    REQUIRE(article.ok());
    PageWrite w;
    w.page.url = a.url;
    w.page.status = 200;
    w.page.fetch_time = 1764000000;
    w.page.content_type = page->content_type;
    w.page.site = site;
    w.page.body = page->body;
    w.kind = UrlKind::kArticle;
    w.article = std::move(*article);
    batch.AddPage(std::move(w));
  }
  REQUIRE(store.Write(batch).ok());
}

}  // namespace newscrawl::testing

#endif  // NEWSCRAWL_TESTS_STORE_STORE_TEST_UTIL_H_
