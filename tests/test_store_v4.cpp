// SPDX-License-Identifier: Apache-2.0
// Schema version 4: an applicant's decisions are one row, its `applicants` row (the column
// `results`), and the views `result_rows` and `results` read them back with the columns of
// versions 3 and 2; a results file of version 3 is upgraded in place, every decision kept.
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

namespace {

void LoadV3(const std::string& path) {
  store::Status st;
  auto db = store::Db::Open(path, store::OpenMode::kReadWriteCreate, st);
  REQUIRE(db);
  REQUIRE(db->Exec(ReadFile(StoreFixture("schema-v3.sql"))).ok());
  REQUIRE(db->UserVersion(st) == 3);
}

void Upgrade(const std::string& path) {
  store::Status st;
  auto db = store::Db::Open(path, store::OpenMode::kReadWrite, st);
  REQUIRE(db);
  REQUIRE(store::EnsureSchema(*db).ok());
  CHECK(db->UserVersion(st) == 4);
}

std::vector<std::string> Ranked(const std::string& path, const CompiledProgram& program, int64_t run_id) {
  store::Status st;
  auto db = store::Db::Open(path, store::OpenMode::kReadWrite, st);
  store::RankOptions ro;
  ro.run_id = run_id;
  store::RankReport report;
  REQUIRE(store::RankRun(*db, program, ro, report).ok());
  CHECK(report.warnings.empty());
  return Rows(path, "SELECT program, rank, seq, applicant_id, score, award, granted, status, tied FROM rankings "
                    "WHERE run_id = " + std::to_string(run_id) + " ORDER BY program, rank");
}

}  // namespace

TEST_CASE("a results file of schema version 3 is upgraded in place, every decision kept, and ranked the same", "[store][rank]") {
  TempDir dir;
  auto rs = BatchRuleSet();
  const std::string path = dir / "v3.db";
  LoadV3(path);
  const char* kResults =
      "SELECT run_id, seq, program, applicant_id, version, as_of, outcome, score, award, final_award, combine, missing, "
      "errors, explanation FROM results ORDER BY run_id, seq, program";
  const char* kResultRows = "SELECT run_id, program_ref, seq, outcome, score, award, final_award, missing, combine, errors, "
                            "explanation, typeof(outcome), typeof(score), typeof(award), typeof(final_award) "
                            "FROM result_rows ORDER BY run_id, program_ref, seq";
  const char* kApplicants =
      "SELECT run_id, seq, applicant_id, line, as_of, facts, record, judged_ref FROM applicants ORDER BY run_id, seq";
  const char* kErrors = "SELECT * FROM input_errors ORDER BY run_id, seq, n";
  const char* kRankings = "SELECT program, rank, seq, applicant_id, score, award, granted, status, tied FROM rankings "
                          "WHERE run_id = 1 ORDER BY program, rank";
  const char* kRankingRuns = "SELECT * FROM ranking_runs ORDER BY run_id, program";
  const char* kRuns = "SELECT * FROM runs ORDER BY run_id";
  const char* kRunPrograms = "SELECT run_id, program_ref, closed_not_stored FROM run_programs ORDER BY run_id, program_ref";
  const char* queries[] = {kResults, kResultRows, kApplicants, kErrors, kRankings, kRankingRuns, kRuns, kRunPrograms,
                           "SELECT * FROM programs ORDER BY program_ref", "SELECT * FROM dates ORDER BY date_ref",
                           "SELECT * FROM facts ORDER BY fact_ref", "SELECT * FROM outcome_codes ORDER BY code"};
  std::vector<std::vector<std::string>> before;
  for (const char* q : queries) before.push_back(Rows(path, q));
  REQUIRE(before[0].size() == 72);  // three runs of 24 decisions; the fourth stored none
  REQUIRE(before[4].size() == 5);
  std::vector<std::vector<std::string>> totals;
  for (int64_t run = 1; run <= 4; ++run) totals.push_back(ReadTotals(path, run));

  Upgrade(path);
  size_t k = 0;
  for (const char* q : queries) {
    INFO(q);
    CHECK(Rows(path, q) == before[k++]);
  }
  for (int64_t run = 1; run <= 4; ++run) CHECK(ReadTotals(path, run) == totals[static_cast<size_t>(run - 1)]);
  CHECK(One(path, "PRAGMA integrity_check") == "ok");
  CHECK(Rows(path, "PRAGMA foreign_key_check").empty());
  // One row per applicant: `result_rows` is a view over `applicants.results`.
  CHECK(One(path, "SELECT type FROM sqlite_master WHERE name = 'result_rows'") == "view");
  CHECK(One(path, "SELECT count(*) FROM applicants WHERE run_id = 1 AND json_array_length(results) = 3") == "8");
  // The refused row and the run that stored nothing keep no results.
  CHECK(One(path, "SELECT count(*) FROM applicants WHERE results IS NULL") == "12");
  CHECK(Rows(path, "SELECT position FROM run_programs WHERE run_id = 1 ORDER BY program_ref") ==
        std::vector<std::string>{"0", "1", "2"});
  CHECK(One(path, "SELECT count(*) FROM sqlite_master WHERE name = 'applicants_by_id'") == "1");

  // `elig rank` ranks the upgraded run as it was ranked before.
  const CompiledProgram* fair = rs->Find("pref.fair");
  REQUIRE(fair);
  CHECK(Ranked(path, *fair, 1) == before[4]);

  // The same commands find their runs finished: the upgrade keeps the runs' keys.
  auto o = TestBatchOptions(StoreFixture("schema-v1.csv"), path, 5);
  o.threads = 1;
  auto again = store::RunBatch(*rs, o);
  REQUIRE(again.failure == store::BatchFailure::kNone);
  CHECK(again.summary.already_complete);
  CHECK(again.summary.run_id == 1);
  o.explain = store::ExplainMode::kCompact;
  auto explained = store::RunBatch(*rs, o);
  REQUIRE(explained.failure == store::BatchFailure::kNone);
  CHECK(explained.summary.already_complete);
  CHECK(explained.summary.run_id == 3);
  o.explain = store::ExplainMode::kNone;
  o.as_of = ParseDate("2020-01-01");
  o.skip_closed = true;
  auto skipped = store::RunBatch(*rs, o);
  REQUIRE(skipped.failure == store::BatchFailure::kNone);
  CHECK(skipped.summary.already_complete);
  CHECK(skipped.summary.run_id == 4);

  // A new run into the upgraded file stores what the same run into a new file stores.
  o = TestBatchOptions(StoreFixture("schema-v1.csv"), path, 3);
  o.as_of = ParseDate("2026-05-20");
  auto added = store::RunBatch(*rs, o);
  REQUIRE(added.failure == store::BatchFailure::kNone);
  REQUIRE(added.summary.run_id == 5);
  o.out = dir / "new.db";
  REQUIRE(store::RunBatch(*rs, o).failure == store::BatchFailure::kNone);
  CHECK(RunResults(path, 5).size() == 24);
  CHECK(RunResults(path, 5) == RunResults(dir / "new.db", 1));
  CHECK(ReadTotals(path, 5) == ReadTotals(dir / "new.db", 1));
  CHECK(Ranked(path, *fair, 5) == Ranked(dir / "new.db", *fair, 1));
}

TEST_CASE("a run begun by schema version 3 and resumed after the upgrade stores every decision once", "[store][batch]") {
  TempDir dir;
  auto rs = BatchRuleSet();
  const std::string path = dir / "v3.db";
  LoadV3(path);
  auto full = RunResults(path, 3);  // the run with --explain-compact
  REQUIRE(full.size() == 24);
  auto totals = ReadTotals(path, 3);
  {
    // As if version 3 had been stopped after the rows before seq 4.
    store::Status st;
    auto db = store::Db::Open(path, store::OpenMode::kReadWrite, st);
    REQUIRE(db->Exec("DELETE FROM result_rows WHERE run_id = 3 AND seq >= 4; DELETE FROM applicants WHERE run_id = 3 AND "
                     "seq >= 4; DELETE FROM input_errors WHERE run_id = 3 AND seq >= 4; "
                     "UPDATE runs SET finished = NULL, rows = NULL, next_seq = 4 WHERE run_id = 3")
                .ok());
  }
  Upgrade(path);
  CHECK(RunResults(path, 3).size() < full.size());
  auto o = TestBatchOptions(StoreFixture("schema-v1.csv"), path, 2);
  o.explain = store::ExplainMode::kCompact;
  auto r = store::RunBatch(*rs, o);
  REQUIRE(r.failure == store::BatchFailure::kNone);
  CHECK(r.summary.resumed);
  CHECK(r.summary.run_id == 3);
  // The explanations name the input file as given: the fixture's run was given `in.csv`.
  auto resumed = RunResults(path, 3);
  for (auto& row : resumed)
    for (size_t at; (at = row.find(o.input)) != std::string::npos;) row.replace(at, o.input.size(), "in.csv");
  CHECK(resumed == full);
  CHECK(ReadTotals(path, 3) == totals);
  CHECK(One(path, "SELECT count(*) FROM run_programs WHERE run_id = 3") == "3");
}

TEST_CASE("an applicant's decisions are one row: an element per program at its position, exact amounts, trailing nulls left out",
          "[store][batch]") {
  TempDir dir;
  auto rs = BatchRuleSet();
  WriteFile(dir / "in.csv", ToCsv(Generate(300, 23, 0.05)));
  const std::string path = dir / "out.db";
  auto o = TestBatchOptions(dir / "in.csv", path, 40);
  auto run = store::RunBatch(*rs, o);
  REQUIRE(run.failure == store::BatchFailure::kNone);
  // One row per applicant; each decided row has an element per program of the run.
  CHECK(One(path, "SELECT count(*) FROM applicants") == "300");
  CHECK(One(path, "SELECT count(*) FROM applicants WHERE results IS NOT NULL AND json_array_length(results) != 3") == "0");
  CHECK(One(path, "SELECT count(*) FROM result_rows") == One(path, "SELECT 3 * count(results) FROM applicants"));
  CHECK(Rows(path, "SELECT position FROM run_programs WHERE run_id = 1 ORDER BY position") ==
        std::vector<std::string>{"0", "1", "2"});
  // An element is [outcome, score, award, final_award, missing, combine, errors, explanation]
  // without its trailing nulls; amounts are JSON integers (or fractions as strings), never reals.
  CHECK(One(path, "SELECT count(*) FROM applicants a, json_each(a.results) e WHERE e.type = 'array' AND "
                  "(json_array_length(e.value) < 4 OR e.value LIKE '%,null]')") == "0");
  CHECK(One(path, "SELECT count(*) FROM result_rows WHERE typeof(score) NOT IN ('integer', 'text') OR "
                  "typeof(award) = 'real' OR typeof(final_award) = 'real'") == "0");
  CHECK(One(path, "SELECT count(*) > 0 FROM result_rows WHERE missing IS NOT NULL") == "1");
  CHECK(One(path, "SELECT count(*) > 0 FROM result_rows WHERE combine IS NOT NULL") == "1");
  // With --skip-closed a closed decision is a null element, and a row with none stored has no results.
  o.skip_closed = true;
  auto skip = store::RunBatch(*rs, o);
  REQUIRE(skip.failure == store::BatchFailure::kNone);
  std::string run2 = std::to_string(skip.summary.run_id);
  CHECK(One(path, "SELECT count(*) FROM result_rows WHERE run_id = " + run2 + " AND outcome = 0") == "0");
  CHECK(One(path, "SELECT count(*) FROM result_rows WHERE run_id = " + run2 + " AND outcome != 0") ==
        One(path, "SELECT count(*) FROM result_rows WHERE run_id = 1 AND outcome != 0"));
  CHECK(One(path, "SELECT count(*) FROM applicants WHERE run_id = " + run2 + " AND results = '[null,null,null]'") == "0");
}
