// SPDX-License-Identifier: Apache-2.0
// Rule-file data for applicants: enum labels, themes, `apply:` with deadlines computed from the
// facts, and the lint warnings that keep them complete.
#include <catch2/catch.hpp>

#include <algorithm>

#include "compile/lint.hpp"
#include "compile/ruleset.hpp"
#include "eval/apply.hpp"
#include "eval/input.hpp"

using namespace elig;

namespace {

const char* kFair = R"(program: t.fair
title: { ja: 展示会補助, en: Fair grant }
basis: 要綱
window: 2026-04-01 .. 2027-03-31
themes: [trade-fair, export]
facts:
  fair_start: { type: date, ask: { ja: 展示会の開催初日, en: First day of the fair } }
  industry:
    type: enum[manufacturing, retail]
    labels:
      manufacturing: { ja: 製造業, en: Manufacturing }
      retail: { ja: 小売業, en: Retail }
    ask: { ja: 業種, en: Industry }
parameters:
  days_before: 10
requirements:
  - id: maker
    rule: industry == "manufacturing"
    text: { ja: 製造業であること, en: A manufacturer }
    cite: 要綱 第3条
apply:
  where: { ja: 市役所 産業政策課, en: "City Hall, Industrial Policy Division" }
  url: https://example.jp/apply
  how: { ja: 窓口に持参, en: In person }
  documents:
    - { ja: 交付申請書, en: The application form }
    - { ja: 見積書, en: A quotation }
  deadline:
    - by: fair_start - days_before
      text: { ja: 展示会初日の10日前, en: 10 days before the fair opens }
    - by: 2027-03-31
      text: { ja: 年度末, en: the end of the fiscal year }
  note: { ja: 注記, en: A note }
)";

std::unique_ptr<RuleSet> Load(const std::string& text) { return RuleSet::LoadTexts({{"p.yaml", text}}); }

FactValues Facts(const CompiledProgram& p, std::vector<std::pair<std::string, std::string>> given) {
  Applicant a;
  for (auto& [name, text] : given) {
    RawFact f;
    f.name = name;
    f.value.type = RawValue::Type::kScalar;
    f.value.text = text;
    a.facts.push_back(std::move(f));
  }
  return Bind(p, a);
}

std::vector<std::string> Codes(const std::vector<Diagnostic>& ds) {
  std::vector<std::string> out;
  for (const auto& d : ds) out.push_back(d.code);
  return out;
}

bool Has(const std::vector<Diagnostic>& ds, const std::string& code, const std::string& part = "") {
  return std::any_of(ds.begin(), ds.end(), [&](const Diagnostic& d) {
    return d.code == code && d.message.en.find(part) != std::string::npos;
  });
}

}  // namespace

TEST_CASE("themes, labels and apply: reach the compiled program", "[apply]") {
  auto rs = Load(kFair);
  REQUIRE(rs->ok());
  const CompiledProgram& p = *rs->Find("t.fair");
  CHECK(p.themes == std::vector<std::string>{"trade-fair", "export"});
  REQUIRE(ThemeLabel("trade-fair"));
  CHECK(ThemeLabel("trade-fair")->ja == "展示会・見本市への出展");
  CHECK_FALSE(ThemeLabel("fishing"));
  const EnumDef& industry = *p.EnumOf(static_cast<uint32_t>(p.FindFact("industry")));
  CHECK(industry.Label(0, Lang::kJa) == "製造業");
  CHECK(industry.Label(1, Lang::kEn) == "Retail");
  REQUIRE(p.apply);
  CHECK(p.apply->where.ja == "市役所 産業政策課");
  CHECK(p.apply->url == "https://example.jp/apply");
  CHECK(p.apply->how.en == "In person");
  REQUIRE(p.apply->documents.size() == 2);
  CHECK(p.apply->documents[1].ja == "見積書");
  REQUIRE(p.apply->deadlines.size() == 2);
  CHECK(p.apply->deadlines[0].expr_text == "fair_start - days_before");
  CHECK(p.apply->deadlines[0].text.ja == "展示会初日の10日前");
}

TEST_CASE("the apply-by date is the earliest deadline, computed from the facts", "[apply]") {
  auto rs = Load(kFair);
  REQUIRE(rs->ok());
  const CompiledProgram& p = *rs->Find("t.fair");
  Date as_of = *ParseDate("2026-12-01");

  ApplyBy by = ComputeApplyBy(p, Facts(p, {{"fair_start", "2027年2月10日"}}), as_of);
  REQUIRE(by.deadlines.size() == 2);
  REQUIRE(by.date);
  CHECK(FormatDate(*by.date) == "2027-01-31");
  REQUIRE(by.deciding);
  CHECK(by.deciding->text.ja == "展示会初日の10日前");
  CHECK_FALSE(by.passed);

  // A fair after the end of the year: the end of the year comes first.
  by = ComputeApplyBy(p, Facts(p, {{"fair_start", "2027-05-01"}}), as_of);
  REQUIRE(by.date);
  CHECK(FormatDate(*by.date) == "2027-03-31");
  CHECK(by.deciding->text.en == "the end of the fiscal year");

  // Too late already.
  by = ComputeApplyBy(p, Facts(p, {{"fair_start", "2026-12-05"}}), as_of);
  REQUIRE(by.date);
  CHECK(by.passed);

  // Without the fair's date the deadline waits for it, and names it.
  by = ComputeApplyBy(p, Facts(p, {}), as_of);
  CHECK_FALSE(by.date);
  REQUIRE(by.deadlines.size() == 2);
  CHECK_FALSE(by.deadlines[0].date);
  REQUIRE(by.deadlines[0].missing.size() == 1);
  CHECK(p.facts[by.deadlines[0].missing[0]].name == "fair_start");
  REQUIRE(by.deadlines[1].date);
  CHECK(FormatDate(*by.deadlines[1].date) == "2027-03-31");
}

TEST_CASE("a program without apply: has no apply-by date", "[apply]") {
  auto rs = Load("program: t.bare\nfacts:\n  x: { type: bool }\nrequirements:\n  - id: r\n    rule: x\n");
  REQUIRE(rs->ok());
  const CompiledProgram& p = *rs->Find("t.bare");
  CHECK_FALSE(p.apply);
  ApplyBy by = ComputeApplyBy(p, Facts(p, {}), *ParseDate("2026-12-01"));
  CHECK(by.deadlines.empty());
  CHECK_FALSE(by.date);
}

TEST_CASE("mistakes in themes, labels and apply: are errors with a place", "[apply]") {
  auto has_error = [](const char* text, const std::string& code, const std::string& part) {
    auto rs = Load(text);
    INFO(text);
    CHECK_FALSE(rs->ok());
    CHECK(Has(rs->diagnostics(), code, part));
  };
  has_error("program: t\nthemes: [trade-fiar]\n", "bad-value", "`trade-fiar` is not a theme");
  has_error("program: t\nthemes: [export, export]\n", "duplicate-key", "listed twice");
  has_error("program: t\nfacts:\n  i:\n    type: enum[a, b]\n    labels:\n      c: { ja: シー, en: C }\n", "bad-enum",
            "`c` is not a value");
  has_error("program: t\nfacts:\n  i:\n    type: int\n    labels: { a: { ja: あ, en: A } }\n", "bad-type", "not one");
  has_error("program: t\nfacts:\n  i:\n    type: prefecture\n    labels: { a: { ja: あ, en: A } }\n", "bad-type",
            "places carry their own labels");
  has_error("program: t\napply:\n  wher: x\n", "unknown-key", "wher");
  has_error("program: t\napply:\n  url: example.jp\n", "bad-value", "https://");
  has_error("program: t\napply:\n  deadline:\n    - text: { ja: あ, en: a }\n", "missing-key", "`by:`");
  has_error("program: t\napply:\n  deadline:\n    - by: 2027-01-01\n", "missing-key", "`text:`");
  has_error("program: t\nfacts:\n  n: { type: int }\napply:\n  deadline:\n    - { by: n + 1, text: x }\n",
            "type-mismatch", "a deadline is a date");
  has_error("program: t\napply:\n  deadline:\n    - { by: fair_start - 10, text: x }\n", "unknown-name", "fair_start");
}

TEST_CASE("lint speaks for the applicant: questions, labels, apply:, themes, places", "[apply][lint]") {
  auto rs = Load(R"(program: t.lint
title: { ja: テスト, en: Test }
basis: 要綱
window: 2026-04-01 .. 2027-03-31
facts:
  city: { type: text, ask: { ja: 市町村, en: Municipality } }
  pref: { type: text, ask: { ja: 都道府県, en: Prefecture } }
  silent: { type: bool }
  half: { type: bool, ask: { ja: 半分だけ } }
  refers: { type: bool, ask: { ja: 上の3つのいずれかに当たりますか, en: Does any of the three apply? } }
  refers_en: { type: bool, ask: { ja: 当たりますか, en: Does any of the questions above apply? } }
  kind:
    type: enum[a, b, c]
    labels:
      a: { ja: エー, en: A }
      b: { ja: ビー }
    ask: { ja: 種類, en: Kind }
requirements:
  - id: r
    rule: city == "高崎市" and pref in ["群馬県", "Somewhere"] and not silent and not half and refers and refers_en and kind == "a"
    text: { ja: 条件, en: Condition }
    cite: 要綱 第1条
)");
  REQUIRE(rs->ok());
  auto ds = Lint(*rs, *ParseDate("2026-06-01"));
  INFO(::Catch::Detail::stringify(Codes(ds)));
  CHECK(Has(ds, "no-ask", "the fact `silent` has no question"));
  CHECK(Has(ds, "no-ask", "the fact `half` has no English question"));
  CHECK(Has(ds, "ask-refers", "`refers`"));
  CHECK(Has(ds, "ask-refers", "`refers_en`"));
  CHECK(Has(ds, "no-labels", "the fact `kind` has values without ja and en labels: b, c"));
  CHECK(Has(ds, "no-apply"));
  CHECK(Has(ds, "no-themes"));
  CHECK(Has(ds, "text-place", "`city` is compared with the place name `高崎市`"));
  CHECK(Has(ds, "text-place", "`pref` is compared with the place name `群馬県`"));
  CHECK_FALSE(Has(ds, "text-place", "Somewhere"));
  CHECK_FALSE(Has(ds, "no-ask", "`city`"));

  // The same program with everything an applicant needs has none of these warnings.
  auto clean = Load(kFair);
  REQUIRE(clean->ok());
  auto none = Lint(*clean, *ParseDate("2026-06-01"));
  INFO(::Catch::Detail::stringify(Codes(none)));
  CHECK(none.empty());
}
