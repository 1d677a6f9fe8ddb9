#include "crawler/line_diff.h"

#include <doctest/doctest.h>

#include <string>

namespace newscrawl {
namespace {

std::string Lines(int from, int to) {
  std::string out;
  for (int i = from; i <= to; ++i) {
    out += "Đoạn " + std::to_string(i) + "\n";
  }
  return out;
}

TEST_CASE("equal texts give no diff") {
  CHECK(UnifiedDiff("a\nb\n", "a\nb\n", "old", "new").empty());
  CHECK(UnifiedDiff("", "", "old", "new").empty());
}

TEST_CASE("a removed and an added line with context, diff -u style") {
  const std::string old_text =
      "Sáng nay công đoàn họp.\n\nTin liên quan: giá vàng.\n\nKết thúc.";
  const std::string new_text = "Sáng nay công đoàn họp.\n\nKết thúc.\n\nThêm.";
  CHECK(UnifiedDiff(old_text, new_text, "a/x", "b/x") ==
        "--- a/x\n+++ b/x\n"
        "@@ -1,5 +1,5 @@\n"
        " Sáng nay công đoàn họp.\n"
        " \n"
        "-Tin liên quan: giá vàng.\n"
        "-\n"
        " Kết thúc.\n"
        "+\n"
        "+Thêm.\n");
}

TEST_CASE("distant changes make separate hunks with correct ranges") {
  const std::string old_text = Lines(1, 30);
  std::string new_text = Lines(1, 30);
  const std::string two = "Đoạn 2\n";
  const std::string twenty_five = "Đoạn 25\n";
  new_text.replace(new_text.find(two), two.size(), "Đoạn hai\n");
  new_text.replace(new_text.find(twenty_five), twenty_five.size(), "");
  const std::string diff = UnifiedDiff(old_text, new_text, "a", "b");
  CHECK(diff.find("@@ -1,5 +1,5 @@\n Đoạn 1\n-Đoạn 2\n+Đoạn hai\n Đoạn 3\n") !=
        std::string::npos);
  CHECK(diff.find("@@ -22,7 +22,6 @@\n Đoạn 22\n Đoạn 23\n Đoạn 24\n-Đoạn 25\n"
                  " Đoạn 26\n") != std::string::npos);
}

TEST_CASE("an empty side") {
  CHECK(UnifiedDiff("", "mới\n", "a", "b") == "--- a\n+++ b\n@@ -0,0 +1,1 @@\n+mới\n");
  CHECK(UnifiedDiff("cũ", "", "a", "b") == "--- a\n+++ b\n@@ -1,1 +0,0 @@\n-cũ\n");
}

TEST_CASE("huge inputs are bounded: the middle is replaced whole") {
  const std::string old_text = Lines(1, 3000);
  std::string new_text = "Đầu\n" + Lines(1, 2999) + "Cuối\n";
  const std::string diff = UnifiedDiff(old_text, new_text, "a", "b");
  // 3000 x 3001 lines exceed kMaxDiffCells: every middle line is -/+.
  CHECK(diff.find("-Đoạn 1500\n") != std::string::npos);
  CHECK(diff.find("+Đoạn 1500\n") != std::string::npos);
  CHECK(diff.rfind("+Cuối\n") != std::string::npos);
}

}  // namespace
}  // namespace newscrawl
