#include "crawler/feed_date.h"

#include <array>
#include <string>

#include "config/ascii.h"

namespace newscrawl {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A small cursor over the text.
class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}
  bool done() const { return pos_ >= s_.size(); }
  char peek() const { return done() ? '\0' : s_[pos_]; }
  void SkipSpaces() {
    while (!done() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == ','))
      ++pos_;
  }
  bool Consume(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  // Reads between min and max digits.
  bool Number(std::size_t min, std::size_t max, int* value) {
    std::size_t n = 0;
    int v = 0;
    while (n < max && !done() && IsDigit(s_[pos_])) {
      v = v * 10 + (s_[pos_] - '0');
      ++pos_;
      ++n;
    }
    *value = v;
    return n >= min;
  }
  std::string_view Word() {
    const std::size_t start = pos_;
    while (!done() && ((s_[pos_] >= 'a' && s_[pos_] <= 'z') ||
                       (s_[pos_] >= 'A' && s_[pos_] <= 'Z'))) {
      ++pos_;
    }
    return s_.substr(start, pos_ - start);
  }
  std::string_view rest() const { return s_.substr(std::min(pos_, s_.size())); }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

int MonthNumber(std::string_view word) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun",
      "jul", "aug", "sep", "oct", "nov", "dec"};
  if (word.size() < 3) return 0;
  const std::string w = AsciiLower(word.substr(0, 3));
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (kMonths[i] == w) return static_cast<int>(i) + 1;
  }
  return 0;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

bool Valid(int year, int month, int day, int hour, int minute, int second) {
  return year >= 1970 && year <= 9999 && month >= 1 && month <= 12 &&
         day >= 1 && day <= DaysInMonth(year, month) && hour >= 0 &&
         hour <= 24 && minute >= 0 && minute <= 59 && second >= 0 &&
         second <= 60;
}

// Parses a zone at the scanner: "Z", "+07:00", "+0700", "-05", "GMT",
// "EST", ...  Sets offset in seconds east of UTC; true if a zone (or
// nothing) was there.
bool Zone(Scanner* s, int default_offset, int* offset) {
  *offset = default_offset;
  s->SkipSpaces();
  if (s->done()) return true;
  *offset = 0;
  if (s->Consume('Z') || s->Consume('z')) return true;
  const char sign = s->peek();
  if (sign == '+' || sign == '-') {
    s->Consume(sign);
    int hours = 0;
    int minutes = 0;
    if (!s->Number(2, 2, &hours)) return false;
    s->Consume(':');
    s->Number(2, 2, &minutes);
    if (hours > 14 || minutes > 59) return false;
    *offset = (hours * 3600 + minutes * 60) * (sign == '-' ? -1 : 1);
    return true;
  }
  const std::string name = AsciiLower(s->Word());
  struct Named {
    std::string_view name;
    int hours;
  };
  static constexpr Named kZones[] = {{"gmt", 0},  {"ut", 0},   {"utc", 0},
                                     {"est", -5}, {"edt", -4}, {"cst", -6},
                                     {"cdt", -5}, {"mst", -7}, {"mdt", -6},
                                     {"pst", -8}, {"pdt", -7}, {"ict", 7}};
  for (const Named& z : kZones) {
    if (z.name == name) {
      *offset = z.hours * 3600;
      return true;
    }
  }
  return false;
}

bool AtEnd(Scanner* s) {
  s->SkipSpaces();
  return s->done();
}

std::optional<std::int64_t> ParseIso(std::string_view text,
                                     int default_offset) {
  Scanner s(text);
  int year = 0;
  int month = 1;
  int day = 1;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int offset = default_offset;
  if (!s.Number(4, 4, &year)) return std::nullopt;
  if (s.Consume('-')) {
    if (!s.Number(2, 2, &month)) return std::nullopt;
    if (s.Consume('-') && !s.Number(2, 2, &day)) return std::nullopt;
  }
  const std::string_view rest = s.rest();
  const bool space_then_time =
      rest.size() > 1 && rest[0] == ' ' && IsDigit(rest[1]);
  if (s.Consume('T') || s.Consume('t') || (space_then_time && s.Consume(' '))) {
    if (!s.Number(2, 2, &hour) || !s.Consume(':') || !s.Number(2, 2, &minute)) {
      return std::nullopt;
    }
    if (s.Consume(':')) {
      if (!s.Number(2, 2, &second)) return std::nullopt;
      if (s.Consume('.') || s.Consume(',')) {
        int fraction = 0;
        if (!s.Number(1, 9, &fraction)) return std::nullopt;
        while (IsDigit(s.peek())) s.Consume(s.peek());
      }
    }
    if (!Zone(&s, default_offset, &offset)) return std::nullopt;
  }
  if (!AtEnd(&s) || !Valid(year, month, day, hour, minute, second)) {
    return std::nullopt;
  }
  return UnixSeconds(year, month, day, hour, minute, second) - offset;
}

std::optional<std::int64_t> ParseRfc822(std::string_view text,
                                        int default_offset) {
  Scanner s(text);
  s.SkipSpaces();
  if (!IsDigit(s.peek())) {  // optional day name
    if (s.Word().empty()) return std::nullopt;
    s.SkipSpaces();
  }
  int day = 0;
  int year = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int offset = default_offset;
  if (!s.Number(1, 2, &day)) return std::nullopt;
  s.SkipSpaces();
  s.Consume('-');
  const int month = MonthNumber(s.Word());
  if (month == 0) return std::nullopt;
  s.SkipSpaces();
  s.Consume('-');
  if (!s.Number(2, 4, &year)) return std::nullopt;
  if (year < 100) year += year < 70 ? 2000 : 1900;
  s.SkipSpaces();
  if (IsDigit(s.peek())) {
    if (!s.Number(1, 2, &hour) || !s.Consume(':') || !s.Number(2, 2, &minute)) {
      return std::nullopt;
    }
    if (s.Consume(':') && !s.Number(2, 2, &second)) return std::nullopt;
    if (!Zone(&s, default_offset, &offset)) return std::nullopt;
  }
  if (!AtEnd(&s) || !Valid(year, month, day, hour, minute, second)) {
    return std::nullopt;
  }
  return UnixSeconds(year, month, day, hour, minute, second) - offset;
}

}  // namespace

std::int64_t UnixSeconds(int year, int month, int day, int hour, int minute,
                         int second) {
  // Howard Hinnant's days_from_civil.
  const int y = year - (month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days =
      static_cast<std::int64_t>(era) * 146097 + doe - 719468;
  return days * 86400 + hour * 3600 + minute * 60 + second;
}

std::optional<std::int64_t> ParseFeedDate(std::string_view text,
                                          int default_offset_minutes) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' ||
                           text.front() == '\n' || text.front() == '\r')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' ||
                           text.back() == '\n' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  if (text.empty() || text.size() > 64) return std::nullopt;
  if (text.size() >= 4 && IsDigit(text[0]) && IsDigit(text[1]) &&
      IsDigit(text[2]) && IsDigit(text[3])) {
    return ParseIso(text, default_offset_minutes * 60);
  }
  return ParseRfc822(text, default_offset_minutes * 60);
}

}  // namespace newscrawl
