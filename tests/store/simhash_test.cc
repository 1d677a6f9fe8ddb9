#include "store/simhash.h"

#include <doctest/doctest.h>

#include <string>

#include "extractor/unicode_text.h"
#include "tests/store/store_test_util.h"

namespace newscrawl {
namespace {

using testing::MakeBody;

int Distance(const std::string& a, const std::string& b) {
  return HammingDistance(SimHash(NormalizeText(a)).hash,
                         SimHash(NormalizeText(b)).hash);
}

TEST_CASE("SimHash of the same text is the same, white space aside") {
  const std::string body = MakeBody(7);
  std::string spaced = body;
  for (std::size_t i = spaced.find(' '); i != std::string::npos;
       i = spaced.find(' ', i + 3)) {
    spaced.replace(i, 1, "  \n");
  }
  CHECK(Distance(body, spaced) == 0);
  CHECK(SimHash(NormalizeText(body)).shingles > 100);
}

TEST_CASE("one changed sentence or extra clutter moves few bits") {
  const std::string body = MakeBody(11);
  std::string edited = body;
  const std::size_t at = edited.find("công nhân");
  REQUIRE(at != std::string::npos);
  edited.replace(at, std::string("công nhân").size(), "người lao động trẻ");
  const int d_edit = Distance(body, edited);
  const std::string clutter =
      body + "\n\nXem thêm: Tin liên quan. Chia sẻ bài viết qua mạng xã hội.";
  const int d_clutter = Distance(body, clutter);
  MESSAGE("edit distance " << d_edit << ", clutter distance " << d_clutter);
  CHECK(d_edit <= 3);
  CHECK(d_clutter <= 3);
}

TEST_CASE("unrelated articles are far apart") {
  int close = 0;
  for (std::uint32_t i = 0; i < 50; ++i) {
    if (Distance(MakeBody(i), MakeBody(i + 1000)) <= 3) ++close;
  }
  CHECK(close == 0);
}

TEST_CASE("HammingDistance counts differing bits") {
  CHECK(HammingDistance(0, 0) == 0);
  CHECK(HammingDistance(0, ~std::uint64_t{0}) == 64);
  CHECK(HammingDistance(0x8000000000000001u, 1) == 1);
  CHECK(HammingDistance(0xF0F0F0F0F0F0F0F0u, 0x0F0F0F0F0F0F0F0Fu) == 64);
  std::uint64_t x = 0x9E3779B97F4A7C15u;
  for (int i = 0; i < 1000; ++i) {
    x = x * 6364136223846793005u + 1442695040888963407u;
    int bits = 0;
    for (int b = 0; b < 64; ++b) bits += static_cast<int>((x >> b) & 1u);
    CHECK(HammingDistance(x, 0) == bits);
  }
}

TEST_CASE("short and empty texts") {
  CHECK(SimHash("").hash == 0);
  CHECK(SimHash("").shingles == 0);
  CHECK(SimHash("hai từ").shingles == 1);
  CHECK(SimHash("một hai ba").shingles == 1);
  CHECK(SimHash("một hai ba bốn").shingles == 2);
}

// SimHashes are stored (article records, the banded index): a faster
// implementation must give the same values as the first one did.
TEST_CASE("SimHash values are those already stored") {
  CHECK(SimHash("Công đoàn cơ sở chăm lo Tết cho người lao động khó khăn").hash ==
        0xdde486f98742fe06u);
  CHECK(SimHash("một hai ba").hash == 0xb1319fe3b26e58c6u);
  CHECK(SimHash("hai").hash == 0x5c9d58a04630041cu);
  std::string text;
  for (int i = 0; i < 700; ++i) {
    if (i > 0) text += ' ';
    text += (i % 7 == 0 ? "đoàn" : i % 5 == 0 ? "lao" : "từ") + std::to_string(i % 97);
  }
  const SimHashResult r = SimHash(text);
  CHECK(r.hash == 0xcc9da894763f9174u);
  CHECK(r.shingles == 698);
}

}  // namespace
}  // namespace newscrawl
