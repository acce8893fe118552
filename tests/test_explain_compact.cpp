// SPDX-License-Identifier: Apache-2.0
// The compact decision JSON (engine/explain/explain_compact.cpp) loses nothing: read back
// with its program, a decision renders the same full JSON (ja, en, compact, indented) and
// the same text as the decision it was written from, and writes the same compact JSON
// again. Also Decide into a reused Decision, and every way a compact JSON can be wrong.
#include <catch2/catch.hpp>

#include <limits>

#include "../bench/w1/w1_engine.hpp"
#include "common/utf8.hpp"
#include "compile/ruleset.hpp"
#include "explain/explain.hpp"
#include "io/applicant.hpp"
#include "io/testfile.hpp"
#include "test_support.hpp"

using namespace elig;

namespace {


// Every rendering of `d` and of its compact JSON read back are the same.
void RoundTrip(const CompiledProgram& p, const Decision& d, const std::string& what) {
  const std::string compact = RenderCompactJson(d);
  INFO(what << "\n" << compact);
  CompactDecision back;
  std::string error;
  INFO(error);
  REQUIRE(ReadCompactJson(p, compact, back, error));
  CHECK(error.empty());
  REQUIRE(RenderCompactJson(back.decision) == compact);
  for (Lang lang : {Lang::kJa, Lang::kEn}) {
    for (bool pretty : {false, true}) REQUIRE(RenderJson(back.decision, lang, pretty) == RenderJson(d, lang, pretty));
    for (bool verbose : {true, false}) {
      TextOptions o;
      o.lang = lang;
      o.verbose = verbose;
      REQUIRE(RenderText(back.decision, o) == RenderText(d, o));
    }
  }
}

std::string ReadError(const CompiledProgram& p, std::string_view compact, Lang lang = Lang::kEn) {
  CompactDecision back;
  std::string error;
  if (ReadCompactJson(p, compact, back, error, lang)) return "(read)";
  return error;
}

}  // namespace

TEST_CASE("compact JSON: every shipped test case reads back to the same decision", "[explain][compact]") {
  size_t decided = 0;
  Decision reused;  // one Decision for every case of every program: Decide must reset all of it
  test::ForEachShippedCase([&](const CompiledProgram& p, const TestCase& c, const std::string& path) {
    FactValues facts = Bind(p, c.applicant);
    EvalOptions eo;
    for (const char* as_of : {"2026-06-01", "2019-01-01"}) {  // the second is outside most windows
      eo.as_of = c.as_of ? *c.as_of : *ParseDate(as_of);
      for (bool trace : {true, false}) {
        eo.trace = trace;
        Decision d = Decide(p, facts, eo);
        RoundTrip(p, d, path + ": " + c.name);
        Decide(p, facts, eo, reused);
        for (Lang lang : {Lang::kJa, Lang::kEn}) REQUIRE(RenderJson(reused, lang) == RenderJson(d, lang));
        ++decided;
      }
    }
    // No facts at all: undetermined, every fact missing.
    FactValues none = Bind(p, Applicant{});
    eo.as_of = *ParseDate("2026-06-01");
    eo.trace = true;
    RoundTrip(p, Decide(p, none, eo), path + ": " + c.name + " without facts");
  });
  CHECK(decided > 500);
}

TEST_CASE("compact JSON: a list of records read back is records again, each field by its label", "[explain][compact][records]") {
  auto rules = RuleSet::LoadTexts({{"p.yaml", R"(program: t.rec
title: { ja: テスト, en: Test }
facts:
  members:
    type: list[record]
    label: { ja: 構成員, en: Member }
    ask: { ja: 構成員の数, en: Number of members }
    fields:
      name: { type: text, label: { ja: 名称, en: Name }, ask: { ja: 名称, en: Name } }
      industry:
        type: enum[manufacturing, retail]
        labels:
          manufacturing: { ja: 製造業, en: Manufacturing }
          retail: { ja: 小売業, en: Retail }
        label: { ja: 業種, en: Industry }
        ask: { ja: 業種, en: Industry }
requirements:
  - id: three
    rule: "known(members) and count(c in members: true) >= 3"
    text: { ja: 構成員が3者以上, en: Three members or more }
)"}});
  REQUIRE(rules->ok());
  const CompiledProgram& p = *rules->programs().front();
  SourceFile file("a.yaml", "members: [{ name: 赤城, industry: retail }, { name: 榛名, industry: manufacturing }]\n");
  Applicant a;
  std::vector<Diagnostic> diags;
  REQUIRE(ParseApplicant(file, a, diags));
  FactValues facts = Bind(p, a);
  EvalOptions eo;
  eo.as_of = *ParseDate("2026-06-01");
  eo.trace = true;
  Decision d = Decide(p, facts, eo);
  TextOptions o;
  o.lang = Lang::kJa;
  CHECK_THAT(RenderText(d, o), Catch::Contains("members = [{名称: \"赤城\", 業種: 小売業}, {名称: \"榛名\", 業種: 製造業}]"));
  o.lang = Lang::kEn;
  CHECK_THAT(RenderText(d, o), Catch::Contains("members = [{Name: \"赤城\", Industry: Retail}, {Name: \"榛名\", Industry: Manufacturing}]"));
  CHECK_THAT(RenderJson(d, Lang::kEn), Catch::Contains("[[\"赤城\",\"Retail\"],[\"榛名\",\"Manufacturing\"]]"));
  RoundTrip(p, d, "a list of records");
}

TEST_CASE("compact JSON: W1 applicants, decided into one reused Decision", "[explain][compact][w1]") {
  w1::Workload w(std::string(ELIG_SOURCE_DIR) + "/bench/w1", 1500, 5, /*verify=*/false);
  EvalOptions eo;
  eo.as_of = w.as_of;
  Decision reused;
  size_t eligible = 0;
  for (size_t i = 0; i < w.facts.size(); ++i) {
    Decision d = Decide(*w.program, w.facts[i], eo);
    Decide(*w.program, w.facts[i], eo, reused);
    REQUIRE(RenderCompactJson(reused) == RenderCompactJson(d));
    RoundTrip(*w.program, reused, "W1 applicant " + std::to_string(i));
    eligible += d.outcome == Outcome::kEligible;
  }
  CHECK(eligible > 300);  // both outcomes are read back, not only one
  CHECK(eligible < 1200);
}

TEST_CASE("compact JSON: dates, enums, lists, fractions, hints, voided groups, errors and text that is not UTF-8",
          "[explain][compact]") {
  test::Program prog(R"(program: t.compact
version: "2 \"q\""
window: 2026-04-01 .. 2027-03-31
facts:
  name: { type: text }
  names: { type: "list[text]" }
  founded: { type: date }
  industry: { type: "enum[maker, shop, other]" }
  certs: { type: "list[enum[kurumin, eruboshi]]" }
  share: { type: decimal }
  costs: { type: yen }
  staff: { type: int }
  divisor: { type: int }
requirements:
  - id: named
    rule: name == "a\"b\\c"
  - id: listed
    rule: "\"x\" in names"
  - id: old-enough
    rule: founded <= 2025-04-01
  - id: maker
    rule: industry == "maker"
  - id: staff-range
    rule: staff between 3 and 10
exclusions:
  - id: big-share
    rule: share > 1/3
score_groups:
  g: { max_items: 1 }
scoring:
  - { id: half, points: 1/2, when: share > 1/4, group: g }
  - { id: kurumin, points: 2, when: "\"kurumin\" in certs", group: g }
  - { id: ratio, points: 1, when: costs / divisor > 100 yen }
award: costs * 2/3
)");
  const CompiledProgram& p = prog.compiled();
  const std::vector<std::map<std::string, std::string>> applicants = {
      {{"name", "a\"b\\c"}, {"founded", "2020-01-01"}, {"industry", "maker"}, {"share", "0.3"}, {"costs", "1000"},
       {"staff", "5"}, {"divisor", "3"}},
      {{"name", "\xff\xfe broken"}, {"founded", "2026-01-01"}, {"industry", "shop"}, {"share", "1/2"},
       {"costs", "1001"}, {"staff", "12"}, {"divisor", "0"}},
      {{"name", "tab\tnew\nline\x01"}, {"staff", "1"}, {"share", "abc"}, {"costs", "-5"}},
      {{"name", "日本語"}, {"founded", "not a date"}, {"industry", "unknown-kind"}},
      {},
  };
  Decision reused;
  for (size_t i = 0; i < applicants.size(); ++i) {
    for (const char* as_of : {"2026-06-01", "2028-01-01"}) {
      Decision d = prog.Raw(applicants[i], as_of);
      RoundTrip(p, d, "applicant " + std::to_string(i) + " as of " + as_of);
    }
  }
  // A list fact and the voided group: through the applicant's own list values.
  Applicant a;
  auto scalar = [](std::string text) {
    RawValue v;
    v.type = RawValue::Type::kScalar;
    v.text = std::move(text);
    v.quoted = true;
    return v;
  };
  RawValue names, certs;
  names.type = certs.type = RawValue::Type::kList;
  names.items = {scalar("x"), scalar("y\"z")};
  certs.items = {scalar("kurumin"), scalar("eruboshi")};
  a.facts.push_back({"names", names, {}});
  a.facts.push_back({"certs", certs, {}});
  a.facts.push_back({"share", scalar("0.3"), {}});
  a.facts.push_back({"costs", scalar("1000"), {}});
  a.facts.push_back({"divisor", scalar("0"), {}});
  FactValues facts = Bind(p, a);
  EvalOptions eo;
  eo.as_of = *ParseDate("2026-06-01");
  Decision d = Decide(p, facts, eo);
  CHECK(!d.voided_groups.empty());
  REQUIRE(d.scoring.size() == 3);
  CHECK(d.scoring[2].result == Tri::kError);  // costs / 0
  CHECK(!d.scoring[2].error.empty());
  RoundTrip(p, d, "lists and a voided group");
  const std::string compact = RenderCompactJson(d);
  INFO(compact);
  CHECK(compact.find("\"voided_groups\":[\"g\"]") != std::string::npos);
  CHECK(compact.find("[\"t:x\",") != std::string::npos);
  CHECK(compact.find("\"e:0\"") != std::string::npos);
}

TEST_CASE("compact JSON: a fraction of the full JSON's bytes", "[explain][compact][w1]") {
  w1::Workload w(std::string(ELIG_SOURCE_DIR) + "/bench/w1", 200, 9, /*verify=*/false);
  EvalOptions eo;
  eo.as_of = w.as_of;
  size_t compact = 0, full = 0;
  for (const auto& f : w.facts) {
    Decision d = Decide(*w.program, f, eo);
    compact += RenderCompactJson(d).size();
    full += RenderJson(d, Lang::kJa).size();
  }
  CHECK(compact * 5 < full);
}

TEST_CASE("compact JSON: what is not a compact decision is refused with the reason", "[explain][compact]") {
  test::Program prog(R"(program: t.read
version: "1"
facts:
  n: { type: int }
  kind: { type: "enum[a, b]" }
requirements:
  - id: big
    rule: n > 3
  - id: kind-a
    rule: kind == "a"
award: 100 yen
)");
  const CompiledProgram& p = prog.compiled();
  const std::string good = RenderCompactJson(prog.Raw({{"n", "2"}, {"kind", "b"}}));
  REQUIRE(ReadError(p, good) == "(read)");
  auto with = [&](const std::string& from, const std::string& to) {
    std::string s = good;
    auto at = s.find(from);
    REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
  };
  // The first reason's site replaced by `site`.
  auto with_site = [&](const std::string& site) {
    std::string s = good;
    auto at = s.find("[[\"false\",[[");
    REQUIRE(at != std::string::npos);
    at += 12;
    return s.replace(at, s.find(',', at) - at, site);
  };
  struct Case {
    std::string text, expect;
  };
  const std::vector<Case> cases = {
      {"", "not a compact decision JSON"},
      {"{", "not a compact decision JSON"},
      {"[]", "it is not a JSON object"},
      {"{}", "`format` is missing"},
      {with("elig-compact-1", "elig-compact-9"), "`format` is `elig-compact-9`"},
      {with("\"program\":\"t.read\"", "\"program\":\"other\""), "a decision of program `other`, not of `t.read`"},
      {with("\"version\":\"1\"", "\"version\":\"0\""), "made by version `0`"},
      {with("\"as_of\":\"2026-06-01\"", "\"as_of\":\"2026-02-30\""), "`as_of` is not a date"},
      {with("\"outcome\":\"ineligible\"", "\"outcome\":\"maybe\""), "which is no outcome"},
      {with("\"window_open\":true", "\"window_open\":1"), "`window_open` is not true or false"},
      {with("\"requirements\":[", "\"requirements\":[[\"true\",[]],"), "one per rule of the program"},
      {with("[[\"false\",[[", "[[\"maybe\",[["), "the result is not one of"},
      {with_site("99"), "reason site 99 is not one of the program's"},
      {with_site("-1"), "reason site -1"},
      {with_site("\"0\""), "a reason is not [site, result, left, right, hint]"},
      {with("\"e:1\"", "\"e:x\""), "`e:x` is not a value"},
      {with("\"e:1\"", "\"z:1\""), "`z:1` is not a value"},
      {with("\"e:1\"", "1.5"), "not a value"},
      {with("\"e:1\"", "\"y:1/0\""), "`1/0` is not an exact number"},
      {with("\"e:1\"", "\"q:99999999999999999999\""), "is not an exact number"},
      {with("\"e:1\"", "18446744073709551615"), "the number is out of range"},
      {with("\"e:1\"", "-9223372036854775808"), "the number is out of range"},
      {with("\"e:1\"", "\"y:-9223372036854775808\""), "is not an exact number"},
      {with("\"award\":0", "\"award\":\"0\""), "award: not a whole number"},
      {with("\"award\":0", "\"award\":0,\"missing_facts\":[\"nope\"]"), "\"nope\" is not a fact of `t.read`"},
      {with("\"award\":0", "\"award\":0,\"input_issues\":[[\"n\"]]"), "an input issue is not"},
      {with("\"award\":0", "\"award\":0,\"errors\":[1]"), "`errors` holds something other than text"},
      {std::string(100000, '['), "nests deeper than 32 levels"},
      {"{\"format\":\"\xff\"}", "not a compact decision JSON"},
  };
  for (const auto& c : cases) {
    INFO(c.text.substr(0, 300));
    const std::string error = ReadError(p, c.text);
    INFO(error);
    CHECK(error.find(c.expect) != std::string::npos);
    // The same refusal in Japanese: a sentence of the catalog, never the English one.
    const std::string ja = ReadError(p, c.text, Lang::kJa);
    INFO(ja);
    CHECK(ja.find("コンパクトな判定 JSON ではありません") != std::string::npos);
    CHECK(ja.find(c.expect) == std::string::npos);
  }
}

TEST_CASE("compact JSON: whole numbers and fractions at the edges of their range", "[explain][compact]") {
  w1::Workload w(std::string(ELIG_SOURCE_DIR) + "/bench/w1", 1, 3, /*verify=*/false);
  EvalOptions eo;
  eo.as_of = w.as_of;
  Decision d = Decide(*w.program, w.facts[0], eo);
  REQUIRE(!d.requirements.empty());
  REQUIRE(!d.requirements[0].reasons.empty());
  const int64_t kMin = std::numeric_limits<int64_t>::min(), kMax = std::numeric_limits<int64_t>::max();
  const std::vector<int64_t> wholes = {0,          1,          9,          10,         99,         100,
                                       101,        -1,         -9,         -10,        -99,        -100,
                                       4294967295, 4294967296, 4294967395, -4294967296, 1000000000000000000,
                                       kMax,       kMin + 1};  // INT64_MIN is no Rational
  for (int64_t n : wholes) {
    for (bool yen : {false, true}) {
      INFO(n << (yen ? " yen" : ""));
      Reason& r = d.requirements[0].reasons[0];
      r.left = Value::Number(Rational(n), yen);
      r.right = Value::Number(*Rational::Make(n, 7), yen);
      const std::string compact = RenderCompactJson(d);
      CHECK(compact.find(std::to_string(n)) != std::string::npos);
      CompactDecision back;
      std::string error;
      REQUIRE(ReadCompactJson(*w.program, compact, back, error));
      const Reason& b = back.decision.requirements[0].reasons[0];
      CHECK(b.left.kind == VKind::kNumber);
      CHECK(b.left.yen == yen);
      CHECK(b.left.num == r.left.num);
      CHECK(b.right.num == r.right.num);
    }
  }
}

TEST_CASE("Decide's award through the fast path equals the interpreter's, errors and messages included",
          "[explain][compact]") {
  test::Program prog(R"(program: t.award
version: "1"
facts:
  costs: { type: yen }
  divisor: { type: int }
  share: { type: decimal }
requirements:
  - id: some
    rule: costs >= 0 yen
award: min(floor(costs * share / divisor), 1_000_000 yen) + costs * 1_000_000_000
)");
  CompiledProgram interpreted = prog.compiled();  // a copy without the fast path
  interpreted.fast_ready = false;
  const std::vector<std::map<std::string, std::string>> applicants = {
      {{"costs", "900"}, {"divisor", "3"}, {"share", "2/3"}},
      {{"costs", "900"}, {"divisor", "0"}, {"share", "2/3"}},                   // division by zero
      {{"costs", "9000000000000"}, {"divisor", "1"}, {"share", "1"}},           // overflow
      {{"costs", "900"}, {"share", "1/2"}},                                     // unknown divisor
      {{"costs", "-5"}, {"divisor", "7"}, {"share", "1/3"}},                    // refused: 0
  };
  size_t errors = 0;
  for (const auto& a : applicants) {
    FactValues facts = Bind(prog.compiled(), test::MakeApplicant(a));
    EvalOptions eo;
    eo.as_of = *ParseDate("2026-06-01");
    Decision fast = Decide(prog.compiled(), facts, eo);
    Decision slow = Decide(interpreted, facts, eo);
    CHECK(fast.award_error == slow.award_error);
    errors += !fast.award_error.empty();
    CHECK(fast.errors == slow.errors);
    CHECK(RenderJson(fast, Lang::kEn) == RenderJson(slow, Lang::kEn));
  }
  CHECK(errors == 2);  // the division by zero and the overflow
}
