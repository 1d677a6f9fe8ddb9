#include "extractor/text_prefixes.h"

#include <doctest/doctest.h>

#include <string>

namespace newscrawl {
namespace {

TEST_CASE("source markers before a lead are dropped") {
  CHECK(StripSourcePrefix("(LĐTĐ) Sáng nay, Công đoàn tổ chức hội nghị.") ==
        "Sáng nay, Công đoàn tổ chức hội nghị.");
  CHECK(StripSourcePrefix("(Dân trí) - Giá căn hộ tiếp tục tăng.") ==
        "Giá căn hộ tiếp tục tăng.");
  CHECK(StripSourcePrefix("LĐO - Người lao động được hỗ trợ.") ==
        "Người lao động được hỗ trợ.");
  CHECK(StripSourcePrefix("(NLĐO)-Chiều 5-3, hội nghị diễn ra.") ==
        "Chiều 5-3, hội nghị diễn ra.");
  CHECK(StripSourcePrefix("  VOV.VN – Tin mới nhất.") == "Tin mới nhất.");
  CHECK(StripSourcePrefix("Chinhphu.vn - Thủ tướng chủ trì.") ==
        "Thủ tướng chủ trì.");
  CHECK(StripSourcePrefix("GD&TĐ - Học sinh nhập học.") == "Học sinh nhập học.");
  CHECK(StripSourcePrefix("(PLO): Tòa tuyên án.") == "Tòa tuyên án.");
}

TEST_CASE("text that only looks like a marker is kept") {
  for (const char* text :
       {"Hà Nội - Sáng nay trời mưa.", "TP.HCM: kẹt xe kéo dài.",
        "Công đoàn cơ sở (CĐCS) đã họp.",
        "(ảnh minh họa) chữ thường không phải nguồn.", "(LĐTĐ)", "",
        "Sáng nay - trời đẹp.", "(Một hai ba bốn năm sáu) - dài quá."}) {
    CAPTURE(text);
    CHECK(StripSourcePrefix(text) == text);
  }
}

}  // namespace
}  // namespace newscrawl
