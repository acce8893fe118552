// SPDX-License-Identifier: Apache-2.0
// A program's yes/no questions asked together as one checklist: the rule language's
// `statement:` (loader and lint), which questions NextAsk groups (eval/ask.hpp), and how an
// answer to a checklist reads (explain/views.hpp, ReadChecklist).
#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <catch2/catch.hpp>

#include "compile/lint.hpp"
#include "eval/ask.hpp"
#include "explain/views.hpp"
#include "test_support.hpp"

using namespace elig;

namespace {

// A fair with four yes/no facts: three say what a ticked box means, one does not; a choice.
const char* kFair = R"(program: t.fair
title: { ja: 展示会, en: Fair }
facts:
  where: { type: "enum[abroad, home]", labels: { abroad: { ja: 海外, en: Abroad }, home: { ja: 国内, en: Home } } }
  taxes_unpaid:
    type: bool
    ask: { ja: 市税に滞納がありますか, en: Are any city taxes unpaid? }
    statement: { ja: 市税に滞納がある, en: Some city taxes are unpaid }
  alone:
    type: bool
    ask: { ja: 単独で出展しますか, en: Do you exhibit on your own? }
    statement: { ja: 単独で出展する, en: You exhibit on your own }
  public_fair:
    type: bool
    ask: { ja: 公的機関が主催する展示会ですか, en: Is the fair run by a public body? }
    statement: { ja: 公的機関が主催する展示会である, en: The fair is run by a public body }
  plain:
    type: bool
    ask: { ja: 初めての出展ですか, en: Is it your first fair? }
  note: { type: bool, statement: { ja: 記録, en: A note } }
requirements:
  - { id: alone, rule: alone }
  - { id: public, rule: public_fair }
  - { id: first, rule: plain }
  - { id: where, rule: where == "abroad" }
exclusions:
  - { id: taxes, rule: taxes_unpaid }
scoring:
  - { id: noted, points: 1, when: note }
)";

std::vector<std::string> Names(const std::vector<Question>& qs) {
  std::vector<std::string> out;
  for (const auto& q : qs) out.push_back(q.fact);
  return out;
}

std::vector<std::string> Next(const test::Program& p, const std::map<std::string, std::string>& known,
                              const std::set<std::string>& skipped = {}, size_t max_checklist = 8) {
  AskOptions o;
  o.as_of = *ParseDate("2026-06-01");
  o.max_checklist = max_checklist;
  return Names(NextAsk({&p.compiled()}, test::MakeApplicant(known), skipped, o));
}

bool HasCode(const std::vector<Diagnostic>& ds, const std::string& code, const std::string& part = "") {
  return std::any_of(ds.begin(), ds.end(), [&](const Diagnostic& d) {
    return d.code == code && d.message.en.find(part) != std::string::npos;
  });
}

}  // namespace

TEST_CASE("checklist: the yes/no questions with a statement come together, the others alone", "[checklist][ask][engine]") {
  test::Program p(kFair);
  // The choice first (a categorical question with more weight), then the checklist.
  std::vector<std::string> first = Next(p, {});
  REQUIRE_FALSE(first.empty());
  std::vector<std::string> list = Next(p, {{"where", "abroad"}});
  INFO(::Catch::Detail::stringify(list));
  // The three with a statement, in the order RankQuestions gives; `plain` has none and is
  // asked alone; `note` only scores and is never asked.
  REQUIRE(list.size() == 3);
  CHECK(std::set<std::string>(list.begin(), list.end()) == std::set<std::string>{"taxes_unpaid", "alone", "public_fair"});
  // Once answered, the one without a statement is asked alone.
  CHECK(Next(p, {{"where", "abroad"}, {"taxes_unpaid", "no"}, {"alone", "yes"}, {"public_fair", "yes"}}) ==
        std::vector<std::string>{"plain"});
  // Skipped facts never join; two left still make a checklist, one is asked alone.
  CHECK(Next(p, {{"where", "abroad"}}, {"taxes_unpaid"}).size() == 2);
  CHECK(Next(p, {{"where", "abroad"}}, {"taxes_unpaid", "alone"}).size() == 1);
  // The number of items is bounded.
  CHECK(Next(p, {{"where", "abroad"}}, {}, 2).size() == 2);
  // A settled program asks nothing, checklist or not.
  CHECK(Next(p, {{"where", "home"}}).empty());
  CHECK(Next(p, {{"taxes_unpaid", "yes"}}).empty());
}

// A question that matters only once another is answered a certain way (a base in Gunma, for
// those who export) waits for that answer, and is asked then.
TEST_CASE("checklist: a question that matters only after another answer waits for it", "[checklist][ask][engine]") {
  test::Program p(R"(program: t.export
facts:
  exports: { type: bool, ask: { ja: 輸出しますか, en: Do you export? }, statement: { ja: 輸出する, en: You export } }
  farm: { type: bool, ask: { ja: 農場がありますか, en: A farm? }, statement: { ja: 農場がある, en: You have a farm } }
  plant: { type: bool, ask: { ja: 工場がありますか, en: A plant? }, statement: { ja: 工場がある, en: You have a plant } }
  taxes_unpaid: { type: bool, ask: { ja: 滞納がありますか, en: Unpaid taxes? }, statement: { ja: 滞納がある, en: Taxes are unpaid } }
requirements:
  - { id: exports, rule: exports }
  - { id: base, rule: farm or plant }
exclusions:
  - { id: taxes, rule: taxes_unpaid }
)");
  std::vector<std::string> first = Next(p, {});
  INFO(::Catch::Detail::stringify(first));
  std::set<std::string> got(first.begin(), first.end());
  // farm and plant each settle a rule, but neither alone changes the outcome while the other
  // may still be yes: they wait.
  CHECK(got.count("exports"));
  CHECK(got.count("taxes_unpaid"));
  CHECK_FALSE(got.count("farm"));
  CHECK_FALSE(got.count("plant"));
  // Once the applicant exports and owes nothing, the bases are what is left: either one does,
  // so the second is asked only when the first is no.
  std::vector<std::string> bases = Next(p, {{"exports", "yes"}, {"taxes_unpaid", "no"}});
  REQUIRE(bases.size() == 1);
  std::string other = bases.front() == "farm" ? "plant" : "farm";
  CHECK(Next(p, {{"exports", "yes"}, {"taxes_unpaid", "no"}, {bases.front(), "no"}}) == std::vector<std::string>{other});
  CHECK(Next(p, {{"exports", "yes"}, {"taxes_unpaid", "no"}, {bases.front(), "yes"}}).empty());
}

TEST_CASE("checklist: only the yes/no questions of one program join it", "[checklist][ask][engine]") {
  auto rs = RuleSet::LoadTexts({{"a.yaml", R"(program: t.a
facts:
  a1: { type: bool, ask: { ja: A1ですか, en: A1? }, statement: { ja: A1である, en: A1 } }
  a2: { type: bool, ask: { ja: A2ですか, en: A2? }, statement: { ja: A2である, en: A2 } }
requirements:
  - { id: r, rule: a1 and a2 }
)"},
                                {"b.yaml", R"(program: t.b
facts:
  b1: { type: bool, ask: { ja: B1ですか, en: B1? }, statement: { ja: B1である, en: B1 } }
requirements:
  - { id: r, rule: b1 }
)"}});
  REQUIRE(rs->ok());
  std::vector<const CompiledProgram*> programs;
  for (const auto& p : rs->programs()) programs.push_back(p.get());
  AskOptions o;
  o.as_of = *ParseDate("2026-06-01");
  std::vector<Question> ranked = RankQuestions(programs, test::MakeApplicant({}), {}, o);
  REQUIRE(ranked.size() == 3);
  std::vector<Question> next = NextAsk(programs, test::MakeApplicant({}), {}, o);
  REQUIRE_FALSE(next.empty());
  std::set<std::string> owners;
  for (const auto& q : next) owners.insert(q.programs.front());
  CHECK(owners.size() == 1);  // never a mix of programs
  CHECK(next.size() == (next.front().programs.front() == "t.a" ? 2u : 1u));
  CHECK(NextAsk({}, test::MakeApplicant({}), {}, o).empty());
}

TEST_CASE("checklist: `statement:` is for yes/no facts, and lint asks for one", "[checklist][lint]") {
  auto wrong = RuleSet::LoadTexts({{"p.yaml", "program: t\nfacts:\n  n: { type: int, statement: { ja: ある, en: Yes } }\n"}});
  CHECK_FALSE(wrong->ok());
  CHECK(HasCode(wrong->diagnostics(), "bad-value", "`statement` is for yes/no facts only (`n` is int)"));

  auto rs = RuleSet::LoadTexts({{"p.yaml", R"(program: t.lint
facts:
  bare: { type: bool, ask: { ja: 当たりますか, en: Does it apply? } }
  half: { type: bool, ask: { ja: 当たりますか, en: Does it apply? }, statement: { ja: 当たる } }
  asks: { type: bool, ask: { ja: 当たりますか, en: Does it apply? }, statement: { ja: 当たりますか, en: Does it apply? } }
  leans: { type: bool, ask: { ja: 当たりますか, en: Does it apply? }, statement: { ja: 上の3つのいずれかに当たる, en: One of them applies } }
  good: { type: bool, ask: { ja: 当たりますか, en: Does it apply? }, statement: { ja: 当たる, en: It applies } }
requirements:
  - { id: r, rule: bare and half and asks and leans and good, text: { ja: 条件, en: Condition }, cite: 要綱 }
)"}});
  REQUIRE(rs->ok());
  auto ds = Lint(*rs, *ParseDate("2026-06-01"));
  CHECK(HasCode(ds, "no-statement", "the yes/no fact `bare` has no `statement`"));
  CHECK(HasCode(ds, "no-statement", "the fact `half` has no English `statement`"));
  CHECK(HasCode(ds, "statement-asks", "`asks`"));
  CHECK(HasCode(ds, "ask-refers", "`leans`"));
  CHECK_FALSE(HasCode(ds, "no-statement", "`good`"));
  CHECK_FALSE(HasCode(ds, "statement-asks", "`good`"));
  for (const auto& d : ds)
    if (d.code == "no-statement" || d.code == "statement-asks") CHECK(d.loc.line > 0);
}

TEST_CASE("checklist: the shipped rules give every yes/no fact a statement", "[checklist][lint][shipped]") {
  auto rs = RuleSet::LoadDir(std::string(ELIG_SOURCE_DIR) + "/rules");
  REQUIRE(rs->ok());
  size_t bools = 0;
  for (const auto& p : rs->programs())
    for (const auto& f : p->facts) {
      if (f.spec.base != BaseType::kBool) continue;
      ++bools;
      INFO(p->id << ": " << f.name);
      CHECK_FALSE(f.statement.ja.empty());
      CHECK_FALSE(f.statement.en.empty());
    }
  CHECK(bools >= 40);
  auto ds = Lint(*rs, *ParseDate("2025-10-15"));
  CHECK_FALSE(HasCode(ds, "no-statement"));
  CHECK_FALSE(HasCode(ds, "statement-asks"));
}

// Each everyday answer to a checklist of 4 items, with the items it ticks or the message it gets.
TEST_CASE("checklist: answers read as numbers, none or all, and others are refused with an example", "[checklist][answer]") {
  struct Row {
    const char* answer;
    std::optional<std::vector<bool>> ticks;  // nullopt: refused
    const char* en = "";                     // part of the English refusal
    const char* ja = "";                     // part of the Japanese one
  };
  const std::vector<bool> none(4, false), all(4, true);
  const std::vector<Row> rows = {
      {"1,3", std::vector<bool>{true, false, true, false}},
      {"1 3", std::vector<bool>{true, false, true, false}},
      {"1, 3", std::vector<bool>{true, false, true, false}},
      {"１，３", std::vector<bool>{true, false, true, false}},
      {"１、３", std::vector<bool>{true, false, true, false}},
      {"１　３", std::vector<bool>{true, false, true, false}},
      {"1・3", std::vector<bool>{true, false, true, false}},
      {"3,1,3", std::vector<bool>{true, false, true, false}},
      {" 4 ", std::vector<bool>{false, false, false, true}},
      {"2;4", std::vector<bool>{false, true, false, true}},
      {"なし", none},
      {"ない", none},
      {"none", none},
      {"None", none},
      {"0", none},
      {"０", none},
      {"いいえ", none},
      {"no", none},
      {"該当なし", none},
      {"すべて", all},
      {"全部", all},
      {"all", all},
      {"5", std::nullopt, "there is no number 5 (1 to 4", "5 という番号はありません（1～4"},
      {"1,5", std::nullopt, "there is no number 5", "5 という番号はありません"},
      {"0,2", std::nullopt, "`none` cannot go with numbers", "「なし」と番号は一緒に選べません"},
      {"1,なし", std::nullopt, "`none` cannot go with numbers", "例: 1,3 または なし"},
      {"maybe", std::nullopt, "`maybe` is not a list of numbers", "「maybe」は番号として読めません"},
      {"1.3", std::nullopt, "not a list of numbers: give the numbers of those that apply, e.g. `1,3`", "例: 1,3"},
      {"はい", std::nullopt, "`はい` is not a list of numbers", "「はい」は番号として読めません"},
      {"-1", std::nullopt, "`-1` is not a list of numbers", "番号として読めません"},
      {"123456", std::nullopt, "`123456` is not a list of numbers", "番号として読めません"},
  };
  for (const auto& r : rows) {
    INFO(r.answer);
    LocalText error;
    auto got = ReadChecklist(r.answer, 4, error);
    if (r.ticks) {
      REQUIRE(got);
      CHECK(*got == *r.ticks);
      CHECK(error.Empty());
    } else {
      CHECK_FALSE(got);
      CHECK(error.en.find(r.en) != std::string::npos);
      CHECK(error.ja.find(r.ja) != std::string::npos);
      CHECK(error.en.find("e.g.") != std::string::npos);  // every refusal shows what is accepted
      CHECK(error.ja.find("例: ") != std::string::npos);
    }
  }
}

TEST_CASE("checklist: the lines and the hint of `elig ask`", "[checklist][ask]") {
  test::Program p(kFair);
  const CompiledProgram& c = p.compiled();
  std::vector<const CompiledFact*> items = {&c.facts[static_cast<size_t>(c.FindFact("taxes_unpaid"))],
                                            &c.facts[static_cast<size_t>(c.FindFact("alone"))]};
  CHECK(ChecklistLines(items, Lang::kJa) == "    1) 市税に滞納がある\n    2) 単独で出展する\n    0) 当てはまるものはない\n");
  CHECK(ChecklistLines(items, Lang::kEn) == "    1) Some city taxes are unpaid\n    2) You exhibit on your own\n    0) None of these\n");
  CHECK(ChecklistHint(Lang::kJa).find("「1,3」") != std::string::npos);
  CHECK(ChecklistHint(Lang::kEn).find("`none`") != std::string::npos);
}
