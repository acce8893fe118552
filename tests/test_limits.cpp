// SPDX-License-Identifier: Apache-2.0
// Every limit (docs/language.md §11): its default, the last size accepted, the
// first refused, and the error people see — a code and a place, never a crash,
// a stack overflow or a silent wrap. Inputs are built far past the limits
// (100,000 nested parentheses, 100,000 definitions) to show nothing recurses on them.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "common/date.hpp"
#include "common/number.hpp"
#include "compile/ruleset.hpp"
#include "eval/decision.hpp"
#include "io/applicant.hpp"
#include "syntax/doc.hpp"
#include "syntax/parse_expr.hpp"
#include "test_support.hpp"

using elig::test::Repeat;

using namespace elig;

namespace {

std::unique_ptr<RuleSet> Load(const std::string& program, const RuleSetOptions& options = {}) {
  return RuleSet::LoadTexts({{"p.yaml", program}}, options);
}

// The first diagnostic with `code`, or null.
const Diagnostic* Find(const RuleSet& rs, const std::string& code) {
  for (const auto& d : rs.diagnostics())
    if (d.code == code) return &d;
  return nullptr;
}

const char* kProgramHead = "program: t.p\nfacts:\n  x: int\n  y: yen\n";

std::string WithRule(const std::string& rule) {
  return std::string(kProgramHead) + "requirements:\n  - id: r\n    rule: \"" + rule + "\"\n";
}

ExprError FirstError(std::string_view text, const ExprLimits& limits = {}) {
  ExprParseResult r = ParseExpression(text, limits);
  REQUIRE_FALSE(r.errors.empty());
  CHECK_FALSE(r.root);
  return r.errors.front();
}

}  // namespace

TEST_CASE("limit defaults are the documented ones", "[limits]") {
  CHECK(ExprLimits{}.max_depth == 64);
  CHECK(ExprLimits{}.max_length == 16 * 1024);
  CHECK(ExprLimits{}.max_nodes == 4096);
  CHECK(DocLimits{}.max_depth == 64);
  CHECK(DocLimits{}.max_nodes == 2'000'000);
  CHECK(LoadLimits{}.max_rules == 10'000);
  CHECK(LoadLimits{}.max_text_bytes == 16 * 1024);
  CHECK(CheckLimits{}.max_depth == 256);
  CHECK(RuleSetOptions{}.max_file_bytes == 4 * 1024 * 1024);
  CHECK(RuleSetOptions{}.max_files == 100'000);
  CHECK(CompileLimits{}.max_instructions == 1'000'000);
}

TEST_CASE("expression nesting: 64 levels parse, 65 do not, 100,000 are an error not a crash", "[limits]") {
  CHECK(ParseExpression(Repeat("(", 64) + "x" + Repeat(")", 64)).root);
  ExprError e = FirstError(Repeat("(", 65) + "x" + Repeat(")", 65));
  CHECK(e.code == "too-deep");
  CHECK(e.offset == 64);  // the parenthesis that went one level too far
  // Far past the limit, in every form that nests: brackets, lists, calls, not, minus, if.
  for (const std::string& deep :
       {Repeat("(", 100'000) + "x" + Repeat(")", 100'000), Repeat("(", 100'000), Repeat("[", 100'000) + Repeat("]", 100'000),
        Repeat("min(", 100'000) + "1" + Repeat(")", 100'000), Repeat("not ", 100'000) + "x", Repeat("-", 100'000) + "1",
        Repeat("if a then b else ", 100'000) + "c"}) {
    ExprLimits big_enough;
    big_enough.max_length = 10'000'000;  // so nesting, not length, is what stops it
    CHECK(FirstError(deep, big_enough).code == "too-deep");
  }
  // In a rule file the error points into the YAML file.
  auto rs = Load(WithRule(Repeat("(", 100) + "x > 1" + Repeat(")", 100)));
  const Diagnostic* d = Find(*rs, "too-deep");
  REQUIRE(d);
  CHECK(d->loc.file == "p.yaml");
  CHECK(d->loc.line == 7);
  CHECK(d->loc.column == 76);  // `    rule: "` is 11 columns, then 64 parentheses
  CHECK(rs->programs().empty());
}

TEST_CASE("expression length and parts: 16 KiB and 4,096 nodes", "[limits]") {
  std::string longest = "x == \"" + std::string(16 * 1024 - 7, 'a') + "\"";
  REQUIRE(longest.size() == 16 * 1024);
  CHECK(ParseExpression(longest).root);
  ExprError e = FirstError(longest + " ");
  CHECK(e.code == "too-long");
  CHECK(e.message.en.find("the limit is 16384") != std::string::npos);
  // 4,096 nodes: a list of 4,095 ones is the list node plus 4,095 numbers.
  CHECK(ParseExpression("[" + Repeat("1,", 4094) + "1]").root);
  CHECK(FirstError("[" + Repeat("1,", 4095) + "1]").code == "too-large");
  // A long flat chain is bounded by the tree depth later passes recurse on (4 × 64).
  CHECK(ParseExpression(Repeat("x + ", 255) + "x").root);
  CHECK(FirstError(Repeat("x + ", 256) + "x").code == "too-deep");
}

TEST_CASE("definitions nest at most 256 levels, and 100,000 are an error not a stack overflow", "[limits]") {
  auto chain = [](size_t n) {
    std::string t = std::string(kProgramHead) + "define:\n";
    for (size_t i = 0; i < n; ++i) t += "  d" + std::to_string(i) + ": d" + std::to_string(i + 1) + " + 1\n";
    t += "  d" + std::to_string(n) + ": x\nrequirements:\n  - { id: r, rule: d0 > 100 }\n";
    return t;
  };
  // 120 definitions, each two levels deep (`+` and its operand), compile and evaluate on every path.
  test::Program ok(chain(120));
  CHECK(ok.Outcome({{"x", "-20"}}) == "ineligible");
  CHECK(ok.Outcome({{"x", "-19"}}) == "eligible");
  CHECK(ok.DecideFast({{"x", "-19"}}).outcome == "eligible");
  // 2,000 definitions are allowed by count but nest too deeply.
  auto deep = Load(chain(2000));
  const Diagnostic* d = Find(*deep, "too-deep");
  REQUIRE(d);
  CHECK(d->message.en ==
        "expressions nest more than 256 levels deep through their definitions; shorten the chain of definitions");
  CHECK(d->loc.line > 0);
  CHECK(deep->programs().empty());
  // The limit counts definitions already checked where they are used, whatever the file order.
  std::string reversed = std::string(kProgramHead) + "define:\n  d200: x\n";
  for (int i = 199; i >= 0; --i) reversed += "  d" + std::to_string(i) + ": d" + std::to_string(i + 1) + " + 1\n";
  reversed += "requirements:\n  - { id: r, rule: d0 > 100 }\n";
  CHECK(Find(*Load(reversed), "too-deep"));
  // The limit is an option.
  RuleSetOptions wide;
  wide.check.max_depth = 450;
  CHECK(Load(chain(200), wide)->ok());
  CHECK_FALSE(Load(chain(200))->ok());
  // 100,000 definitions: refused by count before anything recurses.
  auto huge = Load(chain(100'000));
  REQUIRE(Find(*huge, "too-large"));
  CHECK(Find(*huge, "too-large")->message.en == "more than 10000 definitions");
}

TEST_CASE("definitions shared many times evaluate in linear time on the traced path", "[limits]") {
  // d60 uses d59 twice, which uses d58 twice, …: 2^60 evaluations if each use re-ran its definition.
  std::string t = std::string(kProgramHead) + "define:\n  d0: x + 1\n";
  for (int i = 1; i <= 60; ++i)
    t += "  d" + std::to_string(i) + ": max(d" + std::to_string(i - 1) + ", d" + std::to_string(i - 1) + ")\n";
  t += "requirements:\n  - { id: r, rule: d60 > 0 }\n  - { id: q, rule: d60 + d1 > 1 }\n";
  test::Program p(t);
  Decision d = p.Raw({{"x", "5"}});  // traced: explanations stay complete
  CHECK(d.outcome == Outcome::kEligible);
  REQUIRE(d.requirements.size() == 2);
  // Each rule's reasons still show the fact it depends on.
  for (const auto& r : d.requirements) {
    bool shows_x = false;
    for (const auto& reason : r.reasons) shows_x |= reason.fact() == "x";
    CHECK(shows_x);
  }
  CHECK(p.Outcome({{"x", "-1"}}) == "ineligible");
}

TEST_CASE("YAML nesting: 64 levels, and 100,000 levels are an error", "[limits]") {
  auto nested = [](size_t n) { return "program: t.p\nnote: " + Repeat("[", n) + Repeat("]", n) + "\n"; };
  auto rs = Load(nested(100'000));
  REQUIRE(Find(*rs, "too-deep"));
  CHECK(Find(*rs, "too-deep")->loc.line == 2);
  CHECK(Find(*Load(nested(65)), "too-deep"));  // the note's list is itself one level below the top map
  CHECK_FALSE(Find(*Load(nested(64)), "too-deep"));
  // Applicant files are shallower still: 16 levels.
  SourceFile deep("a.yaml", "x: " + Repeat("[", 17) + Repeat("]", 17) + "\n");
  Applicant a;
  std::vector<Diagnostic> diags;
  CHECK_FALSE(ParseApplicant(deep, a, diags));
  REQUIRE_FALSE(diags.empty());
  CHECK(diags[0].code == "too-deep");
}

TEST_CASE("YAML depth after aliases: an alias counts the height of what it repeats", "[limits]") {
  // Each anchor holds the previous one 60 levels down: every list is shallow where it is
  // written, but once expanded the last is 40 x 60 levels deep.
  std::string doc;
  for (int i = 0; i < 40; ++i) {
    std::string name = "d" + std::to_string(i);
    std::string inner = i == 0 ? std::string("x") : "*d" + std::to_string(i - 1);
    doc.append(name).append(": &").append(name).append(" ").append(Repeat("[", 60)).append(inner).append(Repeat("]", 60));
    doc.append("\n");
  }
  SourceFile f("tall.yaml", doc);
  DocNode root;
  std::vector<Diagnostic> diags;
  CHECK_FALSE(ParseDoc(f, root, diags));
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].code == "too-deep");
  CHECK(diags[0].loc.line == 2);  // the first alias that would go past 64 levels
  // An alias whose expansion stays within the limit is fine.
  SourceFile ok("ok.yaml", "a: &a [[x]]\nb: [*a, *a]\n");
  diags.clear();
  REQUIRE(ParseDoc(ok, root, diags));
  REQUIRE(root.Get("b"));
  CHECK(root.Get("b")->items.size() == 2);
  CHECK(root.Get("b")->items[1].items[0].items[0].scalar == "x");
}

TEST_CASE("YAML nodes after aliases: a billion laughs stops at the node limit", "[limits]") {
  // Nine levels of nine aliases: 9^9 (387 million) nodes once expanded, from a few hundred bytes.
  std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 9; ++i) {
    std::string prev = "*a" + std::to_string(i - 1);
    bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + Repeat(prev + ", ", 8) + prev + "]\n";
  }
  SourceFile f("bomb.yaml", bomb);
  DocNode root;
  std::vector<Diagnostic> diags;
  DocLimits small;
  small.max_nodes = 10'000;
  CHECK_FALSE(ParseDoc(f, root, diags, small));
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].code == "too-large");
  CHECK(diags[0].message.en == "document has more than 10000 nodes (after aliases)");
  // The default limit holds too, for a rule file and for an applicant file.
  auto rs = Load(bomb + "program: t.p\n");
  REQUIRE(Find(*rs, "too-large"));
  CHECK(Find(*rs, "too-large")->message.en == "document has more than 2000000 nodes (after aliases)");
  // An applicant file stops far earlier: 200,000 nodes.
  Applicant a;
  diags.clear();
  CHECK_FALSE(ParseApplicant(f, a, diags));
  REQUIRE_FALSE(diags.empty());
  CHECK(diags[0].code == "too-large");
  CHECK(diags[0].message.en == "document has more than 200000 nodes (after aliases)");
}

TEST_CASE("applicant file size: 1 MiB", "[limits]") {
  auto dir = std::filesystem::temp_directory_path() / ("elig-applicant-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string body = "note: \"" + std::string(1024 * 1024 - 9, 'a') + "\"\n";
  REQUIRE(body.size() == 1024 * 1024);
  std::ofstream(dir / "ok.yaml") << body;
  std::ofstream(dir / "big.yaml") << body << "x: 1\n";
  SourceSet sources;
  Applicant ok, big;
  std::vector<Diagnostic> diags;
  CHECK(ReadApplicantFile((dir / "ok.yaml").string(), sources, ok, diags));
  CHECK(diags.empty());
  CHECK_FALSE(ReadApplicantFile((dir / "big.yaml").string(), sources, big, diags));
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].message.en == "the file is 1048581 bytes; the limit is 1048576");
  std::filesystem::remove_all(dir);
}

TEST_CASE("rule file size: 4 MiB", "[limits]") {
  std::string program = "program: t.p\n# ";
  std::string big = program + std::string(4 * 1024 * 1024 - program.size() - 1, 'a') + "\n";
  REQUIRE(big.size() == 4 * 1024 * 1024);
  auto at_limit = Load(big);
  CHECK(at_limit->ok());
  auto over = Load(big + " ");
  REQUIRE(Find(*over, "too-large"));
  CHECK(Find(*over, "too-large")->message.en == "the file is larger than 4194304 bytes");
  // From a directory the file is never read into memory.
  auto dir = std::filesystem::temp_directory_path() / ("elig-limits-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "big.yaml") << big << " ";
  auto rs = RuleSet::LoadDir(dir.string());
  REQUIRE_FALSE(rs->diagnostics().empty());
  CHECK(rs->diagnostics()[0].message.en == "the file is 4194305 bytes; the limit is 4194304");
  std::filesystem::remove_all(dir);
}

TEST_CASE("rules per section, facts, enum values and table rows: 10,000", "[limits]") {
  auto requirements = [](size_t n) {
    std::string t = std::string(kProgramHead) + "requirements:\n";
    for (size_t i = 0; i < n; ++i) t += "  - { id: r" + std::to_string(i) + ", rule: x > 0 }\n";
    return t;
  };
  CHECK(Load(requirements(10'000))->ok());
  auto over = Load(requirements(10'001));
  REQUIRE(Find(*over, "too-large"));
  CHECK(Find(*over, "too-large")->message.en == "more than 10000 requirements");
  CHECK(Find(*over, "too-large")->loc.line == 6);

  std::string facts = "program: t.p\nfacts:\n";
  for (int i = 0; i <= 10'000; ++i) facts += "  f" + std::to_string(i) + ": int\n";
  auto many_facts = Load(facts);
  REQUIRE(Find(*many_facts, "too-large"));
  CHECK(Find(*many_facts, "too-large")->message.en == "more than 10000 facts");

  std::string scoring = std::string(kProgramHead) + "scoring:\n";
  for (int i = 0; i <= 10'000; ++i) scoring += "  - { id: s" + std::to_string(i) + ", points: 1, when: x > 0 }\n";
  CHECK(Find(*Load(scoring), "too-large"));

  std::string values;
  for (int i = 0; i <= 10'000; ++i) values += (i ? ", v" : "v") + std::to_string(i);
  auto big_enum = Load("program: t.p\nfacts:\n  e:\n    type: enum\n    values: [" + values + "]\n");
  REQUIRE(Find(*big_enum, "too-large"));
  CHECK(Find(*big_enum, "too-large")->message.en == "an enum has more than 10000 values");
  // Written inline, such a type is first of all longer than a text may be.
  auto inline_enum = Load("program: t.p\nfacts:\n  e: enum[" + values + "]\n");
  REQUIRE(Find(*inline_enum, "too-large"));
  CHECK(Find(*inline_enum, "too-large")->message.en == "`type` is longer than 16384 bytes");

  std::string rows = "program: t.p\nfacts:\n  e: enum[a]\ntables:\n  t:\n    key: e\n    rows:\n";
  for (int i = 0; i <= 10'000; ++i) rows += "      r" + std::to_string(i) + ": { c: 1 }\n";
  auto big_table = Load(rows);
  REQUIRE(Find(*big_table, "too-large"));
  CHECK(Find(*big_table, "too-large")->message.en == "the table `t` has more than 10000 rows");
}

TEST_CASE("text and citation length: 16 KiB", "[limits]") {
  auto with_cite = [](size_t n) {
    return std::string(kProgramHead) + "requirements:\n  - { id: r, rule: x > 0, cite: " + std::string(n, 'c') + " }\n";
  };
  CHECK(Load(with_cite(16 * 1024))->ok());
  auto over = Load(with_cite(16 * 1024 + 1));
  REQUIRE(Find(*over, "too-large"));
  CHECK(Find(*over, "too-large")->message.en == "`cite` is longer than 16384 bytes");
  CHECK(Find(*over, "too-large")->loc.line == 6);
}

TEST_CASE("applicant values: text 16 KiB, lists 10,000 items", "[limits]") {
  test::Program p("program: t.p\nfacts:\n  t: text\n  l: list[int]\nrequirements:\n  - { id: r, rule: len(t) > 0 and len(l) > 0 }\n");
  CHECK(p.Decide({{"t", std::string(16 * 1024, 'a')}}).issues.empty());
  auto s = p.Decide({{"t", std::string(16 * 1024 + 1, 'a')}});
  REQUIRE(s.issues.size() == 1);
  CHECK(s.issues[0] == "t: the text is longer than 16 KiB");
  CHECK(s.outcome == "undetermined");
  CHECK(s.missing == std::vector<std::string>{"t", "l"});

  Applicant a;
  RawFact f;
  f.name = "l";
  f.value.type = RawValue::Type::kList;
  RawValue one;
  one.type = RawValue::Type::kScalar;
  one.text = "1";
  f.value.items.assign(10'000, one);
  a.facts.push_back(f);
  CHECK(Bind(p.compiled(), a).issues.empty());
  a.facts[0].value.items.push_back(one);
  FactValues bound = Bind(p.compiled(), a);
  REQUIRE(bound.issues.size() == 1);
  CHECK(bound.issues[0].fact == "l");
  CHECK(bound.issues[0].message.en == "the list has more than 10,000 items");
}

TEST_CASE("numbers: 64-bit exact, and larger is number-too-large, overflow an error", "[limits]") {
  CHECK(ParseExpression("9_223_372_036_854_775_807").root);
  CHECK(FirstError("9_223_372_036_854_775_808").code == "number-too-large");
  CHECK(FirstError("0.0000000000000000001").code == "number-too-large");  // 10^19 as a denominator
  auto rs = Load(WithRule("x < 99999999999999999999"));
  REQUIRE(Find(*rs, "number-too-large"));
  CHECK(Find(*rs, "number-too-large")->loc.line == 7);
  CHECK(Find(*rs, "number-too-large")->loc.column == 16);

  // Arithmetic that leaves the range is an evaluation error: never a wrapped value, never a decision.
  test::Program p(std::string(kProgramHead) + "requirements:\n  - { id: r, rule: x * 2 > 0 }\naward: y * 3\n");
  auto s = p.Decide({{"x", "4611686018427387904"}, {"y", "1"}});
  CHECK(s.outcome == "undetermined");
  REQUIRE(s.errors.size() == 1);
  CHECK(s.errors[0] == "r: the product of 4,611,686,018,427,387,904 and 2 is out of range");
  auto a = p.Decide({{"x", "1"}, {"y", "3074457345618258603"}});
  CHECK(a.award == "none");
  CHECK(p.DecideFast({{"x", "4611686018427387904"}, {"y", "1"}}).outcome == "undetermined");

  // known() of an expression that errs is false, and that error is not the decision's: the
  // award says its own overflow, not the one known() answered for.
  test::Program k(std::string(kProgramHead) +
                  "requirements:\n  - { id: r, rule: \"not known(x * 2)\" }\naward: \"(if known(x * 2) then 1 else 2) * y\"\n");
  auto ks = k.Decide({{"x", "4611686018427387904"}, {"y", "4611686018427387904"}});
  CHECK(ks.outcome == "eligible");
  CHECK(ks.award == "none");
  CHECK(ks.errors == std::vector<std::string>{"award: the product of 2 and 4,611,686,018,427,387,904 is out of range"});
  CHECK(k.DecideFast({{"x", "4611686018427387904"}, {"y", "4611686018427387904"}}).award == "none");

  // Applicant numbers past the range are input problems naming the fact.
  auto big = p.Decide({{"x", "9223372036854775808"}});
  REQUIRE(big.issues.size() == 1);
  CHECK(big.issues[0] == "x: expected a whole number like `12` or `12人`, got `9223372036854775808`");
  CHECK(big.outcome == "undetermined");
}

TEST_CASE("numbers: regressions found by fuzzing and review", "[limits]") {
  // `1/1/1/…` recursed once per slash (a stack overflow from one applicant value).
  CHECK_FALSE(Rational::Parse("1/2/3"));
  CHECK_FALSE(Rational::Parse(Repeat("1/", 1'000'000) + "1"));
  CHECK(Rational::Parse("-6/4")->ToString() == "-1.5");
  CHECK(Rational::Parse("2/6")->ToString() == "1/3");
  // 1/2^62 terminates after 62 decimals: more than 128 bits hold; printed exactly as a fraction.
  CHECK(Rational::Make(1, int64_t{1} << 62)->ToString() == "1/4611686018427387904");
  CHECK(Rational::Make(-3, int64_t{1} << 30)->ToString() == "-0.000000002793967723846435546875");
  CHECK(Rational::Make(-3, int64_t{1} << 40)->ToString() == "-3/1099511627776");  // 40 decimals: past 128 bits
  CHECK(Rational::Make(1, 1'000'000'000'000'000'000)->ToString() == "0.000000000000000001");
  // Date arithmetic stays in the calendar dates are written in (0001..9999): 716 steps of
  // 3,000,000 days used to wrap 32 bits into a date before the start.
  test::Program p("program: t.p\nfacts:\n  d: date\nrequirements:\n  - { id: r, rule: d + 3000000 > d }\n"
                  "  - { id: q, rule: d - 1 < d }\n");
  auto s = p.Decide({{"d", "2026-01-01"}});
  CHECK(s.outcome == "undetermined");
  REQUIRE(s.errors.size() == 1);
  CHECK(s.errors[0] == "r: the date is out of range (before 0001-01-01 or after 9999-12-31)");
  CHECK(p.Decide({{"d", "0001-01-01"}}).errors == std::vector<std::string>{"q: the date is out of range (before 0001-01-01 or after 9999-12-31)"});
  std::string error;
  Value end = Value::OfDate(*ParseDate("9999-12-31"));
  CHECK(Apply(ValueOp::kAdd, end, Value::Number(Rational(1)), error).kind == VKind::kError);
  CHECK(Apply(ValueOp::kSub, end, Value::Number(Rational(1)), error).kind == VKind::kDate);
}

TEST_CASE("compile limit: instructions per program", "[limits]") {
  RuleSetOptions tight;
  tight.compile.max_instructions = 3;
  auto rs = Load(WithRule("x > 1 and x < 9 and y > 0 yen"), tight);
  REQUIRE(Find(*rs, "too-large"));
  const std::string& message = Find(*rs, "too-large")->message.en;
  CHECK(message.rfind("the program compiles to ", 0) == 0);
  CHECK(message.find(" instructions; the limit is 3") != std::string::npos);
  CHECK(rs->programs().empty());
  CHECK(Load(WithRule("x > 1 and x < 9 and y > 0 yen"))->ok());
}

TEST_CASE("files under one root", "[limits]") {
  auto dir = std::filesystem::temp_directory_path() / ("elig-files-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  for (int i = 0; i < 3; ++i) std::ofstream(dir / ("p" + std::to_string(i) + ".yaml")) << "program: p" << i << "\n";
  RuleSetOptions two;
  two.max_files = 2;
  auto rs = RuleSet::LoadDir(dir.string(), two);
  REQUIRE(Find(*rs, "too-large"));
  CHECK(Find(*rs, "too-large")->message.en == "more than 2 rule files");
  CHECK(RuleSet::LoadDir(dir.string())->programs().size() == 3);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a one-line JSON applicant of 100,000 values is read in linear time", "[limits]") {
  // Columns were counted from the line start for every value: quadratic on one-line JSON.
  std::string json = "{\"é\": 0, \"l\": [";
  for (int i = 0; i < 100'000; ++i) json += i ? ",1" : "1";
  json += "]}";
  SourceFile f("a.json", json);
  Applicant a;
  std::vector<Diagnostic> diags;
  REQUIRE(ParseApplicant(f, a, diags));
  REQUIRE(a.facts.size() == 2);
  const auto& items = a.facts[1].value.items;
  REQUIRE(items.size() == 100'000);
  CHECK(items.back().loc.offset == json.size() - 3);
  CHECK(items.back().loc.column == json.size() - 3);  // one column less than bytes: é is two bytes
  CHECK(items.back().loc.line == 1);
}

TEST_CASE("a section with more entries than max_rules is an error, whatever its kind", "[limits][rules]") {
  RuleSetOptions options;
  options.load.max_rules = 2;
  const std::string head = "program: t.many\nfacts:\n  x: int\n";
  auto too_large = [&](const std::string& body) {
    auto rs = RuleSet::LoadTexts({{"p.yaml", head + body}}, options);
    for (const auto& d : rs->diagnostics())
      if (d.code == "too-large") return d.message.en;
    return std::string();
  };
  CHECK(too_large("requirements:\n  - { id: a, rule: x > 1 }\n  - { id: b, rule: x > 2 }\n").empty());
  CHECK_FALSE(too_large("requirements:\n  - { id: a, rule: x > 1 }\n  - { id: b, rule: x > 2 }\n  - { id: c, rule: x > 3 }\n")
                  .empty());
  CHECK_FALSE(too_large("scoring:\n  - { id: a, points: 1, when: x > 1 }\n  - { id: b, points: 1, when: x > 2 }\n"
                        "  - { id: c, points: 1, when: x > 3 }\n")
                  .empty());
  CHECK_FALSE(too_large("define:\n  a: x + 1\n  b: x + 2\n  c: x + 3\n").empty());
}
