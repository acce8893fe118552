// SPDX-License-Identifier: Apache-2.0
// The programs we ship (rules/): they load without errors and lint clean (a past
// edition may only warn that its window closed); every official's case in
// rules/**/*.test.yaml passes, and every requirement, exclusion and scoring item
// is seen both true and false. Also the shared SME definitions, and the Takasaki
// manufacturer exhibiting abroad end to end.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "compile/lint.hpp"
#include "compile/ruleset.hpp"
#include "explain/explain.hpp"
#include "io/applicant.hpp"
#include "io/testfile.hpp"
#include "test_support.hpp"

using namespace elig;
using test::Slurp;

namespace {

const std::string kRoot = ELIG_SOURCE_DIR;
const std::string kRules = kRoot + "/rules";
const std::string kMaker = kRoot + "/examples/gunma-maker.yaml";
const char* const kTakasaki = "gunma.takasaki-trade-fair-2025";

// Every shipped program, by id.
const std::vector<std::string> kShipped = {
    "national.jizokuka-17",           "national.jizokuka-h29",        "national.monozukuri-19",
    "national.it-donyu-2025",         "national.japan-brand-r2",      "gunma.takasaki-trade-fair-2025",
    "gunma.maebashi-trade-fair-2021", "gunma.annaka-trade-fair-2025", "gunma.kiryu-trade-fair-2024",
    "gunma.agri-export-2025",         "gunma.trade-fair-sample",      "national.jetro-local-industry-fairs-2010"};


// Loaded once: a rule set is immutable and shared.
const RuleSet& Shipped() {
  static const std::unique_ptr<RuleSet> rules = RuleSet::LoadDir(kRules);
  return *rules;
}

std::string Ids(const std::vector<LocalText>& v) {
  std::string out;
  for (const auto& s : v) out += s.en + "\n";
  return out;
}

std::string Gaps(const std::vector<CoverageGap>& gaps) {
  std::string out;
  for (const auto& g : gaps) out += g.program + ": " + g.rule + (g.seen_true ? " (never false)\n" : g.seen_false ? " (never true)\n" : " (never decided)\n");
  return out;
}

// Runs one test file given as text against the shipped rules.
std::vector<CaseResult> RunText(const std::string& path, const std::string& text, SourceSet& sources, TestFile& tf,
                                std::vector<Diagnostic>& diags, Coverage* coverage = nullptr) {
  const SourceFile& src = sources.Add(path, text);
  if (!LoadTestFile(src, tf, diags)) return {};
  return RunTestFile(Shipped(), tf, diags, coverage);
}

Applicant ReadMaker() {
  SourceSet sources;
  Applicant a;
  std::vector<Diagnostic> diags;
  bool ok = ReadApplicantFile(kMaker, sources, a, diags);
  INFO(RenderAll(diags, &sources));
  REQUIRE(ok);
  REQUIRE(a.as_of);
  return a;
}

// The applicant with some facts replaced (or added).
Applicant With(Applicant a, const std::map<std::string, std::string>& facts) {
  for (const auto& [name, text] : facts) {
    bool found = false;
    for (auto& f : a.facts)
      if (f.name == name) {
        f.value = RawValue{};
        f.value.type = RawValue::Type::kScalar;
        f.value.text = text;
        found = true;
      }
    if (!found) {
      RawFact f;
      f.name = name;
      f.value.type = RawValue::Type::kScalar;
      f.value.text = text;
      a.facts.push_back(std::move(f));
    }
  }
  return a;
}

struct Decided {
  FactValues facts;  // the decision points into these
  Decision decision;
};

Decided DecideFor(const std::string& program, const Applicant& a) {
  const CompiledProgram* p = Shipped().Find(program);
  REQUIRE(p != nullptr);
  Decided out;
  out.facts = Bind(*p, a);
  EvalOptions o;
  o.as_of = *a.as_of;
  out.decision = Decide(*p, out.facts, o);
  return out;
}

struct CliResult {
  int status = -1;
  std::string out;
};

// Runs the built `elig` from the project root; stderr is discarded.
CliResult RunElig(const std::string& args) {
  CliResult r;
  std::string cmd = "cd '" + kRoot + "' && '" + std::string(ELIG_BINARY) + "' " + args + " 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

}  // namespace

TEST_CASE("the shipped rules load without errors", "[rules]") {
  const RuleSet& rs = Shipped();
  INFO(RenderAll(rs.diagnostics(), &rs.sources()));
  REQUIRE(rs.ok());
  REQUIRE(rs.failed().empty());
  REQUIRE(rs.diagnostics().empty());
  std::set<std::string> ids;
  for (const auto& p : rs.programs()) ids.insert(p->id);
  for (const auto& id : kShipped) {
    INFO("program " << id);
    CHECK(ids.count(id) == 1);
  }
}

TEST_CASE("the shipped rules lint clean, and past editions may only warn that their window closed", "[rules]") {
  const RuleSet& rs = Shipped();
  std::vector<Diagnostic> warnings = Lint(rs, Today());
  std::vector<Diagnostic> unexpected;
  for (const auto& d : warnings)
    if (d.code != "window-closed") unexpected.push_back(d);
  INFO(RenderAll(unexpected, &rs.sources()));
  CHECK(unexpected.empty());
  // Before any window had closed there is nothing at all to warn about.
  CHECK(Lint(rs, *ParseDate("2000-01-01")).empty());
}

TEST_CASE("every shipped program states its window, basis, titles, questions and citations", "[rules]") {
  for (const auto& p : Shipped().programs()) {
    INFO("program " << p->id);
    CHECK(p->window_from.has_value());
    CHECK(p->window_to.has_value());
    CHECK_FALSE(p->basis.empty());
    CHECK_FALSE(p->title.ja.empty());
    CHECK_FALSE(p->title.en.empty());
    for (const auto& f : p->facts) {
      INFO("fact " << f.name);
      CHECK_FALSE(f.ask.ja.empty());
      CHECK_FALSE(f.ask.en.empty());
    }
    for (const auto* rules : {&p->requirements, &p->exclusions, &p->scoring})
      for (const auto& r : *rules) {
        INFO("rule " << r.id);
        CHECK_FALSE(r.cite.empty());
        CHECK_FALSE(r.text.ja.empty());
        CHECK_FALSE(r.text.en.empty());
      }
    // No formula only where the amount is unknown, and then it says why; or where the program
    // gives no money, and then it says what it gives, in words in both languages.
    if (p->award < 0 && !p->benefit) {
      CHECK_FALSE(p->award_note.ja.empty());
      CHECK_FALSE(p->award_note.en.empty());
    }
    if (p->benefit) {
      CHECK_FALSE(p->benefit->says.ja.empty());
      CHECK_FALSE(p->benefit->says.en.empty());
      for (const auto& item : p->benefit->items) {
        CHECK_FALSE(item.what.ja.empty());
        CHECK_FALSE(item.what.en.empty());
      }
    }
    // A consulting program says what it gives.
    if (p->kind == "consulting") CHECK(p->benefit.has_value());
  }
}

TEST_CASE("every official's case passes and covers every rule both ways", "[rules]") {
  const RuleSet& rs = Shipped();
  std::vector<std::string> files = FindTestFiles(kRules);
  REQUIRE(files.size() >= kShipped.size());
  Coverage coverage;
  SourceSet sources;
  std::map<std::string, size_t> cases_per_program;
  size_t passed = 0;
  for (const auto& path : files) {
    INFO("test file " << path);
    TestFile tf;
    std::vector<Diagnostic> diags;
    auto results = RunText(path, Slurp(path), sources, tf, diags, &coverage);
    INFO(RenderAll(diags, &sources));
    REQUIRE(diags.empty());
    REQUIRE_FALSE(results.empty());
    cases_per_program[tf.program] += results.size();
    for (const auto& r : results) {
      INFO("case " << r.test->name << " (line " << r.test->loc.line << ")\n"
                   << Ids(r.mismatches) << r.explanation);
      CHECK(r.passed);
      passed += r.passed ? 1 : 0;
    }
  }
  // At least 12 cases for every shipped program.
  for (const auto& p : rs.programs()) {
    INFO("program " << p->id);
    CHECK(cases_per_program[p->id] >= 12);
  }
  std::vector<CoverageGap> gaps = coverage.Gaps(rs);
  INFO("rules not seen both true and false:\n" << Gaps(gaps));
  CHECK(gaps.empty());
  CHECK(passed >= 12 * kShipped.size());
}

TEST_CASE("a wrong expectation in an official's case is reported, not passed", "[rules]") {
  // The harness above must be able to fail: change one expected award and one fact name.
  std::string path = kRules + "/gunma/takasaki-trade-fair-2025.test.yaml";
  std::string text = Slurp(path);
  const std::string award = "expect: { outcome: eligible, award: 275_000, failed: [] }";
  REQUIRE(text.find(award) != std::string::npos);
  text.replace(text.find(award), award.size(), "expect: { outcome: eligible, award: 275_001, failed: [] }");
  const std::string fact = "fair_sales_only: no,\n             booth_fee: 400_000, decoration_fee: 150_000";
  REQUIRE(text.find(fact) != std::string::npos);
  text.replace(text.find(fact), fact.size(), "fair_sales_onyl: no,\n             booth_fee: 400_000, decoration_fee: 150_000");

  SourceSet sources;
  TestFile tf;
  std::vector<Diagnostic> diags;
  auto results = RunText("mutated.test.yaml", text, sources, tf, diags);
  REQUIRE(diags.empty());
  size_t failed = 0;
  for (const auto& r : results) {
    if (r.passed) continue;
    ++failed;
    std::string all = Ids(r.mismatches);
    CHECK(all.find("award: expected 275001, got 275000") != std::string::npos);
    CHECK(all.find("the program has no fact `fair_sales_onyl`") != std::string::npos);
    CHECK_FALSE(r.explanation.empty());
  }
  CHECK(failed == 1);

  // A test file for a program that is not shipped is a diagnostic with a place.
  TestFile bad;
  std::vector<Diagnostic> bad_diags;
  RunText("unknown.test.yaml", "program: gunma.takasaki-trade-fair\ncases:\n  - name: x\n    expect: { outcome: eligible }\n",
          sources, bad, bad_diags);
  REQUIRE(bad_diags.size() == 1);
  CHECK(bad_diags[0].code == "unknown-program");
  CHECK(bad_diags[0].loc.line == 1);
}

TEST_CASE("a Takasaki manufacturer exhibiting abroad gets min(floor(costs × 1/2), 300,000) yen", "[rules]") {
  Applicant maker = ReadMaker();
  Decided got = DecideFor(kTakasaki, maker);
  const Decision& d = got.decision;
  INFO(RenderText(d, TextOptions{}));
  REQUIRE(got.facts.issues.empty());
  CHECK(d.outcome == Outcome::kEligible);
  REQUIRE(d.award.has_value());
  // booth 385,555 + decoration 160,000 = 545,555 yen; half is 272,777.5, floored.
  CHECK(d.award->ToString() == "272777");

  // The Japanese explanation cites the guideline on every rule.
  TextOptions ja;
  ja.lang = Lang::kJa;
  std::string text = RenderText(d, ja);
  CHECK(text.find("判定: 対象（基準日 2025-10-15）") != std::string::npos);
  CHECK(text.find("根拠: 高崎市技術振興展示会等支援事業 令和7年度 募集案内") != std::string::npos);
  CHECK(text.find("補助額: 272,777円") != std::string::npos);
  CHECK(text.find("[充足] main-office-in-takasaki: 市内に主たる事業所を有すること（高崎市技術振興展示会等支援事業 対象者）") !=
        std::string::npos);
  CHECK(text.find("[充足] sme: 中小企業者であること（高崎市技術振興展示会等支援事業 対象者（中小企業基本法 第2条））") !=
        std::string::npos);
  for (const auto& r : d.requirements) CHECK(text.find("（" + r.rule->cite + "）") != std::string::npos);
  // An exclusion that does not apply reads as such, never as "satisfied".
  REQUIRE_FALSE(d.exclusions.empty());
  for (const auto& r : d.exclusions) {
    REQUIRE(r.result == Tri::kFalse);
    CHECK(text.find("[非該当] " + r.rule->id + ":") != std::string::npos);
    CHECK(text.find("[充足] " + r.rule->id + ":") == std::string::npos);
    CHECK(RenderText(d, TextOptions{}).find("[does not apply] " + r.rule->id + ":") != std::string::npos);
  }

  // The formula to the yen, against integer arithmetic, abroad and in Japan.
  const std::vector<int64_t> costs = {0, 1, 2, 3, 399'999, 400'000, 400'001, 400'002, 599'998, 599'999,
                                      600'000, 600'001, 600'002, 1'234'567, 9'999'999'999};
  for (bool abroad : {true, false}) {
    const int64_t cap = abroad ? 300'000 : 200'000;
    for (int64_t c : costs) {
      Applicant a = With(maker, {{"booth_fee", std::to_string(c)},
                                 {"decoration_fee", "0"},
                                 {"fair_contribution", "0"},
                                 {"fair_location", abroad ? "海外" : "群馬県外"}});
      Decided v = DecideFor(kTakasaki, a);
      INFO("costs " << c << (abroad ? " abroad" : " in Japan"));
      REQUIRE(v.decision.award.has_value());
      CHECK(v.decision.award->ToString() == std::to_string(std::min(c / 2, cap)));
    }
  }
}

TEST_CASE("the Takasaki program refuses, or waits, for the right reasons", "[rules]") {
  Applicant maker = ReadMaker();
  auto failed = [](const Decision& d) {
    std::vector<std::string> out;
    for (const auto& r : d.requirements)
      if (r.result == Tri::kFalse) out.push_back(r.rule->id);
    for (const auto& r : d.exclusions)
      if (r.result == Tri::kTrue) out.push_back(r.rule->id);
    return out;
  };
  {
    Decided v = DecideFor(kTakasaki, With(maker, {{"city", "前橋市"}}));
    CHECK(v.decision.outcome == Outcome::kIneligible);
    CHECK(failed(v.decision) == std::vector<std::string>{"main-office-in-takasaki"});
    REQUIRE(v.decision.award.has_value());
    CHECK(*v.decision.award == Rational(0));
  }
  {
    Decided v = DecideFor(kTakasaki, With(maker, {{"city_tax_arrears", "yes"}}));
    CHECK(failed(v.decision) == std::vector<std::string>{"city-tax-arrears"});
  }
  {
    // A value the program does not know is an input problem: undetermined, never a wrong answer.
    Decided v = DecideFor(kTakasaki, With(maker, {{"fair_location", "外国"}}));
    REQUIRE(v.facts.issues.size() == 1);
    CHECK(v.facts.issues[0].fact == "fair_location");
    CHECK(v.decision.outcome == Outcome::kEligible);
    CHECK_FALSE(v.decision.award.has_value());
  }
  {
    // Outside FY2025 the edition is closed.
    Applicant later = With(maker, {});
    later.as_of = ParseDate("2026-04-01");
    Decided v = DecideFor(kTakasaki, later);
    CHECK(v.decision.outcome == Outcome::kClosed);
  }
}

TEST_CASE("elig check on the sample Gunma applicant: Takasaki pays 272,777 yen, explained in Japanese", "[rules][cli]") {
  CliResult one = RunElig("check --rules rules --program gunma.takasaki-trade-fair-2025 --applicant examples/gunma-maker.yaml --lang ja");
  INFO(one.out);
  CHECK(one.status == 0);
  CHECK(one.out.find("判定: 対象") != std::string::npos);
  CHECK(one.out.find("補助額: 272,777円  = min(floor(takasaki_eligible_costs * rate), cap)") != std::string::npos);
  CHECK(one.out.find("（高崎市技術振興展示会等支援事業 対象となる展示会）") != std::string::npos);

  // Every program at once (the README's demo): the best outcome decides the exit code.
  CliResult all = RunElig("check --rules rules --applicant examples/gunma-maker.yaml --lang ja --brief");
  INFO(all.out);
  CHECK(all.status == 0);
  for (const auto& id : kShipped) CHECK(all.out.find("(" + id + " ") != std::string::npos);
  CHECK(all.out.find("[不充足] in-annaka") != std::string::npos);
  CHECK(all.out.find("補助額: 600,000円") != std::string::npos);  // IT導入補助金2025, 1/2 of 1,200,000
}

namespace {

// A one-rule program over a definition of rules/common/sme.yaml.
std::string OneRule(const std::string& rule) {
  return "program: t.sme\nversion: '1'\ntitle: { ja: t, en: t }\nuse: [common/sme, common/large]\nrequirements:\n  - id: r\n    rule: " +
         rule + "\n";
}

std::string SmeOutcome(const std::string& rule, const std::map<std::string, std::string>& facts) {
  static std::map<std::string, std::unique_ptr<test::Program>> programs;
  auto& p = programs[rule];
  if (!p)
    p = std::make_unique<test::Program>(
        OneRule(rule), std::map<std::string, std::string>{{"common/sme.yaml", Slurp(kRules + "/common/sme.yaml")},
                                                          {"common/large.yaml", Slurp(kRules + "/common/large.yaml")}});
  return p->Outcome(facts);
}

using Facts = std::map<std::string, std::string>;

Facts Company(const std::string& industry, const std::string& capital, const std::string& employees) {
  Facts f = {{"legal_form", "株式会社"}, {"capital", capital}, {"employees", employees}};
  if (!industry.empty()) f["industry"] = industry;
  return f;
}

}  // namespace

TEST_CASE("common/sme: the SME Basic Act limits, at and either side of each", "[rules][sme]") {
  const std::string is_sme = "sme.is_sme";
  // SME-1 manufacturing and others: 300,000,000 yen or 300 employees.
  CHECK(SmeOutcome(is_sme, Company("manufacturing", "300_000_000", "301")) == "eligible");
  CHECK(SmeOutcome(is_sme, Company("manufacturing", "300_000_001", "300")) == "eligible");
  CHECK(SmeOutcome(is_sme, Company("manufacturing", "300_000_001", "301")) == "ineligible");
  CHECK(SmeOutcome(is_sme, Company("other", "300_000_001", "301")) == "ineligible");
  // SME-2 wholesale: 100,000,000 yen or 100.
  CHECK(SmeOutcome(is_sme, Company("wholesale", "100_000_000", "101")) == "eligible");
  CHECK(SmeOutcome(is_sme, Company("wholesale", "100_000_001", "100")) == "eligible");
  CHECK(SmeOutcome(is_sme, Company("wholesale", "100_000_001", "101")) == "ineligible");
  // SME-3 services: 50,000,000 yen or 100.
  CHECK(SmeOutcome(is_sme, Company("service", "50_000_001", "100")) == "eligible");
  CHECK(SmeOutcome(is_sme, Company("service", "50_000_001", "101")) == "ineligible");
  // SME-4 retail, and restaurants as retail (SME-RESTAURANT): 50,000,000 yen or 50.
  CHECK(SmeOutcome(is_sme, Company("retail", "50_000_000", "51")) == "eligible");
  CHECK(SmeOutcome(is_sme, Company("retail", "50_000_001", "51")) == "ineligible");
  CHECK(SmeOutcome(is_sme, Company("restaurant", "50_000_001", "51")) == "ineligible");
  CHECK(SmeOutcome(is_sme, Company("restaurant", "50_000_001", "50")) == "eligible");
  // Under the Basic Act software is a service: 200,000,000 yen and 250 employees is large.
  CHECK(SmeOutcome(is_sme, Company("software", "200_000_000", "250")) == "ineligible");
  // SME-INDIV: a sole proprietor is judged on employees only.
  CHECK(SmeOutcome(is_sme, {{"legal_form", "個人事業主"}, {"industry", "manufacturing"}, {"employees", "300"}}) == "eligible");
  CHECK(SmeOutcome(is_sme, {{"legal_form", "個人事業主"}, {"industry", "manufacturing"}, {"capital", "0"}, {"employees", "301"}}) ==
        "ineligible");
  CHECK(SmeOutcome(is_sme, {{"legal_form", "個人事業主"}, {"industry", "manufacturing"}, {"capital", "0"}}) == "undetermined");
  // SME-ENTITY: other legal persons are not 中小企業者 under the Basic Act.
  CHECK(SmeOutcome(is_sme, {{"legal_form", "NPO法人"}, {"industry", "service"}, {"employees", "3"}}) == "ineligible");
  // What is known decides: the smallest and the largest limits settle a missing industry.
  CHECK(SmeOutcome(is_sme, Company("", "50_000_000", "1000")) == "eligible");
  CHECK(SmeOutcome(is_sme, Company("", "900_000_000", "50")) == "eligible");
  CHECK(SmeOutcome(is_sme, Company("", "300_000_001", "301")) == "ineligible");
  CHECK(SmeOutcome(is_sme, Company("", "100_000_000", "120")) == "undetermined");
}

TEST_CASE("common/sme: the cabinet-order industries", "[rules][sme]") {
  const std::string ord = "sme.is_sme_ordinance";
  CHECK(SmeOutcome(ord, Company("software", "300_000_000", "301")) == "eligible");
  CHECK(SmeOutcome(ord, Company("software", "300_000_001", "300")) == "eligible");
  CHECK(SmeOutcome(ord, Company("software", "300_000_001", "301")) == "ineligible");
  CHECK(SmeOutcome(ord, Company("rubber_products", "300_000_001", "900")) == "eligible");
  CHECK(SmeOutcome(ord, Company("rubber_products", "300_000_001", "901")) == "ineligible");
  CHECK(SmeOutcome(ord, Company("accommodation", "50_000_001", "200")) == "eligible");
  CHECK(SmeOutcome(ord, Company("accommodation", "50_000_001", "201")) == "ineligible");
  // Outside the three, the Basic Act limits.
  CHECK(SmeOutcome(ord, Company("retail", "50_000_001", "51")) == "ineligible");
  CHECK(SmeOutcome(ord, Company("", "300_000_001", "901")) == "ineligible");
  CHECK(SmeOutcome(ord, Company("", "300_000_001", "600")) == "undetermined");
}

TEST_CASE("common/sme: small enterprises", "[rules][sme]") {
  auto emp = [](const std::string& industry, const std::string& n) {
    Facts f = {{"employees", n}};
    if (!industry.empty()) f["industry"] = industry;
    return f;
  };
  // SME-SMALL: 20, or 5 in commerce and services.
  CHECK(SmeOutcome("sme.is_small", emp("manufacturing", "20")) == "eligible");
  CHECK(SmeOutcome("sme.is_small", emp("manufacturing", "21")) == "ineligible");
  CHECK(SmeOutcome("sme.is_small", emp("wholesale", "5")) == "eligible");
  CHECK(SmeOutcome("sme.is_small", emp("restaurant", "6")) == "ineligible");
  CHECK(SmeOutcome("sme.is_small", emp("accommodation", "6")) == "ineligible");
  CHECK(SmeOutcome("sme.is_small", emp("", "5")) == "eligible");
  CHECK(SmeOutcome("sme.is_small", emp("", "21")) == "ineligible");
  CHECK(SmeOutcome("sme.is_small", emp("", "6")) == "undetermined");
  // SME-SMALL-EXT: accommodation and entertainment at 20.
  CHECK(SmeOutcome("sme.is_small_ext", emp("accommodation", "20")) == "eligible");
  CHECK(SmeOutcome("sme.is_small_ext", emp("entertainment", "21")) == "ineligible");
  CHECK(SmeOutcome("sme.is_small_ext", emp("service", "6")) == "ineligible");
}

TEST_CASE("common/large: deemed-large enterprises and taxable income", "[rules][sme]") {
  CHECK(SmeOutcome("not large.one_owner", {{"large_owner_share", "1/2"}}) == "ineligible");
  CHECK(SmeOutcome("not large.one_owner", {{"large_owner_share", "49.99%"}}) == "eligible");
  CHECK(SmeOutcome("not large.owners_together", {{"large_owners_share", "2/3"}}) == "ineligible");
  CHECK(SmeOutcome("not large.owners_together", {{"large_owners_share", "66.66%"}}) == "eligible");
  CHECK(SmeOutcome("not large.shared_officers", {{"large_officer_share", "50%"}}) == "ineligible");
  CHECK(SmeOutcome("not large.shared_officers", {{"large_officer_share", "49%"}}) == "eligible");
  CHECK(SmeOutcome("not large.whole_ownership", {{"owned_wholly_by_deemed_large", "yes"}}) == "ineligible");
  CHECK(SmeOutcome("not large.all_officers", {{"officers_all_from_deemed_large", "yes"}}) == "ineligible");
  CHECK(SmeOutcome("not large.all_officers", {}) == "undetermined");
  // TAX-15: an average of exactly 1,500,000,000 yen is not excluded; a third of a yen more is.
  CHECK(SmeOutcome("not large.over_tax15", {{"taxable_income_3y", "4_500_000_000"}}) == "eligible");
  CHECK(SmeOutcome("not large.over_tax15", {{"taxable_income_3y", "4_500_000_001"}}) == "ineligible");
}
