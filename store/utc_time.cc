#include "store/utc_time.h"

#include <ctime>

namespace newscrawl {
namespace {

std::string Format(std::int64_t unix_seconds, const char* format) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buffer[40];
  std::strftime(buffer, sizeof(buffer), format, &tm);
  return buffer;
}

// Reads exactly `n` digits at *pos; -1 if they are not there.
int Digits(std::string_view text, std::size_t* pos, std::size_t n) {
  if (*pos + n > text.size()) return -1;
  int value = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = text[*pos + i];
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  *pos += n;
  return value;
}

bool Expect(std::string_view text, std::size_t* pos, char c) {
  if (*pos >= text.size() || text[*pos] != c) return false;
  ++*pos;
  return true;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// Parses "YYYY-MM-DD" at the start; the date's fields, or false.
bool ParseDatePart(std::string_view text, std::size_t* pos, std::tm* tm) {
  const int year = Digits(text, pos, 4);
  if (year < 0 || !Expect(text, pos, '-')) return false;
  const int month = Digits(text, pos, 2);
  if (month < 1 || month > 12 || !Expect(text, pos, '-')) return false;
  const int day = Digits(text, pos, 2);
  if (day < 1 || day > DaysInMonth(year, month)) return false;
  tm->tm_year = year - 1900;
  tm->tm_mon = month - 1;
  tm->tm_mday = day;
  return true;
}

}  // namespace

std::string FormatUtcTime(std::int64_t unix_seconds) {
  return Format(unix_seconds, "%Y-%m-%dT%H:%M:%SZ");
}

std::string FormatUtcDate(std::int64_t unix_seconds) {
  return Format(unix_seconds, "%Y-%m-%d");
}

bool IsValidDate(std::string_view date) {
  std::size_t pos = 0;
  std::tm tm{};
  return ParseDatePart(date, &pos, &tm) && pos == date.size();
}

Result<std::int64_t> ParseUtcTime(std::string_view text) {
  auto invalid = [text] {
    return Status::InvalidArgument("not an ISO 8601 time: '" +
                                   std::string(text.substr(0, 40)) + "'");
  };
  std::size_t pos = 0;
  std::tm tm{};
  if (!ParseDatePart(text, &pos, &tm)) return invalid();
  std::int64_t offset = 0;
  if (pos < text.size()) {
    if (!Expect(text, &pos, 'T')) return invalid();
    tm.tm_hour = Digits(text, &pos, 2);
    if (tm.tm_hour < 0 || tm.tm_hour > 23 || !Expect(text, &pos, ':')) return invalid();
    tm.tm_min = Digits(text, &pos, 2);
    if (tm.tm_min < 0 || tm.tm_min > 59) return invalid();
    if (Expect(text, &pos, ':')) {
      tm.tm_sec = Digits(text, &pos, 2);
      if (tm.tm_sec < 0 || tm.tm_sec > 60) return invalid();
      if (Expect(text, &pos, '.')) {
        const std::size_t start = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
        if (pos == start) return invalid();
      }
    }
    if (Expect(text, &pos, 'Z')) {
      // UTC
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
      const int sign = text[pos] == '-' ? -1 : 1;
      ++pos;
      const int hours = Digits(text, &pos, 2);
      Expect(text, &pos, ':');
      const int minutes = Digits(text, &pos, 2);
      if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return invalid();
      offset = sign * (hours * 3600 + minutes * 60);
    }
    if (pos != text.size()) return invalid();
  }
  return static_cast<std::int64_t>(::timegm(&tm)) - offset;
}

}  // namespace newscrawl
