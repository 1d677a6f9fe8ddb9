#include "store/utc_time.h"

#include <doctest/doctest.h>

namespace newscrawl {
namespace {

TEST_CASE("UTC times and dates format with a Z") {
  CHECK(FormatUtcTime(0) == "1970-01-01T00:00:00Z");
  CHECK(FormatUtcTime(1761094800) == "2025-10-22T01:00:00Z");
  CHECK(FormatUtcDate(1761094800) == "2025-10-22");
}

TEST_CASE("WARC dates and ISO 8601 times parse, bad ones are refused") {
  CHECK(*ParseUtcTime("2025-10-22T01:00:00Z") == 1761094800);
  CHECK(*ParseUtcTime("2025-10-22T01:00:00.123456Z") == 1761094800);
  CHECK(*ParseUtcTime("2025-10-22T08:00:00+07:00") == 1761094800);
  CHECK(*ParseUtcTime("2025-10-22T01:00Z") == 1761094800);
  CHECK(*ParseUtcTime("2025-10-22") == 1761091200);
  for (const char* bad : {"", "2025-13-01T00:00:00Z", "2025-02-30", "2025-10-22T25:00:00Z",
                          "2025-10-22T01:00:00Zjunk", "yesterday", "2025-10-22 01:00:00"}) {
    CAPTURE(bad);
    CHECK(ParseUtcTime(bad).status().IsInvalidArgument());
  }
}

TEST_CASE("calendar dates are validated") {
  CHECK(IsValidDate("2024-02-29"));
  CHECK_FALSE(IsValidDate("2025-02-29"));
  CHECK_FALSE(IsValidDate("2025-1-01"));
  CHECK_FALSE(IsValidDate("2025-01-01x"));
}

}  // namespace
}  // namespace newscrawl
