// SPDX-License-Identifier: Apache-2.0
// Support other than money and limits on bonus points: `benefit:` (what is given, in words and
// numbers, and the applicant's share of the costs) in explanations, the applicant view and the
// JSON, never as 「0円」; `places:` in `elig rank`, with a tie at the edge of the places flagged;
// `score_groups: max_counted:` with `pick:`, applied on both paths and explained; and the
// positioned errors of each new key.
#include <catch2/catch.hpp>

#include "compile/ruleset.hpp"
#include "eval/decision.hpp"
#include "eval/screen.hpp"
#include "explain/explain.hpp"
#include "explain/views.hpp"
#include "io/applicant.hpp"
#include "store/rank.hpp"
#include "test_batch_support.hpp"
#include "test_support.hpp"

using namespace elig;
using namespace elig::batch_test;
using elig::test::Program;

namespace {

using V = std::vector<std::string>;

const char* kBonus = R"(program: t.bonus
version: "1"
title: { ja: 加点テスト, en: Bonus test }
window: 2026-04-01 .. 2027-03-31
facts:
  a: { type: bool }
  b: { type: bool }
  c: { type: bool }
  d: { type: bool }
requirements:
  - { id: r, rule: true }
score_groups:
  top: { max_counted: 2, pick: highest, text: { ja: 上位2項目, en: The best two } }
  early: { max_counted: 1, pick: first }
  both: { max_items: 3, max_counted: 1, pick: highest }
scoring:
  - { id: one, points: 1, when: a, group: top }
  - { id: three, points: 3, when: b, group: top }
  - { id: two, points: 2, when: c, group: top }
  - { id: also-two, points: 2, when: d, group: top }
  - { id: e1, points: 1, when: a, group: early }
  - { id: e5, points: 5, when: b, group: early }
)";

// The score and the ids not counted, by the traced path; the fast path must agree on the score.
std::pair<std::string, V> Scored(const Program& p, const std::map<std::string, std::string>& facts) {
  Decision d = p.Raw(facts);
  CHECK(p.DecideFast(facts).score == d.score.ToString());
  return {d.score.ToString(), d.not_counted};
}

const char* kConsulting = R"Y(program: t.handson
version: "1"
title: { ja: ハンズオン支援テスト, en: Hands-on test }
kind: consulting
window: 2026-04-01 .. 2027-03-31
places: 2
benefit:
  says: { ja: 専門家によるハンズオン支援（最長1年・無料）, en: "Hands-on support by experts (up to 1 year, free)" }
  gives:
    - { what: { ja: 専門家の訪問, en: Expert visits }, up_to: 12, unit: visits }
    - { what: { ja: 伴走支援, en: Hands-on support }, up_to: 12, unit: months }
    - { what: { ja: 見本市の小間, en: A trade-fair booth }, count: 1, unit: booths }
  cost_share: 0
facts:
  sme: { type: bool, label: { ja: 中小企業, en: SME }, ask: { ja: 中小企業ですか, en: "Are you an SME?" } }
  plan: { type: bool, label: { ja: 海外展開計画, en: Plan }, ask: { ja: 計画がありますか, en: "Do you have a plan?" } }
requirements:
  - { id: is-sme, rule: sme, text: { ja: 中小企業であること, en: An SME }, cite: 要領 第2条 }
scoring:
  - { id: has-plan, points: 10, when: plan, text: { ja: 計画あり, en: A plan }, cite: 要領 第5条 }
)Y";

std::string MatchText(const Program& p, const std::map<std::string, std::string>& facts, Lang lang) {
  std::vector<const CompiledProgram*> programs{&p.compiled()};
  std::vector<FactValues> bound = BindEach(programs, test::MakeApplicant(facts));
  ScreenOptions so;
  so.as_of = *ParseDate("2026-06-01");
  so.for_people = true;
  MatchViewOptions o;
  o.lang = lang;
  return RenderMatchText(Screen(programs, bound, so), "", o);
}

std::string MatchJson(const Program& p, const std::map<std::string, std::string>& facts, Lang lang) {
  std::vector<const CompiledProgram*> programs{&p.compiled()};
  std::vector<FactValues> bound = BindEach(programs, test::MakeApplicant(facts));
  ScreenOptions so;
  so.as_of = *ParseDate("2026-06-01");
  return RenderMatchJson(Screen(programs, bound, so), "a", lang);
}

// Error codes with their line and column, for a program whose tail is `body`.
V Codes(const std::string& body) {
  auto rs = RuleSet::LoadTexts({{"p.yaml", "program: t.e\nwindow: 2026-04-01 .. 2027-03-31\nfacts:\n  f: { type: bool }\n"
                                           "requirements:\n  - { id: r, rule: f }\n" + body}});
  V out;
  for (const auto& d : rs->diagnostics())
    if (d.severity == Severity::kError) out.push_back(d.code + "@" + std::to_string(d.loc.line) + ":" + std::to_string(d.loc.column));
  return out;
}

store::RankCandidate Cand(int64_t seq, const std::string& id, int64_t score, std::optional<int64_t> award) {
  store::RankCandidate c;
  c.seq = seq;
  c.applicant_id = id;
  c.score = Rational(score);
  if (award) c.award = Rational(*award);
  return c;
}

V Statuses(const store::RankResult& r) {
  V out;
  for (const auto& e : r.entries)
    out.push_back(e.candidate.applicant_id + ":" + e.granted.ToString() + ":" + store::RankStatusName(e.status));
  return out;
}

}  // namespace

TEST_CASE("bonus cap: at most N items count, the highest first, on both paths", "[eval][bonus]") {
  Program p(kBonus);
  // Four items of `top` hold (1, 3, 2, 2): the best two are 3 and the first 2 written.
  auto [score, left] = Scored(p, {{"a", "true"}, {"b", "true"}, {"c", "true"}, {"d", "true"}});
  // top: 3 + 2 = 5; early (pick first): e1 (1), not e5; total 6.
  CHECK(score == "6");
  CHECK(left == V{"one", "also-two", "e5"});
  // Within the limit nothing is left out.
  auto [two, none] = Scored(p, {{"a", "true"}, {"b", "false"}, {"c", "true"}, {"d", "false"}});
  CHECK(two == "4");  // top: 1 + 2; early: e1
  CHECK(none.empty());
  // On equal points the item written first counts: `two` before `also-two`.
  auto [tied, tied_left] = Scored(p, {{"a", "false"}, {"b", "false"}, {"c", "true"}, {"d", "true"}});
  CHECK(tied == "4");
  CHECK(tied_left.empty());
  auto [three, out3] = Scored(p, {{"a", "true"}, {"b", "false"}, {"c", "true"}, {"d", "true"}});
  CHECK(three == "5");  // two + also-two, and e1
  CHECK(out3 == V{"one"});
}

TEST_CASE("bonus cap with max_items: past max_items nothing counts", "[eval][bonus]") {
  Program p(R"(program: t.both
window: 2026-04-01 .. 2027-03-31
facts:
  a: { type: bool }
  b: { type: bool }
  c: { type: bool }
requirements:
  - { id: r, rule: true }
score_groups:
  g: { max_items: 2, max_counted: 1, pick: highest }
scoring:
  - { id: x, points: 1, when: a, group: g }
  - { id: y, points: 4, when: b, group: g }
  - { id: z, points: 2, when: c, group: g }
)");
  CHECK(Scored(p, {{"a", "true"}, {"b", "true"}, {"c", "false"}}).first == "4");
  CHECK(Scored(p, {{"a", "true"}, {"b", "true"}, {"c", "true"}}).first == "0");
}

TEST_CASE("bonus cap: the explanation says which counted and which did not, in ja and en", "[explain][bonus]") {
  Program p(kBonus);
  std::map<std::string, std::string> facts{{"a", "true"}, {"b", "true"}, {"c", "true"}, {"d", "true"}};
  std::string ja = p.Text(facts, Lang::kJa);
  CHECK_THAT(ja, Catch::Contains("+3  three"));
  CHECK_THAT(ja, Catch::Contains("(+1)  one") && Catch::Contains("加点に数えません: グループ「top」は 2 項目まで"));
  CHECK_THAT(ja, Catch::Contains("加点グループ「top」で数えるのは 2 項目まで（点数の高いものから）"));
  CHECK_THAT(ja, Catch::Contains("加点グループ「early」で数えるのは 1 項目まで（記載の順に）"));
  std::string en = p.Text(facts, Lang::kEn);
  CHECK_THAT(en, Catch::Contains("(+2)  also-two") && Catch::Contains("not counted: group `top` counts at most 2"));
  CHECK_THAT(en, Catch::Contains("group `top` counts at most 2 item(s), the highest points first"));
  std::string json = p.Json(facts);
  CHECK_THAT(json, Catch::Contains("\"not_counted\":[\"one\",\"also-two\",\"e5\"]"));
  // Nothing left out: no such lines.
  std::string plain = p.Text({{"a", "true"}, {"b", "false"}, {"c", "false"}, {"d", "false"}}, Lang::kEn);
  CHECK(plain.find("not counted") == std::string::npos);
  // The compact form keeps the list and reads it back.
  Decision d = p.Raw(facts);
  std::string compact = RenderCompactJson(d);
  CHECK_THAT(compact, Catch::Contains("\"not_counted\":[\"one\",\"also-two\",\"e5\"]"));
  CompactDecision back;
  std::string error;
  REQUIRE(ReadCompactJson(p.compiled(), compact, back, error));
  CHECK(back.decision.not_counted == d.not_counted);
}

TEST_CASE("ものづくり: eight bonus items claimed, six count", "[rules][bonus]") {
  static const std::unique_ptr<RuleSet> rules = RuleSet::LoadDir(std::string(ELIG_SOURCE_DIR) + "/rules");
  REQUIRE(rules);
  const CompiledProgram* p = rules->Find("national.monozukuri-19");
  REQUIRE(p);
  REQUIRE(p->score_groups.size() == 1);
  CHECK(p->score_groups[0].max_counted == 6);
  CHECK(p->score_groups[0].pick == ScorePick::kHighest);
}

TEST_CASE("score group keys: positioned errors", "[check][bonus]") {
  CHECK(Codes("score_groups:\n  g: { max_counted: 2 }\n").size() == 1);
  CHECK(Codes("score_groups:\n  g: { max_counted: 2 }\n") == V{"missing-key@8:3"});
  CHECK(Codes("score_groups:\n  g: { pick: highest }\n") == V{"missing-key@8:3", "missing-key@8:14"});
  CHECK(Codes("score_groups:\n  g: { max_counted: 2, pick: best }\n") == V{"bad-value@8:30"});
  CHECK(Codes("score_groups:\n  g: { max_counted: 0, pick: first }\n") == V{"bad-number@8:21"});
  CHECK(Codes("score_groups:\n  g: { max_counted: 1.5, pick: first }\n") == V{"bad-number@8:21"});
  CHECK(Codes("score_groups:\n  g: { max_count: 2, pick: first }\n") == V{"missing-key@8:3", "unknown-key@8:8", "missing-key@8:28"});
  CHECK(Codes("score_groups:\n  g: { max_counted: 2, pick: first }\n").empty());
}

TEST_CASE("benefit and places keys: positioned errors", "[check][benefit]") {
  const std::string says = "  says: { ja: 支援, en: Support }\n";
  CHECK(Codes("benefit:\n" + says).empty());
  CHECK(Codes("benefit: free\n") == V{"expected-map@7:10"});
  CHECK(Codes("benefit:\n  cost_share: 0\n") == V{"missing-key@8:3"});
  CHECK(Codes("benefit:\n  says: 支援\n") == V{"missing-key@8:9"});
  CHECK(Codes("benefit:\n" + says + "  cost_share: 4/3\n") == V{"bad-value@9:15"});
  CHECK(Codes("benefit:\n" + says + "  cost_share: 120%\n") == V{"bad-value@9:15"});
  CHECK(Codes("benefit:\n" + says + "  cost_share: 50%\n").empty());
  CHECK(Codes("benefit:\n" + says + "  gives: visits\n") == V{"expected-list@9:10"});
  CHECK(Codes("benefit:\n" + says + "  gives:\n    - { what: { ja: 訪問, en: Visits }, up_to: 5, unit: vists }\n") ==
        V{"bad-value@10:55"});
  CHECK(Codes("benefit:\n" + says + "  gives:\n    - { what: { ja: 訪問, en: Visits }, up_to: 5 }\n") == V{"missing-key@10:7"});
  CHECK(Codes("benefit:\n" + says + "  gives:\n    - { what: { ja: 訪問, en: Visits }, up_to: 0, unit: visits }\n") ==
        V{"bad-number@10:46"});
  CHECK(Codes("benefit:\n" + says + "  gives:\n    - { what: { ja: 訪問, en: Visits }, up_to: 5, count: 5, unit: visits }\n") ==
        V{"bad-value@10:56"});
  CHECK(Codes("benefit:\n" + says + "  gives:\n    - { up_to: 5, unit: visits }\n") == V{"missing-key@10:7"});
  CHECK(Codes("benefit:\n" + says + "  give: []\n") == V{"unknown-key@9:3"});
  CHECK(Codes("places: 0\n") == V{"bad-number@7:9"});
  CHECK(Codes("places: many\n") == V{"bad-number@7:9"});
  CHECK(Codes("places: 30\n").empty());
  // A misspelt unit gets a suggestion.
  auto rs = RuleSet::LoadTexts({{"p.yaml", "program: t.e\nbenefit:\n" + says +
                                               "  gives:\n    - { what: { ja: 訪問, en: Visits }, up_to: 5, unit: vists }\n"}});
  bool suggested = false;
  for (const auto& d : rs->diagnostics()) suggested |= d.help.en.find("visits") != std::string::npos;
  CHECK(suggested);
}

TEST_CASE("benefit: the decision says what is given, never an amount of 0", "[explain][benefit]") {
  Program p(kConsulting);
  const CompiledProgram& c = p.compiled();
  REQUIRE(c.places == 2);
  REQUIRE(c.benefit);
  CHECK(c.kind == "consulting");
  std::string ja = p.Text({{"sme", "true"}, {"plan", "true"}}, Lang::kJa);
  CHECK_THAT(ja, Catch::Contains("支援内容: 専門家によるハンズオン支援（最長1年・無料）"));
  CHECK_THAT(ja, Catch::Contains("- 専門家の訪問: 最大12回") && Catch::Contains("- 伴走支援: 最大12か月") &&
                     Catch::Contains("- 見本市の小間: 1小間") && Catch::Contains("- 自己負担: なし（無料）"));
  CHECK(ja.find("円") == std::string::npos);
  std::string en = p.Text({{"sme", "true"}}, Lang::kEn);
  CHECK_THAT(en, Catch::Contains("What is given: Hands-on support by experts (up to 1 year, free)"));
  CHECK_THAT(en, Catch::Contains("- Expert visits: up to 12 visits") && Catch::Contains("- Free of charge"));
  CHECK(en.find("yen") == std::string::npos);
  // A refused applicant: no 「0円」 and no benefit promised.
  std::string refused = p.Text({{"sme", "false"}}, Lang::kJa);
  CHECK(refused.find("0円") == std::string::npos);
  CHECK(refused.find("支援内容") == std::string::npos);
  std::string json = p.Json({{"sme", "false"}});
  CHECK_THAT(json, Catch::Contains("\"award\":null"));
  CHECK_THAT(json, Catch::Contains("\"benefit\":{\"cost_share\":\"0\""));
  CHECK_THAT(p.Json({{"sme", "true"}}), Catch::Contains("{\"amount\":12,\"unit\":\"visits\",\"up_to\":true,\"what\":\"Expert visits\"}"));
}

TEST_CASE("benefit: the applicant view (ja/en) and the screening JSON say what is given", "[views][benefit]") {
  Program p(kConsulting);
  std::string ja = MatchText(p, {{"sme", "true"}, {"plan", "true"}}, Lang::kJa);
  CHECK_THAT(ja, Catch::Contains("支援内容: 専門家によるハンズオン支援（最長1年・無料）"));
  CHECK_THAT(ja, Catch::Contains("- 専門家の訪問: 最大12回"));
  CHECK(ja.find("円") == std::string::npos);
  CHECK(ja.find("算定できません") == std::string::npos);
  std::string en = MatchText(p, {{"sme", "true"}}, Lang::kEn);
  CHECK_THAT(en, Catch::Contains("What is given: Hands-on support by experts (up to 1 year, free)"));
  CHECK(en.find("yen") == std::string::npos);
  CHECK(en.find("not determinable") == std::string::npos);
  std::string refused = MatchText(p, {{"sme", "false"}}, Lang::kJa);
  CHECK(refused.find("円") == std::string::npos);
  std::string json = MatchJson(p, {{"sme", "false"}}, Lang::kJa);
  CHECK(json.find("0円") == std::string::npos);
  CHECK_THAT(json, Catch::Contains("\"award\": null") && Catch::Contains("\"final_award\": null"));
  CHECK_THAT(MatchJson(p, {{"sme", "true"}}, Lang::kJa), Catch::Contains("\"says\": \"専門家によるハンズオン支援（最長1年・無料）\""));
}

TEST_CASE("benefit with money: both the amount and what else is given", "[explain][benefit]") {
  Program p(R"Y(program: t.pavilion
window: 2026-04-01 .. 2027-03-31
benefit:
  says: { ja: パビリオン内の小間（自己負担1/3）, en: "A pavilion booth (you bear 1/3)" }
  cost_share: 1/3
facts:
  cost: { type: yen, min: 0 }
requirements:
  - { id: r, rule: cost > 0 yen }
award: floor(cost * 2/3)
)Y");
  std::string ja = p.Text({{"cost", "300000"}}, Lang::kJa);
  CHECK_THAT(ja, Catch::Contains("200,000円") && Catch::Contains("支援内容: パビリオン内の小間（自己負担1/3）") &&
                     Catch::Contains("自己負担: 1/3"));
  CHECK_THAT(p.Text({{"cost", "300000"}}, Lang::kEn), Catch::Contains("Your share of the costs: 1/3"));
}

TEST_CASE("rank: places are filled by score, and a tie at the edge is flagged", "[rank][places]") {
  // Scores 30, 20, 20, 10; two places; the awards fit the budget.
  std::vector<store::RankCandidate> cs{Cand(0, "d", 10, 100), Cand(1, "a", 30, 100), Cand(2, "b", 20, 100), Cand(3, "c", 20, 100)};
  store::AllocateLimits two;
  two.places = 2;
  auto r = store::Allocate(cs, {}, OverBudget::kNone, Rational(1000), two);
  CHECK(Statuses(r) == V{"a:100:funded", "b:100:funded", "c:0:no-place", "d:0:no-place"});
  CHECK(r.selected == 2);
  CHECK(r.granted == Rational(200));
  CHECK(r.requested == Rational(200));  // only what the places could take
  REQUIRE(r.notes.size() == 1);
  CHECK_THAT(r.notes[0].en, Catch::Contains("tie at the edge of the places") && Catch::Contains("b (rank 2)") &&
                                Catch::Contains("c (rank 3)"));
  CHECK_THAT(r.notes[0].ja, Catch::Contains("採択枠の境界で同順位"));
  // Three places: the tie is inside, nothing to flag.
  store::AllocateLimits three;
  three.places = 3;
  auto r3 = store::Allocate(cs, {}, OverBudget::kNone, Rational(1000), three);
  CHECK(Statuses(r3) == V{"a:100:funded", "b:100:funded", "c:100:funded", "d:0:no-place"});
  CHECK(r3.notes.empty());
  // The budget binds before the places: the one that does not fit takes no place (skip), and
  // the next that fits takes it.
  std::vector<store::RankCandidate> mixed{Cand(0, "a", 30, 500), Cand(1, "b", 20, 600), Cand(2, "c", 10, 100), Cand(3, "d", 5, 100)};
  auto rs = store::Allocate(mixed, {}, OverBudget::kSkip, Rational(700), two);
  CHECK(Statuses(rs) == V{"a:500:funded", "b:0:unfunded", "c:100:funded", "d:0:no-place"});
}

TEST_CASE("rank: a program without money selects by place alone", "[rank][places]") {
  std::vector<store::RankCandidate> cs{Cand(0, "a", 10, std::nullopt), Cand(1, "b", 10, std::nullopt), Cand(2, "c", 5, std::nullopt)};
  store::AllocateLimits limits;
  limits.places = 1;
  limits.gives_money = false;
  auto r = store::Allocate(cs, {}, OverBudget::kNone, Rational(1000), limits);
  CHECK(Statuses(r) == V{"a:0:selected", "b:0:no-place", "c:0:no-place"});
  CHECK_FALSE(r.budget);
  REQUIRE(r.notes.size() == 1);
  CHECK_THAT(r.notes[0].en, Catch::Contains("a (rank 1) and b (rank 2)"));
  limits.places.reset();
  CHECK(Statuses(store::Allocate(cs, {}, OverBudget::kNone, std::nullopt, limits)) ==
        V{"a:0:selected", "b:0:selected", "c:0:selected"});
}

TEST_CASE("elig rank fills a consulting program's places by score and flags the tie at the edge", "[rank][places][cli]") {
  TempDir dir;
  fs::create_directories(dir / "rules");
  WriteFile(dir / "rules/handson.yaml", kConsulting);
  // Scores: A 0, B 10, C 10, D 10 (C and D tie with B); two places go to B and C.
  WriteFile(dir / "in.csv",
            "id,as_of,sme,plan\nA,2026-06-01,yes,no\nB,2026-06-01,yes,yes\nC,2026-06-01,yes,yes\nD,2026-06-01,yes,yes\n"
            "E,2026-06-01,no,yes\n");
  auto r = RunElig({"rank", "--rules", dir / "rules", "-p", "t.handson", "--input", dir / "in.csv", "--results", dir / "r.db",
                    "--csv", dir / "rank.csv", "--lang", "en"});
  CHECK(r.exit == 0);
  CHECK(ReadFile(dir / "rank.csv") ==
        "rank,applicant_id,score,award,granted,status,tied\n"
        "1,B,10,,0,selected,no\n"
        "2,C,10,,0,selected,yes\n"
        "3,D,10,,0,no-place,yes\n"
        "4,A,0,,0,no-place,no\n");
  CHECK_THAT(r.err, Catch::Contains("places 2: 2 selected, 2 eligible without a place"));
  CHECK_THAT(r.err, Catch::Contains("tie at the edge of the places: C (rank 2) and D (rank 3)"));
  CHECK(r.err.find("yen") == std::string::npos);
  // --places overrides the file; in Japanese.
  auto three = RunElig({"rank", "--rules", dir / "rules", "-p", "t.handson", "--results", dir / "r.db", "--places", "3", "--lang", "ja"});
  CHECK(three.exit == 0);
  CHECK_THAT(three.out, Catch::Contains("3,D,10,,0,selected"));
  CHECK_THAT(three.err, Catch::Contains("採択予定件数 3件: 採択 3件"));
  CHECK(RunElig({"rank", "--rules", dir / "rules", "-p", "t.handson", "--results", dir / "r.db", "--places", "0"}).exit == 64);
  CHECK(Rows(dir / "r.db", "SELECT applicant_id, status FROM rankings ORDER BY rank") == V{"B|selected", "C|selected", "D|selected", "A|no-place"});
}
