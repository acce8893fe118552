// SPDX-License-Identifier: Apache-2.0
#include "common/answer.hpp"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <limits>
#include <vector>

#include "common/catalog.hpp"
#include "common/places.hpp"
#include "common/utf8.hpp"

namespace elig {
namespace {

using fmt::arg;

using namespace std::string_view_literals;

bool ConsumePrefix(std::string_view& s, std::string_view p) {
  if (!s.starts_with(p)) return false;
  s.remove_prefix(p.size());
  return true;
}
bool ConsumeSuffix(std::string_view& s, std::string_view p) {
  if (!s.ends_with(p)) return false;
  s.remove_suffix(p.size());
  return true;
}

std::string Lower(std::string_view s) { return utf8::AsciiLower(s); }

// Without spaces at either end (NFKC has made the ideographic space an ASCII one).
std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Without any space: 2027年 2月 10日, 35 万円.
std::string WithoutSpaces(std::string_view s) {
  std::string out;
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c))) out += c;
  return out;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int KanjiDigit(std::string_view s, size_t i, size_t& len) {
  static const std::string_view kDigits[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  for (int d = 0; d < 10; ++d)
    if (s.substr(i, kDigits[d].size()) == kDigits[d]) {
      len = kDigits[d].size();
      return d;
    }
  if (s.substr(i, 3) == "零") {
    len = 3;
    return 0;
  }
  return -1;
}

// Reads digits at s[i..] as a number: ASCII digits with thousands commas (a comma only between
// groups of exactly three digits) and a decimal point, or kanji digits (二〇二七). Advances `i`.
std::optional<Rational> ReadDigits(std::string_view s, size_t& i) {
  size_t start = i;
  if (i < s.size() && IsDigit(s[i])) {
    int64_t num = 0, den = 1;
    size_t group = 0;
    bool comma_seen = false;
    auto push = [&](int d, bool frac) {
      if (num > (std::numeric_limits<int64_t>::max() - d) / 10) return false;
      num = num * 10 + d;
      if (frac) {
        if (den > std::numeric_limits<int64_t>::max() / 10) return false;
        den *= 10;
      }
      return true;
    };
    while (i < s.size()) {
      if (IsDigit(s[i])) {
        if (!push(s[i] - '0', false)) return std::nullopt;
        ++group;
        ++i;
      } else if (s[i] == ',') {
        // The first group has 1 to 3 digits, every later one exactly 3.
        if (comma_seen ? group != 3 : (group < 1 || group > 3)) return std::nullopt;
        if (i + 1 >= s.size() || !IsDigit(s[i + 1])) return std::nullopt;
        comma_seen = true;
        group = 0;
        ++i;
      } else {
        break;
      }
    }
    if (comma_seen && group != 3) return std::nullopt;
    if (i < s.size() && s[i] == '.') {
      if (i + 1 >= s.size() || !IsDigit(s[i + 1])) return std::nullopt;
      ++i;
      while (i < s.size() && IsDigit(s[i])) {
        if (!push(s[i] - '0', true)) return std::nullopt;
        ++i;
      }
    }
    return Rational::Make(num, den);
  }
  int64_t num = 0;
  size_t len = 0;
  int d;
  while (i < s.size() && (d = KanjiDigit(s, i, len)) >= 0) {
    if (num > (std::numeric_limits<int64_t>::max() - d) / 10) return std::nullopt;
    num = num * 10 + d;
    i += len;
  }
  if (i == start) return std::nullopt;
  return Rational(num);
}

struct Unit {
  std::string_view text;
  int64_t value;
};
const Unit kSmallUnits[] = {{"千", 1000}, {"百", 100}, {"十", 10}};
const Unit kBigUnits[] = {{"兆", 1'000'000'000'000}, {"億", 100'000'000}, {"万", 10'000}};

const Unit* UnitAt(std::string_view s, size_t i, const Unit* units, size_t n) {
  for (size_t k = 0; k < n; ++k)
    if (s.substr(i, units[k].text.size()) == units[k].text) return &units[k];
  return nullptr;
}

// A number below 10,000 written with 千/百/十 (2千500, 千五百, 三十五), or any number in digits.
std::optional<Rational> ReadSection(std::string_view s, size_t& i, bool& any) {
  Rational total(0);
  int64_t last_unit = std::numeric_limits<int64_t>::max();
  any = false;
  while (i < s.size()) {
    size_t before = i;
    std::optional<Rational> coef = ReadDigits(s, i);
    if (!coef && i != before) return std::nullopt;
    if (!coef && before < s.size() && IsDigit(s[before])) return std::nullopt;  // a malformed number
    const Unit* unit = UnitAt(s, i, kSmallUnits, 3);
    if (unit) {
      if (unit->value >= last_unit) return std::nullopt;  // 百千, 十十
      auto term = Rational::Mul(coef ? *coef : Rational(1), Rational(unit->value));
      auto sum = term ? Rational::Add(total, *term) : std::nullopt;
      if (!sum) return std::nullopt;
      total = *sum;
      last_unit = unit->value;
      i += unit->text.size();
      any = true;
      continue;
    }
    if (coef) {
      // A last part without a unit must fit below the one before it: 2千500, not 2千5000.
      if (last_unit != std::numeric_limits<int64_t>::max() && Rational::Compare(*coef, Rational(last_unit)) >= 0)
        return std::nullopt;
      auto sum = Rational::Add(total, *coef);
      if (!sum) return std::nullopt;
      total = *sum;
      any = true;
    }
    break;
  }
  return total;
}

// What an everyday number became, or why it could not be read.
enum class NumberProblem { kNone, kSyntax, kComma, kOverflow };

std::optional<Rational> ReadEverydayNumber(std::string_view text, NumberProblem& problem) {
  problem = NumberProblem::kSyntax;
  std::string s = WithoutSpaces(text);
  std::string_view v = s;
  bool neg = ConsumePrefix(v, "-") || ConsumePrefix(v, "−") || ConsumePrefix(v, "▲") || ConsumePrefix(v, "△");
  if (v.empty()) return std::nullopt;
  Rational total(0);
  int64_t last_big = std::numeric_limits<int64_t>::max();
  size_t i = 0;
  while (i < v.size()) {
    bool any = false;
    auto section = ReadSection(v, i, any);
    if (!section) break;
    const Unit* big = UnitAt(v, i, kBigUnits, 3);
    if (!big) {
      if (!any || i != v.size()) break;
      if (last_big != std::numeric_limits<int64_t>::max() && Rational::Compare(*section, Rational(10'000)) >= 0) break;
      auto sum = Rational::Add(total, *section);
      if (!sum) {
        problem = NumberProblem::kOverflow;
        return std::nullopt;
      }
      total = *sum;
      problem = NumberProblem::kNone;
      return neg ? total.Neg() : total;
    }
    if (big->value >= last_big) break;  // 万億
    if (!any) break;  // 万 alone is not a number
    if (last_big != std::numeric_limits<int64_t>::max() && Rational::Compare(*section, Rational(10'000)) >= 0) break;
    auto term = Rational::Mul(*section, Rational(big->value));
    auto sum = term ? Rational::Add(total, *term) : std::nullopt;
    if (!sum) {
      problem = NumberProblem::kOverflow;
      return std::nullopt;
    }
    total = *sum;
    last_big = big->value;
    i += big->text.size();
    if (i == v.size()) {
      problem = NumberProblem::kNone;
      return neg ? total.Neg() : total;
    }
  }
  // Not a number. Was it one but for its commas?
  if (s.find(',') != std::string::npos) {
    std::string no_commas;
    for (char c : s)
      if (c != ',') no_commas += c;
    NumberProblem inner;
    if (ReadEverydayNumber(no_commas, inner)) problem = NumberProblem::kComma;
  }
  return std::nullopt;
}

std::string Shown(std::string_view text) { return utf8::Printable(text); }

LocalText NumberRefusal(NumberProblem problem, std::string_view raw, BaseType type) {
  std::string t = Shown(raw);
  if (problem == NumberProblem::kComma)
    return SayBoth(Msg::kAnswerComma, arg("text", t));
  if (problem == NumberProblem::kOverflow)
    return SayBoth(Msg::kAnswerTooLarge, arg("text", t));
  switch (type) {
    case BaseType::kYen:
      return SayBoth(Msg::kAnswerNotYen, arg("text", t));
    case BaseType::kInt:
      return SayBoth(Msg::kAnswerNotWhole, arg("text", t));
    default:
      return SayBoth(Msg::kAnswerNotNumber, arg("text", t));
  }
}

// ---- numbers ------------------------------------------------------------------------------

AnswerResult ReadYen(std::string_view raw, std::string_view n) {
  AnswerResult r;
  std::string_view v = n;
  bool sign = ConsumePrefix(v, "-");
  v = Trim(v);
  ConsumePrefix(v, "¥") || ConsumePrefix(v, "\\");
  v = Trim(v);
  std::string lowered = Lower(v);
  std::string_view lv = lowered;
  if (ConsumeSuffix(lv, "yen")) v = v.substr(0, lv.size());
  else ConsumeSuffix(v, "円");
  std::string body = (sign ? "-" : "") + std::string(Trim(v));
  NumberProblem problem;
  auto number = ReadEverydayNumber(body, problem);
  if (!number) {
    r.refusal = NumberRefusal(problem, raw, BaseType::kYen);
    return r;
  }
  if (!number->IsInteger()) {
    r.refusal = SayBoth(Msg::kAnswerNotWholeYen, arg("text", Shown(raw)));
    return r;
  }
  r.value = Value::Number(*number, true);
  return r;
}

AnswerResult ReadInt(std::string_view raw, std::string_view n) {
  AnswerResult r;
  std::string_view v = n;
  // The counters people write after a count.
  for (std::string_view unit : {"人"sv, "名"sv, "社"sv, "件"sv, "回"sv, "個"sv, "店舗"sv, "店"sv, "台"sv, "年"sv, "歳"sv,
                                "か月"sv, "ヶ月"sv, "ケ月"sv, "カ月"sv, "日"sv, "期"sv})
    if (ConsumeSuffix(v, unit)) break;
  NumberProblem problem;
  auto number = ReadEverydayNumber(Trim(v), problem);
  if (!number || !number->IsInteger()) {
    r.refusal = NumberRefusal(number ? NumberProblem::kSyntax : problem, raw, BaseType::kInt);
    return r;
  }
  r.value = Value::Number(*number);
  return r;
}

AnswerResult ReadDecimal(std::string_view raw, std::string_view n) {
  AnswerResult r;
  std::string s = WithoutSpaces(n);
  std::string_view v = s;
  std::optional<Rational> number;
  NumberProblem problem = NumberProblem::kSyntax;
  Rational scale(1);
  if (ConsumeSuffix(v, "%") || ConsumeSuffix(v, "パーセント")) scale = Rational(100);
  else if (ConsumeSuffix(v, "割")) scale = Rational(10);
  if (auto bun = v.find("分の"); bun != std::string_view::npos && scale == Rational(1)) {
    // 2分の1 is 1/2.
    NumberProblem p1, p2;
    auto den = ReadEverydayNumber(v.substr(0, bun), p1);
    auto num = ReadEverydayNumber(v.substr(bun + "分の"sv.size()), p2);
    if (den && num) number = Rational::Div(*num, *den);
  } else if (v.find('/') != std::string_view::npos) {
    number = Rational::Parse(v);
  } else {
    number = ReadEverydayNumber(v, problem);
  }
  if (number) number = Rational::Div(*number, scale);
  if (!number) {
    r.refusal = NumberRefusal(problem, raw, BaseType::kDecimal);
    return r;
  }
  r.value = Value::Number(*number);
  return r;
}

// ---- dates --------------------------------------------------------------------------------

struct Era {
  std::string_view ja;
  char abbr;
  std::string_view en;
  int start_y, start_m, start_d;  // the first day of the era (Gregorian)
  int base;                        // Gregorian year = base + era year
};
// 明治 is counted from 慶応4年1月1日 but Japan kept the lunisolar calendar until 明治5年12月2日;
// its dates are read from 明治6年1月1日 (1873-01-01), the first day of the Gregorian calendar.
const Era kEras[] = {
    {"明治", 'M', "Meiji", 1873, 1, 1, 1867},   {"大正", 'T', "Taishō", 1912, 7, 30, 1911},
    {"昭和", 'S', "Shōwa", 1926, 12, 25, 1925}, {"平成", 'H', "Heisei", 1989, 1, 8, 1988},
    {"令和", 'R', "Reiwa", 2019, 5, 1, 2018},
};
constexpr size_t kEraCount = sizeof kEras / sizeof kEras[0];

// 令和9年2月10日 for a date.
std::string EraText(Date d) {
  int y, m, day;
  SplitDate(d, y, m, day);
  for (size_t k = kEraCount; k-- > 0;) {
    const Era& e = kEras[k];
    if (Date{*MakeDate(e.start_y, e.start_m, e.start_d)} <= d) {
      int ey = y - e.base;
      return std::string(e.ja) + (ey == 1 ? "元" : std::to_string(ey)) + "年" + std::to_string(m) + "月" +
             std::to_string(day) + "日";
    }
  }
  return std::to_string(y) + "年" + std::to_string(m) + "月" + std::to_string(day) + "日";
}

bool ReadInt(std::string_view s, size_t& i, int& out, size_t max_digits) {
  size_t start = i;
  out = 0;
  while (i < s.size() && IsDigit(s[i]) && i - start < max_digits) out = out * 10 + (s[i++] - '0');
  return i > start && (i >= s.size() || !IsDigit(s[i]));
}

LocalText DateSyntaxRefusal(std::string_view raw) {
  std::string t = Shown(raw);
  return SayBoth(Msg::kAnswerNotDate, arg("text", t));
}

AnswerResult ReadDate(std::string_view raw, std::string_view n) {
  AnswerResult r;
  std::string s = WithoutSpaces(n);
  std::string_view v = s;
  // A weekday after the date, as calendars print it: 2027年2月10日(水).
  int weekday = -1;
  static const std::string_view kWeekdays[] = {"日", "月", "火", "水", "木", "金", "土"};
  if (v.ends_with(")")) {
    auto open = v.rfind('(');
    if (open != std::string_view::npos) {
      std::string_view w = v.substr(open + 1, v.size() - open - 2);
      ConsumeSuffix(w, "曜日") || ConsumeSuffix(w, "曜");
      for (int k = 0; k < 7; ++k)
        if (w == kWeekdays[k]) weekday = k;
      if (weekday < 0) {
        r.refusal = DateSyntaxRefusal(raw);
        return r;
      }
      v = v.substr(0, open);
    }
  }
  const Era* era = nullptr;
  for (const Era& e : kEras) {
    if (ConsumePrefix(v, e.ja)) {
      era = &e;
      break;
    }
    if (!v.empty() && std::toupper(static_cast<unsigned char>(v[0])) == e.abbr && v.size() > 1 &&
        (IsDigit(v[1]) || v.substr(1).starts_with("元"))) {
      v.remove_prefix(1);
      era = &e;
      break;
    }
  }
  int y = 0, m = 0, d = 0;
  size_t i = 0;
  bool kanji = false;
  if (era && ConsumePrefix(v, "元")) {
    y = 1;
  } else if (!ReadInt(v, i, y, era ? 2 : 4) || (!era && i != 4)) {
    r.refusal = DateSyntaxRefusal(raw);
    return r;
  }
  v.remove_prefix(i);
  // The separators: 年 月 日, or one of - / . used twice.
  char sep = 0;
  if (ConsumePrefix(v, "年")) {
    kanji = true;
  } else if (!v.empty() && (v[0] == '-' || v[0] == '/' || v[0] == '.')) {
    sep = v[0];
    v.remove_prefix(1);
  } else {
    r.refusal = DateSyntaxRefusal(raw);
    return r;
  }
  i = 0;
  if (!ReadInt(v, i, m, 2)) {
    r.refusal = DateSyntaxRefusal(raw);
    return r;
  }
  v.remove_prefix(i);
  if (kanji ? !ConsumePrefix(v, "月") : (v.empty() || v[0] != sep)) {
    r.refusal = DateSyntaxRefusal(raw);
    return r;
  }
  if (!kanji) v.remove_prefix(1);
  i = 0;
  if (!ReadInt(v, i, d, 2)) {
    r.refusal = DateSyntaxRefusal(raw);
    return r;
  }
  v.remove_prefix(i);
  if (kanji) ConsumePrefix(v, "日");
  if (!v.empty()) {
    r.refusal = DateSyntaxRefusal(raw);
    return r;
  }
  std::string t = Shown(raw);
  if (era) {
    if (y < 1) {
      r.refusal = DateSyntaxRefusal(raw);
      return r;
    }
    y += era->base;
  }
  auto date = MakeDate(y, m, d);
  if (!date) {
    if (m < 1 || m > 12) {
      r.refusal = SayBoth(Msg::kAnswerNoSuchMonth, arg("text", t));
      return r;
    }
    int last = 31;
    while (last > 28 && !MakeDate(y, m, last)) --last;
    r.refusal = SayBoth(Msg::kAnswerNoSuchDay, arg("text", t), arg("month", m), arg("days", last));
    return r;
  }
  if (era) {
    Date start = *MakeDate(era->start_y, era->start_m, era->start_d);
    const Era* next = era + 1 < kEras + kEraCount ? era + 1 : nullptr;
    std::string western = FormatDate(*date);
    const LocalText era_name{std::string(era->ja), std::string(era->en)};
    if (*date < start) {
      if (era->ja == "明治")
        r.refusal = SayBoth(Msg::kAnswerBeforeMeiji);
      else
        r.refusal = SayBoth(Msg::kAnswerEraNotBegun, arg("text", t), arg("era", era_name), arg("start", FormatDate(start)),
                            arg("start_era", EraText(start)), arg("day", EraText(*date)), arg("western", western));
      return r;
    }
    if (next) {
      Date next_start = *MakeDate(next->start_y, next->start_m, next->start_d);
      if (!(*date < next_start)) {
        Date last{next_start.days - 1};
        r.refusal = SayBoth(Msg::kAnswerEraEnded, arg("text", t), arg("era", era_name), arg("end", FormatDate(last)),
                            arg("end_era", EraText(last)), arg("day", EraText(*date)), arg("western", western));
        return r;
      }
    }
  }
  if (weekday >= 0) {
    int actual = static_cast<int>(((date->days % 7) + 7 + 4) % 7);  // 1970-01-01 was a Thursday (4)
    if (actual != weekday) {
      static constexpr Msg kWeekdayNames[] = {Msg::kWeekdaySunday,   Msg::kWeekdayMonday, Msg::kWeekdayTuesday,
                                              Msg::kWeekdayWednesday, Msg::kWeekdayThursday, Msg::kWeekdayFriday,
                                              Msg::kWeekdaySaturday};
      r.refusal = SayBoth(Msg::kAnswerWrongWeekday, arg("text", t), arg("date", FormatDate(*date)),
                          arg("weekday", SayBoth(kWeekdayNames[actual])));
      return r;
    }
  }
  r.value = Value::OfDate(*date);
  return r;
}

// ---- yes / no -----------------------------------------------------------------------------

AnswerResult ReadBool(std::string_view raw, std::string_view n) {
  static const std::string_view kYes[] = {"はい", "ある", "あります", "あり", "有", "有り", "いる", "います", "する",
                                          "します", "該当する", "該当します", "そうです", "yes", "y", "true", "1",
                                          "○", "〇", "◯"};
  static const std::string_view kNo[] = {"いいえ", "ない", "ありません", "なし", "無", "無し", "いない", "いません",
                                         "しない", "しません", "該当しない", "該当しません", "違う", "違います",
                                         "ちがう", "ちがいます", "no", "n", "false", "0", "×", "✕"};
  AnswerResult r;
  std::string lowered = Lower(WithoutSpaces(n));
  std::string_view v = lowered;
  ConsumeSuffix(v, "。") || ConsumeSuffix(v, ".") || ConsumeSuffix(v, "!");
  for (auto w : kYes)
    if (v == w) r.value = Value::Bool(true);
  for (auto w : kNo)
    if (v == w) r.value = Value::Bool(false);
  if (!r.value) {
    std::string t = Shown(raw);
    r.refusal = SayBoth(Msg::kAnswerNotYesNo, arg("text", t));
  }
  return r;
}

// ---- choices ------------------------------------------------------------------------------

// Short and common forms of legal forms, and what they stand for (tried in order).
struct LegalAlias {
  std::string_view form;
  std::string_view values[2];
};
const LegalAlias kLegalAliases[] = {
    {"(株)", {"株式会社"}},          {"株式", {"株式会社"}},
    {"(有)", {"特例有限会社", "有限会社"}}, {"有限会社", {"特例有限会社"}}, {"有限", {"特例有限会社", "有限会社"}},
    {"(同)", {"合同会社"}},          {"(名)", {"合名会社"}},          {"(資)", {"合資会社"}},
    {"個人", {"個人事業主"}},        {"個人事業", {"個人事業主"}},    {"個人事業者", {"個人事業主"}},
    {"自営業", {"個人事業主"}},      {"(一社)", {"一般社団法人"}},    {"(一財)", {"一般財団法人"}},
    {"(公社)", {"公益社団法人"}},    {"(公財)", {"公益財団法人"}},    {"(特非)", {"NPO法人"}},
    {"特定非営利活動法人", {"NPO法人"}}, {"npo", {"NPO法人"}},      {"(医)", {"医療法人"}},
    {"(福)", {"社会福祉法人"}},      {"(学)", {"学校法人"}},          {"(企)", {"企業組合"}},
    {"(協)", {"協同組合"}},          {"llp", {"有限責任事業組合"}},
};

std::string Normalised(std::string_view s) { return Lower(WithoutSpaces(NormalizeNfkc(s))); }

std::string ChoiceList(const EnumDef& def, Lang lang) {
  std::string out;
  size_t shown = std::min<size_t>(def.values.size(), 12);
  for (size_t i = 0; i < shown; ++i) {
    if (i) out += lang == Lang::kJa ? "、" : ", ";
    const std::string& label = def.Label(i, lang);
    out += label;
    if (label != def.values[i] && lang == Lang::kEn) out += " (" + def.values[i] + ")";
  }
  if (shown < def.values.size()) out += lang == Lang::kJa ? "、…" : ", …";
  return out;
}

AnswerResult ReadChoice(std::string_view raw, std::string_view n, const EnumDef* def) {
  AnswerResult r;
  std::string t = Shown(raw);
  if (!def || def->values.empty()) {
    r.refusal = SayBoth(Msg::kAnswerNoChoices, arg("text", t));
    return r;
  }
  std::string compact = WithoutSpaces(n);
  if (int i = def->IndexOf(n); i >= 0) r.value = Value::Enum(i);
  else if (int k = def->IndexOf(compact); k >= 0) r.value = Value::Enum(k);
  if (r.value) return r;
  if (def->kind != EnumKind::kPlain) {
    int place = FindPlace(*def, n);  // with its spaces: "Gunma Prefecture"
    if (place < 0) place = FindPlace(*def, compact);
    if (int i = place; i >= 0) {
      r.value = Value::Enum(i);
      return r;
    }
    std::string near = SuggestPlace(*def, compact);
    bool pref = def->kind == EnumKind::kPrefecture;
    const std::string& example = def->values[pref ? 9 : 1];
    if (near.empty())
      r.refusal = SayBoth(pref ? Msg::kAnswerNotPrefecture : Msg::kAnswerNotMunicipality, arg("text", t), arg("example", example));
    else
      r.refusal = SayBoth(pref ? Msg::kAnswerNotPrefectureNear : Msg::kAnswerNotMunicipalityNear, arg("text", t), arg("near", near));
    return r;
  }
  // The value or a label, ignoring case and width.
  std::string key = Lower(compact);
  for (size_t i = 0; i < def->values.size(); ++i) {
    bool hit = Normalised(def->values[i]) == key;
    if (!hit && i < def->labels.size())
      hit = (!def->labels[i].ja.empty() && Normalised(def->labels[i].ja) == key) ||
            (!def->labels[i].en.empty() && Normalised(def->labels[i].en) == key);
    if (hit) {
      r.value = Value::Enum(static_cast<int32_t>(i));
      return r;
    }
  }
  for (const LegalAlias& a : kLegalAliases) {
    if (key != a.form) continue;
    for (std::string_view target : a.values) {
      if (target.empty()) continue;
      if (int i = def->IndexOf(target); i >= 0) {
        r.value = Value::Enum(i);
        return r;
      }
    }
  }
  // The start of exactly one value or Japanese label, two characters or more: 製造 for 製造業.
  if (utf8::CodePoints(key) >= 2) {
    int found = -1;
    bool ambiguous = false;
    for (size_t i = 0; i < def->values.size(); ++i) {
      bool hit = Normalised(def->values[i]).starts_with(key);
      if (!hit && i < def->labels.size() && !def->labels[i].ja.empty())
        hit = Normalised(def->labels[i].ja).starts_with(key);
      if (!hit) continue;
      if (found >= 0) ambiguous = true;
      found = static_cast<int>(i);
    }
    if (found >= 0 && !ambiguous) {
      r.value = Value::Enum(found);
      return r;
    }
  }
  std::string values;
  for (size_t i = 0; i < def->values.size(); ++i) values += (i ? ", " : "") + def->values[i];
  r.refusal = LocalText{Say(Lang::kJa, Msg::kAnswerNotAChoice, arg("text", t), arg("choices", ChoiceList(*def, Lang::kJa))),
                        Say(Lang::kEn, Msg::kAnswerNotAChoice, arg("text", t), arg("choices", values))};
  return r;
}

}  // namespace

std::string NormalizeNfkc(std::string_view text) {
  bool ascii = std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii || utf8::FindInvalid(text) || text.size() > static_cast<size_t>(std::numeric_limits<int32_t>::max()))
    return std::string(text);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status) || !nfkc) return std::string(text);
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  icu::UnicodeString out = nfkc->normalize(in, status);
  if (U_FAILURE(status)) return std::string(text);
  std::string result;
  out.toUTF8String(result);
  return result;
}

std::string_view TrimAnswer(std::string_view answer) {
  constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
  for (;;) {
    std::string_view before = answer;
    answer = Trim(answer);
    ConsumePrefix(answer, kIdeographicSpace);
    ConsumeSuffix(answer, kIdeographicSpace);
    if (answer.size() == before.size()) return answer;
  }
}

bool IsDontKnow(std::string_view answer) {
  std::string n = Normalised(answer);
  return n.empty() || n == "?" || n == "skip" || n == "わからない" || n == "分からない" || n == "不明";
}

bool IsNoneAnswer(std::string_view answer) {
  std::string n = Normalised(answer);
  return n == "none" || n == "なし" || n == "無し" || n == "ない" || n == "-" || n == "[]";
}

std::vector<std::string> SplitListAnswer(std::string_view answer) {
  std::vector<std::string> items;
  std::string item;
  auto flush = [&] {
    std::string_view t = TrimAnswer(item);
    if (!t.empty()) items.emplace_back(t);
    item.clear();
  };
  for (size_t i = 0; i < answer.size(); ++i) {
    if (answer[i] == ',') {
      flush();
    } else if (answer.compare(i, 3, "、") == 0) {
      flush();
      i += 2;
    } else {
      item += answer[i];
    }
  }
  flush();
  return items;
}

std::optional<Rational> ParseEverydayNumber(std::string_view text) {
  NumberProblem problem;
  return ReadEverydayNumber(text, problem);
}

AnswerResult ParseAnswer(std::string_view text, BaseType type, const EnumDef* enum_def) {
  AnswerResult r;
  if (type == BaseType::kText) {
    if (utf8::FindInvalid(text)) {
      r.refusal = SayBoth(Msg::kAnswerNotUtf8);
      return r;
    }
    // Every reader lets a NUL through (JSON `\u0000`, YAML `\0`, a CSV cell); C strings,
    // displays and the audit log would cut the text there.
    if (text.find('\0') != std::string_view::npos) {
      r.refusal = SayBoth(Msg::kAnswerNul, arg("text", Shown(text)));
      return r;
    }
    if (text.size() > 16 * 1024) {
      r.refusal = SayBoth(Msg::kAnswerTextTooLong);
      return r;
    }
    r.text = std::string(text);
    Value v;
    v.kind = VKind::kText;
    r.value = v;
    return r;
  }
  if (text.size() > 1024) {
    r.refusal = SayBoth(Msg::kAnswerTooLong);
    return r;
  }
  std::string normal = NormalizeNfkc(text);
  std::string_view n = Trim(normal);
  switch (type) {
    case BaseType::kBool: return ReadBool(text, n);
    case BaseType::kInt: return ReadInt(text, n);
    case BaseType::kDecimal: return ReadDecimal(text, n);
    case BaseType::kYen: return ReadYen(text, n);
    case BaseType::kDate: return ReadDate(text, n);
    case BaseType::kEnum: return ReadChoice(text, n, enum_def);
    default: break;
  }
  r.refusal = SayBoth(Msg::kAnswerUnsupported);
  return r;
}

}  // namespace elig
