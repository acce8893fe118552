// SPDX-License-Identifier: Apache-2.0
// W1, the benchmark workload, in plain C++: the applicant struct, a
// deterministic seeded generator, CSV / JSON Lines writers and readers, and the
// hand-written if-chain that decides it (the baseline every elig figure is a
// ratio of). Header-only so the benchmarks, the tools and the tests share it.
#pragma once

#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace w1 {

enum class Industry : uint8_t { kManufacturing, kWholesale, kRetail, kService, kOther };
inline constexpr const char* kIndustryNames[] = {"manufacturing", "wholesale", "retail", "service", "other"};
inline constexpr const char* kPrefectures[] = {"群馬県", "栃木県", "埼玉県", "東京都", "長野県", "新潟県"};

struct Applicant {
  Industry industry = Industry::kManufacturing;
  int64_t capital = 0;             // yen
  int64_t employees = 0;
  uint8_t prefecture = 0;          // index into kPrefectures; 0 is 群馬県
  int64_t years_in_business = 0;
  bool exported_before = false;
  int64_t taxable_income_avg = 0;  // yen
  int64_t share_pct = 0;           // large_owner_share in hundredths: 37 is 0.37
  int64_t expenses = 0;            // yen
};

struct Result {
  bool eligible = false;
  int64_t score = 0;
  int64_t award = 0;
};

// The rule of bench/w1/w1.yaml, by hand: an if-chain over plain integers.
inline Result Decide(const Applicant& a) {
  static constexpr int64_t kCapital[] = {300'000'000, 100'000'000, 50'000'000, 50'000'000, 300'000'000};
  static constexpr int64_t kEmployees[] = {300, 100, 50, 100, 300};
  const auto k = static_cast<size_t>(a.industry);
  Result r;
  r.eligible = (a.capital <= kCapital[k] || a.employees <= kEmployees[k]) && a.prefecture == 0 &&
               a.years_in_business >= 1 && a.share_pct < 50 && a.taxable_income_avg <= 1'500'000'000;
  r.score = (a.exported_before ? 0 : 10) + (a.employees <= 20 ? 5 : 0) + (a.years_in_business >= 10 ? 3 : 0);
  if (r.eligible) {
    int64_t two_thirds = a.expenses * 2 / 3;  // expenses >= 0: truncation is floor
    r.award = two_thirds < 1'000'000 ? two_thirds : 1'000'000;
  }
  return r;
}

// splitmix64: tiny, fast, and the same sequence on every platform and library
// (std distributions are not), so a seed always gives the same applicants.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t Next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [lo, hi], inclusive (the tiny modulo bias does not matter here).
  int64_t Range(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(Next() % static_cast<uint64_t>(hi - lo + 1)); }
  bool Chance(int percent) { return Range(0, 99) < percent; }

 private:
  uint64_t s_;
};

// Applicant number `index` of the stream for `seed`: random access, so writers and
// benchmarks can regenerate any applicant without keeping them. About 40% are
// eligible; every fact is given (the baseline has no notion of "unknown").
inline Applicant Generate(uint64_t seed, uint64_t index) {
  Rng rng(seed * 0x100000001B3ULL ^ (index + 1) * 0x9E3779B97F4A7C15ULL);
  rng.Next();
  Applicant a;
  int64_t ind = rng.Range(0, 99);
  a.industry = ind < 35 ? Industry::kManufacturing : ind < 50 ? Industry::kWholesale : ind < 70 ? Industry::kRetail
             : ind < 90 ? Industry::kService : Industry::kOther;
  // Capital spans 1 million to 1 billion yen, log-like; employees 0 to 1,200.
  static constexpr int64_t kCapitalScale[] = {1'000'000, 10'000'000, 50'000'000, 100'000'000, 300'000'000, 1'000'000'000};
  int64_t band = rng.Range(0, 5);
  a.capital = rng.Range(kCapitalScale[band] / 2, kCapitalScale[band] * 3 / 2);
  int64_t size = rng.Range(0, 9);
  a.employees = size < 5 ? rng.Range(0, 20) : size < 8 ? rng.Range(21, 300) : rng.Range(301, 1200);
  a.prefecture = rng.Chance(62) ? 0 : static_cast<uint8_t>(rng.Range(1, 5));
  a.years_in_business = rng.Chance(8) ? 0 : rng.Range(1, 60);
  a.exported_before = rng.Chance(45);
  a.taxable_income_avg = rng.Chance(5) ? rng.Range(1'500'000'001, 9'000'000'000) : rng.Range(0, 1'500'000'000);
  a.share_pct = rng.Chance(12) ? rng.Range(50, 100) : rng.Range(0, 49);
  a.expenses = rng.Range(0, 3'000'000);
  return a;
}

inline constexpr const char* kCsvHeader =
    "id,industry,capital,employees,prefecture,years_in_business,exported_before,taxable_income_avg,"
    "large_owner_share,expenses\n";

// "0.37", "1", "0.05": the share as an exact decimal.
inline std::string ShareText(int64_t pct) {
  if (pct >= 100) return "1";
  if (pct <= 0) return "0.00";
  std::string s = "0.00";
  s[2] = static_cast<char>('0' + pct / 10);
  s[3] = static_cast<char>('0' + pct % 10);
  return s;
}

inline std::string Id(uint64_t index) { return "w1-" + std::to_string(index + 1); }

inline std::string CsvRow(uint64_t index, const Applicant& a) {
  std::string s = Id(index);
  s += ',';
  s += kIndustryNames[static_cast<size_t>(a.industry)];
  s += ',' + std::to_string(a.capital) + ',' + std::to_string(a.employees) + ',';
  s += kPrefectures[a.prefecture];
  s += ',' + std::to_string(a.years_in_business) + ',' + (a.exported_before ? "true" : "false") + ',';
  s += std::to_string(a.taxable_income_avg) + ',' + ShareText(a.share_pct) + ',' + std::to_string(a.expenses) + '\n';
  return s;
}

// One JSON object a line. The share is a string so no reader is tempted to use a double.
inline std::string JsonLine(uint64_t index, const Applicant& a) {
  std::string s = "{\"id\":\"" + Id(index) + "\",\"industry\":\"";
  s += kIndustryNames[static_cast<size_t>(a.industry)];
  s += "\",\"capital\":" + std::to_string(a.capital) + ",\"employees\":" + std::to_string(a.employees);
  s += ",\"prefecture\":\"";
  s += kPrefectures[a.prefecture];
  s += "\",\"years_in_business\":" + std::to_string(a.years_in_business);
  s += ",\"exported_before\":";
  s += a.exported_before ? "true" : "false";
  s += ",\"taxable_income_avg\":" + std::to_string(a.taxable_income_avg);
  s += ",\"large_owner_share\":\"" + ShareText(a.share_pct) + "\",\"expenses\":" + std::to_string(a.expenses) + "}\n";
  return s;
}

// The baseline's readers: just enough parsing for the files above, as a
// hand-written importer would do it. Return false on a malformed line.
namespace detail {
inline bool Int(std::string_view t, int64_t& out) {
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
  return ec == std::errc() && p == t.data() + t.size();
}
inline bool Share(std::string_view t, int64_t& out) {
  if (t == "1") return out = 100, true;
  if (t.size() != 4 || t.substr(0, 2) != "0.") return false;
  return Int(t.substr(2), out);
}
inline bool IndustryOf(std::string_view t, Industry& out) {
  for (size_t k = 0; k < 5; ++k)
    if (t == kIndustryNames[k]) return out = static_cast<Industry>(k), true;
  return false;
}
inline uint8_t PrefectureOf(std::string_view t) {
  for (size_t k = 0; k < 6; ++k)
    if (t == kPrefectures[k]) return static_cast<uint8_t>(k);
  return 255;
}
}  // namespace detail

inline bool ParseCsvRow(std::string_view line, Applicant& a) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  std::string_view f[10];
  size_t n = 0;
  while (n < 10) {
    size_t comma = line.find(',');
    f[n++] = line.substr(0, comma);
    if (comma == std::string_view::npos) break;
    line.remove_prefix(comma + 1);
  }
  if (n != 10) return false;
  a.prefecture = detail::PrefectureOf(f[4]);
  a.exported_before = f[6] == "true";
  return detail::IndustryOf(f[1], a.industry) && detail::Int(f[2], a.capital) && detail::Int(f[3], a.employees) &&
         detail::Int(f[5], a.years_in_business) && detail::Int(f[7], a.taxable_income_avg) &&
         detail::Share(f[8], a.share_pct) && detail::Int(f[9], a.expenses);
}

// Reads the objects JsonLine writes (flat, no escapes), in one pass over the line.
inline bool ParseJsonLine(std::string_view line, Applicant& a) {
  size_t i = line.find('{');
  if (i == std::string_view::npos) return false;
  int seen = 0;
  ++i;
  while (i < line.size()) {
    if (line[i] == '}') break;
    if (line[i] == ',' || line[i] == ' ') {
      ++i;
      continue;
    }
    if (line[i] != '"') return false;
    size_t key_end = line.find('"', i + 1);
    if (key_end == std::string_view::npos || key_end + 1 >= line.size() || line[key_end + 1] != ':') return false;
    std::string_view key = line.substr(i + 1, key_end - i - 1);
    i = key_end + 2;
    std::string_view v;
    if (i < line.size() && line[i] == '"') {
      size_t end = line.find('"', i + 1);
      if (end == std::string_view::npos) return false;
      v = line.substr(i + 1, end - i - 1);
      i = end + 1;
    } else {
      size_t end = line.find_first_of(",}", i);
      if (end == std::string_view::npos) return false;
      v = line.substr(i, end - i);
      i = end;
    }
    bool ok = true;
    if (key == "industry") ok = detail::IndustryOf(v, a.industry);
    else if (key == "capital") ok = detail::Int(v, a.capital);
    else if (key == "employees") ok = detail::Int(v, a.employees);
    else if (key == "prefecture") a.prefecture = detail::PrefectureOf(v);
    else if (key == "years_in_business") ok = detail::Int(v, a.years_in_business);
    else if (key == "exported_before") a.exported_before = v == "true";
    else if (key == "taxable_income_avg") ok = detail::Int(v, a.taxable_income_avg);
    else if (key == "large_owner_share") ok = detail::Share(v, a.share_pct);
    else if (key == "expenses") ok = detail::Int(v, a.expenses);
    else --seen;  // "id" and anything else
    if (!ok) return false;
    ++seen;
  }
  return seen == 9;
}

}  // namespace w1
