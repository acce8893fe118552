// SPDX-License-Identifier: Apache-2.0
// End-to-end tests of `elig ask`: answers piped on stdin (a bad one re-asked),
// only facts that can change an outcome, stopping as soon as it is settled;
// and the next-question engine (eval/ask.hpp) underneath.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "eval/ask.hpp"
#include "test_cli_support.hpp"
#include "test_support.hpp"

using namespace elig::clitest;
using nlohmann::json;

namespace {

const std::string kRules = "--rules tests/data/cli/rules --as-of 2026-06-01";

// Replaces the scratch directory (it names the process) so transcripts compare as golden files.
std::string Portable(std::string s) {
  const std::string dir = Scratch().string();
  for (size_t at; (at = s.find(dir)) != std::string::npos;) s.replace(at, dir.size(), "$TMP");
  return s;
}

bool Contains(const std::vector<std::string>& xs, const std::string& x) {
  return std::find(xs.begin(), xs.end(), x) != xs.end();
}

// A program is settled when it is not undetermined and an eligible one has its award
// (or states no formula): the same rule `elig ask` stops on.
bool AllSettled(const json& match) {
  if (!match.at("undetermined").empty()) return false;
  for (const auto& e : match.at("eligible"))
    if (e.at("award").is_null() && e.at("award_note").is_null()) return false;
  return true;
}

}  // namespace

TEST_CASE("ask reads piped answers, re-asks a bad one and saves the answers", "[cli][ask]") {
  const fs::path saved = Scratch() / "answers.yaml";
  // `maybe` is no yes/no and `many` no number: each is explained and asked again.
  Run r = Elig("ask " + kRules + " --save " + Quote(saved.string()), "maybe\nno\nmany\n3\nno\n群馬県\n800,000\n");
  CHECK(r.exit == 0);
  CHECK(r.err.empty());
  Golden("ask-piped.txt", Portable(r.out));
  CHECK(r.out.find("  ! expected yes or no (true/false, はい/いいえ), got `maybe`; please answer again\n> no\n") !=
        std::string::npos);
  CHECK(r.out.find("  ! expected a whole number like `12` or `12人`, got `many`; please answer again\n> 3\n") !=
        std::string::npos);
  Golden("ask-piped.saved.yaml", Slurp(saved));
  // With 3 employees the applicant is small whatever its legal form: the form is never asked.
  CHECK(r.out.find("Legal form") == std::string::npos);

  // The saved file is an applicant file: `match` decides the same from it.
  Run m = Elig("match --rules tests/data/cli/rules --applicant " + Quote(saved.string()) + " --format json");
  CHECK(m.exit == r.exit);
  json doc = json::parse(m.out);
  CHECK(AllSettled(doc));
  CHECK(doc.at("eligible").size() == 3);
}

TEST_CASE("ask accepts Japanese yes/no and asks in Japanese", "[cli][ask]") {
  Run r = Elig("ask " + kRules + " --lang ja", "はい\n3\nいいえ\n群馬県\n100000\n");
  Golden("ask-ja.txt", r.out);
  CHECK(r.out.find("（はい／いいえ）") != std::string::npos);
  CHECK(r.out.find("読み取れません") == std::string::npos);  // はい and いいえ were understood
  CHECK(r.exit == 0);
}

TEST_CASE("ask with --program stops as soon as the outcome is settled", "[cli][ask]") {
  // Owing taxes settles test.alpha at once (an exclusion applies): nothing more is read.
  Run r = Elig("ask " + kRules + " --program test.alpha", "yes\nshould-not-be-read\n");
  CHECK(r.exit == 1);
  Golden("ask-program-settled.txt", r.out);
  CHECK(r.out.find("(2)") == std::string::npos);
  CHECK(r.out.find("should-not-be-read") == std::string::npos);
  CHECK(r.out.find("Not eligible (1)") != std::string::npos);

  // Nothing at all to ask: the program is already settled by --applicant.
  Run done = Elig("ask " + kRules + " --program test.delta --applicant tests/data/cli/applicants/tokyo.yaml", "");
  CHECK(done.exit == 0);
  CHECK(done.out.find("\n(1)") == std::string::npos);
  CHECK(done.out.find("Eligible (1)") != std::string::npos);
}

TEST_CASE("ask starts from --applicant, and stops at the end of input", "[cli][ask]") {
  // prefecture and legal_form are known: never asked.
  Session s = Interact("ask " + kRules + " --applicant tests/data/cli/applicants/partial.yaml",
                       [](const std::string&, const std::string&, bool) { return std::string("\x04"); });
  REQUIRE(s.asked.size() == 1);
  CHECK(s.exit == 2);  // stopped before anything was settled
  CHECK(s.transcript.find("Undetermined (3)") != std::string::npos);
  CHECK(!Contains(s.asked, "prefecture"));
  CHECK(!Contains(s.asked, "legal_form"));

  // An empty answer leaves the fact unknown; it is not asked again.
  Run skip = Elig("ask " + kRules, "\n\n\n\n\n\n\n\n");
  CHECK(skip.exit == 2);
  CHECK(skip.out.find("(left unknown)") != std::string::npos);
  size_t questions = 0;
  for (size_t at = 0; (at = skip.out.find("\n(", at)) != std::string::npos; ++at) ++questions;
  CHECK(questions <= 8);
}

TEST_CASE("ask never asks a sole proprietor for capital, but asks a large company", "[cli][ask]") {
  auto answers = [](const std::string& legal_form, const std::string& employees) {
    return [=](const std::string& fact, const std::string&, bool reasked) -> std::string {
      if (reasked) return "?";
      if (fact == "legal_form") return legal_form;
      if (fact == "employees") return employees;
      if (fact == "prefecture") return "群馬県";
      if (fact == "capital") return "10000000";
      if (fact == "expenses") return "100000";
      return "no";
    };
  };
  Session sole = Interact("ask " + kRules, answers("sole", "30"));
  CHECK(!Contains(sole.asked, "capital"));
  CHECK(Contains(sole.asked, "legal_form"));
  // A company with 30 employees is small only by its capital: now capital matters.
  Session company = Interact("ask " + kRules, answers("company", "30"));
  CHECK(Contains(company.asked, "capital"));
  // Every question was asked once.
  std::set<std::string> unique(company.asked.begin(), company.asked.end());
  CHECK(unique.size() == company.asked.size());
}

TEST_CASE("ask errors: unknown program, unwritable --save, bad --applicant, rule errors", "[cli][ask][errors]") {
  Run unknown = Elig("ask " + kRules + " --program no.such", "");
  CHECK(unknown.exit == 64);
  CHECK(unknown.err.find("no program `no.such`") != std::string::npos);
  CHECK(unknown.out.empty());

  Run unwritable = Elig("ask " + kRules + " --program test.alpha --save /nonexistent-dir/answers.yaml", "yes\n");
  CHECK(unwritable.exit == 74);
  CHECK(unwritable.err.find("cannot write `/nonexistent-dir/answers.yaml`") != std::string::npos);

  Run broken = Elig("ask " + kRules + " --applicant tests/data/cli/applicants/broken.yaml", "");
  CHECK(broken.exit == 65);
  CHECK(broken.err.find("broken.yaml:") != std::string::npos);

  Run rules = Elig("ask --rules tests/data/cli/broken-rules", "");
  CHECK(rules.exit == 66);
  CHECK(rules.err.find("error[unknown-name]") != std::string::npos);

  Run date = Elig("ask --rules tests/data/cli/rules --as-of tomorrow", "");
  CHECK(date.exit == 64);
}

// On the shipped rules, a sole proprietor is never asked for
// capital, and the questionnaire stops as soon as every outcome is settled: with all
// the answers nothing is open; without the last one something still is.
TEST_CASE("ask on the shipped rules: a sole proprietor, never asked for capital", "[cli][ask][shipped]") {
  for (const std::string as_of : {"2025-06-01", "2026-06-01"}) {
    for (const std::string yes_no : {"yes", "no"}) {
      INFO("as of " << as_of << ", answering " << yes_no << " to every yes/no question");
      const fs::path saved = Scratch() / ("shipped-" + as_of + "-" + yes_no + ".yaml");
      bool skipped = false;
      Session s = Interact(
          "ask --rules rules --as-of " + as_of + " --save " + Quote(saved.string()),
          [&](const std::string& fact, const std::string& question, bool reasked) -> std::string {
            if (reasked) {
              skipped = true;
              return "?";
            }
            if (fact == "legal_form") return "個人事業主";
            if (fact == "prefecture") return "群馬県";
            if (fact == "city") return "高崎市";
            if (question.find("(yes/no)") != std::string::npos) return yes_no;
            if (question.find("YYYY-MM-DD") != std::string::npos) return "2015-04-01";
            if (question.find("(a number or a value)") != std::string::npos) return "1";
            if (question.find("separated by commas") != std::string::npos) return "none";
            if (question.find("an amount in yen") != std::string::npos) return "1000000";
            if (question.find("a whole number") != std::string::npos) return "3";
            if (question.find("a number, e.g.") != std::string::npos) return "0";
            return "x";
          });
      INFO(s.transcript);
      CHECK(s.exit >= 0);
      CHECK(s.exit <= 2);
      REQUIRE_FALSE(s.asked.empty());
      CHECK(s.asked.front() != "");
      CHECK(!Contains(s.asked, "capital"));
      std::set<std::string> unique(s.asked.begin(), s.asked.end());
      CHECK(unique.size() == s.asked.size());
      if (skipped) continue;  // an answer the driver could not give: settling is not expected then

      Run all = Elig("match --rules rules --as-of " + as_of + " --format json --applicant " + Quote(saved.string()));
      CHECK(AllSettled(json::parse(all.out)));
      // Without the last answers (one, or a checklist's) some program was still open: the last
      // question was needed.
      std::string text = Slurp(saved);
      for (const std::string& last : s.facts_asked.back()) {
        size_t at = text.find("\n" + last + ": ");
        REQUIRE(at != std::string::npos);
        text.erase(at + 1, text.find('\n', at + 1) - at);
      }
      const fs::path prefix = Scratch() / ("shipped-prefix-" + as_of + "-" + yes_no + ".yaml");
      Spit(prefix, text);
      Run before = Elig("match --rules rules --as-of " + as_of + " --format json --applicant " + Quote(prefix.string()));
      CHECK_FALSE(AllSettled(json::parse(before.out)));
    }
  }
}

// ---------------------------------------------------------------------------
// The next-question engine.

namespace {

const char* kBiz = R"(module: biz
facts:
  legal_form: { type: "enum[company, sole]" }
  capital: { type: yen, min: 0 }
  employees: { type: int, min: 0 }
define:
  is_small: >-
    (legal_form == "company" and (capital <= 50_000_000 yen or employees <= 20))
    or (legal_form == "sole" and employees <= 20)
)";

std::vector<std::string> Facts(const elig::test::Program& p, const std::map<std::string, std::string>& known,
                               std::set<std::string> skipped = {}) {
  elig::AskOptions o;
  o.as_of = *elig::ParseDate("2026-06-01");
  auto qs = elig::RankQuestions({&p.compiled()}, elig::test::MakeApplicant(known), skipped, o);
  std::vector<std::string> out;
  for (const auto& q : qs) out.push_back(q.fact);
  return out;
}

}  // namespace

TEST_CASE("next question: only facts that can change the outcome", "[ask][engine]") {
  elig::test::Program p(R"(program: t.small
use: [common/biz]
facts:
  note: { type: text }
requirements:
  - { id: small, rule: biz.is_small }
scoring:
  - { id: noted, points: 1, when: note == "x" }
)", {{"common/biz.yaml", kBiz}});
  // Nothing known: legal form decides whether capital matters at all.
  auto all = Facts(p, {});
  REQUIRE_FALSE(all.empty());
  CHECK(all.front() == "legal_form");
  CHECK(!Contains(all, "note"));  // a scoring fact never changes an outcome
  // A sole proprietor: capital cannot change anything.
  auto sole = Facts(p, {{"legal_form", "sole"}});
  CHECK(sole == std::vector<std::string>{"employees"});
  // A company: either capital or employees can settle it.
  auto company = Facts(p, {{"legal_form", "company"}});
  CHECK(Contains(company, "capital"));
  CHECK(Contains(company, "employees"));
  // A company with 30 employees: only capital is left.
  CHECK(Facts(p, {{"legal_form", "company"}, {"employees", "30"}}) == std::vector<std::string>{"capital"});
  // Settled: nothing to ask.
  CHECK(Facts(p, {{"legal_form", "sole"}, {"employees", "3"}}).empty());
  // Skipped facts are never proposed.
  CHECK(Facts(p, {{"legal_form", "sole"}}, {"employees"}).empty());
}

TEST_CASE("next question: the fact that settles the most comes first", "[ask][engine]") {
  elig::test::Program p(R"(program: t.order
facts:
  prefecture: { type: text }
  employees: { type: int, min: 0 }
  expenses: { type: yen, min: 0 }
requirements:
  - { id: in-gunma, rule: prefecture == "群馬県" }
  - { id: small, rule: employees <= 20 }
award: min(floor(expenses * 1/2), 300_000 yen)
)");
  auto qs = Facts(p, {});
  REQUIRE(qs.size() == 3);
  CHECK(qs.back() == "expenses");  // the award is asked for last
  // Once eligible, the award still needs its fact.
  CHECK(Facts(p, {{"prefecture", "群馬県"}, {"employees", "3"}}) == std::vector<std::string>{"expenses"});
  // Once refused, the award does not matter.
  CHECK(Facts(p, {{"prefecture", "東京都"}}).empty());
}

TEST_CASE("next question: thresholds reached through definitions, dates and lists", "[ask][engine]") {
  elig::test::Program p(R"(program: t.dates
facts:
  founded: { type: date }
  certifications: { type: "list[enum[kurumin, eruboshi]]" }
  share: { type: decimal, min: 0, max: 1 }
define:
  years: years_between(founded, as_of)
requirements:
  - { id: one-year, rule: years >= 1 }
  - { id: certified, rule: '"kurumin" in certifications' }
exclusions:
  - { id: owned, rule: share >= 50% }
)");
  auto qs = Facts(p, {});
  CHECK(Contains(qs, "founded"));
  CHECK(Contains(qs, "certifications"));
  CHECK(Contains(qs, "share"));
  elig::CandidateStorage storage;
  auto share = elig::CandidateValues(p.compiled(), static_cast<uint32_t>(p.compiled().FindFact("share")),
                                     *elig::ParseDate("2026-06-01"), storage);
  // Both sides of 50%, and nothing outside [0, 1].
  bool below = false, above = false;
  for (const auto& v : share) {
    REQUIRE(v.kind == elig::VKind::kNumber);
    CHECK(elig::Rational::Compare(v.num, 0) >= 0);
    CHECK(elig::Rational::Compare(v.num, 1) <= 0);
    below |= elig::Rational::Compare(v.num, *elig::Rational::Make(1, 2)) < 0;
    above |= elig::Rational::Compare(v.num, *elig::Rational::Make(1, 2)) >= 0;
  }
  CHECK(below);
  CHECK(above);
}

TEST_CASE("next question: a rule only a combination decides falls back to the missing facts", "[ask][engine]") {
  elig::test::Program p(R"(program: t.joint
facts:
  a: { type: int }
  b: { type: int }
requirements:
  - { id: same, rule: a == b }
)");
  elig::AskOptions o;
  o.as_of = *elig::ParseDate("2026-06-01");
  auto qs = elig::RankQuestions({&p.compiled()}, elig::test::MakeApplicant({}), {}, o);
  REQUIRE(qs.size() == 2);
  CHECK(qs[0].fallback);
  // The two-step search is bounded: with no budget it proposes nothing rather than guess.
  o.max_lookahead_decisions = 0;
  CHECK(elig::RankQuestions({&p.compiled()}, elig::test::MakeApplicant({}), {}, o).empty());
  // With one answer, the other settles it.
  auto next = Facts(p, {{"a", "3"}});
  CHECK(next == std::vector<std::string>{"b"});
}

// A refused answer is explained in the applicant's language, with what is accepted.
TEST_CASE("ask explains a refused answer in the applicant's language", "[cli][ask]") {
  const std::string cmd = "ask --rules rules --program gunma.takasaki-trade-fair-2025 --as-of 2025-10-15";
  // The place, legal form, industry and capital come first; then the yes/no questions about the
  // fair and the city's taxes, as one checklist.
  const std::string business = "高崎市\n1\n1\n1000万円\n";
  Run place = Elig(cmd + " --lang ja", "maybe\n");
  CHECK(place.out.find("！ 「maybe」は群馬県内の市町村の名前として読めません。例: 高崎市") != std::string::npos);
  Run ja = Elig(cmd + " --lang ja", business + "maybe\n9\n1,なし\n");
  INFO(ja.out);
  CHECK(ja.out.find("！ 「maybe」は番号として読めません。当てはまるものの番号を区切って入力してください。例: 1,3（どれも当てはまらなければ なし）。"
                    "もう一度お答えください") != std::string::npos);
  CHECK(ja.out.find("！ 9 という番号はありません（1～") != std::string::npos);
  CHECK(ja.out.find("！ 「なし」と番号は一緒に選べません。例: 1,3 または なし。もう一度お答えください") != std::string::npos);
  CHECK(ja.out.find("not a list of numbers") == std::string::npos);
  Run en = Elig(cmd, business + "maybe\n");
  INFO(en.out);
  CHECK(en.out.find("! `maybe` is not a list of numbers: give the numbers of those that apply, e.g. `1,3` (`none` if none "
                    "applies); please answer again") != std::string::npos);
  // A yes/no question asked alone (the test rules give no statements) is refused as yes/no.
  Run alone = Elig("ask " + kRules + " --lang ja", "maybe\n");
  CHECK(alone.out.find("！ 「maybe」は はい か いいえ でお答えください") != std::string::npos);
}

// A checklist answered: each item ticked is yes, each other no, kept in --save; わからない
// leaves them all unknown, listed as such.
TEST_CASE("ask: a checklist's answer sets each of its yes/no facts", "[cli][ask][checklist]") {
  const std::string cmd = "ask --rules rules --program gunma.takasaki-trade-fair-2025 --as-of 2025-10-15 --view official";
  const std::string business = "高崎市\n1\n1\n1000万円\n";
  const fs::path saved = Scratch() / "checklist.yaml";
  Run r = Elig(cmd + " --save " + Quote(saved.string()), business + "なし\n");
  INFO(r.out);
  size_t at = r.out.find("Which of these apply? Choose all that do (numbers separated by commas or spaces");
  REQUIRE(at != std::string::npos);
  std::string line = r.out.substr(at, r.out.find('\n', at) - at);
  REQUIRE(line.find("  [") != std::string::npos);  // the official view names the items' facts
  std::string ids = line.substr(line.find("  [") + 3);
  ids.pop_back();
  std::vector<std::string> facts;
  for (size_t from = 0;;) {
    size_t comma = ids.find(", ", from);
    facts.push_back(ids.substr(from, comma - from));
    if (comma == std::string::npos) break;
    from = comma + 2;
  }
  REQUIRE(facts.size() >= 2);
  CHECK(r.out.find("    0) None of these\n") != std::string::npos);
  std::string yaml = Slurp(saved);
  for (const auto& f : facts) CHECK(yaml.find("\n" + f + ": false\n") != std::string::npos);

  // The second item ticked, by a full-width number: it alone is yes.
  Run two = Elig(cmd + " --save " + Quote(saved.string()), business + "２\n");
  yaml = Slurp(saved);
  for (size_t i = 0; i < facts.size(); ++i)
    CHECK(yaml.find("\n" + facts[i] + (i == 1 ? ": true\n" : ": false\n")) != std::string::npos);

  // わからない: none of them is answered, and none is asked again.
  Run unknown = Elig(cmd + " --save " + Quote(saved.string()), business + "わからない\n");
  CHECK(unknown.out.find("(left unknown)") != std::string::npos);
  yaml = Slurp(saved);
  for (const auto& f : facts) {
    CHECK(yaml.find("\n" + f + ": ") == std::string::npos);
    CHECK(yaml.find(f) != std::string::npos);  // listed among the facts not known
  }
  CHECK(unknown.out.find("  [" + ids + "]") == unknown.out.rfind("  [" + ids + "]"));  // asked once
}

// The answers of the company in Takasaki exhibiting abroad, keyed by words of its questions.
const std::vector<std::pair<std::string, std::string>> kTakasakiAnswers = {
    {"経費の合計", "545,555円"}, {"事業の形態", "(株)"}, {"所在市町村", "高崎市"}, {"業種", "製造"}, {"資本金", "1,000万円"},
    {"従業員", "20人"}, {"開催地", "海外"}, {"出展小間料", "385,555円"}, {"装飾費", "16万円"},
    {"負担金", "0"}, {"主催・後援", "はい"}, {"製造業を営んで", "はい"}, {"単独で出展", "はい"},
    {"1社1技術", "いいえ"}};

// ask finishes the job: a company in Takasaki exhibiting abroad is asked, across every
// shipped program, until the award is known to the yen — the fair's costs included, which
// no single answer makes known — in at most 15 questions.
TEST_CASE("ask goes on to the costs until the award is known to the yen, in at most 15 questions", "[cli][ask][shipped]") {
  const std::map<std::string, std::string> facts = {
      {"legal_form", "(株)"},         {"prefecture", "群馬"},        {"city", "高崎市"},
      {"industry", "製造"},           {"capital", "1,000万円"},      {"employees", "20人"},
      {"fair_location", "海外"},      {"fair_start", "令和8年2月10日"}, {"booth_fee", "385,555円"},
      {"decoration_fee", "16万円"},   {"fair_contribution", "0"},   {"stand_rental", "0"},
      {"fair_exhibitors", "500社"},   {"fair_public_backing", "はい"}, {"fair_years_running", "10"},
      {"manufactures", "はい"},       {"exhibits_alone", "はい"},     {"one_company_one_tech", "いいえ"}};
  for (const std::string lang : {"en", "ja"}) {
    INFO(lang);
    Session s = Interact("ask --rules rules --as-of 2025-10-15 --lang " + lang,
                         [&](const std::string& fact, const std::string&, bool reasked) -> std::string {
                           if (reasked) return "?";
                           auto it = facts.find(fact);
                           return it != facts.end() ? it->second : "no";
                         });
    INFO(s.transcript);
    CHECK(s.exit == 0);
    CHECK(s.questions.size() <= 15);
    for (const char* cost : {"booth_fee", "decoration_fee", "fair_contribution"})
      CHECK(std::find(s.asked.begin(), s.asked.end(), cost) != s.asked.end());
    // booth 385,555 + decoration 160,000 = 545,555 yen; half, floored; under the 300,000 cap abroad.
    CHECK(s.transcript.find(lang == "ja" ? "補助額 272,777円" : "award 272,777 yen") != std::string::npos);
  }
}

// The two applicants of the questionnaire's acceptance, in Japanese and in the applicant's view,
// with their transcripts in golden files: a sole proprietor in Maebashi who exports farm
// products (never asked about shareholders or officers), and the Takasaki company above. The
// answers are keyed by what the questions say, as a person reads them; anything else is いいえ.
TEST_CASE("ask transcripts in Japanese: a sole proprietor in Maebashi, a company in Takasaki", "[cli][ask][shipped]") {
  struct Case {
    std::string golden;
    std::vector<std::pair<std::string, std::string>> answers;  // (words in the question, answer)
    std::vector<std::string> results;                          // lines the result must hold
    std::string args = "";                                     // beyond the date, language and view
    size_t most = 15;                                          // questions at most
  };
  const std::vector<Case> cases = {
      {"ask-maebashi-sole-ja.txt",
       {{"事業の形態", "個人事業主"}, {"所在市町村", "前橋市"}, {"従業員", "3人"}, {"県産の農畜産物", "はい"},
        {"日本国内で事業を営む個人", "はい"}, {"申請者の種類", "生産者"}, {"生産拠点", "はい"}},
       {"対象（1件）", "群馬県 県産農畜産物輸出支援補助金（対象者のみ）"}},
      {"ask-takasaki-company-ja.txt", kTakasakiAnswers,
       {"補助額 272,777円", "計算: 補助対象経費 545,555円", "申請期限: 2026年3月31日"}},
      // Looking for trade-fair support: the yes/no questions about the fair and the city's taxes
      // come as one checklist, and the award is known in at most 8 questions.
      {"ask-takasaki-trade-fair-ja.txt", kTakasakiAnswers,
       {"補助額 272,777円", "計算: 補助対象経費 545,555円", "申請期限: 2026年3月31日", "次のうち、当てはまるものをすべて選んでください"},
       " --theme trade-fair", 8},
  };
  for (const auto& c : cases) {
    INFO(c.golden);
    Session s = Interact("ask --rules rules --as-of 2025-10-15 --lang ja --view applicant" + c.args,
                         [&](const std::string&, const std::string& question, bool reasked) -> std::string {
                           if (reasked) return "?";
                           for (const auto& [words, answer] : c.answers)
                             if (question.find(words) != std::string::npos) return answer;
                           return "いいえ";
                         });
    INFO(s.transcript);
    CHECK(s.exit == 0);
    CHECK(s.questions.size() <= c.most);
    for (const auto& q : s.questions) CHECK(q.find('[') == std::string::npos);  // no fact ids in the applicant's view
    // Neither a question nor an item of a checklist asks a sole proprietor about shareholders or officers.
    if (c.golden.find("sole") != std::string::npos)
      for (const char* word : {"株主", "発行済株式", "役員総数", "役員全員"}) CHECK(s.transcript.find(word) == std::string::npos);
    for (const auto& line : c.results) CHECK(s.transcript.find(line) != std::string::npos);
    // Where the business is, then its legal form: the order a person expects.
    REQUIRE(s.questions.size() >= 2);
    CHECK(s.questions[0].find("所在市町村") != std::string::npos);
    CHECK(s.questions[1].find("事業の形態") != std::string::npos);
    Golden(c.golden, s.transcript);
  }
}
