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
// Thread safety: pure functions.
#ifndef NEWSCRAWL_EXTRACTOR_DATE_PARSER_H_
#define NEWSCRAWL_EXTRACTOR_DATE_PARSER_H_

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
};

// Parses the first date in `text` (which may carry surrounding words, as
// visible bylines do).  std::nullopt if there is none or it is impossible.
std::optional<DateTime> ParseDateTime(
    std::string_view text, int default_offset_minutes = kVietnamOffsetMinutes);

// ParseDateTime(text)->ToIso8601(), or "" when there is no date.
std::string NormalizeDate(std::string_view text,
                          int default_offset_minutes = kVietnamOffsetMinutes);

}  // namespace newscrawl

#endif  // NEWSCRAWL_EXTRACTOR_DATE_PARSER_H_
