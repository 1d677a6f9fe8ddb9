#include "extractor/text_patterns.h"

#include <doctest/doctest.h>

#include <string>

namespace newscrawl {
namespace {

TEST_CASE("FoldForMatch drops case, accents and punctuation") {
  CHECK(FoldForMatch("Tin Liên Quan!") == "tin lien quan");
  CHECK(FoldForMatch("  ĐỌC   THÊM  ") == "doc them");
  CHECK(FoldForMatch("Ý kiến bạn đọc") == "y kien ban doc");
  CHECK(FoldForMatch("08:49 | 06/08/2021") == "08:49 | 06/08/2021");
  // Decomposed input folds the same as precomposed.
  CHECK(FoldForMatch("Tin kha\xCC\x81" "c") == "tin khac");
}

TEST_CASE("clutter headings match whole, in any case and accents") {
  CHECK(IsClutterHeading("Tin khác"));
  CHECK(IsClutterHeading("TIN LIÊN QUAN:"));
  CHECK(IsClutterHeading("Có thể bạn quan tâm"));
  CHECK(IsClutterHeading("co the ban quan tam"));
  CHECK(IsClutterHeading("Nên xem"));
  CHECK(IsClutterHeading("Ý kiến bạn đọc"));
  CHECK(IsClutterHeading("Phiên bản di động"));
  CHECK(IsClutterHeading("More stories"));
  CHECK(IsClutterHeading("Related"));
  CHECK_FALSE(IsClutterHeading("Tin khác thường về giá vàng hôm nay"));
  CHECK_FALSE(IsClutterHeading("Ưu tiên người làm việc trực tiếp"));
  CHECK_FALSE(IsClutterHeading(""));
  CHECK(IsClutterHeading("Tin cùng tác giả", {FoldForMatch("Tin cùng tác giả")}));
}

TEST_CASE("related link lines and furniture") {
  CHECK(IsRelatedLinkLine("Xem thêm: Khám sức khỏe định kỳ cho công nhân"));
  CHECK(IsRelatedLinkLine("Read more: Why the tram plan was abandoned"));
  CHECK_FALSE(IsRelatedLinkLine("Xem thêm tài liệu tại thư viện của công đoàn."));
  CHECK(IsBoilerplateLine("Quảng cáo"));
  CHECK(IsBoilerplateLine("Chia sẻ"));
  CHECK_FALSE(IsBoilerplateLine("Chia sẻ kinh nghiệm thương lượng tập thể"));
}

TEST_CASE("captions and credits") {
  CHECK(IsCaptionText("Ảnh: Thu Hà"));
  CHECK(IsCaptionText("Ảnh minh họa"));
  CHECK(IsCaptionText("Y bác sĩ nội soi cho bệnh nhân. Ảnh: Bệnh viện cung cấp"));
  CHECK_FALSE(IsCaptionText("Công nhân nhận quà Tết tại khu nhà trọ ở Đông Anh."));
  std::string text = "Dòng xe kẹt cứng trên đường Lê Lợi (Ảnh: Hải Long).";
  CHECK(StripCredit(&text));
  CHECK(text == "Dòng xe kẹt cứng trên đường Lê Lợi.");
  text = "Giá điện tăng 4,5% (theo quyết định của bộ).";
  CHECK_FALSE(StripCredit(&text));
}

TEST_CASE("date lines of title lists") {
  CHECK(IsDateLine("Hoạt động 20/04/2025 22:49"));
  CHECK(IsDateLine("08:49 | 06/08/2021"));
  CHECK(IsDateLine("Công đoàn | 13:46 | 26/10/2017"));
  CHECK_FALSE(IsDateLine("Ngày 20/4/2025, hơn 500 công nhân đã nhận quà Tết từ công đoàn."));
  CHECK_FALSE(IsDateLine("Hoạt động công đoàn"));
}

TEST_CASE("source lines and bylines") {
  std::string value;
  CHECK(IsSourceLine("Nguồn: Báo Lao Động", &value));
  CHECK(value == "Báo Lao Động");
  CHECK(IsSourceLine("Theo VnExpress", &value));
  CHECK(value == "VnExpress");
  CHECK_FALSE(IsSourceLine("Theo ông Hùng, năm nay doanh nghiệp tăng lương cho 90% công nhân.", &value));
  CHECK(IsBylineText("Minh Khôi", &value));
  CHECK(value == "Minh Khôi");
  CHECK(IsBylineText("By Jane Doe", &value));
  CHECK(value == "Jane Doe");
  CHECK(IsBylineText("Hà Phong - Thu Trang", &value));
  CHECK_FALSE(IsBylineText("Kết thúc hội thi, giải nhất thuộc về đội cơ khí.", &value));
  CHECK_FALSE(IsBylineText("Ưu tiên người làm việc trực tiếp", &value));
}

TEST_CASE("URL slugs as text only count on accented pages") {
  CHECK(IsSlugText("ldld quan ha dong day manh phat trien doan vien", true));
  CHECK_FALSE(IsSlugText("ldld quan ha dong day manh phat trien doan vien", false));
  CHECK_FALSE(IsSlugText("ba con meo", true));
  CHECK_FALSE(IsSlugText("Công đoàn cơ sở", true));
}

}  // namespace
}  // namespace newscrawl
