// SPDX-License-Identifier: Apache-2.0
// Decision tests: exact arithmetic at boundaries, three-valued logic, as-of
// parameters, windows, explanations. Each builds a small program in memory.
#include <catch2/catch.hpp>

#include "compile/ruleset.hpp"
#include "eval/decision.hpp"
#include "explain/explain.hpp"
#include "io/applicant.hpp"
#include "test_support.hpp"

using namespace elig;
using elig::test::Program;

namespace {

const char* kHeader = R"(program: t.p
version: "1"
title: { ja: テスト, en: Test }
window: 2026-04-01 .. 2027-03-31
facts:
  capital: { type: yen }
  employees: { type: int, min: 0 }
  share: { type: decimal }
  expenses: { type: yen }
  flag: { type: bool }
  other: { type: bool }
  industry: { type: "enum[manufacturing, retail, other]" }
  founded: { type: date }
)";

}  // namespace

TEST_CASE("exact arithmetic: 2/3 of money floors to the yen", "[eval][money]") {
  Program p(std::string(kHeader) + R"(
requirements:
  - { id: r, rule: expenses >= 0 yen }
award: min(floor(expenses * 2/3), 1_000_000 yen)
)");
  CHECK(p.Award({{"expenses", "1500000"}}) == "1000000");
  CHECK(p.Award({{"expenses", "1500001"}}) == "1000000");
  CHECK(p.Award({{"expenses", "1499998"}}) == "999998");  // 999998.67 -> 999998
  CHECK(p.Award({{"expenses", "1499999"}}) == "999999");  // exactly 999999.33 -> 999999
  CHECK(p.Award({{"expenses", "1"}}) == "0");
  CHECK(p.Award({{"expenses", "3"}}) == "2");
}

TEST_CASE("comparison boundaries: <= vs < at the threshold", "[eval]") {
  Program le(std::string(kHeader) + "requirements:\n  - { id: r, rule: employees <= 300 }\n");
  CHECK(le.Outcome({{"employees", "299"}}) == "eligible");
  CHECK(le.Outcome({{"employees", "300"}}) == "eligible");
  CHECK(le.Outcome({{"employees", "301"}}) == "ineligible");
  Program lt(std::string(kHeader) + "requirements:\n  - { id: r, rule: employees < 300 }\n");
  CHECK(lt.Outcome({{"employees", "299"}}) == "eligible");
  CHECK(lt.Outcome({{"employees", "300"}}) == "ineligible");
  Program gt(std::string(kHeader) + "requirements:\n  - { id: r, rule: capital > 1_500_000_000 yen }\n");
  CHECK(gt.Outcome({{"capital", "1500000000"}}) == "ineligible");
  CHECK(gt.Outcome({{"capital", "1500000001"}}) == "eligible");
}

TEST_CASE("percent literals are exact fractions", "[eval]") {
  Program p(std::string(kHeader) + "requirements:\n  - { id: r, rule: share < 50% }\n");
  CHECK(p.Outcome({{"share", "0.4999"}}) == "eligible");
  CHECK(p.Outcome({{"share", "0.5"}}) == "ineligible");
  CHECK(p.Outcome({{"share", "50%"}}) == "ineligible");
  CHECK(p.Outcome({{"share", "1/3"}}) == "eligible");
  Program q(std::string(kHeader) + "requirements:\n  - { id: r, rule: share >= 2/3 }\n");
  CHECK(q.Outcome({{"share", "0.6666"}}) == "ineligible");
  CHECK(q.Outcome({{"share", "2/3"}}) == "eligible");
}

TEST_CASE("three-valued logic: and / or / not truth tables", "[eval][logic]") {
  Program a(std::string(kHeader) + "requirements:\n  - { id: r, rule: flag and other }\n");
  Program o(std::string(kHeader) + "requirements:\n  - { id: r, rule: flag or other }\n");
  Program n(std::string(kHeader) + "requirements:\n  - { id: r, rule: not flag }\n");
  struct Row { const char* f; const char* g; const char* and_; const char* or_; };
  // "" = not given (unknown)
  const Row rows[] = {
      {"true", "true", "eligible", "eligible"},        {"true", "false", "ineligible", "eligible"},
      {"true", "", "undetermined", "eligible"},        {"false", "true", "ineligible", "eligible"},
      {"false", "false", "ineligible", "ineligible"},  {"false", "", "ineligible", "undetermined"},
      {"", "true", "undetermined", "eligible"},        {"", "false", "ineligible", "undetermined"},
      {"", "", "undetermined", "undetermined"},
  };
  for (const auto& r : rows) {
    std::map<std::string, std::string> facts;
    if (*r.f) facts["flag"] = r.f;
    if (*r.g) facts["other"] = r.g;
    INFO("flag=" << r.f << " other=" << r.g);
    CHECK(a.Outcome(facts) == r.and_);
    CHECK(o.Outcome(facts) == r.or_);
  }
  CHECK(n.Outcome({{"flag", "true"}}) == "ineligible");
  CHECK(n.Outcome({{"flag", "false"}}) == "eligible");
  CHECK(n.Outcome({}) == "undetermined");
}

TEST_CASE("undetermined names the facts that would settle it", "[eval][logic]") {
  Program p(std::string(kHeader) + R"(requirements:
  - { id: a, rule: employees <= 20 }
  - { id: b, rule: capital <= 10_000_000 yen }
)");
  auto d = p.Decide({{"employees", "5"}});
  CHECK(d.outcome == "undetermined");
  REQUIRE(d.missing.size() == 1);
  CHECK(d.missing[0] == "capital");
  // An unmet requirement decides even with a fact missing.
  CHECK(p.Outcome({{"employees", "50"}}) == "ineligible");
}

TEST_CASE("every unmet requirement is listed with values and hints", "[eval][explain]") {
  Program p(std::string(kHeader) + R"(requirements:
  - { id: a, rule: employees <= 20, text: { ja: 従業員20人以下, en: 20 employees or fewer }, cite: 第1条 }
  - { id: b, rule: capital < 10_000_000 yen, text: { ja: 資本金1千万円未満, en: Capital under 10M yen }, cite: 第2条 }
  - { id: c, rule: industry == "manufacturing", text: { ja: 製造業, en: Manufacturing }, cite: 第3条 }
)");
  auto d = p.Decide({{"employees", "450"}, {"capital", "500000000"}, {"industry", "retail"}});
  CHECK(d.outcome == "ineligible");
  CHECK(d.failed == std::vector<std::string>{"a", "b", "c"});
  std::string en = p.Text({{"employees", "450"}, {"capital", "500000000"}, {"industry", "retail"}}, Lang::kEn);
  CHECK_THAT(en, Catch::Contains("employees = 450 > 20"));
  CHECK_THAT(en, Catch::Contains("would pass at 20"));
  CHECK_THAT(en, Catch::Contains("capital = 500,000,000 yen > 10,000,000 yen"));
  CHECK_THAT(en, Catch::Contains("would pass at 9,999,999 yen"));
  CHECK_THAT(en, Catch::Contains("industry = retail ≠ manufacturing"));
  std::string ja = p.Text({{"employees", "450"}, {"capital", "500000000"}, {"industry", "retail"}}, Lang::kJa);
  CHECK_THAT(ja, Catch::Contains("従業員20人以下（第1条）"));
  CHECK_THAT(ja, Catch::Contains("capital = 500,000,000円 > 10,000,000円"));
  CHECK_THAT(ja, Catch::Contains("9,999,999円 であれば満たします"));
}

TEST_CASE("parameters take the value in force on the as-of date", "[eval][dates]") {
  Program p(std::string(kHeader) + R"(parameters:
  cap: { 2025-04-01: 500_000 yen, 2026-04-01: 1_000_000 yen }
requirements:
  - { id: r, rule: expenses >= 0 yen }
award: min(expenses, cap)
)");
  CHECK(p.Award({{"expenses", "2000000"}}, "2026-03-31") == "500000");
  CHECK(p.Award({{"expenses", "2000000"}}, "2026-04-01") == "1000000");
  CHECK(p.Award({{"expenses", "2000000"}}, "2025-04-01") == "500000");
}

TEST_CASE("the window: closed before and after, open on both edges", "[eval][dates]") {
  Program p(std::string(kHeader) + "requirements:\n  - { id: r, rule: employees >= 0 }\n");
  CHECK(p.Outcome({{"employees", "1"}}, "2026-03-31") == "closed");
  CHECK(p.Outcome({{"employees", "1"}}, "2026-04-01") == "eligible");
  CHECK(p.Outcome({{"employees", "1"}}, "2027-03-31") == "eligible");
  CHECK(p.Outcome({{"employees", "1"}}, "2027-04-01") == "closed");
}

TEST_CASE("years_between counts whole years to the as-of date", "[eval][dates]") {
  Program p(std::string(kHeader) + "requirements:\n  - id: r\n    rule: years_between(founded, as_of) >= 1\n");
  CHECK(p.Outcome({{"founded", "2025-06-01"}}, "2026-05-31") == "ineligible");
  CHECK(p.Outcome({{"founded", "2025-06-01"}}, "2026-06-01") == "eligible");
  // A 29 February founding reaches its third anniversary only on 1 March in a common year.
  Program leap(std::string(kHeader) + "requirements:\n  - id: r\n    rule: years_between(founded, as_of) >= 3\n");
  CHECK(leap.Outcome({{"founded", "2024-02-29"}}, "2027-02-28") == "ineligible");
  CHECK(leap.Outcome({{"founded", "2024-02-29"}}, "2027-03-01") == "eligible");
}

TEST_CASE("exclusions refuse, and scoring adds up for everyone", "[eval]") {
  Program p(std::string(kHeader) + R"(requirements:
  - { id: r, rule: employees >= 0 }
exclusions:
  - { id: big-owner, rule: share >= 1/2 }
scoring:
  - { id: s1, points: 10, when: not flag }
  - { id: s2, points: 5, when: employees <= 20 }
)");
  auto d = p.Decide({{"employees", "10"}, {"share", "0.5"}, {"flag", "false"}});
  CHECK(d.outcome == "ineligible");
  CHECK(d.score == "15");
  CHECK(d.award == "0");
  auto e = p.Decide({{"employees", "30"}, {"share", "0.49"}, {"flag", "true"}});
  CHECK(e.outcome == "eligible");
  CHECK(e.score == "0");
}

TEST_CASE("score groups: over the cap voids the bonus", "[eval]") {
  Program p(std::string(kHeader) + R"(requirements:
  - { id: r, rule: employees >= 0 }
score_groups:
  priority: { max_items: 1 }
scoring:
  - { id: a, points: 1, when: flag, group: priority }
  - { id: b, points: 1, when: other, group: priority }
)");
  CHECK(p.Decide({{"employees", "1"}, {"flag", "true"}, {"other", "false"}}).score == "1");
  CHECK(p.Decide({{"employees", "1"}, {"flag", "true"}, {"other", "true"}}).score == "0");
}

TEST_CASE("overflow is an error, not a wrap", "[eval][money]") {
  Program p(std::string(kHeader) + R"(requirements:
  - { id: r, rule: expenses * 1_000_000_000 > 0 yen }
)");
  auto d = p.Decide({{"expenses", "9000000000000"}});
  CHECK(d.outcome == "undetermined");
  REQUIRE_FALSE(d.errors.empty());
  CHECK_THAT(d.errors[0], Catch::Contains("out of range"));
}

TEST_CASE("bad applicant values are named issues and count as unknown", "[eval][input]") {
  Program p(std::string(kHeader) + "requirements:\n  - { id: r, rule: employees <= 20 and founded < 2026-01-01 }\n");
  auto d = p.Decide({{"employees", "twelve"}, {"founded", "2026-02-30"}});
  CHECK(d.outcome == "undetermined");
  REQUIRE(d.issues.size() == 2);
  CHECK_THAT(d.issues[0], Catch::Contains("employees"));
  CHECK_THAT(d.issues[1], Catch::Contains("2026-02-30"));
  auto e = p.Decide({{"employees", "-1"}});
  REQUIRE(e.issues.size() == 1);
  CHECK_THAT(e.issues[0], Catch::Contains("at least 0"));
}

TEST_CASE("the fast path agrees with the traced path", "[eval]") {
  Program p(std::string(kHeader) + R"(requirements:
  - { id: a, rule: employees <= 20 or capital <= 50_000_000 yen }
  - id: b
    rule: industry in ["manufacturing", "other"]
exclusions:
  - { id: x, rule: share >= 50% }
scoring:
  - { id: s, points: 3, when: flag }
award: min(floor(expenses / 2), 300_000 yen)
)");
  const char* employees[] = {"", "5", "20", "21", "400"};
  const char* capital[] = {"", "50000000", "50000001"};
  const char* industry[] = {"", "manufacturing", "retail"};
  const char* share[] = {"", "0.1", "0.5"};
  int n = 0;
  for (auto e : employees)
    for (auto c : capital)
      for (auto i : industry)
        for (auto s : share) {
          std::map<std::string, std::string> facts{{"expenses", "700001"}, {"flag", "true"}};
          if (*e) facts["employees"] = e;
          if (*c) facts["capital"] = c;
          if (*i) facts["industry"] = i;
          if (*s) facts["share"] = s;
          auto slow = p.Decide(facts);
          auto fast = p.DecideFast(facts);
          INFO(e << " " << c << " " << i << " " << s);
          CHECK(slow.outcome == fast.outcome);
          CHECK(slow.score == fast.score);
          CHECK(slow.award == fast.award);
          ++n;
        }
  CHECK(n == 135);
}

TEST_CASE("JSON output has the documented shape", "[explain]") {
  Program p(std::string(kHeader) + R"(requirements:
  - { id: a, rule: employees <= 20, text: { ja: 二十人以下, en: Twenty or fewer }, cite: 第1条 }
award: min(expenses, 100 yen)
)");
  std::string j = p.Json({{"employees", "21"}, {"expenses", "50"}});
  for (const char* key : {"\"program\"", "\"as_of\"", "\"outcome\":\"ineligible\"", "\"requirements\"", "\"exclusions\"",
                          "\"because\"", "\"hint\":20", "\"cite\":\"第1条\"", "\"score\"", "\"award\"", "\"missing_facts\"",
                          "\"input_issues\"", "\"errors\"", "\"window\""})
    CHECK_THAT(j, Catch::Contains(key));
}
