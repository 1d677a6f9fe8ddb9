#include "crawler/url.h"

#include <doctest/doctest.h>

#include <string>

namespace newscrawl {
namespace {

std::string Canon(std::string_view text) {
  Result<Url> url = Url::Parse(text);
  return url.ok() ? url->spec() : "ERROR " + url.status().ToString();
}

std::string Resolved(std::string_view base, std::string_view ref) {
  Result<Url> b = Url::Parse(base);
  REQUIRE(b.ok());
  Result<Url> url = Url::Resolve(*b, ref);
  return url.ok() ? url->spec() : "ERROR " + url.status().ToString();
}

// `ref` without the leading and trailing whitespace Resolve ignores.
std::string TrimRef(std::string_view ref) {
  while (!ref.empty() && static_cast<unsigned char>(ref.front()) <= 0x20) {
    ref.remove_prefix(1);
  }
  while (!ref.empty() && static_cast<unsigned char>(ref.back()) <= 0x20) {
    ref.remove_suffix(1);
  }
  return std::string(ref);
}

TEST_CASE(
    "scheme and host are lower-cased, default ports and fragments dropped") {
  CHECK(Canon("HTTP://WWW.CongDoan.VN:80/Tin-Tuc/A.html#top") ==
        "http://www.congdoan.vn/Tin-Tuc/A.html");
  CHECK(Canon("https://x.vn:443") == "https://x.vn/");
  CHECK(Canon("https://x.vn:8443/a") == "https://x.vn:8443/a");
  CHECK(Canon("http://x.vn:443/") == "http://x.vn:443/");
  CHECK(Canon("http://user:secret@x.vn./a") == "http://x.vn/a");
  CHECK(Canon("  http://x.vn/a\n\tb  ") == "http://x.vn/ab");
}

TEST_CASE("accessors") {
  Result<Url> url = Url::Parse("https://Báo.Lao-Động.vn:8443/p/q?b=2&a=1");
  REQUIRE(url.ok());
  CHECK(url->scheme() == "https");
  CHECK(url->host().rfind("xn--", 0) == 0);
  CHECK(url->port() == 8443);
  CHECK(url->path() == "/p/q");
  CHECK(url->query() == "a=1&b=2");
  CHECK(url->PathAndQuery() == "/p/q?a=1&b=2");
  CHECK(url->Origin() == "https://" + url->host() + ":8443");
  Result<Url> plain = Url::Parse("http://x.vn/");
  REQUIRE(plain.ok());
  CHECK(plain->port() == 80);
  CHECK(plain->Origin() == "http://x.vn");
}

TEST_CASE("dot-segments are resolved, also when escaped") {
  CHECK(Canon("http://x.vn/a/./b/../c") == "http://x.vn/a/c");
  CHECK(Canon("http://x.vn/a/%2e%2E/c") == "http://x.vn/c");
  CHECK(Canon("http://x.vn/../../c") == "http://x.vn/c");
  CHECK(Canon("http://x.vn/a\\b") == "http://x.vn/a/b");
}

TEST_CASE("percent-encoding is normalised") {
  CHECK(Canon("http://x.vn/%7euser/%41b") == "http://x.vn/~user/Ab");
  CHECK(Canon("http://x.vn/a%2fb%3f") == "http://x.vn/a%2Fb%3F");
  CHECK(Canon("http://x.vn/a b") == "http://x.vn/a%20b");
  CHECK(Canon("http://x.vn/100%") == "http://x.vn/100%25");
  CHECK(Canon("http://x.vn/%zz") == "http://x.vn/%25zz");
  // Vietnamese path in UTF-8 and its escaped spelling are the same URL.
  CHECK(Canon("http://x.vn/công-đoàn") ==
        Canon("http://x.vn/c%C3%B4ng-%c4%91o%C3%A0n"));
  CHECK(Canon("http://x.vn/công") == "http://x.vn/c%C3%B4ng");
  // Invalid UTF-8 bytes are escaped, never passed through raw.
  CHECK(Canon("http://x.vn/\xff\xfe?q=\xc3") == "http://x.vn/%FF%FE?q=%C3");
  // Idempotent.
  const std::string once = Canon("http://x.vn/a%2fb c/%7E?x=%e1%bb%87 y");
  CHECK(Canon(once) == once);
}

TEST_CASE("query parameters are sorted, tracking and empty ones dropped") {
  CHECK(Canon("http://x.vn/a?b=2&a=1") == "http://x.vn/a?a=1&b=2");
  CHECK(Canon("http://x.vn/a?id=5&utm_source=fb&utm_Medium=x&fbclid=abc"
              "&gclid=1&_ga=2&zarsrc=30&mc_cid=1&msclkid=7") ==
        "http://x.vn/a?id=5");
  CHECK(Canon("http://x.vn/a?utm_source=zalo") == "http://x.vn/a");
  CHECK(Canon("http://x.vn/a?") == "http://x.vn/a");
  CHECK(Canon("http://x.vn/a?&&x=1&&") == "http://x.vn/a?x=1");
  // Repeated names keep their order.
  CHECK(Canon("http://x.vn/a?t=2&t=1&a=0") == "http://x.vn/a?a=0&t=2&t=1");
  CHECK(IsTrackingParameter("UTM_campaign"));
  CHECK(IsTrackingParameter("fbclid"));
  CHECK_FALSE(IsTrackingParameter("id"));
  CHECK_FALSE(IsTrackingParameter("page"));
}

TEST_CASE("IDN hosts become punycode") {
  CHECK(Canon("http://Bücher.de/") == "http://xn--bcher-kva.de/");
  CHECK(Canon("http://xn--bcher-kva.de/") == "http://xn--bcher-kva.de/");
  CHECK(Canon("http://laođộng.vn/x") == Canon("http://LAOĐỘNG.VN/x"));
  Result<std::string> host = CanonicalHost("Công-Đoàn.VN.");
  REQUIRE(host.ok());
  CHECK(host->rfind("xn--", 0) == 0);
  CHECK(host->substr(host->size() - 3) == ".vn");
  CHECK_FALSE(CanonicalHost("a\xff\xfe.vn").ok());
  CHECK_FALSE(Url::Parse("http://a\xff.vn/").ok());
  CHECK(CanonicalHost("X.VN").value() == "x.vn");
}

TEST_CASE("only absolute http(s) URLs parse") {
  CHECK(Url::Parse("ftp://x.vn/").status().IsUnsupported());
  CHECK(Url::Parse("mailto:a@x.vn").status().IsUnsupported());
  CHECK(Url::Parse("javascript:alert(1)").status().IsUnsupported());
  CHECK(Url::Parse("/relative/path").status().IsInvalidArgument());
  CHECK(Url::Parse("www.x.vn/a").status().IsInvalidArgument());
  CHECK(Url::Parse("http://").status().IsInvalidArgument());
  CHECK(Url::Parse("http:x.vn").status().IsInvalidArgument());
  CHECK(Url::Parse("").status().IsInvalidArgument());
  CHECK(Url::Parse("http://x.vn/a\x01"
                   "b")
            .status()
            .IsInvalidArgument());
  CHECK(Url::Parse("http://x y.vn/").status().IsInvalidArgument());
  CHECK(Url::Parse("http://[::1]:8080/a").value().spec() ==
        "http://[::1]:8080/a");
  CHECK(Url::Parse("http://127.0.0.1:8080/a").value().port() == 8080);
}

TEST_CASE("URLs over 8 KiB are rejected") {
  const std::string longer = "http://x.vn/" + std::string(kMaxUrlBytes, 'a');
  CHECK(Url::Parse(longer).status().IsTooLarge());
  // Escaping can push a URL over the limit too.
  const std::string grows = "http://x.vn/a" + std::string(3000, ' ') + "b";
  CHECK(Url::Parse(grows).status().IsTooLarge());
  const std::string fits = "http://x.vn/" + std::string(1000, 'a');
  CHECK(Url::Parse(fits).ok());
}

TEST_CASE("Resolve follows RFC 3986 and honours the base") {
  const std::string base = "http://x.vn/a/b/c?x=1#f";
  CHECK(Resolved(base, "d") == "http://x.vn/a/b/d");
  CHECK(Resolved(base, "./d?y=2") == "http://x.vn/a/b/d?y=2");
  CHECK(Resolved(base, "../d") == "http://x.vn/a/d");
  CHECK(Resolved(base, "../../../../d") == "http://x.vn/d");
  CHECK(Resolved(base, "/d") == "http://x.vn/d");
  CHECK(Resolved(base, "?q=2") == "http://x.vn/a/b/c?q=2");
  CHECK(Resolved(base, "//other.vn/z") == "http://other.vn/z");
  CHECK(Resolved("https://x.vn/a", "//other.vn/z") == "https://other.vn/z");
  CHECK(Resolved(base, "https://Y.vn/k?utm_source=a") == "https://y.vn/k");
  CHECK(Resolved(base, "") == "http://x.vn/a/b/c?x=1");
  CHECK(Resolved(base, "#section") == "http://x.vn/a/b/c?x=1");
  CHECK(Resolved(base, "  tin tức.html ") ==
        "http://x.vn/a/b/tin%20t%E1%BB%A9c.html");
  CHECK(Resolved(base, "//bücher.de/") == "http://xn--bcher-kva.de/");
  CHECK(Resolved(base, "mailto:a@x.vn").rfind("ERROR Unsupported", 0) == 0);
  CHECK(Resolved(base, "javascript:void(0)").rfind("ERROR Unsupported", 0) ==
        0);
  CHECK(Resolved(base, "tel:0123").rfind("ERROR Unsupported", 0) == 0);
  CHECK(Resolved(base, "data:text/html,x").rfind("ERROR Unsupported", 0) == 0);
}

TEST_CASE("Resolve of root-relative links agrees with parsing the full URL") {
  // Plain links take a fast path that skips the parser; it must give what
  // the parser gives for the same URL written out in full.
  for (const char* base : {"http://x.vn/a/b?q=1", "https://x.vn:8443/",
                           "http://127.0.0.1:8080/chuyen-muc/trang-2.html"}) {
    Result<Url> b = Url::Parse(base);
    REQUIRE(b.ok());
    for (const char* ref :
         {"/", "/d", "/cong-doan/tin-moi-123456.html", "/a/", "/a/b/",
          "/trang-2.html?page=3&cat=cong-doan", "/x?utm_source=f&b=2&a=1",
          "/x?", "/x?&&a=", "/x?=", "/x#top", "/x?b=1#c", "/A/B~c_d.e",
          "/a/./b", "/a/../b", "/a/.", "/a/..", "/a//b", "//other.vn/p",
          "/tin%20tuc", "/tin tức.html", "/a%2fb", "/a?x=%7e", "/a?x=y z",
          "/.hidden/..x/...", "/a\\b", " /lead", "/trail\n"}) {
      CAPTURE(base);
      CAPTURE(ref);
      Result<Url> resolved = Url::Resolve(*b, ref);
      Result<Url> full = Url::Parse(std::string(ref).rfind("//", 0) == 0
                                        ? b->scheme() + ":" + ref
                                        : b->Origin() + TrimRef(ref));
      REQUIRE(resolved.ok() == full.ok());
      if (!resolved.ok()) continue;
      CHECK(resolved->spec() == full->spec());
      CHECK(resolved->path() == full->path());
      CHECK(resolved->query() == full->query());
      CHECK(resolved->host() == full->host());
      CHECK(resolved->port() == full->port());
    }
    const std::string same_origin = b->Origin() + "/tin/bai-1.html?b=2&a=1";
    CHECK(Resolved(base, same_origin) == b->Origin() + "/tin/bai-1.html?a=1&b=2");
  }
}

TEST_CASE("HostAllowed: exact host or a subdomain") {
  const std::vector<std::string> allowed = {"www.congdoan.vn", "laodong.vn"};
  CHECK(HostAllowed("www.congdoan.vn", allowed));
  CHECK(HostAllowed("congdoan.vn", allowed));
  CHECK(HostAllowed("m.congdoan.vn", allowed));
  CHECK(HostAllowed("laodong.vn", allowed));
  CHECK(HostAllowed("media.laodong.vn", allowed));
  CHECK(HostAllowed("LAODONG.VN", allowed));
  CHECK_FALSE(HostAllowed("evil-laodong.vn", allowed));
  CHECK_FALSE(HostAllowed("laodong.vn.evil.com", allowed));
  CHECK_FALSE(HostAllowed("vn", allowed));
  CHECK_FALSE(HostAllowed("x.vn", {}));
}

TEST_CASE("hostile inputs never crash") {
  std::string junk;
  for (int i = 0; i < 4000; ++i)
    junk.push_back(static_cast<char>((i * 37) % 256));
  for (std::size_t len = 0; len < junk.size(); len += 97) {
    (void)Url::Parse("http://x.vn/" + junk.substr(0, len));
    (void)Url::Parse(junk.substr(len));
  }
  Result<Url> base = Url::Parse("http://x.vn/");
  REQUIRE(base.ok());
  for (std::size_t len = 0; len < junk.size(); len += 131) {
    (void)Url::Resolve(*base, junk.substr(len, 200));
  }
  CHECK(Url::Parse("http://" + std::string(300, 'a') + ".vn/").ok() ==
        Url::Parse("http://" + std::string(300, 'a') + ".vn/").ok());
}

}  // namespace
}  // namespace newscrawl
