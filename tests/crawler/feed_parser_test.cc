#include "crawler/feed_parser.h"

#include <doctest/doctest.h>

#include <string>

#include "extractor/date_parser.h"
#include "store/gzip.h"

namespace newscrawl {
namespace {

constexpr std::string_view kRss2 = R"XML(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>Lao động &amp; Công đoàn - Việc làm</title>
  <link>https://ldld.example.vn/viec-lam</link>
  <atom:link href="https://ldld.example.vn/rss/viec-lam.rss" rel="self"/>
  <item>
    <title><![CDATA[Công nhân được hỗ trợ tiền thuê nhà]]></title>
    <link>https://ldld.example.vn/viec-lam/cong-nhan-duoc-ho-tro-tien-thue-nha-123456.html?utm_source=rss</link>
    <guid isPermaLink="false">123456</guid>
    <pubDate>Fri, 17 May 2024 09:30:00 +0700</pubDate>
    <description>&lt;p&gt;Mô tả&lt;/p&gt;</description>
  </item>
  <item>
    <title>Tăng lương tối thiểu vùng &nbsp;từ 1/7</title>
    <guid>https://ldld.example.vn/thoi-su/tang-luong-toi-thieu-vung-123457.html</guid>
    <dc:date>2024-05-17T08:00:00+07:00</dc:date>
  </item>
  <item>
    <title>Không có liên kết</title>
  </item>
  <item>
    <link>
      /tuong-doi/bai-viet-123458.html?a=1&b=2
    </link>
  </item>
</channel>
</rss>)XML";

TEST_CASE("RSS 2.0: links, titles, dates, guid permalinks") {
  Result<Feed> feed = ParseFeed(kRss2);
  REQUIRE(feed.ok());
  CHECK(feed->format == FeedFormat::kRss2);
  CHECK(feed->title == "Lao động & Công đoàn - Việc làm");
  CHECK(feed->link == "https://ldld.example.vn/viec-lam");
  CHECK_FALSE(feed->truncated);
  REQUIRE(feed->items.size() == 3);
  CHECK(feed->items[0].title == "Công nhân được hỗ trợ tiền thuê nhà");
  CHECK(feed->items[0].link ==
        "https://ldld.example.vn/viec-lam/"
        "cong-nhan-duoc-ho-tro-tien-thue-nha-123456.html?utm_source=rss");
  CHECK(feed->items[0].id == "123456");
  CHECK(feed->items[0].published == UnixSeconds(2024, 5, 17, 2, 30, 0));
  CHECK(
      feed->items[1].link ==
      "https://ldld.example.vn/thoi-su/tang-luong-toi-thieu-vung-123457.html");
  CHECK(feed->items[1].published == UnixSeconds(2024, 5, 17, 1, 0, 0));
  CHECK(feed->items[2].link == "/tuong-doi/bai-viet-123458.html?a=1&b=2");
  CHECK_FALSE(feed->items[2].published.has_value());
}

TEST_CASE("Atom: alternate links, published and updated") {
  Result<Feed> feed = ParseFeed(R"XML(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Tin Công đoàn</title>
  <link rel="self" href="https://ldld.example.vn/atom.xml"/>
  <link href="https://ldld.example.vn/"/>
  <entry>
    <title>Đại hội Công đoàn cơ sở</title>
    <link rel="edit" href="https://ldld.example.vn/edit/1"/>
    <link rel="alternate" type="text/html" href="https://ldld.example.vn/cong-doan/dai-hoi-1.html"/>
    <link rel="enclosure" href="https://ldld.example.vn/anh.jpg"/>
    <id>tag:ldld.example.vn,2024:1</id>
    <published>2024-05-17T09:30:00+07:00</published>
    <updated>2024-05-18T10:00:00Z</updated>
  </entry>
  <entry>
    <title>Không rel</title>
    <link href="/cong-doan/bai-2.html"/>
    <updated>2024-05-19</updated>
  </entry>
</feed>)XML");
  REQUIRE(feed.ok());
  CHECK(feed->format == FeedFormat::kAtom);
  CHECK(feed->title == "Tin Công đoàn");
  CHECK(feed->link == "https://ldld.example.vn/");
  REQUIRE(feed->items.size() == 2);
  CHECK(feed->items[0].link ==
        "https://ldld.example.vn/cong-doan/dai-hoi-1.html");
  CHECK(feed->items[0].id == "tag:ldld.example.vn,2024:1");
  CHECK(feed->items[0].published == UnixSeconds(2024, 5, 17, 2, 30, 0));
  CHECK(feed->items[0].updated == UnixSeconds(2024, 5, 18, 10, 0, 0));
  CHECK(feed->items[1].link == "/cong-doan/bai-2.html");
  CHECK(feed->items[1].updated == UnixSeconds(2024, 5, 18, 17, 0, 0));  // +07:00
}

TEST_CASE("RSS 1.0 (RDF)") {
  Result<Feed> feed = ParseFeed(R"XML(<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://ldld.example.vn/rss1">
    <title>RDF feed</title>
    <link>https://ldld.example.vn/</link>
  </channel>
  <item rdf:about="https://ldld.example.vn/a-1.html">
    <title>Bài A</title>
    <link>https://ldld.example.vn/a-1.html</link>
    <dc:date>2024-05-17T02:30:00Z</dc:date>
  </item>
  <item rdf:about="https://ldld.example.vn/b-2.html"><title>Bài B</title></item>
</rdf:RDF>)XML");
  REQUIRE(feed.ok());
  CHECK(feed->format == FeedFormat::kRss1);
  CHECK(feed->title == "RDF feed");
  REQUIRE(feed->items.size() == 2);
  CHECK(feed->items[0].link == "https://ldld.example.vn/a-1.html");
  CHECK(feed->items[0].published == UnixSeconds(2024, 5, 17, 2, 30, 0));
  CHECK(feed->items[1].link == "https://ldld.example.vn/b-2.html");
  CHECK(feed->items[1].title == "Bài B");
}

TEST_CASE("gzipped feeds, not-a-feed, broken feeds") {
  Result<Feed> gz = ParseFeed(Gzip(kRss2).value());
  REQUIRE(gz.ok());
  CHECK(gz->items.size() == 3);
  CHECK(ParseFeed("<urlset><url><loc>x</loc></url></urlset>")
            .status()
            .IsUnsupported());
  CHECK(ParseFeed("<html><body>Not found</body></html>")
            .status()
            .IsUnsupported());
  CHECK(ParseFeed("").status().IsCorruption());
  CHECK(ParseFeed("<rss><channel><title>x</rss>").status().IsCorruption());
  // An error after some items keeps them.
  std::string cut(kRss2.substr(0, kRss2.find("<item>\n    <title>Tăng")));
  cut += "<item><title>broken</ti";
  Result<Feed> partial = ParseFeed(cut);
  REQUIRE(partial.ok());
  CHECK(partial->truncated);
  CHECK(partial->items.size() == 1);
}

TEST_CASE("hostile feeds: bombs, item floods, size limits") {
  const std::string bomb =
      "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\">"
      "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
      "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
      "<rss><channel><item><link>&c;</link></item></channel></rss>";
  CHECK(ParseFeed(bomb).status().IsCorruption());

  std::string flood = "<rss><channel>";
  for (int i = 0; i < 30000; ++i) {
    flood.append("<item><link>https://ldld.example.vn/")
        .append(std::to_string(i))
        .append(".html</link></item>");
  }
  flood += "</channel></rss>";
  FeedLimits limits;
  limits.max_items = 1000;
  Result<Feed> capped = ParseFeed(flood, limits);
  REQUIRE(capped.ok());
  CHECK(capped->items.size() == 1000);
  CHECK(capped->truncated);

  limits.max_bytes = 1000;
  CHECK(ParseFeed(flood, limits).status().IsTooLarge());
  // A gzip bomb: small compressed, huge inflated.
  std::string big = "<rss>";
  big.append(20 * 1024 * 1024, ' ');
  big.append("</rss>");
  CHECK(ParseFeed(Gzip(big, 9).value()).status().IsTooLarge());
}

}  // namespace
}  // namespace newscrawl
