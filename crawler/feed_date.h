// Dates as feeds and sitemaps write them, to Unix seconds (UTC).
//   RFC 822 / 1123 (RSS pubDate): "Fri, 17 May 2024 09:30:00 +0700",
//     "17 May 2024 09:30 GMT", two-digit years, named US zones, no seconds.
//   ISO 8601 / W3C-DTF (Atom, sitemaps, dc:date): "2024-05-17",
//     "2024-05", "2024", "2024-05-17T09:30:00.123+07:00", "...Z", a space
//     instead of 'T'.
// A date or time without a zone is local time at `default_offset_minutes`
// east of UTC (+07:00, as the extractor assumes for Vietnamese sites).
// Anything else (or out of range: years 1970..9999) is nullopt.
#ifndef NEWSCRAWL_CRAWLER_FEED_DATE_H_
#define NEWSCRAWL_CRAWLER_FEED_DATE_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "extractor/date_parser.h"

namespace newscrawl {

std::optional<std::int64_t> ParseFeedDate(
    std::string_view text, int default_offset_minutes = kVietnamOffsetMinutes);

// Seconds since the epoch of a UTC civil date and time (no validation).
std::int64_t UnixSeconds(int year, int month, int day, int hour, int minute,
                         int second);

}  // namespace newscrawl

#endif  // NEWSCRAWL_CRAWLER_FEED_DATE_H_
