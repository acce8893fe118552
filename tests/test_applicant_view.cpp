// SPDX-License-Identifier: Apache-2.0
// The applicant's view of every shipped program (explain/views.hpp, the default of `elig match`
// and `elig ask`): for an eligible, an ineligible and an undetermined applicant, in Japanese and
// English, it names no fact id, no formula and no enum code. The eligible and ineligible
// applicants are the officials' own cases in rules/**/*.test.yaml.
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "compile/ruleset.hpp"
#include "eval/screen.hpp"
#include "explain/views.hpp"
#include "io/testfile.hpp"
#include "common/date.hpp"
#include "test_support.hpp"

using namespace elig;

namespace {

const std::string kRoot = ELIG_SOURCE_DIR;

// The text with every web address taken out: `www.city.takasaki…` is no fact id.
std::string WithoutUrls(std::string text) {
  for (size_t at = text.find("http"); at != std::string::npos; at = text.find("http", at)) {
    size_t end = text.find_first_of(" \n）)", at);
    text.erase(at, end == std::string::npos ? std::string::npos : end - at);
  }
  return text;
}

bool HasUnderscoreOrDot(const std::string& s) { return s.find_first_of("_.") != std::string::npos; }

// What an official sees and an applicant must not: ids, formulas, codes. A plain English word
// (`city`, `other`) is looked for in the Japanese view only, where it can only be an id.
void CheckWords(const CompiledProgram& p, const std::string& shown, Lang lang) {
  std::string text = WithoutUrls(shown);
  INFO(text);
  CHECK(text.find(p.id) == std::string::npos);
  for (const auto& f : p.facts) {
    if (!f.used) continue;
    if (lang == Lang::kJa || HasUnderscoreOrDot(f.name)) {
      INFO("fact id " << f.name);
      CHECK(text.find(f.name) == std::string::npos);
    }
    const EnumDef* e = f.spec.enum_def.get();
    if (!e || e->kind != EnumKind::kPlain) continue;
    for (size_t i = 0; i < e->values.size(); ++i) {
      const std::string& code = e->values[i];
      // A value written in Japanese (株式会社, 海外展示会開催) is a word people read, not a code.
      bool ascii = std::all_of(code.begin(), code.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
      if (!ascii || code == e->Label(i, lang)) continue;
      if (lang == Lang::kJa || HasUnderscoreOrDot(code)) {
        INFO("enum code " << code);
        CHECK(text.find(code) == std::string::npos);
      }
    }
  }
  // A formula of one name (`award: subsidy`) is a word; the view must not show an expression.
  auto no_formula = [&](const std::string& formula) {
    if (formula.find_first_of(" (") == std::string::npos) return;
    INFO("formula " << formula);
    CHECK(text.find(formula) == std::string::npos);
  };
  no_formula(p.award_text);
  for (const auto* rules : {&p.requirements, &p.exclusions})
    for (const auto& r : *rules) no_formula(r.expr_text);
}

struct Views {
  std::string eligible, ineligible, undetermined;
};

// The grouped view of one program for one applicant, as `elig match` screens it.
std::string Render(const CompiledProgram& p, const Applicant& applicant, Date as_of, const MatchViewOptions& o) {
  std::vector<const CompiledProgram*> programs{&p};
  std::vector<FactValues> bound = BindEach(programs, applicant);
  ScreenOptions so;
  so.as_of = as_of;
  so.for_people = true;
  return RenderMatchText(Screen(programs, bound, so), "", o);
}

std::string Render(const CompiledProgram& p, const Applicant& applicant, Date as_of, Lang lang) {
  MatchViewOptions o;
  o.lang = lang;
  o.show_closed = true;
  return Render(p, applicant, as_of, o);
}

}  // namespace

TEST_CASE("every shipped program's applicant view names no fact id, formula or enum code", "[views][shipped]") {
  static const std::unique_ptr<RuleSet> rules = RuleSet::LoadDir(kRoot + "/rules");
  REQUIRE(rules);
  size_t programs = 0;
  for (const auto& owned : rules->programs()) {
    const CompiledProgram* p = owned.get();
    ++programs;
    INFO(p->id);
    size_t dot = p->id.find('.');
    std::string path = kRoot + "/rules/" + p->id.substr(0, dot) + "/" + p->id.substr(dot + 1) + ".test.yaml";
    SourceSet sources;
    TestFile tf;
    std::vector<Diagnostic> diags;
    REQUIRE(LoadTestFile(sources.Add(path, test::Slurp(path)), tf, diags));
    const TestCase* eligible = nullptr;
    const TestCase* ineligible = nullptr;
    for (const auto& c : tf.cases) {
      const auto& outcome = c.expect.outcome;
      if (!eligible && outcome == "eligible") eligible = &c;
      if (!ineligible && outcome == "ineligible") ineligible = &c;
    }
    REQUIRE(eligible);
    REQUIRE(ineligible);
    Date as_of = eligible->as_of.value_or(Date{});
    for (Lang lang : {Lang::kJa, Lang::kEn}) {
      Views v;
      v.eligible = Render(*p, eligible->applicant, as_of, lang);
      v.ineligible = Render(*p, ineligible->applicant, ineligible->as_of.value_or(as_of), lang);
      v.undetermined = Render(*p, Applicant{}, as_of, lang);
      CheckWords(*p, v.eligible, lang);
      CheckWords(*p, v.ineligible, lang);
      CheckWords(*p, v.undetermined, lang);
      // Each lands in its group, and an eligible award is worked out in words when the file says how.
      CHECK(v.eligible.find(lang == Lang::kJa ? "対象（1件）" : "Eligible (1)") != std::string::npos);
      CHECK(v.ineligible.find(lang == Lang::kJa ? "対象外（1件）" : "Not eligible (1)") != std::string::npos);
      CHECK(v.undetermined.find(lang == Lang::kJa ? "判定保留（1件）" : "Undetermined (1)") != std::string::npos);
      if (!p->award_says.Empty() && eligible->expect.award && *eligible->expect.award != "none")
        CHECK(v.eligible.find(lang == Lang::kJa ? "計算: " : "worked out as: ") != std::string::npos);
      // A program that gives no money says what it gives, and never an amount of 0.
      if (p->benefit && p->award < 0) {
        CHECK(v.eligible.find(p->benefit->says.Get(lang)) != std::string::npos);
        // (An answer in yen may be shown as the reason for a refusal: 「資本金: 500,000,000円」.)
        for (const std::string* view : {&v.eligible, &v.ineligible, &v.undetermined}) {
          CHECK(view->find(lang == Lang::kJa ? "補助額" : "award") == std::string::npos);
          CHECK(view->find(lang == Lang::kJa ? " 0円" : " 0 yen") == std::string::npos);
        }
      }
    }
  }
  CHECK(programs == 16);
}

namespace {

const char* const kSmall = R"(program: p
title: { ja: 小さな補助金, en: Small Grant }
window: 2026-04-01 .. 2027-03-31
parameters:
  rate: 2/3
  cap: 500_000 yen
facts:
  employees: { type: int, min: 0, topic: size, label: { ja: 従業員数, en: Employees }, ask: { ja: 従業員は何人ですか, en: How many employees? } }
  days_open: { type: int, min: 0, ask: { ja: 営業日数, en: Days open } }
  costs: { type: yen, min: 0, label: { ja: 対象経費, en: Eligible costs }, ask: { ja: 対象経費の額, en: Eligible costs } }
  arrears: { type: bool, label: { ja: 税の滞納, en: Unpaid taxes }, ask: { ja: 税の滞納がありますか, en: Do you owe taxes? } }
requirements:
  - id: small
    rule: employees < 10
    text: { ja: 従業員が10人未満であること, en: Fewer than 10 employees }
  - id: open-long
    rule: days_open <= 300
    text: { ja: 営業日数が300日以下であること, en: Open 300 days or fewer }
exclusions:
  - id: taxes
    rule: arrears
    text: { ja: 税の滞納があること, en: Owes taxes }
award: min(floor(costs * rate), cap)
award_says:
  ja: "対象経費 {costs} × {rate}（上限 {cap}）= {award}"
  en: "Eligible costs {costs} × {rate} (at most {cap}) = {award}"
)";

std::string MatchOf(const RuleSet& rules, const std::map<std::string, std::string>& facts, Lang lang, Audience a) {
  MatchViewOptions o;
  o.lang = lang;
  o.audience = a;
  return Render(*rules.Find("p"), test::MakeApplicant(facts), *MakeDate(2026, 6, 1), o);
}

}  // namespace

TEST_CASE("a failed `!=` shows the answer and the condition, never a double negative", "[views]") {
  auto rules = RuleSet::LoadTexts({{"p.yaml", R"(program: p
title: { ja: 輸出支援, en: Export support }
facts:
  applicant_type:
    type: enum[生産者, 加工事業者]
    label: { ja: 申請者の種別, en: Type of applicant }
    ask: { ja: 申請者の種別, en: Type of applicant }
  production_base: { type: bool, label: { ja: 県内の生産拠点, en: A production site in the prefecture }, ask: { ja: 県内に生産拠点がありますか, en: Is there a production site in the prefecture? } }
requirements:
  - id: producer-base
    rule: applicant_type != "生産者" or production_base
    text: { ja: 生産者は県内に生産拠点を有すること, en: A producer has a production site in the prefecture }
)"}});
  REQUIRE(rules->ok());
  std::map<std::string, std::string> facts = {{"applicant_type", "生産者"}, {"production_base", "no"}};
  for (Lang lang : {Lang::kJa, Lang::kEn}) {
    std::string official = MatchOf(*rules, facts, lang, Audience::kOfficial);
    INFO(official);
    CHECK(official.find("applicant_type = 生産者") != std::string::npos);
    CHECK(official.find("≠ 生産者") == std::string::npos);
    std::string applicant = MatchOf(*rules, facts, lang, Audience::kApplicant);
    INFO(applicant);
    CHECK(applicant.find(lang == Lang::kJa ? "申請者の種別: 生産者" : "Type of applicant: 生産者") != std::string::npos);
  }
}

TEST_CASE("the applicant's view: labels, the condition in words, the award in a sentence", "[views]") {
  auto rules = RuleSet::LoadTexts({{"p.yaml", kSmall}});
  REQUIRE(rules->ok());
  std::map<std::string, std::string> ok = {{"employees", "3"}, {"days_open", "200"}, {"costs", "545555"}, {"arrears", "no"}};
  std::string ja = MatchOf(*rules, ok, Lang::kJa, Audience::kApplicant);
  CHECK(ja.find("補助額 363,703円") != std::string::npos);
  CHECK(ja.find("計算: 対象経費 545,555円 × 2/3（上限 500,000円）= 363,703円") != std::string::npos);
  std::string en = MatchOf(*rules, ok, Lang::kEn, Audience::kApplicant);
  CHECK(en.find("worked out as: Eligible costs 545,555 yen × 2/3 (at most 500,000 yen) = 363,703 yen") != std::string::npos);
  // The official's view has no sentence: it has the formula's id and the program's id.
  CHECK(MatchOf(*rules, ok, Lang::kJa, Audience::kOfficial).find("計算:") == std::string::npos);

  // A failed comparison at its boundary: the answer by its label, the condition in words.
  auto at_ten = ok;
  at_ten["employees"] = "10";
  ja = MatchOf(*rules, at_ten, Lang::kJa, Audience::kApplicant);
  CHECK(ja.find("従業員が10人未満であること — 従業員数: 10（要件: 10未満）") != std::string::npos);
  en = MatchOf(*rules, at_ten, Lang::kEn, Audience::kApplicant);
  CHECK(en.find("Fewer than 10 employees — Employees: 10 (required: less than 10)") != std::string::npos);
  // The official reads the operator too, never `10 = 10`.
  std::string official = MatchOf(*rules, at_ten, Lang::kEn, Audience::kOfficial);
  CHECK(official.find("small: Fewer than 10 employees — employees = 10, not < 10") != std::string::npos);
  CHECK(official.find("10 = 10") == std::string::npos);

  // A fact without a label is shown by its question; an exclusion says when it applies.
  auto long_open = ok;
  long_open["days_open"] = "301";
  CHECK(MatchOf(*rules, long_open, Lang::kJa, Audience::kApplicant).find("営業日数: 301（要件: 300以下）") != std::string::npos);
  auto owes = ok;
  owes["arrears"] = "yes";
  CHECK(MatchOf(*rules, owes, Lang::kJa, Audience::kApplicant).find("税の滞納があること — 税の滞納: はい") != std::string::npos);

  // Facts still needed by their labels; the sentence waits for every value it names.
  std::string open = MatchOf(*rules, {{"employees", "3"}, {"days_open", "200"}, {"arrears", "no"}}, Lang::kJa,
                             Audience::kApplicant);
  CHECK(open.find("対象経費") != std::string::npos);
  CHECK(open.find("costs") == std::string::npos);
  CHECK(open.find("計算:") == std::string::npos);
  CHECK(rules->Find("p")->facts[static_cast<size_t>(rules->Find("p")->FindFact("employees"))].topic == FactTopic::kSize);
}

TEST_CASE("award_says and topic: errors name the file, line and column", "[views][errors]") {
  auto with = [](const std::string& from, const std::string& to) {
    std::string text = kSmall;
    size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    return RuleSet::LoadTexts({{"p.yaml", text.replace(at, from.size(), to)}});
  };
  auto has = [](const RuleSet& rs, const std::string& code, const std::string& words) {
    for (const auto& d : rs.diagnostics())
      if (d.code == code && d.message.Get(Lang::kEn).find(words) != std::string::npos && d.loc.line > 0) return true;
    return false;
  };
  auto unknown = with("{rate}（上限", "{ratio}（上限");
  CHECK_FALSE(unknown->ok());
  CHECK(has(*unknown, "unknown-name", "{ratio}"));
  auto open = with("{award}\"\n  en", "{award\"\n  en");
  CHECK_FALSE(open->ok());
  CHECK(has(*open, "bad-template", "write a brace itself twice"));
  auto topic = with("topic: size", "topic: headcount");
  CHECK_FALSE(topic->ok());
  CHECK(has(*topic, "bad-value", "headcount"));
}
