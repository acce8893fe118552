// SPDX-License-Identifier: Apache-2.0
// Derived facts (`derive:`): a count or a total the applicant gives, or the program works out
// from its parts; what decisions call missing; what `ask` asks; and `[[ … ]]` in award_says.
#include <catch2/catch.hpp>
#include <deque>

#include "common/fill.hpp"
#include "compile/ruleset.hpp"
#include "eval/ask.hpp"
#include "eval/decision.hpp"
#include "eval/input.hpp"
#include "eval/screen.hpp"
#include "explain/views.hpp"
#include "test_support.hpp"

using namespace elig;

namespace {

// A program whose small-business rule reads a count the applicant may give or build up.
const char* kStaff = R"(program: t.staff
title: { ja: テスト, en: Test }
facts:
  employees:
    type: int
    min: 0
    ask: { ja: 従業員の数（役員とパートを除く）, en: Employees (not officers or part-timers) }
    derive: fulltime + parttime_long
  fulltime: { type: int, min: 0, ask: { ja: フルタイムの人数, en: Full-time staff } }
  parttime_long: { type: int, min: 0, ask: { ja: 長時間パートの人数, en: Long-hours part-timers } }
  costs:
    type: yen
    min: 0
    ask: { ja: 経費の合計, en: Costs in total }
    derive: booth + decoration
  booth: { type: yen, min: 0, ask: { ja: 小間料, en: Booth fee } }
  decoration: { type: yen, min: 0, ask: { ja: 装飾費, en: Decoration } }
requirements:
  - id: small
    rule: employees <= 5
    text: { ja: 従業員5人以下, en: At most 5 employees }
award: floor(costs / 2)
award_says:
  ja: "経費 {costs}[[（小間料 {booth} ＋ 装飾費 {decoration}）]] × 1/2 = {award}"
  en: "Costs {costs}[[ (booth {booth} + decoration {decoration})]] × 1/2 = {award}"
)";

struct Loaded {
  std::unique_ptr<RuleSet> rules;
  const CompiledProgram* p = nullptr;
};

Loaded Load(const std::string& text = kStaff) {
  Loaded l;
  l.rules = RuleSet::LoadTexts({{"p.yaml", text}});
  if (l.rules->ok()) l.p = l.rules->programs().front().get();
  return l;
}

Decision DecideOn(const CompiledProgram& p, const std::map<std::string, std::string>& facts) {
  EvalOptions eo;
  eo.as_of = Date{20000};
  eo.trace = true;
  static std::deque<FactValues> bound;  // the values a decision's reasons point into
  bound.push_back(Bind(p, test::MakeApplicant(facts)));
  return Decide(p, bound.back(), eo);
}

std::vector<std::string> Missing(const CompiledProgram& p, const Decision& d) {
  std::vector<std::string> out;
  for (uint32_t f : d.missing) out.push_back(p.facts[f].name);
  std::sort(out.begin(), out.end());
  return out;
}

std::string Codes(const RuleSet& rs) {
  std::string out;
  for (const auto& d : rs.diagnostics())
    if (d.severity == Severity::kError) out += (out.empty() ? "" : " ") + d.code;
  return out;
}

}  // namespace

TEST_CASE("a derived fact given is used as it is, else worked out from its parts", "[derive]") {
  Loaded l = Load();
  REQUIRE(l.p);
  const CompiledProgram& p = *l.p;
  CHECK(DecideOn(p, {{"employees", "4"}, {"fulltime", "9"}, {"costs", "100000"}}).outcome == Outcome::kEligible);
  CHECK(DecideOn(p, {{"fulltime", "3"}, {"parttime_long", "2"}, {"costs", "1"}}).outcome == Outcome::kEligible);
  CHECK(DecideOn(p, {{"fulltime", "3"}, {"parttime_long", "3"}, {"costs", "1"}}).outcome == Outcome::kIneligible);
  Decision d = DecideOn(p, {{"employees", "1"}, {"booth", "300000"}, {"decoration", "100001"}});
  REQUIRE(d.award);
  CHECK(d.award->ToString() == "200000");
}

TEST_CASE("a decision names the derived fact as missing until one of its parts is given", "[derive]") {
  Loaded l = Load();
  REQUIRE(l.p);
  const CompiledProgram& p = *l.p;
  CHECK(Missing(p, DecideOn(p, {{"costs", "1"}})) == std::vector<std::string>{"employees"});
  CHECK(Missing(p, DecideOn(p, {{"costs", "1"}, {"fulltime", "2"}})) == std::vector<std::string>{"employees", "parttime_long"});
  // A known derived fact needs none of its parts.
  CHECK(Missing(p, DecideOn(p, {{"employees", "2"}})) == std::vector<std::string>{"costs"});
  CHECK(Missing(p, DecideOn(p, {{"employees", "2"}, {"decoration", "5"}})) == std::vector<std::string>{"booth", "costs"});
}

TEST_CASE("ask asks the derived fact, and its parts only once the applicant does not know it", "[derive][ask]") {
  Loaded l = Load();
  REQUIRE(l.p);
  AskOptions o;
  o.as_of = Date{20000};
  auto names = [](const std::vector<Question>& qs) {
    std::vector<std::string> out;
    for (const auto& q : qs) out.push_back(q.fact);
    std::sort(out.begin(), out.end());
    return out;
  };
  // The count and the costs, never their parts, while the applicant may know them.
  auto first = RankQuestions({l.p}, test::MakeApplicant({}), {}, o);
  CHECK(names(first) == std::vector<std::string>{"costs", "employees"});
  auto parts = RankQuestions({l.p}, test::MakeApplicant({{"costs", "1"}}), {"employees"}, o);
  CHECK(names(parts) == std::vector<std::string>{"fulltime", "parttime_long"});
  auto costs = RankQuestions({l.p}, test::MakeApplicant({{"employees", "3"}}), {}, o);
  CHECK(names(costs) == std::vector<std::string>{"costs"});
  auto cost_parts = RankQuestions({l.p}, test::MakeApplicant({{"employees", "3"}}), {"costs"}, o);
  CHECK(names(cost_parts) == std::vector<std::string>{"booth", "decoration"});
}

TEST_CASE("award_says leaves out a [[ part ]] whose values are not known", "[derive][award-says]") {
  Loaded l = Load();
  REQUIRE(l.p);
  auto working = [&](const std::map<std::string, std::string>& facts) {
    ScreenOptions so;
    so.as_of = Date{20000};
    so.for_people = true;
    std::vector<FactValues> bound = BindEach({l.p}, test::MakeApplicant(facts));
    Screening s = Screen({l.p}, bound, so);
    return RenderMatchJson(s, "a", Lang::kJa);
  };
  std::string total = working({{"employees", "1"}, {"costs", "400001"}});
  CHECK(total.find("経費 400,001円 × 1/2 = 200,000円") != std::string::npos);
  CHECK(total.find("小間料") == std::string::npos);
  std::string parts = working({{"employees", "1"}, {"booth", "300000"}, {"decoration", "100001"}});
  CHECK(parts.find("経費 400,001円（小間料 300,000円 ＋ 装飾費 100,001円） × 1/2 = 200,000円") != std::string::npos);
}

TEST_CASE("FillTemplate keeps a [[ part ]] only when every value in it is known", "[derive][award-says]") {
  auto value = [](std::string_view name) -> std::optional<std::string> {
    if (name == "a") return std::string("1");
    return std::nullopt;
  };
  CHECK(FillTemplate("x {a}[[ y {a}]] z", value) == std::optional<std::string>("x 1 y 1 z"));
  CHECK(FillTemplate("x {a}[[ y {b}]] z", value) == std::optional<std::string>("x 1 z"));
  CHECK_FALSE(FillTemplate("x {b}[[ y {a}]]", value).has_value());
  std::vector<std::string> names;
  CHECK(TemplateNames("{a}[[{b}]]{c}", names));
  CHECK(names == std::vector<std::string>{"a", "b", "c"});
  CHECK_FALSE(TemplateNames("[[ [[ ]] ]]", names));  // parts do not nest
  CHECK_FALSE(TemplateNames("]] x", names));
  CHECK_FALSE(TemplateNames("[[ x", names));
  CHECK(FillTemplate("{{a}} [x]", value) == std::optional<std::string>("{a} [x]"));
}

TEST_CASE("derive: errors say what is wrong and where", "[derive][lint]") {
  auto with = [](const std::string& facts, const std::string& extra = "") {
    return RuleSet::LoadTexts({{"p.yaml", "program: t.p\nfacts:\n" + facts + extra +
                                              "requirements:\n  - id: r\n    rule: n >= 0\n"}});
  };
  // The type the expression gives must be the fact's own.
  auto yen = with("  n: { type: int, derive: y }\n  y: yen\n");
  CHECK(Codes(*yen) == "type-mismatch");
  // Only facts given as they are: not a definition (which could read the fact back) ...
  auto define = with("  n: { type: int, derive: d }\n  m: int\n", "define:\n  d: m + 1\n");
  CHECK(Codes(*define) == "bad-derive");
  // ... nor a derived fact, itself included.
  auto chain = with("  n: { type: int, derive: m }\n  m: { type: int, derive: k }\n  k: int\n");
  CHECK(Codes(*chain) == "bad-derive");
  auto self = with("  n: { type: int, derive: n + 1 }\n");
  CHECK(Codes(*self) == "bad-derive");
  auto list = with("  n: int\n  l: { type: \"list[int]\", derive: n }\n");
  CHECK(Codes(*list).find("bad-derive") != std::string::npos);
  auto broken = with("  n: { type: int, derive: \"m +\" }\n  m: int\n");
  CHECK_FALSE(broken->ok());
  // A well-formed one loads, and its parts are known to the program.
  auto good = with("  n: { type: int, derive: m + k }\n  m: int\n  k: int\n");
  REQUIRE(good->ok());
  const CompiledProgram& p = *good->programs().front();
  const auto& n = p.facts[static_cast<size_t>(p.FindFact("n"))];
  CHECK(n.derive >= 0);
  CHECK(n.parts.size() == 2);
  CHECK(p.facts[static_cast<size_t>(p.FindFact("m"))].derives.size() == 1);
}

TEST_CASE("a program's own declaration of a module's fact is the one it asks", "[derive]") {
  auto rules = RuleSet::LoadDir(std::string(ELIG_SOURCE_DIR) + "/rules");
  REQUIRE(rules->ok());
  const CompiledProgram* jz = rules->Find("national.jizokuka-17");
  const CompiledProgram* tks = rules->Find("gunma.takasaki-trade-fair-2025");
  REQUIRE(jz);
  REQUIRE(tks);
  const auto& own = jz->facts[static_cast<size_t>(jz->FindFact("employees"))];
  const auto& general = tks->facts[static_cast<size_t>(tks->FindFact("employees"))];
  CHECK(own.derive >= 0);
  CHECK(own.ask.ja.find("持続化補助金の数え方") != std::string::npos);
  CHECK(general.derive < 0);
  CHECK(general.ask.ja.find("持続化") == std::string::npos);
}
