// SPDX-License-Identifier: Apache-2.0
// Unit tests for engine/common: exact rationals, dates, UTF-8, diagnostics.
#include <catch2/catch.hpp>
#include <limits>
#include <string>
#include <vector>

#include "common/diagnose.hpp"
#include "common/date.hpp"
#include "common/number.hpp"
#include "common/source.hpp"
#include "common/utf8.hpp"
#include "common/value.hpp"

using namespace elig;

TEST_CASE("Rational arithmetic is exact and reduces", "[common][number]") {
  auto r = Rational::Mul(Rational(1'500'000), *Rational::Make(2, 3));
  REQUIRE(r);
  CHECK(r->IsInteger());
  CHECK(r->num() == 1'000'000);
  auto third = *Rational::Make(1, 3);
  auto sum = *Rational::Add(*Rational::Add(third, third), third);
  CHECK(sum == Rational(1));
  CHECK(Rational::Make(6, -4)->num() == -3);
  CHECK(Rational::Make(6, -4)->den() == 2);
  CHECK_FALSE(Rational::Make(1, 0));
  CHECK_FALSE(Rational::Div(Rational(1), Rational(0)));
}

TEST_CASE("Rational overflow is reported, never wrapped", "[common][number]") {
  Rational big(std::numeric_limits<int64_t>::max());
  CHECK_FALSE(Rational::Add(big, Rational(1)));
  CHECK_FALSE(Rational::Mul(big, Rational(2)));
  CHECK_FALSE(Rational::Sub(Rational(-big.num()), Rational(2)));
  CHECK_FALSE(Rational::Make(std::numeric_limits<int64_t>::min(), 1));
  auto tiny = *Rational::Make(1, std::numeric_limits<int64_t>::max());
  CHECK_FALSE(Rational::Mul(tiny, tiny));
}

TEST_CASE("Rational floor, ceil and round", "[common][number]") {
  auto x = *Rational::Make(7, 2);   // 3.5
  auto y = *Rational::Make(-7, 2);  // -3.5
  CHECK(x.Floor() == Rational(3));
  CHECK(x.Ceil() == Rational(4));
  CHECK(*x.Round() == Rational(4));
  CHECK(y.Floor() == Rational(-4));
  CHECK(y.Ceil() == Rational(-3));
  CHECK(*y.Round() == Rational(-4));  // half away from zero
  CHECK(*Rational::Make(10, 3)->Round() == Rational(3));
}

TEST_CASE("Rational parse and print", "[common][number]") {
  CHECK(Rational::Parse("1_000_000")->num() == 1'000'000);
  CHECK(Rational::Parse("1,500,000")->num() == 1'500'000);
  CHECK(Rational::Parse("12.5")->ToString() == "12.5");
  CHECK(Rational::Parse("2/3")->ToString() == "2/3");
  CHECK(Rational::Parse("-0.25")->ToString() == "-0.25");
  CHECK(Rational(1234567).ToGroupedString() == "1,234,567");
  CHECK(Rational(-1234).ToGroupedString() == "-1,234");
  for (const char* bad : {"", "_1", "1_", "1__0x", "1.", ".5", "1e5", "abc", "1..2", "99999999999999999999"})
    CHECK_FALSE(Rational::Parse(bad));
}

TEST_CASE("dates validate the calendar", "[common][date]") {
  CHECK(ParseDate("2026-02-28"));
  CHECK_FALSE(ParseDate("2026-02-29"));
  CHECK(ParseDate("2024-02-29"));
  CHECK_FALSE(ParseDate("2026-02-30"));
  CHECK_FALSE(ParseDate("2026-13-01"));
  CHECK_FALSE(ParseDate("2026-4-1"));
  CHECK(FormatDate(*ParseDate("2026-04-01")) == "2026-04-01");
  CHECK(YearsBetween(*ParseDate("2010-05-01"), *ParseDate("2026-04-30")) == 15);
  CHECK(YearsBetween(*ParseDate("2010-05-01"), *ParseDate("2026-05-01")) == 16);
  CHECK(ParseDate("1970-01-01")->days == 0);
}

TEST_CASE("UTF-8 validation and display width", "[common][utf8]") {
  CHECK_FALSE(utf8::FindInvalid("群馬県 ok"));
  CHECK(utf8::FindInvalid("ab\xFF") == 2u);
  CHECK(utf8::FindInvalid("\xC0\x80"));          // overlong
  CHECK(utf8::FindInvalid("\xED\xA0\x80"));      // surrogate
  CHECK(utf8::CodePoints("群馬") == 2);
  CHECK(utf8::DisplayWidth("群馬a") == 5);
  CHECK(utf8::EditDistance("industy", "industry") == 1);
  CHECK(utf8::Printable("a\nb") == "a\\x0Ab");
}

TEST_CASE("diagnostics render with a caret under wide characters", "[common][diag]") {
  SourceSet set;
  const SourceFile& f = set.Add("x.yaml", "rule: 従業員 <= 二十\n");
  Diagnostic d;
  d.code = "unknown-name";
  d.message.en = "unknown name `二十`";
  size_t off = std::string("rule: 従業員 <= ").size();
  d.loc = f.Loc(off, std::string("二十").size());
  CHECK(d.loc.line == 1);
  CHECK(d.loc.column == 14);
  std::string text = Render(d, &set);
  CHECK(text == "x.yaml:1:14: error[unknown-name]: unknown name `二十`\n"
                " 1 | rule: 従業員 <= 二十\n"
                "   |                 ^^^^\n");
}

TEST_CASE("value operations: unknown propagates, errors are reported", "[common][value]") {
  std::string err;
  Value u = Value::Unknown();
  Value one = Value::Number(Rational(1));
  CHECK(Apply(ValueOp::kAdd, u, one, err).kind == VKind::kUnknown);
  CHECK(Apply(ValueOp::kLt, one, u, err).kind == VKind::kUnknown);
  Value zero = Value::Number(Rational(0));
  CHECK(Apply(ValueOp::kDiv, one, zero, err).kind == VKind::kError);
  CHECK(err == "division by zero");
  Value yen = Value::Number(Rational(300), true);
  CHECK(Apply(ValueOp::kMul, yen, one, err).yen);
  CHECK_FALSE(Apply(ValueOp::kDiv, yen, yen, err).yen);
}

TEST_CASE("one did-you-mean for every name, counting characters rather than bytes", "[common][utf8]") {
  // 従業員 is one character from 従業員数 (three bytes): near enough.
  CHECK(utf8::EditDistance("従業員", "従業員数") == 1);
  CHECK(DidYouMean("従業員", std::vector<std::string>{"資本金", "従業員数"}).en == "did you mean `従業員数`?");
  CHECK(DidYouMean("industy", std::vector<std::string>{"industry", "capital"}).ja == "`industry` のことですか？");
  // Too far to be a slip, or the same name: nothing.
  CHECK(DidYouMean("capital", std::vector<std::string>{"employees"}).Empty());
  CHECK(DidYouMean("x", std::vector<std::string>{}).Empty());
  // The first of equals wins; a nearer one later replaces it.
  utf8::Nearest n("emploees");
  n.Offer("employers");
  n.Offer("employees");
  CHECK(n.best() == "employees");
  // Invalid bytes are one unit each, never equal to a character.
  CHECK(utf8::EditDistance("\xFF", "a") == 1);
  CHECK(utf8::EditDistance("a\xFF", "a\xFE") == 1);
}

TEST_CASE("ASCII case folding leaves UTF-8 alone", "[common][utf8]") {
  CHECK(utf8::AsciiLower("CSV.Jsonl 群馬") == "csv.jsonl 群馬");
  CHECK(utf8::EqualsAsciiNoCase("YES", "yes"));
  CHECK_FALSE(utf8::EqualsAsciiNoCase("YES!", "yes"));
  CHECK_FALSE(utf8::EqualsAsciiNoCase("Ｙes", "yes"));
}
