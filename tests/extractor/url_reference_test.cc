#include "extractor/url_reference.h"

#include <doctest/doctest.h>

#include <string>
#include <utility>

namespace newscrawl {
namespace {

TEST_CASE("RFC 3986 5.4 normal and abnormal examples") {
  const std::string base = "http://a/b/c/d;p?q";
  const std::pair<const char*, const char*> kCases[] = {
      {"g:h", "g:h"},
      {"g", "http://a/b/c/g"},
      {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},
      {"//g", "http://g"},
      {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"},
      {"#s", "http://a/b/c/d;p?q#s"},
      {"g#s", "http://a/b/c/g#s"},
      {"g?y#s", "http://a/b/c/g?y#s"},
      {";x", "http://a/b/c/;x"},
      {"g;x", "http://a/b/c/g;x"},
      {".", "http://a/b/c/"},
      {"./", "http://a/b/c/"},
      {"..", "http://a/b/"},
      {"../", "http://a/b/"},
      {"../g", "http://a/b/g"},
      {"../..", "http://a/"},
      {"../../", "http://a/"},
      {"../../g", "http://a/g"},
      {"../../../g", "http://a/g"},
      {"../../../../g", "http://a/g"},
      {"/./g", "http://a/g"},
      {"/../g", "http://a/g"},
      {"g.", "http://a/b/c/g."},
      {".g", "http://a/b/c/.g"},
      {"g..", "http://a/b/c/g.."},
      {"..g", "http://a/b/c/..g"},
      {"./../g", "http://a/b/g"},
      {"./g/.", "http://a/b/c/g/"},
      {"g/./h", "http://a/b/c/g/h"},
      {"g/../h", "http://a/b/c/h"},
      {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
      {"g;x=1/../y", "http://a/b/c/y"},
      {"g?y/./x", "http://a/b/c/g?y/./x"},
      {"g#s/../x", "http://a/b/c/g#s/../x"},
  };
  for (const auto& [ref, want] : kCases) {
    CAPTURE(ref);
    CHECK(ResolveUrlReference(base, ref) == want);
  }
}

TEST_CASE("page-level cases: base without path, white space, bad bases") {
  CHECK(ResolveUrlReference("https://media.laodong.vn", "anh/1.jpg") ==
        "https://media.laodong.vn/anh/1.jpg");
  CHECK(ResolveUrlReference("https://tin.example.vn/a/b.html",
                            "  /cong-doan/bai-viet-123.html\n") ==
        "https://tin.example.vn/cong-doan/bai-viet-123.html");
  CHECK(ResolveUrlReference("https://tin.example.vn/a/b.html",
                            "//cdn.example.vn/x.jpg") ==
        "https://cdn.example.vn/x.jpg");
  CHECK(ResolveUrlReference("HTTPS://Tin.example.vn/a/b.html",
                            "https://tin.example.vn/a/./c/../d.html") ==
        "https://tin.example.vn/a/d.html");
  CHECK(ResolveUrlReference("", "bai.html") == "");
  CHECK(ResolveUrlReference("not a url", "bai.html") == "");
  CHECK(ResolveUrlReference("https://a.vn/", "") == "");
  CHECK(ResolveUrlReference("https://a.vn/", "   ") == "");
  std::string deep = "https://a.vn/";
  for (int i = 0; i < 20000; ++i) deep += "x/../";
  CHECK(ResolveUrlReference(deep, "g") == "https://a.vn/g");
}

}  // namespace
}  // namespace newscrawl
