#include "crawler/robots_txt.h"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

namespace newscrawl {
namespace {

constexpr std::string_view kAgent =
    "newscrawl/0.1 (+https://newscrawl.invalid/bot; crawler@newscrawl.invalid)";

bool Allowed(std::string_view robots, std::string_view path,
             std::string_view agent = kAgent) {
  return RobotsTxt::Parse(robots, agent).IsAllowed(path);
}

TEST_CASE("product token") {
  CHECK(ProductToken(kAgent) == "newscrawl");
  CHECK(ProductToken("Googlebot-News/2.1") == "googlebot-news");
  CHECK(ProductToken("  FooBot ") == "foobot");
  CHECK(ProductToken("123") == "");
}

TEST_CASE("empty, missing and garbage files allow everything") {
  CHECK(Allowed("", "/"));
  CHECK(Allowed("", "/any/thing?x=1"));
  CHECK(Allowed("this is not a robots file\n<html><body>404</body></html>",
                "/x"));
  CHECK(Allowed("\x01\x02\xff\xfe garbage: \n:::\n", "/x"));
  CHECK(RobotsTxt::AllowAll().IsAllowed("/x"));
  CHECK_FALSE(RobotsTxt::DisallowAll().IsAllowed("/x"));
  CHECK_FALSE(RobotsTxt::DisallowAll().IsAllowed(""));
  CHECK(RobotsTxt::DisallowAll().IsAllowed("/robots.txt"));
}

TEST_CASE("user-agent groups: ours, then *, matched case-insensitively") {
  const std::string robots =
      "User-agent: *\n"
      "Disallow: /private/\n"
      "\n"
      "User-agent: NewsCrawl\n"
      "Disallow: /no-news/\n"
      "\n"
      "User-agent: otherbot\n"
      "Disallow: /\n";
  CHECK(Allowed(robots, "/private/a"));  // our group replaces *
  CHECK_FALSE(Allowed(robots, "/no-news/a"));
  CHECK_FALSE(Allowed(robots, "/private/a", "SomeBot/1.0"));
  CHECK(Allowed(robots, "/no-news/a", "SomeBot/1.0"));
  CHECK_FALSE(Allowed(robots, "/anything", "OtherBot"));
  // A token only counts if it is the whole product token.
  CHECK(Allowed("User-agent: newscrawler\nDisallow: /\n", "/x"));
  CHECK(Allowed("User-agent: news\nDisallow: /\n", "/x"));
  CHECK_FALSE(
      Allowed("User-agent: newscrawl/2.0 extra words\nDisallow: /\n", "/x"));
  CHECK_FALSE(Allowed("USER-AGENT: NEWSCRAWL\nDISALLOW: /\n", "/x"));
}

TEST_CASE("grouped user-agent lines share rules; groups for one agent merge") {
  const std::string robots =
      "user-agent: a\n"
      "user-agent: newscrawl\n"
      "user-agent: b\n"
      "disallow: /x\n"
      "user-agent: c\n"
      "disallow: /c\n"
      "user-agent: newscrawl\n"
      "disallow: /y\n";
  CHECK_FALSE(Allowed(robots, "/x"));
  CHECK_FALSE(Allowed(robots, "/y"));
  CHECK(Allowed(robots, "/c"));
  CHECK_FALSE(Allowed(robots, "/x", "b"));
  CHECK(Allowed(robots, "/y", "b"));
  CHECK_FALSE(Allowed(robots, "/c", "c"));
}

TEST_CASE("a group for us with no rules allows everything despite *") {
  CHECK(Allowed("user-agent: *\ndisallow: /\nuser-agent: newscrawl\n", "/x"));
  CHECK(Allowed(
      "user-agent: newscrawl\ndisallow:\nuser-agent: *\ndisallow: /\n", "/x"));
}

TEST_CASE("rules before any user-agent line are ignored") {
  CHECK(Allowed("disallow: /\nuser-agent: other\ndisallow: /x\n", "/a"));
}

TEST_CASE("longest match wins; Allow wins a tie") {
  const std::string robots =
      "user-agent: *\n"
      "disallow: /tin-tuc/\n"
      "allow: /tin-tuc/cong-doan/\n"
      "disallow: /tin-tuc/cong-doan/noi-bo\n"
      "allow: /page\n"
      "disallow: /page\n";
  CHECK_FALSE(Allowed(robots, "/tin-tuc/the-thao/1.html"));
  CHECK(Allowed(robots, "/tin-tuc/cong-doan/1.html"));
  CHECK_FALSE(Allowed(robots, "/tin-tuc/cong-doan/noi-bo-2.html"));
  CHECK(Allowed(robots, "/page"));
  CHECK(Allowed(robots, "/other"));
  // Order in the file does not matter.
  CHECK(Allowed("user-agent: *\nallow: /a/b\ndisallow: /a\n", "/a/b/c"));
  CHECK(Allowed("user-agent: *\ndisallow: /a\nallow: /a/b\n", "/a/b/c"));
  // Google's example: allow /$ and disallow /.
  const std::string root_only = "user-agent: *\nallow: /$\ndisallow: /\n";
  CHECK(Allowed(root_only, "/"));
  CHECK_FALSE(Allowed(root_only, "/page.html"));
}

TEST_CASE("wildcards * and $") {
  const std::string robots =
      "user-agent: *\n"
      "disallow: /*.pdf$\n"
      "disallow: /search*q=\n"
      "disallow: /*/print/\n"
      "disallow: /exact$\n"
      "disallow: /a$b\n";
  CHECK_FALSE(Allowed(robots, "/files/doc.pdf"));
  CHECK(Allowed(robots, "/files/doc.pdf?download=1"));
  CHECK(Allowed(robots, "/files/doc.pdfx"));
  CHECK_FALSE(Allowed(robots, "/search?page=2&q=cong+doan"));
  CHECK(Allowed(robots, "/search?page=2"));
  CHECK_FALSE(Allowed(robots, "/tin/print/1"));
  CHECK(Allowed(robots, "/print/1"));
  CHECK_FALSE(Allowed(robots, "/exact"));
  CHECK(Allowed(robots, "/exact/more"));
  CHECK_FALSE(Allowed(robots, "/a$b/c"));  // '$' inside is literal
  CHECK_FALSE(Allowed("user-agent: *\ndisallow: *\n", "/x"));
  CHECK_FALSE(Allowed("user-agent: *\ndisallow: /***a***b***$\n", "/xaYbZb"));
  CHECK(Allowed("user-agent: *\ndisallow: /***a***b***$\n", "/xaYc"));
  CHECK_FALSE(Allowed("user-agent: *\ndisallow: /x*\n", "/x"));
}

TEST_CASE("percent-encoding is normalised on both sides") {
  const std::string robots =
      "user-agent: *\n"
      "disallow: /%7Ejoe/\n"
      "disallow: /công-đoàn/\n"
      "disallow: /a%2fb\n"
      "disallow: /%E1%BB%87\n";
  CHECK_FALSE(Allowed(robots, "/~joe/index.html"));
  CHECK_FALSE(Allowed(robots, "/%7ejoe/index.html"));
  CHECK_FALSE(Allowed(robots, "/c%C3%B4ng-%C4%91o%C3%A0n/1"));
  CHECK_FALSE(Allowed(robots, "/công-đoàn/1"));
  CHECK_FALSE(Allowed(robots, "/a%2Fb"));
  CHECK(Allowed(robots, "/a/b"));  // an escaped '/' is not a '/'
  CHECK_FALSE(Allowed(robots, "/ệ"));
}

TEST_CASE("/robots.txt itself is always allowed") {
  CHECK(Allowed("user-agent: *\ndisallow: /\n", "/robots.txt"));
  CHECK_FALSE(Allowed("user-agent: *\ndisallow: /\n", "/robots.txt.bak"));
}

TEST_CASE("syntax: comments, CRLF, CR, BOM, spaces, misspellings, no colon") {
  CHECK_FALSE(Allowed("\xEF\xBB\xBFuser-agent: *\r\ndisallow: /x\r\n", "/x"));
  CHECK_FALSE(Allowed("user-agent: *\rdisallow: /x\r", "/x"));
  CHECK_FALSE(Allowed(
      "  User-Agent :  *   # everyone\n\tDisallow  :  /x  # no\n", "/x/1"));
  CHECK_FALSE(Allowed("user-agent: *\ndissallow: /x\n", "/x"));
  CHECK_FALSE(Allowed("useragent: *\ndisalow: /x\n", "/x"));
  CHECK_FALSE(Allowed("user-agent *\ndisallow /x\n", "/x"));
  CHECK(Allowed("user-agent: *\n# disallow: /x\n", "/x"));
  CHECK(Allowed("user-agent: *\ndisallow /x /y\n", "/x"));  // two values: junk
  CHECK(Allowed("user-agent: *\nnoindex: /x\n", "/x"));
}

TEST_CASE("crawl-delay and sitemaps") {
  const std::string robots =
      "Sitemap: https://congdoan.example/sitemap.xml\n"
      "user-agent: *\n"
      "crawl-delay: 5\n"
      "disallow: /admin\n"
      "user-agent: newscrawl\n"
      "crawl-delay: 2.5\n"
      "disallow: /search\n"
      "sitemap: https://congdoan.example/news-sitemap.xml\n";
  const RobotsTxt ours = RobotsTxt::Parse(robots, kAgent);
  REQUIRE(ours.crawl_delay().has_value());
  CHECK(*ours.crawl_delay() == doctest::Approx(2.5));
  REQUIRE(ours.sitemaps().size() == 2);
  CHECK(ours.sitemaps()[0] == "https://congdoan.example/sitemap.xml");
  CHECK(ours.sitemaps()[1] == "https://congdoan.example/news-sitemap.xml");
  const RobotsTxt other = RobotsTxt::Parse(robots, "otherbot");
  CHECK(other.crawl_delay().value_or(-1) == doctest::Approx(5));
  CHECK_FALSE(RobotsTxt::Parse("user-agent: *\ncrawl-delay: soon\n", kAgent)
                  .crawl_delay()
                  .has_value());
  CHECK_FALSE(RobotsTxt::Parse("user-agent: *\ncrawl-delay: -3\n", kAgent)
                  .crawl_delay()
                  .has_value());
  CHECK_FALSE(RobotsTxt::Parse("user-agent: *\ncrawl-delay: nan\n", kAgent)
                  .crawl_delay()
                  .has_value());
}

TEST_CASE("a real-world-style news site robots.txt") {
  const std::string robots =
      "# robots.txt cho trang tin công đoàn\n"
      "User-agent: Mediapartners-Google\n"
      "Disallow:\n"
      "\n"
      "User-agent: GPTBot\n"
      "User-agent: CCBot\n"
      "Disallow: /\n"
      "\n"
      "User-agent: *\n"
      "Disallow: /admin/\n"
      "Disallow: /*?*sort=\n"
      "Disallow: /tim-kiem\n"
      "Disallow: /*.json$\n"
      "Allow: /tim-kiem/huong-dan.html\n"
      "Crawl-delay: 1\n"
      "\n"
      "Sitemap: https://ldld.example.vn/sitemap-index.xml\n";
  CHECK(Allowed(robots, "/thoi-su/cong-nhan-mat-viec-123456.html"));
  CHECK_FALSE(Allowed(robots, "/admin/login"));
  CHECK_FALSE(Allowed(robots, "/chuyen-muc/viec-lam?page=2&sort=new"));
  CHECK(Allowed(robots, "/chuyen-muc/viec-lam?page=2"));
  CHECK_FALSE(Allowed(robots, "/tim-kiem?q=luong"));
  CHECK(Allowed(robots, "/tim-kiem/huong-dan.html"));
  CHECK_FALSE(Allowed(robots, "/api/list.json"));
  CHECK_FALSE(Allowed(robots, "/", "CCBot/2.0"));
  CHECK_FALSE(Allowed(robots, "/", "GPTBot"));
  CHECK(Allowed(robots, "/admin/", "Mediapartners-Google"));
}

TEST_CASE("only the first 500 KiB are parsed") {
  std::string robots = "user-agent: *\ndisallow: /early\n";
  while (robots.size() < kMaxRobotsBytes) robots += "# filler comment line\n";
  robots += "disallow: /late\n";
  const RobotsTxt parsed = RobotsTxt::Parse(robots, kAgent);
  CHECK_FALSE(parsed.IsAllowed("/early"));
  CHECK(parsed.IsAllowed("/late"));
}

TEST_CASE("hostile: huge files, long lines, pathological wildcards stay fast") {
  // 10 MB of rules: parsing stops at 500 KiB.
  std::string huge = "user-agent: *\n";
  for (int i = 0; huge.size() < 10 * 1024 * 1024; ++i) {
    huge += "disallow: /*a*a*a*a*a*a*a*a*a*b" + std::to_string(i) + "$\n";
  }
  huge += std::string(100000, 'x') + "\n";  // an overlong line
  const auto start = std::chrono::steady_clock::now();
  const RobotsTxt parsed = RobotsTxt::Parse(huge, kAgent);
  CHECK(parsed.rule_count() > 10000);
  CHECK(parsed.rule_count() < 20000);
  const std::string path = "/" + std::string(200, 'a');
  for (int i = 0; i < 5; ++i) CHECK(parsed.IsAllowed(path));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  CHECK(seconds < 20.0);
  // An overlong line is ignored, not truncated into a rule.
  const std::string long_rule = "user-agent: *\ndisallow: /" +
                                std::string(kMaxRobotsLineBytes, 'a') + "\n";
  CHECK(RobotsTxt::Parse(long_rule, kAgent).rule_count() == 0);
  // NUL bytes and binary noise.
  std::string binary;
  for (int i = 0; i < 100000; ++i)
    binary.push_back(static_cast<char>(i * 7919));
  (void)RobotsTxt::Parse(binary, kAgent).IsAllowed("/x");
}

}  // namespace
}  // namespace newscrawl

namespace newscrawl {
namespace {

TEST_CASE("blank lines do not end a group; empty groups join the next") {
  const std::string robots =
      "allow: /ngoai-nhom/\n"
      "\n"
      "user-agent: alphabot\n"
      "disallow: /\n"
      "allow: /a/\n"
      "user-agent: betabot\n"
      "disallow: /\n"
      "allow: /b/\n"
      "\n"
      "\n"
      "allow: /c/\n"
      "user-agent: gammabot\n"
      "\n"
      "user-agent: alphabot\n"
      "allow: /d/\n"
      "disallow: /\n";
  CHECK(Allowed(robots, "/a/1", "alphabot"));
  CHECK(Allowed(robots, "/d/1", "alphabot"));
  CHECK_FALSE(Allowed(robots, "/b/1", "alphabot"));
  CHECK(Allowed(robots, "/b/1", "betabot"));
  CHECK(Allowed(robots, "/c/1", "betabot"));  // still betabot's group
  CHECK_FALSE(Allowed(robots, "/d/1", "betabot"));
  CHECK(Allowed(robots, "/d/1", "gammabot"));  // shares alphabot's second group
  CHECK_FALSE(Allowed(robots, "/ngoai-nhom/", "alphabot"));
  CHECK_FALSE(Allowed(robots, "/ngoai-nhom/", "gammabot"));
}

TEST_CASE(
    "a trailing slash is part of the pattern; wildcards count in length") {
  const std::string robots = "user-agent: *\ndisallow: /tin\nallow: /tin/\n";
  CHECK_FALSE(Allowed(robots, "/tin"));
  CHECK_FALSE(Allowed(robots, "/tin-moi"));
  CHECK(Allowed(robots, "/tin/"));
  CHECK(Allowed(robots, "/tin/bai-1"));
  const std::string wild = "user-agent: *\nallow: /trang\ndisallow: /*.html\n";
  CHECK_FALSE(Allowed(wild, "/trang.html"));  // 7 octets beat 6
  CHECK(Allowed(wild, "/trang"));
  CHECK_FALSE(Allowed("user-agent: *\ndisallow: /X/\n", "/X/1"));
  CHECK(Allowed("user-agent: *\ndisallow: /X/\n", "/x/1"));  // case-sensitive
}

}  // namespace
}  // namespace newscrawl
