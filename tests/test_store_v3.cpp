// SPDX-License-Identifier: Apache-2.0
// Schema version 3: what a result row repeats is stored once and referenced by small
// integers, and the view `results` reads the rows back with the columns of version 2; a
// results file of version 2 is upgraded in place; --skip-closed counts `closed`
// decisions instead of storing them.
#include <catch2/catch.hpp>

#include <filesystem>

#include "compile/ruleset.hpp"
#include "store/batch.hpp"
#include "store/rank.hpp"
#include "store/schema.hpp"
#include "test_batch_support.hpp"
#include "test_store_support.hpp"
#include "test_support.hpp"

using namespace elig;
using namespace elig::batch_test;

TEST_CASE("a results file of schema version 2 is upgraded in place, every row kept, and ranked the same", "[store][rank]") {
  TempDir dir;
  auto rs = BatchRuleSet();
  const std::string path = dir / "v2.db";
  store::Status st;
  {
    auto db = store::Db::Open(path, store::OpenMode::kReadWriteCreate, st);
    REQUIRE(db);
    REQUIRE(db->Exec(ReadFile(StoreFixture("schema-v2.sql"))).ok());
    REQUIRE(db->UserVersion(st) == 2);
  }
  const char* kResults =
      "SELECT run_id, seq, program, applicant_id, version, as_of, outcome, score, award, final_award, combine, missing, "
      "errors, explanation FROM results ORDER BY run_id, seq, program";
  const char* kApplicants = "SELECT run_id, seq, applicant_id, line, as_of, facts, record FROM applicants ORDER BY run_id, seq";
  const char* kErrors = "SELECT * FROM input_errors ORDER BY run_id, seq, n";
  const char* kRankings = "SELECT * FROM rankings ORDER BY run_id, program, rank";
  const char* kRankingRuns = "SELECT run_id, program, version, budget, last_rule, tie_break, requested, granted, remaining "
                             "FROM ranking_runs ORDER BY run_id, program";
  const char* kRuns = "SELECT run_id, run_key, started, finished, input, input_format, input_table, input_sha256, rules_dir, "
                      "rules_sha256, programs, as_of, default_as_of, explain, lang, engine_version, next_seq, rows, header, "
                      "list_facts FROM runs ORDER BY run_id";
  std::vector<std::vector<std::string>> before;
  for (const char* q : {kResults, kApplicants, kErrors, kRankings, kRankingRuns, kRuns}) before.push_back(Rows(path, q));
  REQUIRE(before[0].size() == 48);  // 24 decided, then the same 24 closed
  REQUIRE(before[3].size() == 5);
  {
    auto db = store::Db::Open(path, store::OpenMode::kReadWrite, st);
    REQUIRE(store::EnsureSchema(*db).ok());
    CHECK(db->UserVersion(st) == store::kSchemaVersion);
  }
  size_t k = 0;
  for (const char* q : {kResults, kApplicants, kErrors, kRankings, kRankingRuns, kRuns}) {
    INFO(q);
    CHECK(Rows(path, q) == before[k++]);
  }
  CHECK(One(path, "PRAGMA integrity_check") == "ok");
  CHECK(Rows(path, "PRAGMA foreign_key_check").empty());
  // Stored once, referenced by number.
  CHECK(One(path, "SELECT count(*) FROM programs") == "3");
  CHECK(One(path, "SELECT count(*) FROM dates") == "2");
  CHECK(One(path, "SELECT group_concat(DISTINCT typeof(outcome)) FROM result_rows") == "integer");
  CHECK(One(path, "SELECT count(*) FROM result_rows WHERE missing IS NOT NULL AND missing NOT GLOB '[[]*[0-9]]'") == "0");
  CHECK(One(path, "SELECT count(*) FROM result_rows WHERE missing IS NOT NULL") == "2");
  CHECK(One(path, "SELECT group_concat(run_id || ':' || program_ref || ':' || closed_not_stored) FROM run_programs") ==
        "1:1:0,1:2:0,1:3:0,2:1:0,2:2:0,2:3:0");
  CHECK(One(path, "SELECT count(*) FROM sqlite_master WHERE name = 'results_by_applicant'") == "0");
  CHECK(One(path, "SELECT count(*) FROM sqlite_master WHERE name = 'applicants_by_id'") == "1");

  // `elig rank` ranks the upgraded run as it was ranked before.
  const CompiledProgram* fair = rs->Find("pref.fair");
  REQUIRE(fair);
  {
    auto db = store::Db::Open(path, store::OpenMode::kReadWrite, st);
    store::RankOptions ro;
    ro.run_id = 1;
    store::RankReport report;
    REQUIRE(store::RankRun(*db, *fair, ro, report).ok());
    CHECK(report.warnings.empty());
  }
  CHECK(Rows(path, "SELECT run_id, program, rank, seq, applicant_id, score, award, granted, status, tied FROM rankings "
                   "ORDER BY run_id, program, rank") == before[3]);
  // Its totals read back as they were.
  CHECK(ReadTotals(path, 1) == std::vector<std::string>{"city.fair@1 5/2/1/0 716666 1 4", "pref.consult@1 7/1/0/0 200000 0 6",
                                                        "pref.fair@1 5/2/1/0 2400000 0 1"});

  // The same commands find their runs finished: the upgrade keeps the runs' keys.
  auto o = TestBatchOptions(StoreFixture("schema-v1.csv"), path, 5);
  o.threads = 1;
  auto again = store::RunBatch(*rs, o);
  REQUIRE(again.failure == store::BatchFailure::kNone);
  CHECK(again.summary.already_complete);
  CHECK(again.summary.run_id == 1);
  o.as_of = ParseDate("2020-01-01");
  auto closed = store::RunBatch(*rs, o);
  REQUIRE(closed.failure == store::BatchFailure::kNone);
  CHECK(closed.summary.already_complete);
  CHECK(closed.summary.run_id == 2);
  // The same run with --skip-closed is another run: nothing stored, the same totals.
  o.skip_closed = true;
  auto skipped = store::RunBatch(*rs, o);
  REQUIRE(skipped.failure == store::BatchFailure::kNone);
  REQUIRE(skipped.summary.run_id == 3);
  CHECK(One(path, "SELECT count(*) FROM results WHERE run_id = 3") == "0");
  CHECK(One(path, "SELECT skip_closed FROM runs WHERE run_id = 3") == "1");
  CHECK(Totals(skipped.summary) == ReadTotals(path, 2));
  CHECK(ReadTotals(path, 3) == ReadTotals(path, 2));
  CHECK(One(path, "SELECT count(*) FROM programs") == "3");
}

TEST_CASE("a batch with --skip-closed keeps closed decisions out of the results and counts them in the summary", "[batch]") {
  TempDir dir;
  auto rs = BatchRuleSet();
  WriteFile(dir / "in.csv", ToCsv(Generate(600, 17, 0.02)));
  const std::string path = dir / "out.db";
  auto all = store::RunBatch(*rs, TestBatchOptions(dir / "in.csv", path, 50));
  REQUIRE(all.failure == store::BatchFailure::kNone);
  auto o = TestBatchOptions(dir / "in.csv", path, 50);
  o.skip_closed = true;
  auto skip = store::RunBatch(*rs, o);
  REQUIRE(skip.failure == store::BatchFailure::kNone);
  REQUIRE(skip.summary.run_id != all.summary.run_id);
  int64_t closed = 0;
  for (const auto& p : all.summary.programs) closed += p.closed;
  REQUIRE(closed > 30);  // not vacuous: a tenth of the applicants are judged after the windows

  // Every decision but the closed ones, as the full run stored them; the totals are the full run's.
  auto full = RunResults(path, all.summary.run_id);
  std::vector<std::string> open;
  for (const auto& row : full)
    if (row.find("|closed|") == std::string::npos) open.push_back(row);
  CHECK(open.size() + static_cast<size_t>(closed) == full.size());
  CHECK(RunResults(path, skip.summary.run_id) == open);
  CHECK(Totals(skip.summary) == Totals(all.summary));
  CHECK(ReadTotals(path, skip.summary.run_id) == Totals(all.summary));
  CHECK(One(path, "SELECT sum(closed_not_stored) FROM run_programs WHERE run_id = " + std::to_string(skip.summary.run_id)) ==
        std::to_string(closed));
  CHECK(Rows(path, "SELECT seq, applicant_id, line, as_of, record FROM applicants WHERE run_id = 2 ORDER BY seq") ==
        Rows(path, "SELECT seq, applicant_id, line, as_of, record FROM applicants WHERE run_id = 1 ORDER BY seq"));

  // A full disk stops it; the same command resumes, and counts each closed decision once.
  auto o2 = TestBatchOptions(dir / "in.csv", dir / "small.db", 50);
  o2.skip_closed = true;
  o2.max_page_count = 40;
  auto full_disk = store::RunBatch(*rs, o2);
  REQUIRE(full_disk.failure == store::BatchFailure::kIo);
  CHECK(full_disk.summary.decided_now > 0);
  CHECK(full_disk.summary.decided_now < 600);
  o2.max_page_count.reset();
  auto resumed = store::RunBatch(*rs, o2);
  REQUIRE(resumed.failure == store::BatchFailure::kNone);
  CHECK(resumed.summary.resumed);
  CHECK(RunResults(dir / "small.db", 1) == open);
  CHECK(Totals(resumed.summary) == Totals(all.summary));
  CHECK(ReadTotals(dir / "small.db", 1) == Totals(all.summary));
}

TEST_CASE("result rows reference programs, dates and facts stored once, and the view names them", "[store][batch]") {
  TempDir dir;
  auto rs = BatchRuleSet();
  WriteFile(dir / "in.csv", ToCsv(Generate(200, 5)));
  WriteFile(dir / "in2.csv", ToCsv(Generate(100, 6)));
  const std::string path = dir / "out.db";
  REQUIRE(store::RunBatch(*rs, TestBatchOptions(dir / "in.csv", path, 40)).failure == store::BatchFailure::kNone);
  REQUIRE(store::RunBatch(*rs, TestBatchOptions(dir / "in2.csv", path, 40)).failure == store::BatchFailure::kNone);
  // Two runs, the same three programs: stored once.
  CHECK(One(path, "SELECT count(*), count(DISTINCT program) FROM programs") == "3|3");
  CHECK(One(path, "SELECT count(*) FROM dates") == One(path, "SELECT count(DISTINCT as_of) FROM results"));
  // Each outcome is a code the table `outcome_codes` names; missing facts are refs into `facts`.
  CHECK(Rows(path, "SELECT code, outcome FROM outcome_codes ORDER BY code") ==
        std::vector<std::string>{"0|closed", "1|ineligible", "2|eligible", "3|undetermined"});
  CHECK(One(path, "SELECT count(*) FROM result_rows r WHERE missing IS NOT NULL") == 
        One(path, "SELECT count(*) FROM results WHERE missing LIKE '[\"%\"]'"));
  CHECK(One(path, "SELECT count(*) > 10 FROM result_rows WHERE missing IS NOT NULL") == "1");
  CHECK(One(path, "SELECT count(*) FROM result_rows r, json_each(r.missing) m LEFT JOIN facts f ON f.fact_ref = m.value "
                  "WHERE f.name IS NULL") == "0");
  // A result's applicant and date are its applicant row's.
  CHECK(One(path, "SELECT count(*) FROM result_rows r JOIN applicants a USING (run_id, seq) WHERE a.judged_ref IS NULL") == "0");
  CHECK(One(path, "SELECT count(*) FROM results") == "900");
  // An applicant's results by its id, program by program.
  CHECK(Rows(path, "SELECT run_id, program, outcome FROM results WHERE applicant_id = 'T100007' ORDER BY run_id, program").size() == 6);
}
