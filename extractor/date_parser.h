// Date and time parsing for article metadata.
//
// Accepted forms (a date is always day/month, never US month/day):
//   ISO 8601           2024-08-04T07:54:29+07:00, 2024-08-04 07:54,
//                      2024-08-04T07:54:29.000 +07:00, 2024-08-04
//   RFC 822/1123       Sun, 04 Aug 2024 07:54:29 +0700, ... GMT
//   visible text       13:46 | 26/10/2017
//                      Thứ tư, 22/10/2025, 19:25 (GMT+7)
//                      04/08/2024 07:54 (GMT+07:00)
//                      Thứ Hai, 20/04/2025 - 22:49
//                      ngày 5 tháng 3 năm 2024, 19h25, 7:05 CH
// A text without a zone gets `default_offset_minutes` (+07:00, Vietnam).
// Impossible dates (31/02, 25:00, month 13) are rejected.
//
// ParseMachineDate() is the strict form for dates that programs write
// (feeds, sitemaps): the whole text is one ISO 8601 / W3C-DTF or RFC 822
// date, nothing else.
//
// Thread safety: pure functions.
#ifndef NEWSCRAWL_EXTRACTOR_DATE_PARSER_H_
#define NEWSCRAWL_EXTRACTOR_DATE_PARSER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace newscrawl {

inline constexpr int kVietnamOffsetMinutes = 7 * 60;

struct DateTime {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31
  int hour = 0;
  int minute = 0;
  int second = 0;
  int offset_minutes = kVietnamOffsetMinutes;  // east of UTC
  bool has_time = false;  // false: the text only gave a date (00:00:00)
  bool has_zone = false;  // false: offset_minutes is the default

  // "2025-10-22T19:25:00+07:00".
  std::string ToIso8601() const;
  // Seconds since the Unix epoch (UTC).
  std::int64_t ToUnixSeconds() const;
};

// Parses the first date in `text` (which may carry surrounding words, as
// visible bylines do).  std::nullopt if there is none or it is impossible.
std::optional<DateTime> ParseDateTime(
    std::string_view text, int default_offset_minutes = kVietnamOffsetMinutes);

// The date that makes up all of `text` (white space around it aside), as
// feeds and sitemaps write them:
//   ISO 8601 / W3C-DTF  2024-05-17T09:30:00.123+07:00, ...Z, a space for
//                       'T', 2024-05-17, and the reduced 2024-05 and 2024;
//   RFC 822/1123/850    Fri, 17 May 2024 09:30:00 +0700, 17 May 24 09:30
//                       GMT, Friday, 17-May-2024 09:30:00 EDT.
// std::nullopt for anything else, including trailing words.
std::optional<DateTime> ParseMachineDate(
    std::string_view text, int default_offset_minutes = kVietnamOffsetMinutes);

// ParseMachineDate(text) in Unix seconds, for feed and sitemap dates;
// std::nullopt also for dates before 1970.
std::optional<std::int64_t> ParseFeedDate(
    std::string_view text, int default_offset_minutes = kVietnamOffsetMinutes);

// Seconds since the Unix epoch of a UTC civil date and time (no
// validation).
std::int64_t UnixSeconds(int year, int month, int day, int hour, int minute,
                         int second);

// ParseDateTime(text)->ToIso8601(), or "" when there is no date.
std::string NormalizeDate(std::string_view text,
                          int default_offset_minutes = kVietnamOffsetMinutes);

}  // namespace newscrawl

#endif  // NEWSCRAWL_EXTRACTOR_DATE_PARSER_H_
