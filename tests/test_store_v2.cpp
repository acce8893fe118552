// SPDX-License-Identifier: Apache-2.0
// Schema version 2: applicants read from a file are kept as their rows' bytes and read
// back to the same applicants; a results file of version 1 is upgraded in place.
#include <catch2/catch.hpp>

#include "common/utf8.hpp"
#include "compile/ruleset.hpp"
#include "io/csv.hpp"
#include "io/jsonl.hpp"
#include "store/audit.hpp"
#include "store/batch.hpp"
#include "store/rank.hpp"
#include "store/schema.hpp"
#include "test_batch_support.hpp"
#include "test_store_support.hpp"
#include "test_support.hpp"

using namespace elig;
using namespace elig::batch_test;

namespace {

store::BatchOptions Options(const std::string& input, const std::string& out) {
  return TestBatchOptions(input, out, 5);
}

// The applicants of a run as read back from the file, one InputsJson per readable row, by seq.
std::vector<std::string> StoredInputs(const std::string& path, int64_t run_id) {
  store::Status st;
  auto db = store::Db::Open(path, store::OpenMode::kReadOnly, st);
  REQUIRE(db);
  store::StoredApplicants stored;
  REQUIRE(stored.Open(*db, run_id).ok());
  store::Stmt s(*db, "SELECT record, facts FROM applicants WHERE run_id = ? ORDER BY seq", st);
  REQUIRE(st.ok());
  s.Bind(1, run_id);
  std::vector<std::string> out;
  while (s.Step(st)) {
    Applicant a;
    LocalText why;
    if (stored.Read(s.AsText(0), s.AsText(1), a, why)) out.push_back(store::InputsJson(a));
    else out.push_back("unreadable: " + why.en);
  }
  REQUIRE(st.ok());
  return out;
}

// The same applicants read from the input itself.
std::vector<std::string> InputsOf(ApplicantStream& in) {
  std::vector<std::string> out;
  InputRow r;
  while (in.Next(r)) out.push_back(r.readable ? store::InputsJson(r.applicant) : "unreadable: " + r.issues.front().message.en);
  REQUIRE(in.error().Empty());
  return out;
}

}  // namespace

TEST_CASE("a CSV applicant is stored as its row's bytes and read back to the same applicant", "[store][batch]") {
  TempDir dir;
  auto rs = BatchRuleSet();
  // Quoted fields with commas, quotes and a line break, Japanese, a list (`a;b` of the
  // list fact `tags` and `[..]`), a bad value, a refused row, a blank line, CRLF, a BOM.
  std::string csv =
      "\xEF\xBB\xBFid,as_of,prefecture,city,employees,fair_costs,other_grants,first_time,application_date,tags\r\n"
      "Q-1,2026-05-15,群馬県,前橋市,3,1200000,0,yes,2026-05-10,\"[export, online]\"\r\n"
      "\"Q-2, \"\"quoted\"\"\",2026-05-15,群馬県,\"高崎\n市\",20,900000,0,はい,2026-05-11,export;online\r\n"
      "Q-3,2026-05-15,群馬県,前橋市,twelve,800000,,no,2026-05-12,\r\n"
      "Q-4,2026-05-15,群馬県\r\n"
      "\r\n"
      "Q-5,,栃木県,前橋市,3,500000,0,no,2026-05-12,[]\r\n"
      "Q-6,,群馬県,\xff\xfe,3,500000,0,no,2026-05-12,\r\n";
  WriteFile(dir / "in.csv", csv);
  auto r = store::RunBatch(*rs, Options(dir / "in.csv", dir / "out.db"));
  REQUIRE(r.failure == store::BatchFailure::kNone);
  // The bytes as written (without the line end; a refused row keeps none).
  auto records = Rows(dir / "out.db", "SELECT seq, coalesce(record, '<null>'), typeof(record), facts IS NULL FROM applicants ORDER BY seq");
  REQUIRE(records.size() == 6);
  CHECK(records[0] == "0|Q-1,2026-05-15,群馬県,前橋市,3,1200000,0,yes,2026-05-10,\"[export, online]\"|text|1");
  CHECK(records[1] == "1|\"Q-2, \"\"quoted\"\"\",2026-05-15,群馬県,\"高崎\n市\",20,900000,0,はい,2026-05-11,export;online|text|1");
  CHECK(records[3] == "3|<null>|null|1");
  CHECK(records[5] == "5|Q-6,,群馬県,\xff\xfe,3,500000,0,no,2026-05-12,|blob|1");  // kept as they were: not valid UTF-8
  CHECK(One(dir / "out.db", "SELECT header FROM runs") ==
        "id,as_of,prefecture,city,employees,fair_costs,other_grants,first_time,application_date,tags");
  CHECK(One(dir / "out.db", "SELECT list_facts FROM runs") == "[\"tags\"]");
  ReaderOptions ro;
  ro.list_facts = {"tags"};
  auto in = OpenCsvText(csv, dir / "in.csv", ro);
  CHECK(StoredInputs(dir / "out.db", r.summary.run_id) ==
        [&] {
          auto v = InputsOf(*in);
          v[3] = "unreadable: the row keeps no inputs (it was refused)";
          return v;
        }());
}

TEST_CASE("a CSV record is stored as TEXT exactly when it is valid UTF-8 as elig reads text", "[store][batch]") {
  TempDir dir;
  auto rs = BatchRuleSet();
  // Edge cases of UTF-8 in the city's cell: valid ones of each length and the largest code
  // point; overlong forms, surrogates, past U+10FFFF, cut short, a stray continuation byte.
  const std::vector<std::string> cities = {"前橋市", "\x7F", "\xC2\x80", "\xEF\xBF\xBF", "\xF0\x9F\x98\x80",
                                           "\xF4\x8F\xBF\xBF", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80",
                                           "\xF4\x90\x80\x80", "\xE3\x81", "\x80", "\xF8\x88\x80\x80\x80",
                                           "abcdefghijklmnopqrstuvwxyz\xE3\x81\x82" "abcdefghijklmnopq\xE3"};
  std::string csv = "id,as_of,prefecture,city,employees,fair_costs,other_grants,first_time,application_date,tags\n";
  std::vector<std::string> want;
  for (size_t i = 0; i < cities.size(); ++i) {
    csv += "U-" + std::to_string(i) + ",2026-05-15,群馬県," + cities[i] + ",3,500000,0,no,2026-05-12,\n";
    want.push_back(std::to_string(i) + "|" + (utf8::FindInvalid(cities[i]) ? "blob" : "text"));
  }
  WriteFile(dir / "in.csv", csv);
  auto r = store::RunBatch(*rs, Options(dir / "in.csv", dir / "out.db"));
  REQUIRE(r.failure == store::BatchFailure::kNone);
  CHECK(Rows(dir / "out.db", "SELECT seq, typeof(record) FROM applicants ORDER BY seq") == want);
}

TEST_CASE("a JSON Lines applicant is stored as its line, and read back", "[store][batch]") {
  TempDir dir;
  auto rs = BatchRuleSet();
  std::string jsonl =
      "{\"id\": \"J-1\", \"as_of\": \"2026-05-15\", \"prefecture\": \"群馬県\", \"employees\": 3, \"fair_costs\": 1200000, "
      "\"tags\": [\"export\"]}\n"
      "{\"id\": \"J-2\", \"prefecture\": \"\\u7fa4\\u99ac\\u770c\", \"employees\": \"x\"}\r\n"
      "{broken\n";
  WriteFile(dir / "in.jsonl", jsonl);
  auto r = store::RunBatch(*rs, Options(dir / "in.jsonl", dir / "out.db"));
  REQUIRE(r.failure == store::BatchFailure::kNone);
  auto records = Rows(dir / "out.db", "SELECT typeof(record), length(CAST(record AS BLOB)) FROM applicants ORDER BY seq");
  REQUIRE(records.size() == 3);
  CHECK(records[0] == "text|" + std::to_string(jsonl.find('\n')));
  CHECK(records[1] == "text|" + std::to_string(jsonl.find("\r\n") - jsonl.find('\n') - 1));  // without the CRLF
  CHECK(records[2] == "null|∅");
  CHECK(One(dir / "out.db", "SELECT header IS NULL OR header = '' FROM runs") == "1");
  ReaderOptions ro;
  ro.list_facts = {"tags"};
  auto in = OpenJsonlText(jsonl, dir / "in.jsonl", ro);
  auto expected = InputsOf(*in);
  expected[2] = "unreadable: the row keeps no inputs (it was refused)";
  CHECK(StoredInputs(dir / "out.db", r.summary.run_id) == expected);
}

TEST_CASE("an SQLite table's applicants are stored as JSON, and read back", "[store][batch]") {
  TempDir dir;
  auto rs = BatchRuleSet();
  auto apps = Generate(30, 11, 0.2);
  REQUIRE(ToSqlite(apps, dir / "in.db", "people").ok());
  auto o = Options(dir / "in.db", dir / "out.db");
  o.table = "people";
  auto r = store::RunBatch(*rs, o);
  REQUIRE(r.failure == store::BatchFailure::kNone);
  CHECK(One(dir / "out.db", "SELECT count(*) FROM applicants WHERE record IS NOT NULL") == "0");
  CHECK(One(dir / "out.db", "SELECT header IS NULL AND list_facts IS NULL FROM runs") == "1");
  // The same applicants as the same rows read from CSV.
  WriteFile(dir / "in.csv", ToCsv(apps));
  ReaderOptions ro;
  ro.list_facts = {"tags"};
  auto stored = StoredInputs(dir / "out.db", r.summary.run_id);
  REQUIRE(stored.size() == apps.size());
  auto csv = store::RunBatch(*rs, Options(dir / "in.csv", dir / "csv.db"));
  REQUIRE(csv.failure == store::BatchFailure::kNone);
  auto from_csv = StoredInputs(dir / "csv.db", csv.summary.run_id);
  REQUIRE(from_csv.size() == stored.size());
  for (size_t i = 0; i < stored.size(); ++i) {
    // The CSV reader and the table reader name sources differently; the facts are the same.
    Applicant a, b;
    LocalText why;
    if (stored[i].rfind("unreadable", 0) == 0) continue;
    REQUIRE(store::ApplicantFromInputsJson(stored[i], a, why));
    REQUIRE(store::ApplicantFromInputsJson(from_csv[i], b, why));
    CHECK(store::InputsJson(a) == store::InputsJson(b));
  }
}

TEST_CASE("a results file of schema version 1 is upgraded in place, nothing lost", "[store][rank]") {
  TempDir dir;
  auto rs = BatchRuleSet();
  const std::string path = dir / "old.db";
  store::Status st;
  {
    auto db = store::Db::Open(path, store::OpenMode::kReadWriteCreate, st);
    REQUIRE(db);
    REQUIRE(db->Exec(ReadFile(StoreFixture("schema-v1.sql"))).ok());
    REQUIRE(db->UserVersion(st) == 1);
  }
  const char* kResults =
      "SELECT run_id, seq, program, applicant_id, version, as_of, outcome, score, award, final_award, combine, missing, "
      "errors, explanation FROM results ORDER BY seq, program";
  const char* kApplicants = "SELECT run_id, seq, applicant_id, line, as_of, facts FROM applicants ORDER BY seq";
  const char* kRankings = "SELECT program, rank, seq, applicant_id, score, award, granted, status, tied FROM rankings ORDER BY rank";
  auto results = Rows(path, kResults), applicants = Rows(path, kApplicants), rankings = Rows(path, kRankings);
  REQUIRE(results.size() == 24);
  REQUIRE(rankings.size() == 5);
  const CompiledProgram* fair = rs->Find("pref.fair");
  REQUIRE(fair);
  {
    // `elig rank` on a file of version 1 upgrades it first.
    std::filesystem::copy_file(path, dir / "copy.db");
    auto db = store::Db::Open(dir / "copy.db", store::OpenMode::kReadWrite, st);
    store::RankReport report;
    REQUIRE(store::RankRun(*db, *fair, {}, report).ok());
    CHECK(db->UserVersion(st) == store::kSchemaVersion);
    CHECK(Rows(dir / "copy.db", kRankings) == rankings);
  }
  {
    auto db = store::Db::Open(path, store::OpenMode::kReadWrite, st);
    REQUIRE(store::EnsureSchema(*db).ok());
    CHECK(db->UserVersion(st) == store::kSchemaVersion);
  }
  CHECK(Rows(path, kResults) == results);
  CHECK(Rows(path, kApplicants) == applicants);
  CHECK(Rows(path, kRankings) == rankings);
  CHECK(One(path, "SELECT group_concat(name) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'applicants' AND "
                  "sql IS NOT NULL") == "applicants_by_id");
  CHECK(One(path, "PRAGMA integrity_check") == "ok");
  // An applicant's results are found through its id: its one row holds them all.
  auto plan = [&](const std::string& query) {
    std::string out;
    for (const auto& row : Rows(path, "EXPLAIN QUERY PLAN " + query)) out += row + "\n";
    return out;
  };
  CHECK_THAT(plan("SELECT * FROM results WHERE applicant_id = 'A-1'"),
             Catch::Contains("USING INDEX applicants_by_id") && Catch::Contains("SCAN e VIRTUAL TABLE"));

  // Ranking the old run again reads its applicants' facts JSON: the same ranking.
  auto ranked = [&](int64_t run_id) {
    auto db = store::Db::Open(path, store::OpenMode::kReadWrite, st);
    store::RankOptions ro;
    ro.run_id = run_id;
    store::RankReport report;
    REQUIRE(store::RankRun(*db, *fair, ro, report).ok());
    CHECK(report.warnings.empty());
    return Rows(path, "SELECT program, rank, seq, applicant_id, score, award, granted, status, tied FROM rankings WHERE run_id = " +
                          std::to_string(run_id) + " ORDER BY rank");
  };
  CHECK(ranked(1) == rankings);

  // The same command finds its run finished: the upgrade keeps the run's key.
  auto o = Options(StoreFixture("schema-v1.csv"), path);
  o.threads = 1;
  auto again = store::RunBatch(*rs, o);
  REQUIRE(again.failure == store::BatchFailure::kNone);
  CHECK(again.summary.already_complete);
  CHECK(again.summary.run_id == 1);
  // A new run (another option) into the upgraded file stores records; its decisions and
  // ranking are the old run's.
  o.lang = Lang::kJa;  // the old run's was en
  auto r = store::RunBatch(*rs, o);
  REQUIRE(r.failure == store::BatchFailure::kNone);
  REQUIRE(r.summary.run_id == 2);
  CHECK(One(path, "SELECT count(*) FROM applicants WHERE run_id = 2 AND record IS NOT NULL") == "8");
  auto decisions = [&](int run_id) {
    // (combine's notes are in the run's language: only whether there are any)
    return Rows(path, "SELECT seq, program, applicant_id, outcome, score, award, final_award, combine IS NULL, missing, errors "
                      "FROM results WHERE run_id = " + std::to_string(run_id) + " ORDER BY seq, program");
  };
  CHECK(decisions(2) == decisions(1));
  CHECK(ranked(2) == rankings);
}

TEST_CASE("a run begun by schema version 1 and resumed after the upgrade reads back all its applicants", "[store][rank]") {
  TempDir dir;
  auto rs = BatchRuleSet();
  const std::string path = dir / "old.db";
  store::Status st;
  std::vector<std::string> rankings;
  {
    auto db = store::Db::Open(path, store::OpenMode::kReadWriteCreate, st);
    REQUIRE(db);
    REQUIRE(db->Exec(ReadFile(StoreFixture("schema-v1.sql"))).ok());
  }
  rankings = Rows(path, "SELECT rank, seq, applicant_id, granted, status, tied FROM rankings ORDER BY rank");
  REQUIRE(rankings.size() == 5);
  {
    // As if version 1 had been stopped after the rows before seq 4.
    auto db = store::Db::Open(path, store::OpenMode::kReadWrite, st);
    REQUIRE(db->Exec("DELETE FROM results WHERE seq >= 4; DELETE FROM applicants WHERE seq >= 4; "
                     "DELETE FROM input_errors WHERE seq >= 4; DELETE FROM rankings; DELETE FROM ranking_runs; "
                     "UPDATE runs SET finished = NULL, rows = NULL, next_seq = 4")
                .ok());
  }
  auto o = Options(StoreFixture("schema-v1.csv"), path);
  o.threads = 1;
  auto r = store::RunBatch(*rs, o);
  REQUIRE(r.failure == store::BatchFailure::kNone);
  CHECK(r.summary.resumed);
  CHECK(r.summary.run_id == 1);
  // The first rows keep their JSON, the rest are records; both read back.
  CHECK(One(path, "SELECT count(*) FROM applicants WHERE facts IS NOT NULL") == "4");
  CHECK(One(path, "SELECT count(*) FROM applicants WHERE record IS NOT NULL") == "4");
  const CompiledProgram* fair = rs->Find("pref.fair");
  auto db = store::Db::Open(path, store::OpenMode::kReadWrite, st);
  store::RankOptions ro;
  ro.run_id = 1;
  store::RankReport report;
  REQUIRE(store::RankRun(*db, *fair, ro, report).ok());
  CHECK(report.warnings.empty());
  CHECK(Rows(path, "SELECT rank, seq, applicant_id, granted, status, tied FROM rankings ORDER BY rank") == rankings);
}
