#include "crawler/feed_date.h"

#include <doctest/doctest.h>

#include <string>

namespace newscrawl {
namespace {

// 2024-05-17T02:30:00Z
constexpr std::int64_t kT = 1715913000;

TEST_CASE("civil time to Unix seconds") {
  CHECK(UnixSeconds(1970, 1, 1, 0, 0, 0) == 0);
  CHECK(UnixSeconds(2000, 3, 1, 0, 0, 0) == 951868800);
  CHECK(UnixSeconds(2024, 5, 17, 2, 30, 0) == kT);
}

TEST_CASE("RFC 822 dates") {
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

TEST_CASE("ISO 8601 / W3C dates") {
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

}  // namespace
}  // namespace newscrawl
