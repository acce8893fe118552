// SPDX-License-Identifier: Apache-2.0
// Calendar dates as days since 1970-01-01 (proleptic Gregorian).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace elig {

struct Date {
  int32_t days = 0;
  friend bool operator==(Date a, Date b) { return a.days == b.days; }
  friend bool operator<(Date a, Date b) { return a.days < b.days; }
  friend bool operator<=(Date a, Date b) { return a.days <= b.days; }
};

// Validates the calendar: 2026-02-30 is nullopt.
std::optional<Date> MakeDate(int year, int month, int day);
// Exactly "YYYY-MM-DD".
std::optional<Date> ParseDate(std::string_view text);
void SplitDate(Date d, int& year, int& month, int& day);
std::string FormatDate(Date d);
// The same "YYYY-MM-DD" written at `out` (at most 24 bytes); returns the end.
char* WriteDate(Date d, char* out);
// Whole years from `from` to `to` (age-style: the anniversary must be reached). Negative if to < from.
int64_t YearsBetween(Date from, Date to);

// The zone "today" is taken in: Japan's, unless the caller (`--tz`) or ELIG_TZ says otherwise.
// Application windows end on Japanese dates, so a decision at 02:11 JST is of that Japanese
// day, not of the UTC day before. A zone is a fixed offset from UTC: Japan has kept +09:00
// without daylight saving since 1951.
struct TimeZone {
  int32_t offset_minutes = 9 * 60;
  std::string name = "Asia/Tokyo";
};
inline constexpr const char* kDefaultTimeZone = "Asia/Tokyo";
// "Asia/Tokyo", "Japan", "JST", "UTC", "Etc/UTC", "GMT", "Z", or an offset: "+09:00", "-0530",
// "+9", "UTC+9", "UTC-03:30" (from -12:00 to +14:00). nullopt for anything else.
std::optional<TimeZone> ParseTimeZone(std::string_view text);
// The calendar date in `tz` at `unix_seconds`.
Date DateAt(int64_t unix_seconds, const TimeZone& tz);
// The zone named by ELIG_TZ, else Asia/Tokyo (an ELIG_TZ that names no zone: nullopt).
std::optional<TimeZone> DefaultTimeZone();
// Today in `tz`.
Date TodayIn(const TimeZone& tz);
// Today in DefaultTimeZone() (Asia/Tokyo when ELIG_TZ names no zone; the CLI refuses such an ELIG_TZ first).
Date Today();

}  // namespace elig
