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
Date Today();

}  // namespace elig
