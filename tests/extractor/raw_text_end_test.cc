#include "extractor/raw_text_end.h"

#include <doctest/doctest.h>

#include <string_view>

namespace newscrawl {
namespace {

TEST_CASE("FindRawTextEnd stops at the element's own end tag only") {
  const std::string_view html =
      "<script>if (a </b) x = '</scripts>'; </SCRIPT >tail";
  const std::size_t from = 8;
  const std::size_t end = FindRawTextEnd(html, from, "script");
  REQUIRE(end != std::string_view::npos);
  CHECK(html.substr(end) == "</SCRIPT >tail");
  // Any ASCII case of the name, and '/' or '>' after it.
  CHECK(FindRawTextEnd("x</Style/>", 0, "STYLE") == 1);
  CHECK(FindRawTextEnd("x</title>", 0, "title") == 1);
}

TEST_CASE("FindRawTextEnd gives npos when the raw text runs to the end") {
  CHECK(FindRawTextEnd("var s = 1;", 0, "script") == std::string_view::npos);
  CHECK(FindRawTextEnd("var s = 1;</script", 0, "script") ==
        std::string_view::npos);
  CHECK(FindRawTextEnd("</textareas>", 0, "textarea") == std::string_view::npos);
  CHECK(FindRawTextEnd("</script>", 1, "script") == std::string_view::npos);
}

}  // namespace
}  // namespace newscrawl
