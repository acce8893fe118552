// SPDX-License-Identifier: Apache-2.0
// Lists of records (`list[record]` facts) and the aggregates over them: declaration, checking,
// three-valued evaluation, reading from YAML, JSON and indexed names, and the explanation that
// names the record that failed.
#include <catch2/catch.hpp>
#include <deque>

#include "compile/ruleset.hpp"
#include "eval/abstract.hpp"
#include "eval/ask.hpp"
#include "eval/decision.hpp"
#include "eval/input.hpp"
#include "eval/screen.hpp"
#include "explain/explain.hpp"
#include "explain/views.hpp"
#include "io/applicant.hpp"
#include "test_support.hpp"

using namespace elig;

namespace {

const char* kJoint = R"yaml(program: t.joint
title: { ja: テスト, en: Test }
facts:
  members:
    type: list[record]
    max_items: 5
    name_field: name
    label: { ja: 構成員, en: Member }
    ask: { ja: 構成員の数, en: Number of members }
    fields:
      name: { type: text, label: { ja: 名称, en: Name }, ask: { ja: 構成員の名称, en: The member's name } }
      is_sme: { type: bool, label: { ja: 中小企業者, en: an SME }, ask: { ja: 中小企業者ですか, en: Is it an SME? } }
      sales: { type: yen, min: 0, label: { ja: 売上高, en: Sales }, ask: { ja: 売上高, en: Sales } }
      industry:
        type: enum[manufacturing, retail]
        label: { ja: 業種, en: Industry }
        ask: { ja: 業種, en: Industry }
define:
  sme_count: "count(m in members: m.is_sme)"
  total_sales: "sum(m in members: m.sales)"
  biggest: "max_by(m in members: m.sales)"
  main_industry: biggest.industry
tables:
  limits:
    key: main_industry
    rows:
      manufacturing: { sales: 1_000_000_000 yen }
      retail: { sales: 100_000_000 yen }
requirements:
  - id: all-sme
    rule: "all(m in members: m.is_sme)"
    text: { ja: 構成員がすべて中小企業者であること, en: Every member is an SME }
  - id: size
    rule: total_sales <= limits[main_industry].sales
    text: { ja: 売上高の合計が上限以下, en: Total sales within the limit }
exclusions:
  - id: big-member
    rule: "any(m in members: m.sales > 900_000_000 yen)"
    text: { ja: 売上高9億円超の構成員がいる, en: A member sells more than 900 million yen }
award: "max(m in members: m.sales) / 100"
)yaml";

struct Loaded {
  std::unique_ptr<RuleSet> rules;
  const CompiledProgram* p = nullptr;
};

Loaded Load(const std::string& text = kJoint) {
  Loaded l;
  l.rules = RuleSet::LoadTexts({{"p.yaml", text}});
  if (l.rules->ok()) l.p = l.rules->programs().front().get();
  return l;
}

std::string Errors(const RuleSet& rs) {
  std::string out;
  for (const auto& d : rs.diagnostics())
    if (d.severity == Severity::kError)
      out += (out.empty() ? "" : "\n") + d.code + " " + std::to_string(d.loc.line) + ":" + std::to_string(d.loc.column) + " " +
             d.message.en;
  return out;
}

// An applicant read from YAML (or JSON) text, as `elig check` reads a file.
Applicant Read(const std::string& text, const std::string& path = "a.yaml") {
  static std::deque<SourceFile> files;
  files.emplace_back(path, text);
  Applicant a;
  std::vector<Diagnostic> diags;
  bool ok = ParseApplicant(files.back(), a, diags);
  CHECK(ok);
  for (const auto& d : diags) INFO(d.message.en);
  return a;
}

Decision DecideOn(const CompiledProgram& p, const Applicant& a, bool trace = true) {
  EvalOptions eo;
  eo.as_of = a.as_of ? *a.as_of : Date{20000};
  eo.trace = trace;
  static std::deque<FactValues> bound;  // the values a decision's reasons point into
  bound.push_back(Bind(p, a));
  return Decide(p, bound.back(), eo);
}

const RuleResult& Rule(const Decision& d, const std::string& id) {
  for (const auto* rules : {&d.requirements, &d.exclusions})
    for (const auto& r : *rules)
      if (r.rule->id == id) return r;
  FAIL("no rule " << id);
  return d.requirements.front();
}

std::vector<std::string> Reasons(const RuleResult& r, Lang lang) {
  std::vector<std::string> out;
  for (const auto& reason : r.reasons) out.push_back(RenderReason(reason, lang));
  return out;
}

const char* kTwoMembers = R"(members:
  - { name: 株式会社A, is_sme: yes, sales: 50_000_000, industry: manufacturing }
  - { name: 株式会社B, is_sme: no, sales: 80_000_000, industry: retail }
)";

}  // namespace

TEST_CASE("a list of records is declared with typed fields and checked", "[records]") {
  Loaded l = Load();
  INFO(Errors(*l.rules));
  REQUIRE(l.p);
  const CompiledFact& f = l.p->facts[static_cast<size_t>(l.p->FindFact("members"))];
  CHECK(f.spec.base == BaseType::kList);
  CHECK(f.spec.elem == BaseType::kRecord);
  REQUIRE(f.spec.record);
  CHECK(f.spec.record->fields.size() == 4);
  CHECK(f.spec.record->name_field == 0);
  CHECK(f.spec.record->max_items == 5);
}

TEST_CASE("a joint application with one non-SME member is refused and the member named", "[records]") {
  Loaded l = Load();
  REQUIRE(l.p);
  Decision d = DecideOn(*l.p, Read(kTwoMembers));
  CHECK(d.outcome == Outcome::kIneligible);
  const RuleResult& all = Rule(d, "all-sme");
  CHECK(all.result == Tri::kFalse);
  CHECK(Reasons(all, Lang::kJa) == std::vector<std::string>{"構成員 2（株式会社B）: 中小企業者ではありません"});
  CHECK(Reasons(all, Lang::kEn) == std::vector<std::string>{"Member 2 (株式会社B): not an SME"});
  // The applicant's view says the same.
  TextOptions o;
  o.lang = Lang::kJa;
  CHECK(RenderText(d, o).find("構成員 2（株式会社B）: 中小企業者ではありません") != std::string::npos);
}

TEST_CASE("aggregates are three-valued over records with unknown fields", "[records]") {
  Loaded l = Load();
  REQUIRE(l.p);
  // Member 2's size is not known: every member is not known to be an SME, so `all` is unknown,
  // and the member is named as not known.
  Decision d = DecideOn(*l.p, Read("members:\n  - { name: A, is_sme: yes, sales: 1, industry: retail }\n"
                                   "  - { name: B, sales: 2, industry: retail }\n"));
  const RuleResult& all = Rule(d, "all-sme");
  CHECK(all.result == Tri::kUnknown);
  CHECK(Reasons(all, Lang::kEn) == std::vector<std::string>{"Member 2 (B): an SME is not known yet"});
  CHECK(d.outcome == Outcome::kUndetermined);
  CHECK(std::find(d.missing.begin(), d.missing.end(), static_cast<uint32_t>(l.p->FindFact("members"))) != d.missing.end());
  // One member known not to be an SME decides `all`, whatever the other is.
  Decision no = DecideOn(*l.p, Read("members:\n  - { name: A, is_sme: no }\n  - { name: B }\n"));
  CHECK(Rule(no, "all-sme").result == Tri::kFalse);
  CHECK(no.outcome == Outcome::kIneligible);
  // `any` holds as soon as one member does; the unknown sales of another do not matter.
  Decision big = DecideOn(*l.p, Read("members:\n  - { name: A, sales: 950_000_000 }\n  - { name: B }\n"));
  CHECK(Rule(big, "big-member").result == Tri::kTrue);
  CHECK(Reasons(Rule(big, "big-member"), Lang::kJa) ==
        std::vector<std::string>{"構成員 1（A）: m.sales > 900_000_000 yen を満たします"});
  // A list not given at all is unknown, not empty.
  Decision none = DecideOn(*l.p, Read("{}\n"));
  CHECK(Rule(none, "all-sme").result == Tri::kUnknown);
  // An empty list: every member holds (vacuously), none is big; the award has no largest.
  Decision empty = DecideOn(*l.p, Read("members: []\n"));
  CHECK(Rule(empty, "all-sme").result == Tri::kTrue);
  CHECK(Rule(empty, "big-member").result == Tri::kFalse);
  CHECK_FALSE(empty.award);
}

TEST_CASE("count sum max and max_by over records, and a table keyed by a definition", "[records]") {
  Loaded l = Load();
  REQUIRE(l.p);
  // The biggest member by sales is a retailer: the retail limit (100,000,000) applies.
  Decision d = DecideOn(*l.p, Read(kTwoMembers));
  CHECK(Rule(d, "size").result == Tri::kFalse);  // 130,000,000 > 100,000,000
  // The manufacturer sells more: the manufacturing limit applies and the size rule holds.
  Decision m = DecideOn(*l.p, Read("members:\n  - { name: A, is_sme: yes, sales: 90_000_000, industry: manufacturing }\n"
                                   "  - { name: B, is_sme: yes, sales: 80_000_000, industry: retail }\n"));
  CHECK(Rule(m, "size").result == Tri::kTrue);
  CHECK(m.outcome == Outcome::kEligible);
  REQUIRE(m.award);
  CHECK(*m.award == Rational(900'000));  // the largest sales, / 100
  // The fast path agrees.
  EvalContext ctx;
  FactValues fv = Bind(*l.p, Read(kTwoMembers));
  FastDecision fast = DecideFast(*l.p, fv.values.data(), Date{20000}, ctx);
  CHECK(fast.outcome == Outcome::kIneligible);
  FactValues both = Bind(*l.p, Read("members:\n  - { name: A, is_sme: yes, sales: 90_000_000, industry: manufacturing }\n"));
  FastDecision eligible = DecideFast(*l.p, both.values.data(), Date{20000}, ctx);
  CHECK(eligible.outcome == Outcome::kEligible);
  REQUIRE(eligible.award);
  CHECK(*eligible.award == Rational(900'000));
}

TEST_CASE("records are read from JSON, from a count, and from indexed names", "[records]") {
  Loaded l = Load();
  REQUIRE(l.p);
  Decision json = DecideOn(*l.p, Read(R"({"members": [{"name": "A", "is_sme": true, "sales": 1, "industry": "retail"},
                                                      {"name": "B", "is_sme": false}]})",
                                      "a.json"));
  CHECK(Reasons(Rule(json, "all-sme"), Lang::kEn) == std::vector<std::string>{"Member 2 (B): not an SME"});
  // A count first (what `elig ask` asks), then fields by indexed name, as CSV columns give them.
  Applicant a = test::MakeApplicant({{"members", "2"}, {"members.1.is_sme", "はい"}, {"members.2.is_sme", "いいえ"},
                                     {"members.2.name", "株式会社B"}});
  Decision d = DecideOn(*l.p, a);
  CHECK(Reasons(Rule(d, "all-sme"), Lang::kJa) == std::vector<std::string>{"構成員 2（株式会社B）: 中小企業者ではありません"});
  // Indexed names alone make the list as long as the largest index.
  Decision alone = DecideOn(*l.p, test::MakeApplicant({{"members.3.is_sme", "no"}}));
  CHECK(Rule(alone, "all-sme").result == Tri::kFalse);
  CHECK(UnknownFacts(std::vector<const CompiledProgram*>{l.p}, test::MakeApplicant({{"members.1.is_sme", "no"}})).empty());
}

TEST_CASE("bad record input is an input problem, never a crash", "[records]") {
  Loaded l = Load();
  REQUIRE(l.p);
  auto issues = [&](const Applicant& a) {
    FactValues fv = Bind(*l.p, a);
    std::string out;
    for (const auto& i : fv.issues) out += (out.empty() ? "" : " | ") + i.message.en;
    return out;
  };
  CHECK(issues(Read("members: [{ name: A, is_smee: yes }]\n")).find("no field `is_smee`") != std::string::npos);
  CHECK(issues(Read("members: [{ name: A, sales: -5 }]\n")).find("record 1, `sales`") != std::string::npos);
  CHECK(issues(Read("members: [a, b]\n")).find("each item of the list is a record") != std::string::npos);
  CHECK(issues(Read("members: [{a: 1}, {a: 1}]\n")).find("no field") != std::string::npos);
  CHECK(issues(Read("members: [{}, {}, {}, {}, {}, {}]\n")).find("at most 5 records") != std::string::npos);
  CHECK(issues(Read("members: 6\n")).find("give a count (0 to 5)") != std::string::npos);
  CHECK(issues(Read("members: many\n")).find("give a count") != std::string::npos);
  CHECK(issues(test::MakeApplicant({{"members.0.is_sme", "no"}})).find("the number in") != std::string::npos);
  CHECK(issues(test::MakeApplicant({{"members.6.is_sme", "no"}})).find("the number in") != std::string::npos);
  CHECK(issues(test::MakeApplicant({{"members.1.colour", "no"}})).find("no field `colour`") != std::string::npos);
  CHECK(issues(test::MakeApplicant({{"members.1.is_sme", "perhaps"}})).find("record 1, `is_sme`") != std::string::npos);
}

TEST_CASE("the checker types aggregates and says where they are wrong", "[records]") {
  auto errors = [](const std::string& rule) {
    std::string text = kJoint;
    text.replace(text.find("requirements:\n"), 14, "requirements:\n  - id: extra\n    rule: \"" + rule + "\"\n");
    Loaded l = Load(text);
    return Errors(*l.rules);
  };
  CHECK(errors("all(m in members: m.is_sme)").empty());
  CHECK(errors("all(m in members: m.sales)").find("needs a condition") != std::string::npos);
  CHECK(errors("all(m in members: m.is_smee)").find("have no field `is_smee`") != std::string::npos);
  CHECK(errors("all(m in members: m.is_smee)").find("unknown-name 31:") != std::string::npos);
  CHECK(errors("sum(m in members: m.name) > 0").find("needs a number or an amount") != std::string::npos);
  CHECK(errors("max(m in members: m.is_sme)").find("can be ordered") != std::string::npos);
  CHECK(errors("every(m in members: m.is_sme)").find("there is no aggregate") != std::string::npos);
  CHECK(errors("all(m in sme_count: true)").find("goes over a list of records") != std::string::npos);
  CHECK(errors("all(members in members: true)").find("already names something") != std::string::npos);
  CHECK(errors("biggest == biggest").find("is a record: pick a field") != std::string::npos);
  CHECK(errors("m.is_sme").find("unknown-name") != std::string::npos);  // the name is only inside
}

TEST_CASE("a record declaration's mistakes are errors with a place", "[records]") {
  auto errors = [](const std::string& fact) {
    std::string text = "program: t.x\ntitle: { ja: x, en: x }\nfacts:\n" + fact;
    return Errors(*Load(text).rules);
  };
  CHECK(errors("  m:\n    type: list[record]\n").find("needs `fields:`") != std::string::npos);
  CHECK(errors("  m:\n    type: list[record]\n    fields:\n      a: list[text]\n").find("single-value type") != std::string::npos);
  CHECK(errors("  m:\n    type: list[record]\n    name_field: a\n    fields:\n      a: bool\n").find("names a text field") !=
        std::string::npos);
  CHECK(errors("  m:\n    type: list[record]\n    max_items: 100000\n    fields:\n      a: bool\n").find("from 1 to 1000") !=
        std::string::npos);
  CHECK(errors("  m:\n    type: int\n    fields:\n      a: bool\n").find("list[record] facts only") != std::string::npos);
}

TEST_CASE("JAPANブランド: a joint application with one non-SME joint applicant is refused, naming it", "[records]") {
  auto rules = RuleSet::LoadDir(std::string(ELIG_SOURCE_DIR) + "/rules");
  REQUIRE(rules->ok());
  const CompiledProgram* p = rules->Find("national.japan-brand-r2");
  REQUIRE(p);
  Applicant a = Read(R"(as_of: 2020-06-26
facts: { legal_form: 株式会社, industry: manufacturing, capital: 30_000_000, employees: 40, jb_track: 事業型,
         jb_joint: yes, jb_aim: yes, advance_contact_date: 2020-06-15, jbrand_expenses: 30_000_000,
         jb_members: [{ name: 株式会社A, is_sme: yes }, { name: 大手商事株式会社, is_sme: no }] }
)");
  Decision d = DecideOn(*p, a);
  CHECK(d.outcome == Outcome::kIneligible);
  const RuleResult& joint = Rule(d, "joint-members");
  CHECK(joint.result == Tri::kFalse);
  CHECK(Reasons(joint, Lang::kJa) ==
        std::vector<std::string>{"共同申請者 2（大手商事株式会社）: 中小企業者ではありません", "jb_joint = はい"});
  CHECK(Reasons(joint, Lang::kEn) == std::vector<std::string>{"Joint applicant 2 (大手商事株式会社): not an SME", "jb_joint = yes"});
  // The same applicant with two SMEs is eligible for the joint cap.
  Applicant ok = Read(R"(as_of: 2020-06-26
facts: { legal_form: 株式会社, industry: manufacturing, capital: 30_000_000, employees: 40, jb_track: 事業型,
         jb_joint: yes, jb_aim: yes, advance_contact_date: 2020-06-15, jbrand_expenses: 30_000_000,
         jb_members: [{ name: 株式会社A, is_sme: yes }, { name: 株式会社B, is_sme: yes }] }
)");
  Decision both = DecideOn(*p, ok);
  CHECK(both.outcome == Outcome::kEligible);
  REQUIRE(both.award);
  CHECK(*both.award == Rational(20'000'000));
}

TEST_CASE("JAPANブランド: 主たる事業 from sales shares decides which SME limits apply", "[records]") {
  auto rules = RuleSet::LoadDir(std::string(ELIG_SOURCE_DIR) + "/rules");
  REQUIRE(rules->ok());
  const CompiledProgram* p = rules->Find("national.japan-brand-r2");
  REQUIRE(p);
  auto decide = [&](const std::string& lines) {
    return DecideOn(*p, Read("as_of: 2020-06-26\nfacts: { legal_form: 株式会社, capital: 100_000_000, employees: 80, "
                             "jb_track: 事業型, jb_joint: no, jb_aim: yes, advance_contact_date: 2020-06-15, "
                             "jbrand_expenses: 6_000_000, business_lines: " + lines + " }\n"));
  };
  // Retail is the larger line: retail limits (50,000,000 yen or 50 people) make it no SME.
  Decision retail = decide("[{ industry: retail, sales_share: 60% }, { industry: manufacturing, sales_share: 40% }]");
  CHECK(Rule(retail, "applicant-type").result == Tri::kFalse);
  // Manufacturing is the larger line: 300,000,000 yen or 300 people; an SME.
  Decision maker = decide("[{ industry: retail, sales_share: 40% }, { industry: manufacturing, sales_share: 60% }]");
  CHECK(Rule(maker, "applicant-type").result == Tri::kTrue);
  CHECK(maker.outcome == Outcome::kEligible);
  // A share not known: the main business is not known, and the rule cannot be decided.
  Decision open = decide("[{ industry: retail }, { industry: manufacturing, sales_share: 60% }]");
  CHECK(Rule(open, "applicant-type").result == Tri::kUnknown);
}

TEST_CASE("a derived fact the applicant did not give is explained by the value worked out", "[records]") {
  auto rules = RuleSet::LoadDir(std::string(ELIG_SOURCE_DIR) + "/rules");
  REQUIRE(rules->ok());
  const CompiledProgram* p = rules->Find("national.japan-brand-r2");
  REQUIRE(p);
  const std::string facts = "as_of: 2020-06-26\nfacts: { legal_form: 株式会社, capital: 100_000_000, employees: 80, "
                            "jb_track: 事業型, jb_joint: no, jb_aim: yes, advance_contact_date: 2020-06-15, "
                            "jbrand_expenses: 6_000_000";
  Decision derived = DecideOn(*p, Read(facts + ", business_lines: [{ industry: retail, sales_share: 60% }, "
                                               "{ industry: manufacturing, sales_share: 40% }] }\n"));
  auto ja = Reasons(Rule(derived, "applicant-type"), Lang::kJa);
  auto en = Reasons(Rule(derived, "applicant-type"), Lang::kEn);
  INFO(Catch::Detail::stringify(en));
  // The industry used is retail, from the largest line of business, not "unknown".
  CHECK(std::count(en.begin(), en.end(), "industry = Retail") == 1);
  CHECK(std::count(ja.begin(), ja.end(), "industry = 小売業") == 1);
  for (const auto& r : en) CHECK(r.find("industry = unknown") == std::string::npos);
  // Given directly, it is the value given; given by neither, it is unknown.
  Decision given = DecideOn(*p, Read(facts + ", industry: manufacturing }\n"));
  en = Reasons(Rule(given, "applicant-type"), Lang::kEn);
  CHECK(std::count(en.begin(), en.end(), "industry = Manufacturing") == 1);
  Decision neither = DecideOn(*p, Read(facts + " }\n"));
  en = Reasons(Rule(neither, "applicant-type"), Lang::kEn);
  CHECK(std::count(en.begin(), en.end(), "industry = unknown") == 1);
}

TEST_CASE("a record shows each field by its label, enums by their labels, in every language", "[records]") {
  auto l = Load();
  REQUIRE(l.p);
  const int slot = l.p->FindFact("members");
  REQUIRE(slot >= 0);
  Applicant a = Read(kTwoMembers);
  FactValues bound = Bind(*l.p, a);
  const Value& members = bound.values[static_cast<size_t>(slot)];
  REQUIRE(members.kind == VKind::kList);
  const RecordDef* def = l.p->RecordOf(static_cast<uint32_t>(slot));
  REQUIRE(def);
  const std::string en = FormatValue(members, Lang::kEn, nullptr, def);
  CHECK(en == "[{Name: \"株式会社A\", an SME: yes, Sales: 50,000,000 yen, Industry: manufacturing}, "
              "{Name: \"株式会社B\", an SME: no, Sales: 80,000,000 yen, Industry: retail}]");
  CHECK(en.find('#') == std::string::npos);
  const std::string ja = ApplicantValue(members, Lang::kJa, nullptr, def);
  CHECK(ja == "（名称: 株式会社A、中小企業者: はい、売上高: 50,000,000円、業種: manufacturing）、"
              "（名称: 株式会社B、中小企業者: いいえ、売上高: 80,000,000円、業種: retail）");
  // Without the definition a record still shows its values, never a crash.
  CHECK(FormatValue(members, Lang::kEn).find("株式会社A") != std::string::npos);
}

TEST_CASE("ask asks how many records, then only the fields that matter, record by record", "[records][ask]") {
  Loaded l = Load();
  REQUIRE(l.p);
  AskOptions o;
  o.as_of = Date{20000};
  auto names = [&](const Applicant& a) {
    std::vector<std::string> out;
    for (const auto& q : RankQuestions({l.p}, a, {}, o)) out.push_back(q.fact);
    return out;
  };
  auto has = [](const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); };
  // Nothing known: the list itself, as a count.
  CHECK(has(names(test::MakeApplicant({})), "members"));
  // Two members, nothing known of them: their fields that decide something; never the name.
  std::vector<std::string> two = names(test::MakeApplicant({{"members", "2"}}));
  CHECK(has(two, "members.1.is_sme"));
  CHECK(has(two, "members.2.is_sme"));
  CHECK_FALSE(has(two, "members.1.name"));
  CHECK_FALSE(has(two, "members"));
  // The question names the record.
  auto questions = RankQuestions({l.p}, test::MakeApplicant({{"members", "2"}, {"members.2.name", "株式会社B"}}), {}, o);
  auto q = std::find_if(questions.begin(), questions.end(), [](const Question& x) { return x.fact == "members.2.is_sme"; });
  REQUIRE(q != questions.end());
  CHECK(q->decl->ask.ja == "構成員 2（株式会社B）: 中小企業者ですか");
  CHECK(q->decl->ask.en == "Member 2 (株式会社B): Is it an SME?");
  CHECK(q->decl->spec.base == BaseType::kBool);
  // One member is not an SME: the program is refused, and nothing more is asked of it.
  CHECK(names(test::MakeApplicant({{"members", "2"}, {"members.1.is_sme", "no"}})).empty());
}

TEST_CASE("the screening binds fields given by indexed name as a decision does", "[records]") {
  Loaded l = Load();
  REQUIRE(l.p);
  Applicant a = test::MakeApplicant({{"members", "2"}, {"members.1.is_sme", "yes"}, {"members.2.is_sme", "no"}});
  std::vector<FactValues> bound = BindEach({l.p}, a);
  REQUIRE(bound.size() == 1);
  ScreenOptions so;
  so.as_of = Date{20000};
  Screening s = Screen({l.p}, bound, so);
  REQUIRE(s.programs.size() == 1);
  CHECK(s.programs.front().outcome == Outcome::kIneligible);
}

TEST_CASE("settling an aggregate over definitions that read one another twice stays linear", "[records][settle]") {
  // d40 reads d39 twice, d39 reads d38 twice, …: asking once per use whether the facts an
  // aggregate reads are all known would take 2^40 steps.
  std::string text = "program: t.deep\nfacts:\n  x: int\n  members:\n    type: list[record]\n    fields:\n"
                     "      ok: bool\ndefine:\n  d0: x\n";
  for (int k = 1; k <= 40; ++k)
    text += "  d" + std::to_string(k) + ": (if d" + std::to_string(k - 1) + " > 0 then d" + std::to_string(k - 1) + " else 0)\n";
  text += "requirements:\n  - { id: all-ok, rule: \"all(m in members: m.ok and d40 >= 0)\" }\n";
  Loaded l = Load(text);
  INFO(Errors(*l.rules));
  REQUIRE(l.p);
  FactValues fv = Bind(*l.p, Read("x: 3\nmembers:\n  - { ok: yes }\n"));
  std::vector<abstract::AV> env;
  for (const Value& v : fv.values) env.push_back(abstract::AV::Exact(v));
  abstract::Evaluator ev(*l.p, Date{20000});
  ev.Begin(env);
  abstract::AV all = ev.Eval(l.p->requirements[0].root);
  REQUIRE(all.IsExact());
  CHECK(all.v.IsTrue());
}
