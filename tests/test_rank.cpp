// SPDX-License-Identifier: Apache-2.0
// `elig rank`: ordering by score and the declared tie-break, and allocation at
// the edge of the budget — exactly exhausted, one yen short, ties — for each
// `last:` rule; plus the rule-file keys and the command line.
#include <catch2/catch.hpp>

#include "compile/ruleset.hpp"
#include "store/batch.hpp"
#include "store/rank.hpp"
#include "test_batch_support.hpp"

using namespace elig;
using namespace elig::batch_test;

namespace {

store::RankKey Num(int64_t v) {
  store::RankKey k;
  k.known = true;
  k.num = Rational(v);
  return k;
}

store::RankCandidate C(int64_t seq, const std::string& id, int64_t score, std::optional<int64_t> award,
                       std::vector<store::RankKey> keys = {}) {
  store::RankCandidate c;
  c.seq = seq;
  c.applicant_id = id;
  c.score = Rational(score);
  if (award) c.award = Rational(*award);
  c.keys = std::move(keys);
  return c;
}

// "id:granted:status" in rank order.
std::vector<std::string> Alloc(const std::vector<store::RankCandidate>& cs, OverBudget rule, std::optional<int64_t> budget,
                               std::vector<bool> desc = {}) {
  auto r = store::Allocate(cs, desc, rule, budget ? std::optional<Rational>(Rational(*budget)) : std::nullopt);
  std::vector<std::string> out;
  for (const auto& e : r.entries)
    out.push_back(e.candidate.applicant_id + ":" + e.granted.ToString() + ":" + store::RankStatusName(e.status));
  return out;
}

using V = std::vector<std::string>;

// Scores 30, 20, 10 asking 400, 300, 200 (900 in all).
std::vector<store::RankCandidate> Three() { return {C(0, "c", 10, 200), C(1, "a", 30, 400), C(2, "b", 20, 300)}; }

}  // namespace

TEST_CASE("rank: a budget exactly exhausted funds everyone it covers, and no one after", "[rank]") {
  for (OverBudget rule : {OverBudget::kNone, OverBudget::kPartial, OverBudget::kSkip}) {
    INFO(OverBudgetName(rule));
    CHECK(Alloc(Three(), rule, 700) == V{"a:400:funded", "b:300:funded", "c:0:unfunded"});
    CHECK(Alloc(Three(), rule, 900) == V{"a:400:funded", "b:300:funded", "c:200:funded"});
  }
  auto r = store::Allocate(Three(), {}, OverBudget::kPartial, Rational(700));
  CHECK(r.granted == Rational(700));
  REQUIRE(r.remaining);
  CHECK(*r.remaining == Rational(0));
  CHECK(r.requested == Rational(900));
}

TEST_CASE("rank: one yen short, as each program declares", "[rank]") {
  // 699: b no longer fits by one yen.
  CHECK(Alloc(Three(), OverBudget::kNone, 699) == V{"a:400:funded", "b:0:unfunded", "c:0:unfunded"});
  CHECK(Alloc(Three(), OverBudget::kPartial, 699) == V{"a:400:funded", "b:299:partial", "c:0:unfunded"});
  CHECK(Alloc(Three(), OverBudget::kSkip, 699) == V{"a:400:funded", "b:0:unfunded", "c:200:funded"});
  // 899: the last one is one yen short.
  CHECK(Alloc(Three(), OverBudget::kPartial, 899) == V{"a:400:funded", "b:300:funded", "c:199:partial"});
  CHECK(Alloc(Three(), OverBudget::kNone, 899) == V{"a:400:funded", "b:300:funded", "c:0:unfunded"});
  auto r = store::Allocate(Three(), {}, OverBudget::kSkip, Rational(699));
  CHECK(r.granted == Rational(600));
  CHECK(*r.remaining == Rational(99));
}

TEST_CASE("rank: proportional scaling is floored and never exceeds the budget", "[rank]") {
  CHECK(Alloc(Three(), OverBudget::kProportional, 900) == V{"a:400:funded", "b:300:funded", "c:200:funded"});
  // 899/900 of each, floored to the yen.
  CHECK(Alloc(Three(), OverBudget::kProportional, 899) == V{"a:399:partial", "b:299:partial", "c:199:partial"});
  auto r = store::Allocate(Three(), {}, OverBudget::kProportional, Rational(100));
  CHECK(Rational::Compare(r.granted, Rational(100)) <= 0);
  CHECK(r.granted == Rational(44 + 33 + 22));
}

TEST_CASE("rank: ties are broken by the declared keys, then by input order, and flagged at the edge", "[rank]") {
  // Same score; the tie-break is an earlier date (ascending), then a lower award.
  std::vector<store::RankCandidate> cs = {
      C(0, "late", 10, 100, {Num(20), Num(100)}),
      C(1, "early-big", 10, 300, {Num(10), Num(300)}),
      C(2, "early-small", 10, 200, {Num(10), Num(200)}),
      C(3, "unknown-date", 10, 50, {store::RankKey{}, Num(50)}),
      C(4, "top", 11, 500, {Num(99), Num(500)}),
  };
  CHECK(Alloc(cs, OverBudget::kNone, std::nullopt) ==
        V{"top:500:funded", "early-small:200:funded", "early-big:300:funded", "late:100:funded", "unknown-date:50:funded"});
  // Descending on the first key: the later date first; an unknown value still sorts last.
  CHECK(Alloc(cs, OverBudget::kNone, std::nullopt, {true, false})[1] == "late:100:funded");
  CHECK(Alloc(cs, OverBudget::kNone, std::nullopt, {true, false})[4] == "unknown-date:50:funded");

  // A complete tie at the budget edge: input order decides, and the result says so.
  std::vector<store::RankCandidate> tied = {C(5, "second", 7, 300, {Num(1)}), C(2, "first", 7, 300, {Num(1)}),
                                            C(9, "third", 7, 300, {Num(1)})};
  auto r = store::Allocate(tied, {false}, OverBudget::kNone, Rational(600));
  REQUIRE(r.entries.size() == 3);
  CHECK(r.entries[0].candidate.applicant_id == "first");
  CHECK(r.entries[1].candidate.applicant_id == "second");
  CHECK_FALSE(r.entries[0].tied);
  CHECK(r.entries[1].tied);
  CHECK(r.entries[2].tied);
  CHECK(r.entries[2].status == store::RankStatus::kUnfunded);
  REQUIRE(r.notes.size() == 1);
  CHECK_THAT(r.notes[0].en, Catch::Contains("tie at the budget edge") && Catch::Contains("second") && Catch::Contains("third"));
  // No tie at the edge: no note.
  CHECK(store::Allocate(tied, {false}, OverBudget::kNone, Rational(900)).notes.empty());
}

TEST_CASE("rank: an eligible applicant without a determinable award takes nothing from the budget", "[rank]") {
  std::vector<store::RankCandidate> cs = {C(0, "a", 30, std::nullopt), C(1, "b", 20, 300), C(2, "c", 10, 200)};
  CHECK(Alloc(cs, OverBudget::kNone, 500) == V{"a:0:award-unknown", "b:300:funded", "c:200:funded"});
}

TEST_CASE("ranking and combine keys: parsed, resolved, and positioned errors", "[rank]") {
  auto load = [](const std::string& body) {
    return RuleSet::LoadTexts({{"p.yaml", "program: t.r\nwindow: 2026-04-01 .. 2027-03-31\nfacts:\n  d: { type: date }\n"
                                          "  n: { type: int }\n  l: { type: \"list[text]\" }\n  g: { type: yen }\n"
                                          "award: 100 yen\n" + body}});
  };
  auto codes = [&](const std::string& body) {
    std::vector<std::string> out;
    auto rs = load(body);
    for (const auto& d : rs->diagnostics())
      if (d.severity == Severity::kError) out.push_back(d.code + "@" + std::to_string(d.loc.line) + ":" + std::to_string(d.loc.column));
    return out;
  };
  auto ok = load("ranking:\n  tie_break: [d, n desc, award]\n  last: skip\ncombine:\n  not_with: ['*']\n"
                 "  deduct: { programs: [a.b], fact: g }\n  cite: 第5条\n");
  REQUIRE(ok->ok());
  const CompiledProgram& p = *ok->programs().front();
  REQUIRE(p.ranking);
  CHECK(p.ranking->last == OverBudget::kSkip);
  CHECK(p.tie_break_slots == std::vector<int>{p.FindFact("d"), p.FindFact("n"), -1});
  CHECK(p.ranking->tie_break[1].descending);
  REQUIRE(p.combine);
  CHECK(p.combine->not_with == std::vector<std::string>{"*"});
  CHECK(p.combine_deduct_fact == p.FindFact("g"));
  CHECK(p.combine->cite == "第5条");

  CHECK(codes("ranking:\n  last: partly\n") == V{"bad-value@10:9"});
  CHECK(codes("ranking:\n  tie_break: [nope]\n") == V{"unknown-name@10:15"});
  CHECK(codes("ranking:\n  tie_break: [l]\n") == V{"type-mismatch@10:15"});
  CHECK(codes("ranking:\n  tie_break: [d sideways]\n") == V{"bad-name@10:15"});
  CHECK(codes("ranking:\n  tie_brake: [d]\n") == V{"unknown-key@10:3"});
  CHECK(codes("combine:\n  deduct: { programs: [x], fact: n }\n") == V{"type-mismatch@10:34"});
  CHECK(codes("combine:\n  deduct: { programs: [x], fact: zz }\n") == V{"unknown-name@10:34"});
  CHECK(codes("combine:\n  deduct: { fact: g }\n") == V{"missing-key@10:11"});
  CHECK(codes("combine:\n  text: x\n") == V{"missing-key@10:3"});
  CHECK(codes("combine:\n  not_with: [\"bad id!\"]\n") == V{"bad-id@10:14"});
}

TEST_CASE("rank from batch results: stored in SQLite and written as CSV", "[rank][cli]") {
  TempDir dir;
  // Five eligible applicants of pref.fair with costs giving awards 500,000 / 300,000 / 200,000 ...
  std::string csv = "id,as_of,prefecture,employees,fair_costs,first_time,application_date\n"
                    "P1,2026-06-01,群馬県,100,1000000,no,2026-05-03\n"   // score 0, award 500,000
                    "P2,2026-06-01,群馬県,10,600000,yes,2026-05-02\n"    // score 15, award 300,000
                    "P3,2026-06-01,群馬県,10,400000,yes,2026-05-01\n"    // score 15, award 200,000, earlier
                    "P4,2026-06-01,群馬県,100,200000,yes,2026-05-01\n"   // score 10, award 100,000
                    "P5,2026-06-01,栃木県,10,200000,yes,2026-05-01\n";   // not eligible
  WriteFile(dir / "in.csv", csv);
  // Straight from the input: decide, then rank; the program's budget is 1,000,000 with `last: partial`.
  auto r = RunElig({"rank", "--rules", BatchRules(), "-p", "pref.fair", "--input", dir / "in.csv", "--results", dir / "r.db",
                    "--csv", dir / "rank.csv"});
  CHECK(r.exit == 0);
  CHECK(ReadFile(dir / "rank.csv") ==
        "rank,applicant_id,score,award,granted,status,tied\n"
        "1,P3,15,200000,200000,funded,no\n"
        "2,P2,15,300000,300000,funded,no\n"
        "3,P4,10,100000,100000,funded,no\n"
        "4,P1,0,500000,400000,partial,no\n");
  CHECK_THAT(r.err, Catch::Contains("granted 1,000,000 yen"));
  CHECK(One(dir / "r.db", "SELECT budget, last_rule, requested, granted, remaining FROM ranking_runs") ==
        "1000000|partial|1100000|1000000|0");
  // --budget one yen short of the top three: P4 gets 99,999 and P1 nothing.
  auto short_by_one = RunElig({"rank", "--rules", BatchRules(), "-p", "pref.fair", "--results", dir / "r.db", "--budget", "599_999"});
  CHECK(short_by_one.exit == 0);
  CHECK_THAT(short_by_one.out, Catch::Contains("3,P4,10,100000,99999,partial") && Catch::Contains("4,P1,0,500000,0,unfunded"));
  CHECK(One(dir / "r.db", "SELECT count(*), sum(granted) FROM rankings") == "4|599999");  // replaced, not added

  CHECK(RunElig({"rank", "--rules", BatchRules(), "-p", "pref.fair", "--results", dir / "r.db", "--budget", "lots"}).exit == 64);
  CHECK(RunElig({"rank", "--rules", BatchRules(), "-p", "nope", "--results", dir / "r.db"}).exit == 64);
  CHECK(RunElig({"rank", "--rules", BatchRules(), "-p", "pref.fair", "--results", dir / "none.db"}).exit == 74);
  auto other = RunElig({"rank", "--rules", BatchRules(), "-p", "city.fair", "--results", dir / "r.db"});
  CHECK(other.exit == 74);
  CHECK_THAT(other.err, Catch::Contains("no decisions for `city.fair`"));
}

TEST_CASE("rank's warnings and notes are said in the language of --lang", "[rank][cli][lang]") {
  TempDir dir;
  // Two applicants alike in score, tie-break and award: the budget covers one of them.
  WriteFile(dir / "in.csv",
            "id,as_of,prefecture,employees,fair_costs,first_time,application_date\n"
            "P3,2026-06-01,群馬県,10,400000,yes,2026-05-01\n"
            "P6,2026-06-01,群馬県,10,400000,yes,2026-05-01\n");
  auto first = RunElig({"rank", "--rules", BatchRules(), "-p", "pref.fair", "--input", dir / "in.csv", "--results",
                        dir / "r.db", "--budget", "200_000"});
  CHECK(first.exit == 0);
  CHECK_THAT(first.err, Catch::Contains("rank: note: tie at the budget edge: P3 (rank 1) and P6 (rank 2) have the same "
                                        "score and tie-break values; the earlier in the input is funded first\n"));
  // The run left unfinished, its results decided by another version of the program.
  {
    store::Status st;
    auto db = store::Db::Open(dir / "r.db", store::OpenMode::kReadWrite, st);
    REQUIRE(db);
    REQUIRE(db->Exec("UPDATE runs SET finished = NULL; UPDATE programs SET version = '2020.1' WHERE program = 'pref.fair'").ok());
  }
  const std::vector<std::string> again = {"rank", "--rules", BatchRules(), "-p", "pref.fair", "--results", dir / "r.db",
                                          "--budget", "200_000"};
  auto en = RunElig(again);
  CHECK(en.exit == 0);
  CHECK_THAT(en.err, Catch::Contains("elig: warning: run 1 is not finished: the ranking covers only the applicants decided so far\n") &&
                         Catch::Contains("elig: warning: the results were decided with version 2020.1 of `pref.fair`; "
                                         "the rules now say "));
  auto ja_args = again;
  ja_args.insert(ja_args.end(), {"--lang", "ja"});
  auto ja = RunElig(ja_args);
  CHECK(ja.exit == 0);
  CHECK_THAT(ja.err, Catch::Contains("elig: 警告: 実行 1 は終わっていません。順位はこれまでに判定された申請者だけのものです\n") &&
                         Catch::Contains("elig: 警告: 結果は `pref.fair` の版 2020.1 で判定されたものです。今のルールは版 ") &&
                         Catch::Contains("rank: 注記: 予算の境界で同順位です: P3（1 位）と P6（2 位）"));
  for (const char* english : {"warning", "note", "tie at", "is not finished", "decided with"})
    CHECK(ja.err.find(english) == std::string::npos);
  CHECK(ja.out == en.out);  // the CSV is data
}

TEST_CASE("rank CSV: a cell a spreadsheet would run as a formula starts with a quote", "[rank][cli]") {
  TempDir dir;
  std::string csv = "id,as_of,prefecture,employees,fair_costs,first_time,application_date\n"
                    "=cmd|' /C calc'!A0,2026-06-01,群馬県,10,600000,yes,2026-05-01\n"
                    "+SUM(A1),2026-06-01,群馬県,10,600000,yes,2026-05-02\n"
                    "@A1,2026-06-01,群馬県,10,600000,yes,2026-05-03\n"
                    "-2+3,2026-06-01,群馬県,10,600000,yes,2026-05-04\n"
                    "\"=1,2\",2026-06-01,群馬県,10,600000,yes,2026-05-05\n"
                    "P6,2026-06-01,群馬県,10,600000,yes,2026-05-06\n";
  WriteFile(dir / "in.csv", csv);
  auto r = RunElig({"rank", "--rules", BatchRules(), "-p", "pref.fair", "--input", dir / "in.csv", "--results", dir / "r.db",
                    "--csv", dir / "rank.csv"});
  CHECK(r.exit == 0);
  CHECK(ReadFile(dir / "rank.csv") ==
        "rank,applicant_id,score,award,granted,status,tied\n"
        "1,'=cmd|' /C calc'!A0,15,300000,300000,funded,no\n"
        "2,'+SUM(A1),15,300000,300000,funded,no\n"
        "3,'@A1,15,300000,300000,funded,no\n"
        "4,'-2+3,15,300000,100000,partial,no\n"
        "5,\"'=1,2\",15,300000,0,unfunded,no\n"
        "6,P6,15,300000,0,unfunded,no\n");
}
