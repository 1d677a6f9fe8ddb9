#include "store/search_time.h"

#include <chrono>
#include <cstdio>

namespace newscrawl {
namespace {

bool Digits(std::string_view s, size_t at, size_t n, int* value) {
  if (s.size() < at + n) return false;
  int v = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *value = v;
  return true;
}

}  // namespace

std::optional<int64_t> ParseSearchTime(std::string_view iso) {
  int year = 0, month = 0, day = 0;
  if (!Digits(iso, 0, 4, &year) || iso.size() < 10 || iso[4] != '-' ||
      !Digits(iso, 5, 2, &month) || iso[7] != '-' ||
      !Digits(iso, 8, 2, &day)) {
    return std::nullopt;
  }
  const std::chrono::year_month_day ymd{
      std::chrono::year{year},
      std::chrono::month{static_cast<unsigned>(month)},
      std::chrono::day{static_cast<unsigned>(day)}};
  if (!ymd.ok()) return std::nullopt;
  int64_t seconds =
      int64_t{std::chrono::sys_days{ymd}.time_since_epoch().count()} * 86400;
  int hour = 0, minute = 0, second = 0;
  if (iso.size() >= 16 && (iso[10] == 'T' || iso[10] == ' ') &&
      Digits(iso, 11, 2, &hour) && iso[13] == ':' &&
      Digits(iso, 14, 2, &minute) && hour < 24 && minute < 60) {
    if (iso.size() >= 19 && iso[16] == ':' && Digits(iso, 17, 2, &second) &&
        second < 61) {
      seconds += second;
    }
    seconds += hour * 3600 + minute * 60;
  }
  return seconds;
}

std::string FormatSearchDate(int64_t seconds) {
  const std::chrono::sys_days days{std::chrono::days{
      seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400}};
  const std::chrono::year_month_day ymd{days};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

}  // namespace newscrawl
