// SPDX-License-Identifier: Apache-2.0
// Wrong answers and gaps in the rules language, its checks and what elig prints, each held by
// a test named after what it guards (docs/security.md lists them with the input that showed them).
#include <catch2/catch.hpp>

#include <algorithm>
#include <climits>
#include <string>
#include <vector>

#include "common/date.hpp"
#include "common/utf8.hpp"
#include "compile/lint.hpp"
#include "compile/ruleset.hpp"
#include "eval/screen.hpp"
#include "explain/doc.hpp"
#include "explain/explain.hpp"
#include "explain/views.hpp"
#include "test_cli_support.hpp"
#include "test_support.hpp"

using namespace elig;

TEST_CASE("len of a text counts characters not bytes, and the page says so", "[rules][len]") {
  test::Program p(
      "program: t.len\n"
      "title: { ja: 文字数, en: Length }\n"
      "facts:\n  name: text\n"
      "requirements:\n"
      "  - { id: short-name, rule: len(name) <= 3 }\n"
      "  - id: two-names\n    rule: 'len([name, \"x\"]) == 2'\n"
      "  - { id: literal, rule: len(\"群馬県\") == 3 }\n"
      "award: 'len(name) * 1000 yen + len([name, \"x\"]) * 1 yen'\n");
  CHECK(p.Outcome({{"name", "群馬県"}}) == "eligible");
  CHECK(p.Outcome({{"name", "𠮷野家"}}) == "eligible");
  CHECK(p.Outcome({{"name", "群馬県庁"}}) == "ineligible");
  CHECK(p.DecideFast({{"name", "群馬県"}}).outcome == "eligible");
  CHECK(p.Award({{"name", "𠮷野家"}}) == "3002");
  std::string ja = RenderProgramDoc(p.compiled(), {Lang::kJa, DocFormat::kMarkdown});
  std::string en = RenderProgramDoc(p.compiled(), {Lang::kEn, DocFormat::kMarkdown});
  CHECK(ja.find("nameの文字数") != std::string::npos);
  CHECK(en.find("the number of characters in name") != std::string::npos);
  // A list still counts its items.
  CHECK(ja.find("\\[name, 「x」\\]の数") != std::string::npos);
  CHECK(en.find("the number of \\[name, \"x\"\\]") != std::string::npos);
}

namespace {

std::unique_ptr<RuleSet> Load(const std::string& program, const RuleSetOptions& options = {}) {
  return RuleSet::LoadTexts({{"p.yaml", program}}, options);
}

// The first diagnostic with `code`, or null.
const Diagnostic* Find(const std::vector<Diagnostic>& ds, const std::string& code) {
  for (const auto& d : ds)
    if (d.code == code) return &d;
  return nullptr;
}

const char* kHead = "program: t.p\nfacts:\n  x: int\n  y: yen\n  d: date\n";

std::string WithRule(const std::string& rule, const std::string& rest = "") {
  return std::string(kHead) + rest + "requirements:\n  - id: r\n    rule: \"" + rule + "\"\n";
}

}  // namespace

TEST_CASE("a constant that fails for every applicant is a compile error", "[rules][lint]") {
  auto rate = Load(std::string(kHead) + "parameters:\n  rate: 1/0\nrequirements:\n  - { id: r, rule: x > 0 }\naward: y * rate\n");
  REQUIRE_FALSE(rate->ok());
  const Diagnostic* d = Find(rate->diagnostics(), "constant-error");
  REQUIRE(d);
  CHECK(d->message.en == "`1/0` fails for every applicant: division by zero");
  CHECK(d->loc.line == 7);
  CHECK(d->loc.column == 9);
  auto rule = Load(WithRule("x > 9223372036854775807 + 1"));
  REQUIRE(Find(rule->diagnostics(), "constant-error"));
  CHECK(Find(rule->diagnostics(), "constant-error")->message.en ==
        "`9223372036854775807 + 1` fails for every applicant: the sum of 9,223,372,036,854,775,807 and 1 is out of range");
  // A division by a fact is decided per applicant.
  CHECK(Load(WithRule("100 / x > 1"))->ok());
}

TEST_CASE("a fact whose min is above its max is refused", "[rules][lint]") {
  auto rs = Load("program: t.p\nfacts:\n  x: { type: int, min: 10, max: 5 }\nrequirements:\n  - { id: r, rule: x > 0 }\n");
  REQUIRE_FALSE(rs->ok());
  const Diagnostic* d = Find(rs->diagnostics(), "bad-value");
  REQUIRE(d);
  CHECK(d->message.en == "`min:` 10 is above `max:` 5: no value of `x` is allowed");
  CHECK(d->loc.line == 3);
  CHECK(Load("program: t.p\nfacts:\n  x: { type: int, min: 5, max: 5 }\nrequirements:\n  - { id: r, rule: x > 0 }\n")->ok());
}

TEST_CASE("membership in an empty list is refused", "[rules][lint]") {
  auto in = Load(WithRule("x in []"));
  REQUIRE_FALSE(in->ok());
  REQUIRE(Find(in->diagnostics(), "empty-list"));
  CHECK(Find(in->diagnostics(), "empty-list")->message.en == "`in []` never holds: the list is empty");
  auto not_in = Load(WithRule("x not in []"));
  REQUIRE(Find(not_in->diagnostics(), "empty-list"));
  CHECK(Find(not_in->diagnostics(), "empty-list")->message.en == "`not in []` always holds: the list is empty");
  CHECK(Load(WithRule("x in [1, 2]"))->ok());
}

TEST_CASE("a test case without expect is an error not a pass", "[rules][test]") {
  SourceSet sources;
  auto load = [&](const std::string& name, const std::string& text) {
    TestFile tf;
    std::vector<Diagnostic> diags;
    bool ok = LoadTestFile(sources.Add(name, text), tf, diags);
    return std::make_pair(ok, diags);
  };
  auto [none_ok, none] = load("none.test.yaml", "program: t.p\ncases:\n  - name: nothing\n    facts: { x: 1 }\n");
  CHECK_FALSE(none_ok);
  REQUIRE(Find(none, "missing-key"));
  CHECK(Find(none, "missing-key")->message.en == "every case needs an `expect:` (outcome, score, award, failed, missing)");
  CHECK(Find(none, "missing-key")->loc.line == 3);
  auto [empty_ok, empty] = load("empty.test.yaml", "program: t.p\ncases:\n  - name: nothing\n    facts: { x: 1 }\n    expect: {}\n");
  CHECK_FALSE(empty_ok);
  REQUIRE(Find(empty, "missing-key"));
  CHECK(Find(empty, "missing-key")->message.en == "`expect:` names nothing to check (outcome, score, award, failed, missing)");
  auto [good_ok, good] = load("good.test.yaml",
                              "program: t.p\ncases:\n  - name: one\n    facts: { x: 1 }\n    expect: { outcome: eligible }\n");
  CHECK(good_ok);
  CHECK(good.empty());
}

TEST_CASE("a date moved past the calendar says out of range", "[rules][limits]") {
  test::Program p(std::string(kHead) + "requirements:\n  - { id: r, rule: d + 9999999 > d }\n"
                  "  - { id: q, rule: d - 9999999 < d }\n  - { id: h, rule: d + 1/2 > d }\n");
  auto s = p.Decide({{"d", "2026-01-01"}});
  CHECK(s.errors == std::vector<std::string>{"r: the date is out of range (before 0001-01-01 or after 9999-12-31)",
                                             "q: the date is out of range (before 0001-01-01 or after 9999-12-31)",
                                             "h: a date can only move by a whole number of days"});
  // A long move that lands inside the calendar is a date.
  test::Program far(std::string(kHead) + "requirements:\n  - { id: r, rule: d + 3650000 > d }\n");
  CHECK(far.Outcome({{"d", "0001-01-01"}}) == "eligible");
  CHECK(far.Outcome({{"d", "2026-01-01"}}) == "undetermined");
}

TEST_CASE("the definition depth limit is the one docs/language.md states", "[rules][limits]") {
  // d0 … d(n-1), each the next plus one, and d(n): x; `d0 > 100` uses the chain.
  auto chain = [](size_t n, bool plus) {
    std::string t = std::string(kHead) + "define:\n";
    for (size_t i = 0; i < n; ++i) t += "  d" + std::to_string(i) + ": d" + std::to_string(i + 1) + (plus ? " + 1\n" : "\n");
    t += "  d" + std::to_string(n) + ": x\nrequirements:\n  - { id: r, rule: d0 > 100 }\n";
    return t;
  };
  auto longest = [&](bool plus) {
    size_t defs = 0;
    for (size_t n = 100; n < 300 && Load(chain(n, plus))->ok(); ++n) defs = n + 1;
    return defs;
  };
  const size_t with_plus = longest(true);
  CHECK(with_plus == 127);
  CHECK(longest(false) == 2 * with_plus);
  const std::string doc = test::Slurp(std::string(ELIG_SOURCE_DIR) + "/docs/language.md");
  CHECK(doc.find("past " + std::to_string(with_plus) + "\ndefinitions (`d0` … `d" + std::to_string(with_plus - 1) + "`)") !=
        std::string::npos);
  CHECK(doc.find("A chain of plain names (`a: b`) reaches twice as far.") != std::string::npos);
  CHECK(doc.find("| 256 | checking, compiling and evaluating recurse on it |") != std::string::npos);
}

namespace {

std::vector<std::string> LintCodes(const std::string& program) {
  auto rs = Load(program);
  REQUIRE(rs->ok());
  std::vector<std::string> codes;
  for (const auto& d : Lint(*rs, *ParseDate("2026-06-01"))) codes.push_back(d.code);
  return codes;
}

bool Has(const std::vector<std::string>& codes, const std::string& code) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

}  // namespace

TEST_CASE("an award below zero is an evaluation error, never a negative amount", "[rules][award]") {
  test::Program p(std::string(kHead) + "requirements:\n  - { id: r, rule: x > 0 }\naward: y - 500 yen\n");
  auto s = p.Decide({{"x", "1"}, {"y", "100"}});
  CHECK(s.award == "none");
  CHECK(s.outcome == "eligible");
  CHECK(s.errors == std::vector<std::string>{
                        "award: the award works out below zero (-400 yen); no one is granted a negative amount"});
  CHECK(p.DecideFast({{"x", "1"}, {"y", "100"}}).award == "none");
  CHECK(p.Decide({{"x", "1"}, {"y", "500"}}).award == "0");
  CHECK(p.Award({{"x", "1"}, {"y", "900"}}) == "400");
  // Screening, which batch, rank and every door read, has no award to give either.
  FactValues facts = Bind(p.compiled(), test::MakeApplicant({{"x", "1"}, {"y", "100"}}));
  for (ScreenPath path : {ScreenPath::kFast, ScreenPath::kRules}) {
    ScreenOptions o;
    o.as_of = *ParseDate("2026-06-01");
    o.path = path;
    Screening sc = Screen({&p.compiled()}, {facts}, o);
    CHECK_FALSE(sc.programs[0].award);
    CHECK_FALSE(sc.programs[0].final_award);
    CHECK(sc.programs[0].errors.size() == 1);
  }
}

TEST_CASE("lint warns when the award formula can go below zero", "[rules][lint][award]") {
  const std::string rules = "requirements:\n  - { id: r, rule: x > 0 }\n";
  auto with = [&](const std::string& facts, const std::string& award, const std::string& more = "") {
    return LintCodes("program: t.p\nfacts:\n" + facts + more + rules + "award: " + award + "\n");
  };
  CHECK(Has(with("  x: int\n  y: yen\n", "y - 500 yen"), "negative-award"));
  CHECK(Has(with("  x: int\n  y: { type: yen, min: 0 }\n", "y - 500 yen"), "negative-award"));
  CHECK_FALSE(Has(with("  x: int\n  y: { type: yen, min: 500 }\n", "y - 500 yen"), "negative-award"));
  CHECK(Has(with("  x: int\n  y: yen\n", "floor(y * 2/3)"), "negative-award"));
  CHECK_FALSE(Has(with("  x: int\n  y: { type: yen, min: 0 }\n", "min(floor(y * rate), cap)",
                       "parameters:\n  rate: 2/3\n  cap: { 2025-04-01: 500_000 yen, 2026-04-01: 1_000_000 yen }\n"),
                  "negative-award"));
  CHECK_FALSE(Has(with("  x: int\n  y: yen\n", "max(y - 500 yen, 0 yen)"), "negative-award"));
  CHECK(Has(with("  x: int\n  y: { type: yen, min: 0 }\n", "if x > 5 then y else 0 yen - y"), "negative-award"));
  CHECK_FALSE(Has(with("  x: int\n  y: { type: yen, min: 0 }\n", "y / x"), "negative-award"));  // x > 0 when granted
  CHECK(Has(with("  x: int\n  y: { type: yen, min: 0 }\n", "y * (x - 3)"), "negative-award"));
  // A requirement that every granted applicant meets narrows the facts.
  CHECK_FALSE(Has(LintCodes("program: t.p\nfacts:\n  y: yen\nrequirements:\n  - { id: r, rule: y >= 500 yen }\n"
                            "award: y - 500 yen\n"),
                  "negative-award"));
  auto rs = Load("program: t.p\nfacts:\n  y: yen\nrequirements:\n  - { id: r, rule: y > 0 yen }\naward: y - 500 yen\n");
  auto ds = Lint(*rs, *ParseDate("2026-06-01"));
  const Diagnostic* d = Find(ds, "negative-award");
  REQUIRE(d);
  CHECK(d->message.en == "the award of `t.p` can work out below zero (as low as -499 yen) for an applicant the facts' types "
                      "and `min`/`max` allow");
  CHECK(d->loc.line == 6);
  CHECK(d->loc.column == 8);
}

TEST_CASE("a score out of range is an error, never a complete score to rank by", "[rules][score]") {
  test::Program p(std::string(kHead) + "requirements:\n  - { id: r, rule: x > 0 }\nscoring:\n"
                  "  - { id: big, points: 9223372036854775807, when: x > 1 }\n"
                  "  - { id: one, points: 1, when: x > 2 }\n"
                  "  - { id: half, points: 100 / (x - 4), when: x > 3 }\n");
  FactValues keep;
  Decision d = p.Raw({{"x", "3"}}, "2026-06-01", &keep);
  CHECK(OutcomeName(d.outcome) == std::string("undetermined"));
  CHECK_FALSE(d.score_complete);
  CHECK(d.errors == std::vector<std::string>{"one: the score is out of range"});
  CHECK(p.DecideFast({{"x", "3"}}).outcome == "undetermined");
  // Points that fail are an error too.
  Decision z = p.Raw({{"x", "4"}});
  CHECK(OutcomeName(z.outcome) == std::string("undetermined"));
  CHECK_FALSE(z.score_complete);
  CHECK(std::find(z.errors.begin(), z.errors.end(), "half: division by zero") != z.errors.end());
  CHECK(p.DecideFast({{"x", "4"}}).outcome == "undetermined");
  // A refusal stays a refusal; a score in range is complete.
  CHECK(p.Outcome({{"x", "0"}}) == "ineligible");
  Decision ok = p.Raw({{"x", "2"}});
  CHECK(OutcomeName(ok.outcome) == std::string("eligible"));
  CHECK(ok.score_complete);
  CHECK(ok.score == Rational(INT64_MAX));
  // Text says the score is not complete.
  CHECK(p.Text({{"x", "3"}}, Lang::kEn).find("(some items unknown)") != std::string::npos);
}

TEST_CASE("check text output escapes terminal control sequences in applicant text", "[rules][terminal]") {
  test::Program p("program: t.p\nfacts:\n  name: text\nrequirements:\n  - { id: r, rule: name == \"群馬県\" }\n");
  const std::string hostile = "\x1b]0;owned\x07\x1b[2J\xe2\x80\xae" "県馬群\xc2\x9b" "31m";
  for (Lang lang : {Lang::kJa, Lang::kEn}) {
    std::string text = p.Text({{"name", hostile}}, lang);
    CHECK(text.find('\x1b') == std::string::npos);
    CHECK(text.find('\x07') == std::string::npos);
    CHECK(text.find("\xe2\x80\xae") == std::string::npos);
    CHECK(text.find("\xc2\x9b") == std::string::npos);
    CHECK(text.find("name = \"\\x1B]0;owned\\x07\\x1B[2J\\u202E県馬群\\u009B31m\"") != std::string::npos);
  }
  // The match view (elig match, ask) shows the applicant's id and the reasons the same way.
  FactValues facts = Bind(p.compiled(), test::MakeApplicant({{"name", hostile}}));
  ScreenOptions so;
  so.as_of = *ParseDate("2026-06-01");
  so.path = ScreenPath::kReasons;
  Screening sc = Screen({&p.compiled()}, {facts}, so);
  for (Lang lang : {Lang::kJa, Lang::kEn}) {
    std::string match = RenderMatchText(sc, "id\x1b]0;owned\x07", MatchViewOptions{lang, false, false, Audience::kOfficial});
    CHECK(match.find('\x1b') == std::string::npos);
    CHECK(match.find("\xe2\x80\xae") == std::string::npos);
    CHECK(match.find("id\\x1B]0;owned\\x07") != std::string::npos);
  }
  // The same escapes as input-error messages use (one helper).
  CHECK(utf8::Printable("a\xe2\x80\xae" "b\xe2\x81\xa6" "c\xc2\x85") == "a\\u202Eb\\u2066c\\u0085");
  CHECK(utf8::Printable("群馬県") == "群馬県");
}

TEST_CASE("explain refuses a compact decision that contradicts itself", "[rules][explain]") {
  test::Program p(std::string(kHead) + "window: 2026-04-01 .. 2027-03-31\nrequirements:\n  - { id: r, rule: x > 0 }\n"
                  "exclusions:\n  - { id: e, rule: x > 100 }\nscoring:\n  - { id: s, points: 10, when: x > 5 }\naward: 1000 yen\n");
  auto compact = [&](const std::string& x, const std::string& as_of = "2026-06-01") {
    return RenderCompactJson(p.Raw({{"x", x}}, as_of));
  };
  auto read = [&](const std::string& json) {
    CompactDecision out;
    std::string error;
    bool ok = ReadCompactJson(p.compiled(), json, out, error);
    return ok ? std::string("ok") : error;
  };
  auto edit = [](std::string s, const std::string& from, const std::string& to) {
    auto at = s.find(from);
    REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
  };
  const std::string eligible = compact("10");
  REQUIRE(read(eligible) == "ok");
  REQUIRE(read(compact("0")) == "ok");
  REQUIRE(read(compact("200")) == "ok");
  REQUIRE(read(compact("10", "2028-01-01")) == "ok");
  const std::string head = "not a compact decision JSON of `t.p`: it contradicts itself: ";
  CHECK(read(edit(eligible, "\"outcome\":\"eligible\"", "\"outcome\":\"ineligible\"")) ==
        head + "the outcome is `ineligible` but every requirement holds and no exclusion applies");
  CHECK(read(edit(compact("0"), "\"outcome\":\"ineligible\"", "\"outcome\":\"eligible\"")) ==
        head + "the outcome is `eligible` but the requirement `r` fails");
  CHECK(read(edit(compact("200"), "\"outcome\":\"ineligible\"", "\"outcome\":\"undetermined\"")) ==
        head + "the outcome is `undetermined` but the exclusion `e` applies");
  CHECK(read(edit(eligible, "\"outcome\":\"eligible\"", "\"outcome\":\"closed\"")) ==
        head + "the outcome is `closed` but the window is open");
  CHECK(read(edit(eligible, "\"window_open\":true", "\"window_open\":false")) ==
        head + "`window_open` is false but 2026-06-01 is inside the application window");
  CHECK(read(edit(eligible, "\"award\":1000", "\"award\":-400")) == head + "the award -400 is below zero");
  CHECK(read(edit(compact("0"), "\"award\":0", "\"award\":1000")) ==
        head + "an applicant refused (the requirement `r` fails) is given an award other than 0");
  CHECK(read(edit(eligible, "\"score\":10", "\"score\":99")) ==
        head + "the score is 99 but the points of the items that hold add up to 10");
}

TEST_CASE("diff and test output escape terminal control sequences as check does", "[rules][terminal]") {
  const std::string hostile = "\x1b]0;owned\x07\xe2\x80\xae" "県馬群";
  auto clean = [](const std::string& out) {
    CHECK(out.find('\x1b') == std::string::npos);
    CHECK(out.find('\x07') == std::string::npos);
    CHECK(out.find("\xe2\x80\xae") == std::string::npos);
  };
  // elig diff: the applicant's id from the applicants file.
  DiffReport report;
  report.old_dir = "old";
  report.new_dir = "new";
  report.applicants = 1;
  DecisionChange change;
  change.applicant = "A-1" + hostile;
  change.program = "t.p";
  change.outcome = true;
  change.new_side.outcome = Outcome::kEligible;
  change.rules = {"r"};
  report.changes.push_back(change);
  for (Lang lang : {Lang::kJa, Lang::kEn}) {
    std::string diff = RenderDiffText(report, lang);
    clean(diff);
    CHECK(diff.find("A-1\\x1B]0;owned\\x07\\u202E県馬群  t.p") != std::string::npos);
  }
  // elig test: a failing case's name and the values it reports.
  namespace fs = std::filesystem;
  fs::path dir = clitest::Scratch() / "terminal-rules";
  clitest::Spit(dir / "p.yaml", "program: t.p\nfacts:\n  name: text\nrequirements:\n  - { id: r, rule: name == \"群馬県\" }\n");
  clitest::Spit(dir / "p.test.yaml", "program: t.p\ncases:\n  - name: \"case \\e]0;owned\\a\\u202e\"\n"
                                     "    as_of: 2026-06-01\n    facts: { name: \"\\e[2J群馬\" }\n    expect: { outcome: eligible }\n");
  auto run = clitest::Elig("test " + clitest::Quote(dir.string()));
  CHECK(run.exit == 3);
  clean(run.out);
  CHECK(run.out.find("case \\x1B]0;owned\\x07\\u202E") != std::string::npos);
  CHECK(run.out.find("\\x1B[2J群馬") != std::string::npos);
}
