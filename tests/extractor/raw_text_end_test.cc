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

TEST_CASE("FindScriptEnd follows the tokenizer's escaped script states") {
  const auto rest = [](std::string_view html) {
    const std::size_t end = FindScriptEnd(html, 0);
    return end == std::string_view::npos ? std::string_view("npos")
                                         : html.substr(end);
  };
  // No "<!--": the first end tag, as FindRawTextEnd.
  CHECK(rest("a </scripts> b</Script>c") == "</Script>c");
  // "<!--" alone does not hide an end tag...
  CHECK(rest("<!-- x </script> y") == "</script> y");
  // ...but "<!--" then "<script>" does, until "</script>" or "-->".
  CHECK(rest("<!-- <script> a </script> b </script>c") == "</script>c");
  CHECK(rest("<!-- <script> a --> b </script>c") == "</script>c");
  CHECK(rest("<!--<script>w()</script>-->');</script>x") == "</script>x");
  // "<!-->" and "<!--->" close at once; "-->" in plain data is text.
  CHECK(rest("<!--> <script> </script>z") == "</script>z");
  CHECK(rest("<!---> <script> </script>z") == "</script>z");
  CHECK(rest("--> <!-- <script>") == "npos");
  // "<scripts>" is no script tag.
  CHECK(rest("<!-- <scripts> </script>q") == "</script>q");
  CHECK(rest("") == "npos");
}

}  // namespace
}  // namespace newscrawl
