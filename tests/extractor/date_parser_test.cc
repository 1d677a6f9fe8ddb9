#include "extractor/date_parser.h"

#include <doctest/doctest.h>

#include <string>

namespace newscrawl {
namespace {

TEST_CASE("ISO 8601 forms") {
  CHECK(NormalizeDate("2025-10-22T19:25:52+07:00") == "2025-10-22T19:25:52+07:00");
  CHECK(NormalizeDate("2024-08-04T07:54:29.000 +07:00") ==
        "2024-08-04T07:54:29+07:00");
  CHECK(NormalizeDate("2022-12-24T03:24:43Z") == "2022-12-24T03:24:43+00:00");
  CHECK(NormalizeDate("2022-12-24T10:24:43+0700") == "2022-12-24T10:24:43+07:00");
  CHECK(NormalizeDate(" 2025-05-09 11:05 ") == "2025-05-09T11:05:00+07:00");
  CHECK(NormalizeDate("2021-03-01T08:00:00-05:00") == "2021-03-01T08:00:00-05:00");
  std::optional<DateTime> date_only = ParseDateTime("2024-03-05");
  REQUIRE(date_only);
  CHECK_FALSE(date_only->has_time);
  CHECK(date_only->ToIso8601() == "2024-03-05T00:00:00+07:00");
  std::optional<DateTime> zoned = ParseDateTime("2024-03-05T10:00:00Z");
  REQUIRE(zoned);
  CHECK(zoned->has_zone);
  CHECK(zoned->has_time);
}

TEST_CASE("RFC 822 / 1123 dates from feeds") {
  CHECK(NormalizeDate("Sun, 04 Aug 2024 07:54:29 +0700") ==
        "2024-08-04T07:54:29+07:00");
  CHECK(NormalizeDate("Tue, 10 Jun 2003 04:00:00 GMT") ==
        "2003-06-10T04:00:00+00:00");
  CHECK(NormalizeDate("10 Jun 2003 04:00 EDT") == "2003-06-10T04:00:00-04:00");
}

TEST_CASE("visible Vietnamese forms are day/month with +07:00 by default") {
  CHECK(NormalizeDate("13:46 | 26/10/2017") == "2017-10-26T13:46:00+07:00");
  CHECK(NormalizeDate("Thứ tư, 22/10/2025, 19:25 (GMT+7)") ==
        "2025-10-22T19:25:00+07:00");
  CHECK(NormalizeDate("04/08/2024 07:54 (GMT+07:00)") ==
        "2024-08-04T07:54:00+07:00");
  CHECK(NormalizeDate("Thứ Hai, 20/04/2025 - 22:49") ==
        "2025-04-20T22:49:00+07:00");
  CHECK(NormalizeDate("Cập nhật ngày 5 tháng 3 năm 2024") ==
        "2024-03-05T00:00:00+07:00");
  CHECK(NormalizeDate("19h25 ngày 05/03/2024") == "2024-03-05T19:25:00+07:00");
  CHECK(NormalizeDate("11:17 25/12/2017") == "2017-12-25T11:17:00+07:00");
  CHECK(NormalizeDate("05/03/2024 7:05 CH") == "2024-03-05T19:05:00+07:00");
  CHECK(NormalizeDate("05-03-2024 12:10 SA") == "2024-03-05T00:10:00+07:00");
  CHECK(NormalizeDate("Đăng lúc 08:49 | 06/08/2021 (UTC+0)") ==
        "2021-08-06T08:49:00+00:00");
  // Decomposed input is normalised first.
  CHECK(NormalizeDate("nga\xCC\x80y 5 tha\xCC\x81ng 3 n\xC4\x83m 2024") ==
        "2024-03-05T00:00:00+07:00");
}

TEST_CASE("the default offset is a parameter") {
  CHECK(NormalizeDate("26/10/2017 13:46", 0) == "2017-10-26T13:46:00+00:00");
  CHECK(NormalizeDate("26/10/2017 13:46", -90) == "2017-10-26T13:46:00-01:30");
}

TEST_CASE("impossible and garbage dates are rejected") {
  CHECK(NormalizeDate("31/02/2024") == "");
  CHECK(NormalizeDate("29/02/2023") == "");
  CHECK(NormalizeDate("29/02/2024") == "2024-02-29T00:00:00+07:00");
  CHECK(NormalizeDate("12/13/2024") == "");  // never month/day
  CHECK(NormalizeDate("2024-13-01") == "");
  CHECK(NormalizeDate("2024-02-30T10:00:00Z") == "");
  CHECK(NormalizeDate("2024-02-10T25:00:00Z") == "");
  CHECK(NormalizeDate("") == "");
  CHECK(NormalizeDate("không có ngày") == "");
  CHECK(NormalizeDate("123/45/67890") == "");
  CHECK(NormalizeDate("1/1/99999") == "");
  CHECK(NormalizeDate("99:99 | 26/10/2017") == "2017-10-26T00:00:00+07:00");
  CHECK(NormalizeDate("Mon, 45 Foo 2024") == "");
  CHECK(NormalizeDate(std::string(100000, '9')) == "");
  std::string junk;
  for (int i = 0; i < 5000; ++i) junk += static_cast<char>(i * 31);
  CHECK(NormalizeDate(junk).size() < 40);
}

// 2024-05-17T02:30:00Z
constexpr std::int64_t kT = 1715913000;

TEST_CASE("civil time to Unix seconds") {
  CHECK(UnixSeconds(1970, 1, 1, 0, 0, 0) == 0);
  CHECK(UnixSeconds(2000, 3, 1, 0, 0, 0) == 951868800);
  CHECK(UnixSeconds(2024, 5, 17, 2, 30, 0) == kT);
}

TEST_CASE("feed dates: the whole text is one RFC 822 date") {
  CHECK(ParseFeedDate("Fri, 17 May 2024 09:30:00 +0700") == kT);
  CHECK(ParseFeedDate("Fri, 17 May 2024 02:30:00 GMT") == kT);
  CHECK(ParseFeedDate("17 May 2024 02:30 UT") == kT);
  CHECK(ParseFeedDate("Thu, 16 May 2024 22:30:00 EDT") == kT);
  CHECK(ParseFeedDate("Fri, 17 May 24 02:30:00 Z") == kT);
  CHECK(ParseFeedDate("  Friday, 17-May-2024 09:30:00 +07:00\n") == kT);
  CHECK(ParseFeedDate("Fri, 17 May 2024", 0) == kT - 2 * 3600 - 30 * 60);
  CHECK(ParseFeedDate("Fri, 17 May 2024") ==
        kT - 9 * 3600 - 30 * 60);  // +07:00
  CHECK_FALSE(ParseFeedDate("Fri, 31 Feb 2024 02:30:00 GMT"));
  CHECK_FALSE(ParseFeedDate("Fri, 17 Mai 2024 02:30:00 GMT"));
  CHECK_FALSE(ParseFeedDate("Fri, 17 May 2024 02:30:00 Mars"));
  CHECK_FALSE(ParseFeedDate("Fri, 17 May 2024 25:30:00 GMT"));
}

TEST_CASE("feed dates: the whole text is one ISO 8601 / W3C-DTF date") {
  CHECK(ParseFeedDate("2024-05-17T09:30:00+07:00") == kT);
  CHECK(ParseFeedDate("2024-05-17T02:30:00Z") == kT);
  CHECK(ParseFeedDate("2024-05-17T02:30:00.123456Z") == kT);
  CHECK(ParseFeedDate("2024-05-17T02:30Z") == kT);
  CHECK(ParseFeedDate("2024-05-17 09:30:00+0700") == kT);
  // No zone: the default offset (+07:00 unless given).
  CHECK(ParseFeedDate("2024-05-17T09:30:00") == kT);
  CHECK(ParseFeedDate("2024-05-17T02:30:00", 0) == kT);
  CHECK(ParseFeedDate("2024-05-17", 0) == kT - 2 * 3600 - 30 * 60);
  CHECK(ParseFeedDate("2024-05", 0) == UnixSeconds(2024, 5, 1, 0, 0, 0));
  CHECK(ParseFeedDate("2024", -60) == UnixSeconds(2024, 1, 1, 1, 0, 0));
  CHECK_FALSE(ParseFeedDate("2024-13-01"));
  CHECK_FALSE(ParseFeedDate("2024-05-17T02:30:00+25:00"));
  CHECK_FALSE(ParseFeedDate("2024-05-17 hôm nay"));
  CHECK_FALSE(ParseFeedDate("1800-01-01"));
  CHECK_FALSE(ParseFeedDate(""));
  CHECK_FALSE(ParseFeedDate(std::string(100, '2')));
  CHECK_FALSE(ParseFeedDate("\xff\xfe\x00"));
}

TEST_CASE("machine dates keep their fields; lenient parsing gains RFC 850 forms") {
  std::optional<DateTime> dt = ParseMachineDate("17-May-24 09:30 ICT");
  REQUIRE(dt);
  CHECK(dt->ToIso8601() == "2024-05-17T09:30:00+07:00");
  CHECK(dt->has_zone);
  dt = ParseMachineDate("2024-05");
  REQUIRE(dt);
  CHECK(!dt->has_time);
  CHECK(dt->ToIso8601() == "2024-05-01T00:00:00+07:00");
  // Surrounding words are for ParseDateTime only.
  CHECK_FALSE(ParseMachineDate("Đăng lúc 2024-05-17"));
  CHECK(NormalizeDate("Fri, 17-May-2024 09:30 GMT") == "2024-05-17T09:30:00+00:00");
}

}  // namespace
}  // namespace newscrawl
