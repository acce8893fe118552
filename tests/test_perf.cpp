// SPDX-License-Identifier: Apache-2.0
// Performance work must never change an answer. These tests check
// the W1 benchmark workload against its hand-written baseline, the W1 data
// generator, and the fast path's specialised code (compile/machine.cpp:
// BuildFastCode, RunFast) against the interpreter it replaces — outcome, score,
// award and the very same error message — on programs that use every shape the
// fast path specialises and every way out of it (unknown facts, missing table
// rows, overflow, division by zero, dated parameters, score groups).
#include <catch2/catch.hpp>

#include <random>
#include <set>
#include <sstream>

#include "../bench/w1/w1_engine.hpp"
#include "compile/machine.hpp"
#include "test_fast_support.hpp"
#include "test_support.hpp"

using namespace elig;
using elig::test::MakeApplicant;
using elig::test::kFastHeader;
using elig::test::Program;

namespace {

const std::string kW1Dir = std::string(ELIG_SOURCE_DIR) + "/bench/w1";

std::string Summary(const FastDecision& d) { return elig::test::FastSummary(d); }

std::string Summary(const Decision& d) {
  return std::string(OutcomeName(d.outcome)) + " score=" + d.score.ToString() +
         " award=" + (d.award ? d.award->ToString() : "none");
}

}  // namespace

TEST_CASE("W1: the engine decides exactly as the hand-written baseline", "[perf][w1]") {
  // Every path is compared with the baseline, on another seed than the benchmarks'.
  w1::Workload w(kW1Dir, 3000, 11, /*verify=*/false);
  EvalContext ctx;
  EvalOptions traced;
  traced.as_of = w.as_of;
  int eligible = 0;
  for (size_t i = 0; i < w.plain.size(); ++i) {
    w1::Result want = w1::Decide(w.plain[i]);
    FastDecision fast = DecideFast(*w.program, w.facts[i].values.data(), w.as_of, ctx);
    Decision full = Decide(*w.program, w.facts[i], traced);
    INFO("applicant " << i << ": " << w1::CsvRow(i, w.plain[i]));
    REQUIRE(w1::Agrees(want, fast));
    REQUIRE(Summary(full) == Summary(fast));
    eligible += want.eligible;
  }
  CHECK(eligible > 0);
  CHECK(eligible < 3000);
}

TEST_CASE("W1: the rule file reads as the baseline at every threshold", "[perf][w1]") {
  auto rs = RuleSet::LoadDir(kW1Dir);
  REQUIRE(rs->ok());
  const CompiledProgram& p = *rs->Find("bench.w1");
  w1::Applicant base;
  base.industry = w1::Industry::kRetail;
  base.capital = 50'000'000;
  base.employees = 51;
  base.prefecture = 0;
  base.years_in_business = 1;
  base.exported_before = false;
  base.taxable_income_avg = 1'500'000'000;
  base.share_pct = 49;
  base.expenses = 1'500'000;
  // Each line moves one fact across its threshold; the engine must follow the baseline.
  std::vector<w1::Applicant> cases;
  auto with = [&](auto change) {
    w1::Applicant a = base;
    change(a);
    cases.push_back(a);
  };
  with([](w1::Applicant&) {});
  with([](w1::Applicant& a) { a.capital = 50'000'001; });
  with([](w1::Applicant& a) { a.capital = 50'000'001, a.employees = 50; });
  with([](w1::Applicant& a) { a.industry = w1::Industry::kOther, a.capital = 300'000'000, a.employees = 999; });
  with([](w1::Applicant& a) { a.industry = w1::Industry::kOther, a.capital = 300'000'001, a.employees = 300; });
  with([](w1::Applicant& a) { a.industry = w1::Industry::kOther, a.capital = 300'000'001, a.employees = 301; });
  with([](w1::Applicant& a) { a.industry = w1::Industry::kWholesale, a.capital = 100'000'001, a.employees = 100; });
  with([](w1::Applicant& a) { a.prefecture = 3; });
  with([](w1::Applicant& a) { a.years_in_business = 0; });
  with([](w1::Applicant& a) { a.years_in_business = 10; });
  with([](w1::Applicant& a) { a.share_pct = 50; });
  with([](w1::Applicant& a) { a.taxable_income_avg = 1'500'000'001; });
  with([](w1::Applicant& a) { a.employees = 20, a.exported_before = true; });
  with([](w1::Applicant& a) { a.expenses = 1'499'999; });  // 999,999.33 -> 999,999
  with([](w1::Applicant& a) { a.expenses = 1'500'002; });  // over the cap
  with([](w1::Applicant& a) { a.expenses = 0; });
  EvalContext ctx;
  Date as_of = *ParseDate("2026-06-01");
  for (size_t i = 0; i < cases.size(); ++i) {
    FactValues fv = Bind(p, w1::ToApplicant(i, cases[i]));
    REQUIRE(fv.issues.empty());
    INFO("case " << i << ": " << w1::CsvRow(i, cases[i]));
    CHECK(w1::Agrees(w1::Decide(cases[i]), DecideFast(p, fv.values.data(), as_of, ctx)));
  }
  CHECK(w1::Decide(cases[13]).award == 999'999);
  CHECK(w1::Decide(cases[14]).award == 1'000'000);
}

TEST_CASE("W1 generator: deterministic, about 40% eligible, readable back", "[perf][w1]") {
  CHECK(w1::CsvRow(5, w1::Generate(7, 5)) == w1::CsvRow(5, w1::Generate(7, 5)));
  CHECK(w1::CsvRow(5, w1::Generate(7, 5)) != w1::CsvRow(5, w1::Generate(8, 5)));
  int eligible = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    w1::Applicant a = w1::Generate(7, static_cast<uint64_t>(i));
    eligible += w1::Decide(a).eligible;
    w1::Applicant csv, json;
    REQUIRE(w1::ParseCsvRow(w1::CsvRow(static_cast<uint64_t>(i), a), csv));  // with its newline
    REQUIRE(w1::ParseJsonLine(w1::JsonLine(static_cast<uint64_t>(i), a), json));
    for (const w1::Applicant* back : {&csv, &json}) {
      CHECK(back->industry == a.industry);
      CHECK(back->capital == a.capital);
      CHECK(back->employees == a.employees);
      CHECK(back->prefecture == a.prefecture);
      CHECK(back->years_in_business == a.years_in_business);
      CHECK(back->exported_before == a.exported_before);
      CHECK(back->taxable_income_avg == a.taxable_income_avg);
      CHECK(back->share_pct == a.share_pct);
      CHECK(back->expenses == a.expenses);
    }
  }
  CHECK(eligible > n * 35 / 100);
  CHECK(eligible < n * 45 / 100);
  w1::Applicant bad;
  CHECK_FALSE(w1::ParseCsvRow("w1-1,manufacturing,1", bad));
  CHECK_FALSE(w1::ParseCsvRow("w1-1,steel,1,1,群馬県,1,true,1,0.10,1", bad));
  CHECK_FALSE(w1::ParseJsonLine("{\"id\":\"w1-1\",\"industry\":\"retail\"}", bad));
  CHECK_FALSE(w1::ParseJsonLine("not json", bad));
}

namespace {

// Conditions, each a different shape (or a way around the specialised one).
const std::vector<std::string> kConditions = {
    "n <= 20", "n < 20", "n >= 21", "n > 21", "n == 7", "n != 7", "20 >= n", "share < 50%", "share >= 1/3",
    "y <= full[kind].cap", "n <= full[kind].lim", "y <= holes[kind].cap", "n < lim", "y <= cap",
    "kind in [\"a\", \"c\"]", "kind not in [\"a\", \"c\"]", "kind == \"b\"", "kind != \"d\"",
    "place == \"群馬県\"", "place != \"群馬県\"", "place in [\"群馬県\", \"栃木県\"]",
    "flag", "not flag", "not other", "flag and other", "flag or other", "not (flag and n > 3)",
    "small", "not small", "half >= 10 yen", "many <= 1", "n between 3 and 30", "since < 2025-01-01",
    "years_between(since, as_of) >= 1", "known(n)", "any([flag, other])", "if flag then n > 3 else m > 3",
    "y / n > 10 yen", "y * 1_000_000_000_000 > 0 yen", "n + m > 10", "n * 2/3 >= 5", "floor(y * rate) >= 30 yen",
    "min(y, z) < cap", "max(y, z) >= 100 yen", "round(y * share) > 5 yen", "abs(n - m) <= 3", "\"q\" in tags",
    "len(place) > 3", "y - z < 0 yen", "(n <= 20 and y <= 50 yen) or (m > 5 and not flag)", "1 < 2 or flag",
};

const std::vector<std::string> kAwards = {
    "min(floor(y * rate), cap)", "floor(y * 2/3)", "max(y - z, 0 yen)", "if flag then cap else y", "round(y * share)",
    "ceil(y / 3)", "min(y, z, cap)", "y * 1_000_000_000_000", "full[kind].cap", "holes[kind].cap", "y / n",
    "sum([y, z])", "half", "min(floor(y * rate), 700 yen)", "max(floor(share * 700 yen), 1 yen)", "min(floor(m * 500 yen), 3 yen)",
    "floor(y * 1_000_000_000_000)",
};

std::string RandomProgram(std::mt19937_64& rng) {
  auto pick = [&](const std::vector<std::string>& from) { return from[rng() % from.size()]; };
  std::ostringstream out;
  // A third of the programs have no score group: their plans count no group.
  const bool groups = rng() % 3 != 0;
  out << kFastHeader << (groups ? "score_groups:\n  g: { max_items: 1 }\n" : "") << "requirements:\n";
  int reqs = 1 + static_cast<int>(rng() % 4);
  for (int i = 0; i < reqs; ++i) out << "  - id: r" << i << "\n    rule: '" << pick(kConditions) << "'\n";
  if (rng() % 2) out << "exclusions:\n  - id: x0\n    rule: '" << pick(kConditions) << "'\n";
  out << "scoring:\n";
  for (int i = 0; i < 3; ++i) {
    out << "  - id: s" << i << "\n    points: " << (i + 1) * 5 << "\n    when: '" << pick(kConditions) << "'\n";
    if (i > 0 && groups) out << "    group: g\n";
  }
  if (rng() % 5 != 0) out << "award: '" << pick(kAwards) << "'\n";
  return out.str();
}

std::map<std::string, std::string> RandomFacts(std::mt19937_64& rng) {
  std::map<std::string, std::string> f;
  auto maybe = [&](const char* name, std::vector<std::string> values) {
    if (rng() % 6 == 0) return;  // unknown
    f[name] = values[rng() % values.size()];
  };
  maybe("n", {"0", "3", "7", "20", "21", "400"});
  maybe("m", {"0", "5", "6", "-4"});
  maybe("y", {"0", "49", "50", "100", "101", "299", "1000", "1500001", "9000000000"});
  maybe("z", {"0", "100", "2000"});
  maybe("share", {"0", "1/3", "0.5", "0.4999", "1"});
  maybe("flag", {"true", "false"});
  maybe("other", {"true", "false"});
  maybe("place", {"群馬県", "栃木県", "東京都", "abc"});
  maybe("kind", {"a", "b", "c", "d"});
  maybe("since", {"2020-01-01", "2025-06-01", "2026-05-31"});
  return f;
}

}  // namespace

TEST_CASE("fast path: specialised code answers exactly as the interpreter", "[perf][fast]") {
  std::mt19937_64 rng(2026);
  const char* days[] = {"2026-06-01", "2026-07-01", "2026-03-31", "2025-05-01"};
  int decided = 0;
  std::set<FastOp> seen_ops;
  std::set<LeafOp> seen_leaves;
  std::set<StepOp> seen_steps;
  int planned = 0;
  for (int prog_n = 0; prog_n < 60; ++prog_n) {
    std::string text = RandomProgram(rng);
    INFO("program:\n" << text);
    Program p(text);
    const CompiledProgram& fast = p.compiled();
    REQUIRE(fast.fast_ready);
    for (const auto& n : fast.fast) seen_ops.insert(n.op);
    planned += fast.fast_plan.ready;
    for (const auto& s : fast.fast_plan.steps) {
      seen_steps.insert(s.op);
      if (s.op != StepOp::kRoot) seen_leaves.insert(s.left.op);
      if (s.op == StepOp::kAnd || s.op == StepOp::kOr) seen_leaves.insert(s.right.op);
    }
    // The same program without its fast code: DecideFast then interprets `code`.
    CompiledProgram slow = fast;
    slow.fast_ready = false;
    // And with the fast tree but not its flat plan: DecideFast then walks the rules.
    CompiledProgram tree = fast;
    tree.fast_plan.ready = false;
    EvalContext fast_ctx, slow_ctx, tree_ctx;  // reused across applicants and days, as batch does
    for (int i = 0; i < 120; ++i) {
      auto facts = RandomFacts(rng);
      const char* day = days[rng() % 4];
      FactValues fv = Bind(fast, MakeApplicant(facts));
      Date as_of = *ParseDate(day);
      FastDecision a = DecideFast(fast, fv.values.data(), as_of, fast_ctx);
      FastDecision b = DecideFast(slow, fv.values.data(), as_of, slow_ctx);
      std::string facts_text;
      for (const auto& [k, v] : facts) facts_text += k + "=" + v + " ";
      INFO("facts: " << facts_text << "as of " << day);
      FastDecision t = DecideFast(tree, fv.values.data(), as_of, tree_ctx);
      REQUIRE(Summary(a) == Summary(b));
      REQUIRE(Summary(t) == Summary(b));
      REQUIRE(tree_ctx.error == slow_ctx.error);  // the same first error, word for word
      // The plan prepares its context only when a step or the award needs it: its error then
      // is this decision's (a decision every leaf answers has none).
      if (a.error || !fast.fast_plan.ready) REQUIRE(fast_ctx.error == slow_ctx.error);
      EvalOptions o;
      o.as_of = as_of;
      o.settle = false;  // the fast path is three-valued; settling is tests/test_settle.cpp's
      Decision traced = Decide(fast, fv, o);
      o.trace = false;
      Decision untraced = Decide(fast, fv, o);
      REQUIRE(Summary(traced) == Summary(a).substr(0, Summary(traced).size()));
      REQUIRE(Summary(untraced) == Summary(traced));
      ++decided;
    }
  }
  CHECK(decided == 60 * 120);
  CHECK(planned > 30);
  // Every leaf and step of the flat plan was built, so each was compared with the tree.
  CHECK(seen_leaves == std::set<LeafOp>{LeafOp::kNumConst, LeafOp::kTextConst, LeafOp::kFact, LeafOp::kNumTable});
  CHECK(seen_steps == std::set<StepOp>{StepOp::kLeaf, StepOp::kAnd, StepOp::kOr, StepOp::kRoot});
  // Every node kind was built at least once, so each was compared with the interpreter.
  for (FastOp op : {FastOp::kConst, FastOp::kNot, FastOp::kAnd, FastOp::kOr, FastOp::kCompare, FastOp::kCompareFactConst,
                    FastOp::kCompareFactTable, FastOp::kInMask, FastOp::kDefine, FastOp::kFact, FastOp::kValue,
                    FastOp::kArith, FastOp::kFloorMul, FastOp::kMinMax, FastOp::kRound, FastOp::kCall}) {
    INFO("fast op " << static_cast<int>(op));
    CHECK(seen_ops.count(op) == 1);
  }
}

TEST_CASE("fast path: the shapes it specialises, at their edges", "[perf][fast]") {
  Program p(std::string(kFastHeader) + R"(requirements:
  - { id: table, rule: "y <= holes[kind].cap" }
  - { id: in, rule: 'kind in ["a", "b", "d"]' }
  - { id: text, rule: place == "群馬県" }
  - { id: neg, rule: not flag }
award: min(floor(y * rate), cap)
)");
  // A missing table row is an error (named), an unknown key leaves it open.
  auto d = p.DecideFast({{"y", "10"}, {"kind", "b"}, {"place", "群馬県"}, {"flag", "false"}});
  CHECK(d.outcome == "undetermined");
  auto slow = p.Decide({{"y", "10"}, {"kind", "b"}, {"place", "群馬県"}, {"flag", "false"}});
  REQUIRE(slow.errors.size() == 1);
  CHECK_THAT(slow.errors[0], Catch::Contains("no row"));
  CHECK(p.DecideFast({{"y", "10"}, {"place", "群馬県"}, {"flag", "false"}}).outcome == "undetermined");
  // Each condition on its own side of the line.
  CHECK(p.DecideFast({{"y", "1000"}, {"kind", "a"}, {"place", "群馬県"}, {"flag", "false"}}).outcome == "eligible");
  CHECK(p.DecideFast({{"y", "1001"}, {"kind", "a"}, {"place", "群馬県"}, {"flag", "false"}}).outcome == "ineligible");
  CHECK(p.DecideFast({{"y", "3000"}, {"kind", "c"}, {"place", "群馬県"}, {"flag", "false"}}).outcome == "ineligible");
  CHECK(p.DecideFast({{"y", "1"}, {"kind", "d"}, {"place", "群馬県"}, {"flag", "false"}}).outcome == "undetermined");
  CHECK(p.DecideFast({{"y", "1"}, {"kind", "a"}, {"place", "群馬"}, {"flag", "false"}}).outcome == "ineligible");
  CHECK(p.DecideFast({{"y", "1"}, {"kind", "a"}, {"place", "群馬県 "}, {"flag", "false"}}).outcome == "ineligible");
  CHECK(p.DecideFast({{"y", "1"}, {"kind", "a"}, {"place", "群馬県"}, {"flag", "true"}}).outcome == "ineligible");
  CHECK(p.DecideFast({{"y", "1"}, {"kind", "a"}, {"place", "群馬県"}}).outcome == "undetermined");
  // floor(y * 2/3) to the yen, under and over the dated cap.
  CHECK(p.DecideFast({{"y", "1000"}, {"kind", "a"}, {"place", "群馬県"}, {"flag", "false"}}).award == "666");
  CHECK(p.DecideFast({{"y", "1000"}, {"kind", "a"}, {"place", "群馬県"}, {"flag", "false"}}, "2026-03-31").award == "500");
}

TEST_CASE("fast path: the flat plan's leaves hand every value they do not expect to the tree", "[perf][fast]") {
  Program p(std::string(kFastHeader) + R"(score_groups:
  g: { max_items: 1 }
requirements:
  - { id: num, rule: n <= 20 }
  - { id: share, rule: share < 50% }
  - { id: text, rule: place == "群馬県" }
  - { id: table, rule: "y <= holes[kind].cap or n <= full[kind].lim" }
exclusions:
  - { id: flag, rule: flag and other }
scoring:
  - { id: a, points: 10, when: not flag }
  - { id: b, points: 5, when: n <= 5, group: g }
  - { id: c, points: 3, when: y <= 10 yen, group: g }
award: min(floor(y * rate), cap)
)");
  const CompiledProgram& planned = p.compiled();
  REQUIRE(planned.fast_plan.ready);
  REQUIRE(planned.fast_plan.steps.size() == 8);
  CHECK(planned.fast_plan.steps[3].op == StepOp::kOr);
  CHECK(planned.fast_plan.steps[4].op == StepOp::kAnd);
  CompiledProgram tree = planned, slow = planned;
  tree.fast_plan.ready = false;
  slow.fast_ready = false;
  FactValues base = Bind(planned, MakeApplicant({{"n", "3"}, {"share", "0.2"}, {"place", "群馬県"}, {"y", "9"},
                                                 {"kind", "a"}, {"flag", "false"}, {"other", "true"}}));
  REQUIRE(base.issues.empty());
  const Date as_of = *ParseDate("2026-06-01");
  EvalContext ctx;
  auto summaries = [&](const std::vector<Value>& values) {
    std::string out;
    for (const CompiledProgram* prog : std::initializer_list<const CompiledProgram*>{&planned, &tree, &slow}) {
      FastDecision d = DecideFast(*prog, values.data(), as_of, ctx);
      out += Summary(d) + " [" + ctx.error + "] | ";
    }
    return out;
  };
  auto same_three = [&](const std::vector<Value>& values) {
    std::string all = summaries(values);
    std::string first = all.substr(0, all.find(" | ") + 3);
    CHECK(all == first + first + first);
    return first;
  };
  // Every leaf answers: both groups' items hold, so the group is voided (max_items 1).
  CHECK(same_three(base.values) == "eligible score=0 award=6 [] | ");
  const uint32_t n = static_cast<uint32_t>(planned.FindFact("n")), kind = static_cast<uint32_t>(planned.FindFact("kind"));
  const uint32_t place = static_cast<uint32_t>(planned.FindFact("place")), flag = static_cast<uint32_t>(planned.FindFact("flag"));
  const uint32_t share = static_cast<uint32_t>(planned.FindFact("share"));
  auto with = [&](uint32_t slot, Value v) {
    std::vector<Value> values = base.values;
    values[slot] = v;
    return same_three(values);
  };
  // Unknown facts: each leaf hands its rule to the tree, which leaves it open.
  CHECK(with(n, Value::Unknown()) == "undetermined score=13 award=6 [] | ");
  CHECK(with(place, Value::Unknown()) == "undetermined score=0 award=6 [] | ");
  CHECK(with(flag, Value::Unknown()) == "undetermined score=0 award=6 [] | ");
  CHECK(with(share, Value::Unknown()) == "undetermined score=0 award=6 [] | ");
  // An enum key out of the table's range, or on a missing row, is the tree's to say.
  CHECK(with(kind, Value::Enum(99)).find("undetermined") == 0);
  std::string missing_row = with(kind, Value::Enum(1));  // `holes` has no row b; `full` has
  CHECK(missing_row.find("no row") != std::string::npos);
  CHECK(with(kind, Value::Enum(-1)).find("undetermined") == 0);
  // A fact holding an error, or a value of another kind than the leaf expects.
  CHECK(with(n, Value::Error()).find("undetermined") == 0);
  CHECK(with(flag, Value::Error()).find("undetermined") == 0);
  same_three([&] {
    std::vector<Value> values = base.values;
    values[place] = Value::Number(Rational(7));
    values[n] = Value::Bool(true);
    return values;
  }());
  // A decimal against a percent, at the line.
  CHECK(with(share, Value::Number(*Rational::Make(1, 2))) == "ineligible score=0 award=0 [] | ");
  CHECK(with(share, Value::Number(*Rational::Make(4999, 10000))) == "eligible score=0 award=6 [] | ");
}

TEST_CASE("fast path: the flat plan leaves out what it does not take", "[perf][fast]") {
  // Points worked out per applicant, and `max_counted:`, take DecideFast's long way.
  Program computed(std::string(kFastHeader) + "scoring:\n  - { id: a, points: n, when: flag }\n");
  CHECK_FALSE(computed.compiled().fast_plan.ready);
  CHECK(computed.DecideFast({{"n", "4"}, {"flag", "true"}}).score == "4");
  Program counted(std::string(kFastHeader) + R"(score_groups:
  g: { max_counted: 1, pick: highest }
scoring:
  - { id: a, points: 5, when: flag, group: g }
  - { id: b, points: 7, when: other, group: g }
)");
  CHECK_FALSE(counted.compiled().fast_plan.ready);
  CHECK(counted.DecideFast({{"flag", "true"}, {"other", "true"}}).score == "7");
  // Whole points that could add past 64 bits are left to Rational's checked sum.
  Program huge(std::string(kFastHeader) + R"(scoring:
  - { id: a, points: 4_611_686_018_427_387_904, when: flag }
  - { id: b, points: 4_611_686_018_427_387_904, when: other }
)");
  CHECK_FALSE(huge.compiled().fast_plan.ready);
  CHECK(huge.DecideFast({{"flag", "true"}, {"other", "true"}}).outcome == "undetermined");
  Program planned(std::string(kFastHeader) + "scoring:\n  - { id: a, points: 5, when: flag }\n");
  CHECK(planned.compiled().fast_plan.ready);
  CHECK(planned.DecideFast({{"flag", "true"}}).score == "5");
}

TEST_CASE("fast path: one context serves many programs and days", "[perf][fast]") {
  Program a(std::string(kFastHeader) + "requirements:\n  - { id: r, rule: y <= cap }\naward: cap\n");
  Program b(std::string(kFastHeader) + "requirements:\n  - { id: r, rule: n < lim }\naward: y\n");
  FactValues fa = Bind(a.compiled(), MakeApplicant({{"y", "400"}, {"n", "12"}}));
  FactValues fb = Bind(b.compiled(), MakeApplicant({{"y", "700"}, {"n", "12"}}));
  EvalContext ctx;
  auto run = [&](const Program& p, const FactValues& f, const char* day) {
    return Summary(DecideFast(p.compiled(), f.values.data(), *ParseDate(day), ctx));
  };
  // Parameters are chosen again whenever the program or the day changes.
  CHECK(run(a, fa, "2026-06-01") == "eligible score=0 award=1000");
  CHECK(run(a, fa, "2026-03-31") == "closed score=0 award=500");
  CHECK(run(b, fb, "2026-06-01") == "undetermined score=0 award=700");  // `lim` not yet in force
  CHECK(run(b, fb, "2026-07-01") == "eligible score=0 award=700");
  CHECK(run(a, fa, "2026-07-01") == "eligible score=0 award=1000");
  CHECK(run(a, fa, "2026-03-31") == "closed score=0 award=500");
  // A program rebuilt at the same address is still a new program.
  for (int i = 0; i < 3; ++i) {
    Program c(std::string(kFastHeader) + "requirements:\n  - { id: r, rule: y <= cap }\naward: 'cap * " +
              std::to_string(i + 1) + "'\n");
    FactValues fc = Bind(c.compiled(), MakeApplicant({{"y", "1"}}));
    CHECK(run(c, fc, "2026-06-01") == "eligible score=0 award=" + std::to_string(1000 * (i + 1)));
  }
}

TEST_CASE("traced path: a comparison seen twice with the same values is said once", "[perf][explain]") {
  Program p(std::string(kFastHeader) + R"(requirements:
  - { id: same, rule: n <= 20 or n <= 20 }
  - { id: differs, rule: n <= 20 or n <= 21 }
  - { id: via-define, rule: not small and (small or m > 100) }
)");
  Decision d = p.Raw({{"n", "30"}, {"y", "100"}, {"m", "1"}});
  REQUIRE(d.requirements.size() == 3);
  auto exprs = [](const RuleResult& r) {
    std::vector<std::string> out;
    for (const auto& reason : r.reasons) out.push_back(std::string(reason.expr()) + " " + std::string(reason.op()) + " " + TriName(reason.result));
    return out;
  };
  CHECK(exprs(d.requirements[0]) == std::vector<std::string>{"n <= 20 <= false"});
  CHECK(exprs(d.requirements[1]) == std::vector<std::string>{"n <= 20 <= false", "n <= 21 <= false"});
  CHECK(exprs(d.requirements[2]) ==
        std::vector<std::string>{"n <= 20 <= false", "y <= 50 yen <= false", "m > 100 > false"});
  // Sites carry what the explanation needs: the fact, its side, where it is written.
  const Reason& r = d.requirements[1].reasons[1];
  CHECK(r.fact() == "n");
  CHECK(r.left_expr() == "n");
  CHECK(r.hint);
  CHECK(r.hint->num == Rational(21));
  REQUIRE(r.loc());
  CHECK(r.loc()->line > 0);
  CHECK(r.loc()->column > 0);
  // Without the trace, no reasons at all.
  EvalOptions o;
  o.as_of = *ParseDate("2026-06-01");
  o.trace = false;
  FactValues fv = Bind(p.compiled(), MakeApplicant({{"n", "30"}}));
  CHECK(Decide(p.compiled(), fv, o).requirements[0].reasons.empty());
}

TEST_CASE("fast path: a program without facts is decided without reading any", "[perf][fast]") {
  // No facts: DecideFast is given no values at all, and its plan must not read one.
  Program none("program: t.none\nversion: \"1\"\ntitle: { ja: 事実なし, en: No facts }\n");
  REQUIRE(none.compiled().facts.empty());
  REQUIRE(none.compiled().fast_plan.ready);
  EvalContext ctx;
  FastDecision d = DecideFast(none.compiled(), nullptr, *ParseDate("2026-06-01"), ctx);
  CHECK(d.outcome == Outcome::kEligible);
  CHECK_FALSE(d.error);
}
