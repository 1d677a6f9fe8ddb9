#include "extractor/date_parser.h"

#include <array>
#include <cstdio>
#include <vector>

#include "config/ascii.h"
#include "extractor/html_document.h"

namespace newscrawl {
namespace {

constexpr std::size_t kMaxDateText = 512;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}
bool IsAsciiAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30,
                                                31, 31, 30, 31, 30, 31};
  if (m == 2 && IsLeap(y)) return 29;
  return kDays[static_cast<std::size_t>(m - 1)];
}

bool ValidDate(int y, int m, int d) {
  return y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 &&
         d <= DaysInMonth(y, m);
}

bool ValidTime(int h, int mi, int s) {
  return h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && s >= 0 && s <= 60;
}

// A cursor over the text with small parsing steps.
class Cursor {
 public:
  explicit Cursor(std::string_view s, std::size_t pos = 0) : s_(s), pos_(pos) {}
  bool AtEnd() const { return pos_ >= s_.size(); }
  char Peek(std::size_t ahead = 0) const {
    return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0';
  }
  std::size_t pos() const { return pos_; }
  void set_pos(std::size_t p) { pos_ = p; }
  void SkipSpace() {
    while (!AtEnd() && IsSpace(s_[pos_])) ++pos_;
  }
  bool Consume(char c) {
    if (Peek() != c) return false;
    ++pos_;
    return true;
  }
  // Case-insensitive ASCII word.
  bool ConsumeWord(std::string_view w) {
    if (s_.size() - pos_ < w.size()) return false;
    for (std::size_t i = 0; i < w.size(); ++i) {
      if (AsciiLower(s_[pos_ + i]) != w[i]) return false;
    }
    pos_ += w.size();
    return true;
  }
  // A run of `min`..`max` digits not followed by another digit.
  bool Number(std::size_t min, std::size_t max, int* out) {
    std::size_t i = pos_;
    int value = 0;
    while (i < s_.size() && IsDigit(s_[i]) && i - pos_ < max + 1) {
      value = value * 10 + (s_[i] - '0');
      ++i;
    }
    const std::size_t n = i - pos_;
    if (n < min || n > max) return false;
    pos_ = i;
    *out = value;
    return true;
  }

 private:
  std::string_view s_;
  std::size_t pos_;
};

// "+07:00", "+0700", "+07", "+7", "Z", "GMT", "UTC", "GMT+7", US zones,
// ICT (Indochina Time).
bool ParseZone(Cursor* c, int* offset) {
  const std::size_t start = c->pos();
  if (c->Consume('Z') || c->Consume('z')) {
    *offset = 0;
    return true;
  }
  bool named = false;
  if (c->ConsumeWord("gmt") || c->ConsumeWord("utc") || c->ConsumeWord("ut")) {
    named = true;
    c->SkipSpace();
  } else {
    static constexpr std::array<std::pair<std::string_view, int>, 9> kNamed = {{
        {"est", -300}, {"edt", -240}, {"cst", -360}, {"cdt", -300},
        {"mst", -420}, {"mdt", -360}, {"pst", -480}, {"pdt", -420},
        {"ict", 420}}};
    for (const auto& [name, minutes] : kNamed) {
      if (c->ConsumeWord(name) && !IsAsciiAlpha(c->Peek())) {
        *offset = minutes;
        return true;
      }
      c->set_pos(start);
    }
  }
  const char sign = c->Peek();
  if (sign != '+' && sign != '-' && sign != '\xE2') {
    if (named) {
      *offset = 0;
      return true;
    }
    c->set_pos(start);
    return false;
  }
  if (sign == '\xE2') {  // U+2212 minus sign
    if (!c->ConsumeWord("\xE2\x88\x92")) {
      c->set_pos(start);
      return false;
    }
  } else {
    c->Consume(sign);
  }
  const int factor = sign == '+' ? 1 : -1;
  c->SkipSpace();
  int hours = 0, minutes = 0;
  const std::size_t digits_start = c->pos();
  if (c->Number(4, 4, &hours)) {  // +0700
    minutes = hours % 100;
    hours /= 100;
  } else {
    c->set_pos(digits_start);
    if (!c->Number(1, 2, &hours)) {
      c->set_pos(start);
      return false;
    }
    const std::size_t after_hours = c->pos();
    if (c->Consume(':') && !c->Number(2, 2, &minutes)) {
      c->set_pos(after_hours);
      minutes = 0;
    }
  }
  if (hours > 14 || minutes > 59) {
    c->set_pos(start);
    return false;
  }
  *offset = factor * (hours * 60 + minutes);
  return true;
}

// HH:MM[:SS[.fff]] at the cursor.
bool ParseClock(Cursor* c, int* h, int* mi, int* s) {
  const std::size_t start = c->pos();
  *s = 0;
  if (!c->Number(1, 2, h)) return false;
  if (!c->Consume(':') || !c->Number(2, 2, mi)) {
    c->set_pos(start);
    return false;
  }
  const std::size_t after_minutes = c->pos();
  if (c->Consume(':')) {
    if (!c->Number(2, 2, s)) {
      c->set_pos(after_minutes);
      *s = 0;
    } else if (c->Consume('.') || c->Consume(',')) {
      while (IsDigit(c->Peek())) c->set_pos(c->pos() + 1);
    }
  }
  return true;
}

// A clock time and an optional zone at the cursor, into *dt.  Returns
// false for an impossible time; true (dt unchanged) when there is none.
bool ParseTimeAndZone(Cursor* c, DateTime* dt, bool* found) {
  *found = false;
  if (!ParseClock(c, &dt->hour, &dt->minute, &dt->second)) return true;
  if (!ValidTime(dt->hour, dt->minute, dt->second)) return false;
  *found = true;
  dt->has_time = true;
  c->SkipSpace();
  int offset = 0;
  if (ParseZone(c, &offset)) {
    dt->offset_minutes = offset;
    dt->has_zone = true;
  }
  return true;
}

// Strict-ish ISO 8601 at the start of `t`; *end is where it stopped.
std::optional<DateTime> ParseIso(std::string_view t, int default_offset,
                                 std::size_t* end) {
  Cursor c(t);
  DateTime dt;
  if (!c.Number(4, 4, &dt.year) || !c.Consume('-') ||
      !c.Number(1, 2, &dt.month) || !c.Consume('-') ||
      !c.Number(1, 2, &dt.day)) {
    return std::nullopt;
  }
  if (!ValidDate(dt.year, dt.month, dt.day)) return std::nullopt;
  dt.offset_minutes = default_offset;
  const std::size_t after_date = c.pos();
  if (c.Consume('T') || c.Consume('t') || c.Consume(' ')) {
    bool found = false;
    if (!ParseTimeAndZone(&c, &dt, &found)) return std::nullopt;
    if (!found) c.set_pos(after_date);
  }
  *end = c.pos();
  return dt;
}

// W3C-DTF's reduced precision at the start of `t`: "2024-05", "2024".
std::optional<DateTime> ParseIsoReduced(std::string_view t, int default_offset,
                                        std::size_t* end) {
  Cursor c(t);
  DateTime dt;
  dt.month = 1;
  dt.day = 1;
  dt.offset_minutes = default_offset;
  if (!c.Number(4, 4, &dt.year)) return std::nullopt;
  if (c.Consume('-') && !c.Number(2, 2, &dt.month)) return std::nullopt;
  if (!ValidDate(dt.year, dt.month, dt.day)) return std::nullopt;
  *end = c.pos();
  return dt;
}

int MonthFromName(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun",
      "jul", "aug", "sep", "oct", "nov", "dec"};
  if (name.size() < 3) return 0;
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (AsciiLower(name[0]) == kMonths[i][0] && AsciiLower(name[1]) == kMonths[i][1] &&
        AsciiLower(name[2]) == kMonths[i][2]) {
      return static_cast<int>(i) + 1;
    }
  }
  return 0;
}

// RFC 822/1123: [Wkd,] D Mon YYYY HH:MM[:SS] ZONE, also with a two-digit
// year and RFC 850's dashes (17-May-24); *end is where it stopped.
std::optional<DateTime> ParseRfc822(std::string_view t, int default_offset,
                                    std::size_t* end) {
  Cursor c(t);
  // Optional weekday.
  std::size_t i = 0;
  while (i < t.size() && IsAsciiAlpha(t[i])) ++i;
  if (i > 0) {
    c.set_pos(i);
    c.Consume(',');
    c.SkipSpace();
  }
  DateTime dt;
  if (!c.Number(1, 2, &dt.day)) return std::nullopt;
  c.SkipSpace();
  c.Consume('-');
  const std::size_t month_start = c.pos();
  while (IsAsciiAlpha(c.Peek())) c.set_pos(c.pos() + 1);
  dt.month = MonthFromName(t.substr(month_start, c.pos() - month_start));
  if (dt.month == 0) return std::nullopt;
  c.SkipSpace();
  c.Consume('-');
  if (c.Number(2, 2, &dt.year)) {
    dt.year += dt.year < 70 ? 2000 : 1900;
  } else if (!c.Number(4, 4, &dt.year)) {
    return std::nullopt;
  }
  if (!ValidDate(dt.year, dt.month, dt.day)) return std::nullopt;
  dt.offset_minutes = default_offset;
  c.SkipSpace();
  bool found = false;
  if (!ParseTimeAndZone(&c, &dt, &found)) return std::nullopt;
  *end = c.pos();
  return dt;
}

struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
};

bool Inside(std::size_t pos, const std::vector<Span>& spans) {
  for (const Span& s : spans) {
    if (pos >= s.begin && pos < s.end) return true;
  }
  return false;
}

bool DigitBefore(std::string_view t, std::size_t pos) {
  return pos > 0 && IsDigit(t[pos - 1]);
}

// Visible forms: a day/month/year date (or "ngày D tháng M năm Y"), a
// clock time anywhere near it, and an optional GMT/UTC zone.
std::optional<DateTime> ParseVisible(std::string_view t, int default_offset) {
  DateTime dt;
  dt.offset_minutes = default_offset;
  // 1. Zones ("GMT+7", "(UTC+07:00)"): remember their spans so that the
  // "07:00" of a zone is not taken for the time.
  std::vector<Span> zones;
  for (std::size_t i = 0; i + 3 <= t.size(); ++i) {
    if (!(AsciiLower(t[i]) == 'g' || AsciiLower(t[i]) == 'u')) continue;
    if (i > 0 && IsAsciiAlpha(t[i - 1])) continue;
    Cursor c(t, i);
    if (!(c.ConsumeWord("gmt") || c.ConsumeWord("utc"))) continue;
    c.set_pos(i);
    int offset = 0;
    if (ParseZone(&c, &offset)) {
      if (!dt.has_zone) {
        dt.offset_minutes = offset;
        dt.has_zone = true;
      }
      zones.push_back({i, c.pos()});
      i = c.pos();
    }
  }
  // 2. The date.
  bool have_date = false;
  std::size_t date_pos = 0;
  for (std::size_t i = 0; i < t.size() && !have_date; ++i) {
    if (!IsDigit(t[i]) || DigitBefore(t, i) || Inside(i, zones)) continue;
    Cursor c(t, i);
    int a = 0, b = 0, y = 0;
    if (c.Number(4, 4, &y)) {  // YYYY-MM-DD or YYYY/MM/DD
      const char sep = c.Peek();
      if ((sep == '-' || sep == '/' || sep == '.') && c.Consume(sep) &&
          c.Number(1, 2, &b) && c.Consume(sep) && c.Number(1, 2, &a) &&
          !IsDigit(c.Peek()) && ValidDate(y, b, a)) {
        dt.year = y, dt.month = b, dt.day = a;
        have_date = true;
        date_pos = i;
      }
      continue;
    }
    c.set_pos(i);
    if (!c.Number(1, 2, &a)) continue;
    const char sep = c.Peek();
    if (sep != '/' && sep != '-' && sep != '.') continue;
    c.Consume(sep);
    if (!c.Number(1, 2, &b) || !c.Consume(sep) || !c.Number(4, 4, &y)) continue;
    if (!ValidDate(y, b, a)) continue;
    dt.year = y, dt.month = b, dt.day = a;
    have_date = true;
    date_pos = i;
  }
  if (!have_date) {
    // "ngày 5 tháng 3 năm 2024", "5 tháng 3, 2024".
    constexpr std::string_view kThang = "th\xC3\xA1ng";  // "tháng"
    constexpr std::string_view kNam = "n\xC4\x83m";      // "năm"
    std::size_t at = 0;
    while ((at = t.find(kThang, at)) != std::string_view::npos) {
      std::size_t d_end = at;
      while (d_end > 0 && IsSpace(t[d_end - 1])) --d_end;
      std::size_t d_begin = d_end;
      while (d_begin > 0 && IsDigit(t[d_begin - 1])) --d_begin;
      Cursor c(t, at + kThang.size());
      c.SkipSpace();
      int d = 0, m = 0, y = 0;
      Cursor dc(t, d_begin);
      const bool day_ok =
          d_end > d_begin && d_end - d_begin <= 2 && dc.Number(1, 2, &d);
      bool ok = day_ok && c.Number(1, 2, &m);
      if (ok) {
        c.SkipSpace();
        c.Consume(',');
        c.Consume('/');
        c.SkipSpace();
        if (t.substr(c.pos(), kNam.size()) == kNam) {
          c.set_pos(c.pos() + kNam.size());
          c.SkipSpace();
        }
        ok = c.Number(4, 4, &y) && ValidDate(y, m, d);
      }
      if (ok) {
        dt.year = y, dt.month = m, dt.day = d;
        have_date = true;
        date_pos = d_begin;
        break;
      }
      at += kThang.size();
    }
  }
  if (!have_date) return std::nullopt;
  // 3. The time nearest to the date: HH:MM[:SS] or 19h25 / 19g25.
  std::size_t best_distance = std::string_view::npos;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (!IsDigit(t[i]) || DigitBefore(t, i) || Inside(i, zones)) continue;
    Cursor c(t, i);
    int h = 0, mi = 0, s = 0;
    bool found = false;
    if (ParseClock(&c, &h, &mi, &s)) {
      found = true;
    } else {
      c.set_pos(i);
      if (c.Number(1, 2, &h) && (c.Consume('h') || c.Consume('H') ||
                                 c.Consume('g')) &&
          c.Number(2, 2, &mi)) {
        found = true;
        s = 0;
      }
    }
    if (!found || IsDigit(c.Peek())) continue;
    // AM/PM and the Vietnamese SA (sáng) / CH (chiều).
    Cursor ampm(t, c.pos());
    ampm.SkipSpace();
    const bool pm = ampm.ConsumeWord("pm") || ampm.ConsumeWord("ch");
    const bool am = !pm && (ampm.ConsumeWord("am") || ampm.ConsumeWord("sa"));
    if ((pm || am) && !IsAsciiAlpha(ampm.Peek()) && h >= 1 && h <= 12) {
      if (pm && h < 12) h += 12;
      if (am && h == 12) h = 0;
    }
    if (!ValidTime(h, mi, s)) continue;
    const std::size_t distance = i > date_pos ? i - date_pos : date_pos - i;
    if (distance < best_distance) {
      best_distance = distance;
      dt.hour = h, dt.minute = mi, dt.second = s;
      dt.has_time = true;
    }
    i = c.pos();
  }
  if (dt.second == 60) dt.second = 59;
  return dt;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string DateTime::ToIso8601() const {
  char buf[64];
  const int off = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
                year, month, day, hour, minute, second,
                offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
  return buf;
}

std::optional<DateTime> ParseDateTime(std::string_view text,
                                      int default_offset_minutes) {
  const std::string nfc = FastNfc(std::string(text.substr(0, kMaxDateText)));
  const std::string_view t = Trim(nfc);
  if (t.empty()) return std::nullopt;
  std::size_t end = 0;
  std::optional<DateTime> dt = ParseIso(t, default_offset_minutes, &end);
  // Text that starts as ISO 8601 is judged as ISO only ("...T25:00" fails).
  const bool iso_shaped = t.size() >= 8 && IsDigit(t[0]) && IsDigit(t[1]) &&
                          IsDigit(t[2]) && IsDigit(t[3]) && t[4] == '-';
  if (!dt && iso_shaped) return std::nullopt;
  if (!dt) dt = ParseRfc822(t, default_offset_minutes, &end);
  if (!dt) dt = ParseVisible(t, default_offset_minutes);
  if (dt && dt->second == 60) dt->second = 59;
  return dt;
}

std::optional<DateTime> ParseMachineDate(std::string_view text,
                                         int default_offset_minutes) {
  const std::string_view t = Trim(text);
  if (t.empty() || t.size() > kMaxDateText) return std::nullopt;
  std::size_t end = 0;
  std::optional<DateTime> dt;
  if (t.size() >= 4 && IsDigit(t[0]) && IsDigit(t[1]) && IsDigit(t[2]) &&
      IsDigit(t[3])) {
    dt = ParseIso(t, default_offset_minutes, &end);
    if (!dt) dt = ParseIsoReduced(t, default_offset_minutes, &end);
  } else {
    dt = ParseRfc822(t, default_offset_minutes, &end);
  }
  if (!dt || end != t.size()) return std::nullopt;
  if (dt->second == 60) dt->second = 59;
  return dt;
}

std::optional<std::int64_t> ParseFeedDate(std::string_view text,
                                          int default_offset_minutes) {
  std::optional<DateTime> dt = ParseMachineDate(text, default_offset_minutes);
  if (!dt || dt->year < 1970) return std::nullopt;
  return dt->ToUnixSeconds();
}

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

std::int64_t DateTime::ToUnixSeconds() const {
  return UnixSeconds(year, month, day, hour, minute, second) -
         std::int64_t{offset_minutes} * 60;
}

std::string NormalizeDate(std::string_view text, int default_offset_minutes) {
  std::optional<DateTime> dt = ParseDateTime(text, default_offset_minutes);
  return dt ? dt->ToIso8601() : std::string();
}

}  // namespace newscrawl
