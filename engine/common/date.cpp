// SPDX-License-Identifier: Apache-2.0
#include "common/date.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace elig {
namespace {

// Howard Hinnant's civil-calendar algorithms.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

}  // namespace

std::optional<Date> MakeDate(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return std::nullopt;
  if (day > DaysInMonth(year, month)) return std::nullopt;
  return Date{static_cast<int32_t>(DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)))};
}

std::optional<Date> ParseDate(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  auto digits = [&](size_t from, size_t n, int& out) {
    out = 0;
    for (size_t i = from; i < from + n; ++i) {
      if (t[i] < '0' || t[i] > '9') return false;
      out = out * 10 + (t[i] - '0');
    }
    return true;
  };
  int y, m, d;
  if (!digits(0, 4, y) || !digits(5, 2, m) || !digits(8, 2, d)) return std::nullopt;
  return MakeDate(y, m, d);
}

void SplitDate(Date date, int& year, int& month, int& day) {
  int64_t z = date.days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  year = static_cast<int>(y + (m <= 2));
  month = static_cast<int>(m);
  day = static_cast<int>(d);
}

std::string FormatDate(Date d) {
  char buf[24];
  return std::string(buf, WriteDate(d, buf));
}

char* WriteDate(Date d, char* out) {
  int y, m, day;
  SplitDate(d, y, m, day);
  if (y < 0 || y > 9999) return out + std::snprintf(out, 24, "%04d-%02d-%02d", y, m, day);
  // Years 0 to 9999, the only ones a rule or an applicant writes: the digits by hand
  // (snprintf was a fifth of writing a compact explanation).
  const int digits[] = {y / 1000, y / 100 % 10, y / 10 % 10, y % 10, -1, m / 10, m % 10, -1, day / 10, day % 10};
  for (int x : digits) *out++ = x < 0 ? '-' : static_cast<char>('0' + x);
  return out;
}

int64_t YearsBetween(Date from, Date to) {
  if (to < from) return -YearsBetween(to, from);
  int fy, fm, fd, ty, tm, td;
  SplitDate(from, fy, fm, fd);
  SplitDate(to, ty, tm, td);
  int64_t years = ty - fy;
  if (tm < fm || (tm == fm && td < fd)) --years;
  return years;
}

std::optional<TimeZone> ParseTimeZone(std::string_view text) {
  for (const char* name : {"Asia/Tokyo", "Japan", "JST"})
    if (text == name) return TimeZone{9 * 60, std::string(text)};
  for (const char* name : {"UTC", "Etc/UTC", "GMT", "Z"})
    if (text == name) return TimeZone{0, std::string(text)};
  std::string_view rest = text;
  if (rest.substr(0, 3) == "UTC") rest.remove_prefix(3);
  if (rest.empty() || (rest[0] != '+' && rest[0] != '-')) return std::nullopt;
  int sign = rest[0] == '-' ? -1 : 1;
  rest.remove_prefix(1);
  auto digits = [](std::string_view s) {
    for (char c : s)
      if (c < '0' || c > '9') return false;
    return !s.empty();
  };
  std::string_view hh = rest, mm;
  if (auto colon = rest.find(':'); colon != std::string_view::npos) {
    hh = rest.substr(0, colon);
    mm = rest.substr(colon + 1);
    if (mm.size() != 2) return std::nullopt;
  } else if (rest.size() == 4) {
    hh = rest.substr(0, 2);
    mm = rest.substr(2);
  }
  if (!digits(hh) || hh.size() > 2 || (!mm.empty() && !digits(mm))) return std::nullopt;
  int hours = std::atoi(std::string(hh).c_str());
  int minutes = mm.empty() ? 0 : std::atoi(std::string(mm).c_str());
  if (minutes >= 60) return std::nullopt;
  int total = sign * (hours * 60 + minutes);
  if (total < -12 * 60 || total > 14 * 60) return std::nullopt;
  return TimeZone{total, std::string(text)};
}

Date DateAt(int64_t unix_seconds, const TimeZone& tz) {
  int64_t local = unix_seconds + int64_t{tz.offset_minutes} * 60;
  int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
  return Date{static_cast<int32_t>(days)};
}

std::optional<TimeZone> DefaultTimeZone() {
  const char* env = std::getenv("ELIG_TZ");
  if (!env || !*env) return ParseTimeZone(kDefaultTimeZone);
  return ParseTimeZone(env);
}

Date TodayIn(const TimeZone& tz) {
  auto now = std::chrono::system_clock::now();
  return DateAt(std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count(), tz);
}

Date Today() {
  auto tz = DefaultTimeZone();
  return TodayIn(tz ? *tz : TimeZone{});
}

}  // namespace elig
