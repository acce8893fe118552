// SPDX-License-Identifier: Apache-2.0
// `elig batch`: results equal one-by-one decisions in every input format, bad rows
// recorded without losing anything else, 併給制限, and the error paths (a full disk,
// a read-only output) leave what was written valid and resumable.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/utf8.hpp"
#include "compile/ruleset.hpp"
#include "eval/combine.hpp"
#include "explain/explain.hpp"
#include "store/audit.hpp"
#include "store/batch.hpp"
#include "test_batch_support.hpp"
#include "test_support.hpp"

using namespace elig;
using namespace elig::batch_test;

namespace {

std::unique_ptr<RuleSet> LoadBatchRules() {
  auto rs = RuleSet::LoadDir(BatchRules());
  REQUIRE(rs->ok());
  REQUIRE(rs->programs().size() == 3);
  return rs;
}

store::BatchOptions Options(const std::string& input, const std::string& out) {
  return TestBatchOptions(input, out, 37);  // several chunks, the last one short
}

std::string Exact(const std::optional<Rational>& r) { return r ? r->ToString() : "∅"; }

// The results expected for one applicant: each program decided alone, then combined.
std::vector<std::string> Expected(const RuleSet& rs, const Applicant& a, Date as_of) {
  std::vector<const CompiledProgram*> programs;
  for (const auto& p : rs.programs()) programs.push_back(p.get());
  // Reserved: a FactValues copied by a growing vector would leave its text values behind.
  std::vector<FactValues> facts;
  facts.reserve(programs.size());
  std::vector<Decision> ds;
  for (const auto* p : programs) facts.push_back(Bind(*p, a));
  for (size_t k = 0; k < programs.size(); ++k) {
    EvalOptions eo;
    eo.as_of = as_of;
    ds.push_back(Decide(*programs[k], facts[k], eo));
  }
  std::vector<CombineInput> in;
  for (size_t k = 0; k < ds.size(); ++k) in.push_back(MakeCombineInput(ds[k], facts[k]));
  auto views = Combine(in);
  std::vector<std::string> out;
  for (size_t k = 0; k < ds.size(); ++k) {
    // Nothing is granted by a program that refuses the applicant or is closed on the day.
    bool none = ds[k].outcome == Outcome::kIneligible || ds[k].outcome == Outcome::kClosed;
    std::optional<Rational> final_award = none ? std::optional<Rational>(Rational(0)) : ds[k].award;
    if (!views[k].notes.empty()) final_award = views[k].award;
    out.push_back(programs[k]->id + "|" + OutcomeName(ds[k].outcome) + "|" + ds[k].score.ToString() + "|" +
                  Exact(ds[k].award) + "|" + Exact(final_award));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("batch decisions equal deciding each applicant alone (CSV)", "[batch][threads]") {
  TempDir dir;
  auto rs = LoadBatchRules();
  auto apps = Generate(400, 7);
  WriteFile(dir / "in.csv", ToCsv(apps));
  auto r = store::RunBatch(*rs, Options(dir / "in.csv", dir / "out.db"));
  REQUIRE(r.failure == store::BatchFailure::kNone);
  CHECK(r.summary.rows == 400);
  CHECK(r.summary.decided_now == 400);
  CHECK(r.summary.rows_with_errors == 0);
  CHECK(One(dir / "out.db", "SELECT count(*) FROM results") == "1200");
  CHECK(One(dir / "out.db", "SELECT next_seq, rows, finished IS NOT NULL FROM runs") == "400|400|1");

  int combined = 0;
  for (size_t i = 0; i < apps.size(); ++i) {
    auto got = Rows(dir / "out.db", "SELECT program, outcome, score, coalesce(award, '∅'), coalesce(final_award, '∅') FROM results "
                                    "WHERE seq = " + std::to_string(i) + " ORDER BY program");
    std::map<std::string, std::string> facts = {{"prefecture", apps[i].prefecture}, {"city", apps[i].city},
                                                {"employees", apps[i].employees},   {"fair_costs", apps[i].fair_costs},
                                                {"other_grants", apps[i].other_grants}, {"first_time", apps[i].first_time},
                                                {"application_date", apps[i].application_date}};
    Applicant a = test::MakeApplicant({});
    for (const auto& [k, v] : facts)
      if (!v.empty()) a.facts.push_back(test::MakeApplicant({{k, v}}).facts[0]);
    if (!apps[i].tags.empty()) {
      RawFact t;
      t.name = "tags";
      t.value.type = RawValue::Type::kList;
      std::string inner = apps[i].tags.substr(1, apps[i].tags.size() - 2);
      std::stringstream ss(inner);
      std::string item;
      while (std::getline(ss, item, ',')) {
        while (!item.empty() && item.front() == ' ') item.erase(0, 1);
        if (item.empty()) continue;
        RawValue v;
        v.type = RawValue::Type::kScalar;
        v.text = item;
        t.value.items.push_back(v);
      }
      a.facts.push_back(t);
    }
    auto want = Expected(*rs, a, *ParseDate(apps[i].as_of));
    INFO("applicant " << apps[i].id);
    REQUIRE(got == want);
    for (const auto& w : want) combined += w.find("pref.consult|eligible|0|100000|0") == 0;
  }
  CHECK(combined > 0);  // the data reach 併給制限, so the comparison covers it
}

TEST_CASE("CSV, JSON Lines and an SQLite table give the same results", "[batch]") {
  TempDir dir;
  auto rs = LoadBatchRules();
  auto apps = Generate(250, 11);
  WriteFile(dir / "in.csv", ToCsv(apps));
  WriteFile(dir / "in.jsonl", ToJsonl(apps));
  REQUIRE(ToSqlite(apps, dir / "in.db", "intake").ok());
  auto csv = store::RunBatch(*rs, Options(dir / "in.csv", dir / "csv.db"));
  auto jsonl = store::RunBatch(*rs, Options(dir / "in.jsonl", dir / "jsonl.db"));
  auto opts = Options(dir / "in.db", dir / "sqlite.db");
  opts.table = "intake";
  auto sql = store::RunBatch(*rs, opts);
  REQUIRE(csv.failure == store::BatchFailure::kNone);
  REQUIRE(jsonl.failure == store::BatchFailure::kNone);
  REQUIRE(sql.failure == store::BatchFailure::kNone);
  auto a = ResultRows(dir / "csv.db");
  CHECK(a.size() == 750);
  CHECK(ResultRows(dir / "jsonl.db") == a);
  CHECK(ResultRows(dir / "sqlite.db") == a);
  // The same number of each outcome in the summaries.
  REQUIRE(csv.summary.programs.size() == 3);
  for (size_t k = 0; k < 3; ++k) {
    CHECK(csv.summary.programs[k].eligible == sql.summary.programs[k].eligible);
    CHECK(csv.summary.programs[k].award == jsonl.summary.programs[k].award);
  }
}

TEST_CASE("batch --explain stores each decision's explanation JSON, the same as check's", "[batch]") {
  TempDir dir;
  auto rs = LoadBatchRules();
  auto apps = Generate(20, 3);
  WriteFile(dir / "in.csv", ToCsv(apps));
  auto o = Options(dir / "in.csv", dir / "out.db");
  o.explain = store::ExplainMode::kFull;
  o.lang = Lang::kJa;
  o.programs = {"pref.fair"};
  auto r = store::RunBatch(*rs, o);
  REQUIRE(r.failure == store::BatchFailure::kNone);
  // The applicant as stored (its CSV row), its explanation, the date judged on.
  store::Status st;
  auto db = store::Db::Open(dir / "out.db", store::OpenMode::kReadOnly, st);
  REQUIRE(db);
  store::StoredApplicants stored;
  REQUIRE(stored.Open(*db, r.summary.run_id).ok());
  store::Stmt rows(*db, "SELECT a.record, a.facts, r.explanation, r.as_of FROM results r JOIN applicants a USING (run_id, seq) ORDER BY seq", st);
  REQUIRE(st.ok());
  const CompiledProgram* p = rs->Find("pref.fair");
  int n = 0;
  while (rows.Step(st)) {
    ++n;
    Applicant a;
    LocalText why;
    REQUIRE(stored.Read(rows.AsText(0), rows.AsText(1), a, why));
    FactValues f = Bind(*p, a);
    EvalOptions eo;
    eo.as_of = *ParseDate(rows.Text(3));
    CHECK(rows.Text(2) == RenderJson(Decide(*p, f, eo), Lang::kJa));
  }
  REQUIRE(st.ok());
  CHECK(n == 20);
  CHECK(One(dir / "out.db", "SELECT count(*) FROM results WHERE explanation IS NULL") == "0");
}

TEST_CASE("bad rows are recorded with line and field, and every other row is decided", "[batch]") {
  TempDir dir;
  auto rs = LoadBatchRules();
  auto apps = Generate(120, 5, 0.05);
  std::string csv = ToCsv(apps);
  // Two broken rows in the middle: too many fields, and an unknown enum in a list.
  csv += "X1,2026-06-01,群馬県,前橋市,3,1000,0,yes,2026-05-10,[export],surplus\n";
  csv += "X2,2026-06-01,群馬県,前橋市,3,1000,0,yes,2026-05-10,\"[export, bogus]\"\n";
  csv += "X3,2026-06-01,群馬県,前橋市,3,1000,0,yes,2026-05-10,[online]\n";
  WriteFile(dir / "in.csv", csv);
  auto r = store::RunBatch(*rs, Options(dir / "in.csv", dir / "out.db"));
  REQUIRE(r.failure == store::BatchFailure::kNone);
  CHECK(r.summary.rows == 123);
  CHECK(r.summary.refused_rows == 1);
  CHECK(r.summary.rows_with_errors >= 3);
  // The refused row has no decisions; every other row has one per program.
  CHECK(One(dir / "out.db", "SELECT count(DISTINCT seq) FROM results") == "122");
  CHECK(One(dir / "out.db", "SELECT count(*) FROM results") == "366");
  CHECK(One(dir / "out.db", "SELECT applicant_id, line, field, row_refused FROM input_errors WHERE seq = 120") == "X1|122||1");
  CHECK(One(dir / "out.db", "SELECT applicant_id, line, field, row_refused FROM input_errors WHERE seq = 121") ==
        "X2|123|tags|0");
  CHECK_THAT(One(dir / "out.db", "SELECT message FROM input_errors WHERE seq = 121"), Catch::Contains("bogus"));
  CHECK(One(dir / "out.db", "SELECT outcome FROM results WHERE seq = 122 AND program = 'pref.fair'") == "eligible");
  // Each bad employees value is an error on its own line, and that fact counts as unknown.
  for (size_t i = 0; i < apps.size(); ++i) {
    if (apps[i].employees != "twelve") continue;
    size_t col = 1 + utf8::CodePoints(apps[i].id + "," + apps[i].as_of + "," + apps[i].prefecture + "," + apps[i].city + ",");
    CHECK(One(dir / "out.db", "SELECT line, col FROM input_errors WHERE field = 'employees' AND seq = " + std::to_string(i)) ==
          std::to_string(i + 2) + "|" + std::to_string(col));
    CHECK(One(dir / "out.db", "SELECT outcome FROM results WHERE program = 'pref.fair' AND seq = " + std::to_string(i)) !=
          "eligible");
  }
  // The first errors come back for the console, with line and field.
  REQUIRE_FALSE(r.first_errors.empty());
  CHECK(r.first_errors.front().line >= 2);
}

TEST_CASE("broken JSON lines are input errors, and the lines after them are decided", "[batch]") {
  TempDir dir;
  auto rs = LoadBatchRules();
  auto apps = Generate(10, 9);
  std::string text = ToJsonl(apps);
  text.insert(text.find('\n') + 1, "{\"id\": \"broken\", \"city\": \n");
  WriteFile(dir / "in.jsonl", text);
  auto r = store::RunBatch(*rs, Options(dir / "in.jsonl", dir / "out.db"));
  REQUIRE(r.failure == store::BatchFailure::kNone);
  CHECK(r.summary.rows == 11);
  CHECK(r.summary.refused_rows == 1);
  CHECK(One(dir / "out.db", "SELECT seq, line, row_refused FROM input_errors") == "1|2|1");
  CHECK(One(dir / "out.db", "SELECT count(DISTINCT seq) FROM results") == "10");
}

TEST_CASE("running the same batch again does nothing and loses nothing", "[batch]") {
  TempDir dir;
  auto rs = LoadBatchRules();
  WriteFile(dir / "in.csv", ToCsv(Generate(90, 1)));
  auto first = store::RunBatch(*rs, Options(dir / "in.csv", dir / "out.db"));
  REQUIRE(first.failure == store::BatchFailure::kNone);
  auto before = ResultRows(dir / "out.db");
  auto again = store::RunBatch(*rs, Options(dir / "in.csv", dir / "out.db"));
  REQUIRE(again.failure == store::BatchFailure::kNone);
  CHECK(again.summary.already_complete);
  CHECK(again.summary.rows == 90);
  CHECK(ResultRows(dir / "out.db") == before);
  CHECK(One(dir / "out.db", "SELECT count(*) FROM runs") == "1");
  // A different input is a different run in the same file.
  WriteFile(dir / "in2.csv", ToCsv(Generate(10, 2)));
  auto other = store::RunBatch(*rs, Options(dir / "in2.csv", dir / "out.db"));
  REQUIRE(other.failure == store::BatchFailure::kNone);
  CHECK(other.summary.run_id != first.summary.run_id);
  CHECK(One(dir / "out.db", "SELECT count(*) FROM results") == "300");
}

TEST_CASE("a full disk stops the batch cleanly, and what was committed is valid and the run resumes", "[batch]") {
  TempDir dir;
  auto rs = LoadBatchRules();
  WriteFile(dir / "in.csv", ToCsv(Generate(3000, 21)));
  auto baseline = store::RunBatch(*rs, Options(dir / "in.csv", dir / "base.db"));
  REQUIRE(baseline.failure == store::BatchFailure::kNone);

  auto o = Options(dir / "in.csv", dir / "out.db");
  o.max_page_count = 60;  // 60 pages of 4 KiB: room for the schema and a few chunks only
  auto full = store::RunBatch(*rs, o);
  REQUIRE(full.failure == store::BatchFailure::kIo);
  CHECK_THAT(full.error.en, Catch::Contains("full") && Catch::Contains("resume"));
  CHECK(full.summary.decided_now > 0);
  CHECK(full.summary.decided_now < 3000);
  // Valid: the file checks, and the committed rows are exactly those below the watermark.
  CHECK(One(dir / "out.db", "PRAGMA integrity_check") == "ok");
  std::string next = One(dir / "out.db", "SELECT next_seq FROM runs");
  CHECK(next == std::to_string(full.summary.decided_now));
  CHECK(One(dir / "out.db", "SELECT count(DISTINCT seq), max(seq) + 1 FROM applicants") == next + "|" + next);
  CHECK(One(dir / "out.db", "SELECT count(*) FROM results") == std::to_string(3 * std::stoi(next)));
  CHECK(One(dir / "out.db", "SELECT finished FROM runs") == "∅");

  // With room again, the same command ends with every applicant decided exactly once.
  auto resumed = store::RunBatch(*rs, Options(dir / "in.csv", dir / "out.db"));
  REQUIRE(resumed.failure == store::BatchFailure::kNone);
  CHECK(resumed.summary.resumed);
  CHECK(resumed.summary.decided_now == 3000 - std::stoul(next));
  CHECK(ResultRows(dir / "out.db") == ResultRows(dir / "base.db"));
}

TEST_CASE("a read-only output is reported, and what it holds stays intact", "[batch]") {
  TempDir dir;
  auto rs = LoadBatchRules();
  WriteFile(dir / "in.csv", ToCsv(Generate(50, 4)));
  WriteFile(dir / "in2.csv", ToCsv(Generate(50, 5)));
  REQUIRE(store::RunBatch(*rs, Options(dir / "in.csv", dir / "out.db")).failure == store::BatchFailure::kNone);
  auto before = ResultRows(dir / "out.db");
  // SQLite itself opens the file read-only (permissions would not stop root).
  auto r = store::RunBatch(*rs, Options(dir / "in2.csv", "file:" + (dir / "out.db") + "?mode=ro"));
  REQUIRE(r.failure == store::BatchFailure::kIo);
  CHECK_THAT(r.error.en, Catch::Contains("readonly") || Catch::Contains("read-only"));
  CHECK(ResultRows(dir / "out.db") == before);
  CHECK(One(dir / "out.db", "PRAGMA integrity_check") == "ok");
  // An output that cannot be a file at all.
  auto nodir = store::RunBatch(*rs, Options(dir / "in.csv", dir / "in.csv/out.db"));
  CHECK(nodir.failure == store::BatchFailure::kIo);
  CHECK_THAT(nodir.error.en, Catch::Contains("cannot open"));
}

TEST_CASE("batch usage and input failures are told apart", "[batch]") {
  TempDir dir;
  auto rs = LoadBatchRules();
  WriteFile(dir / "in.txt", "id\nA\n");
  WriteFile(dir / "dup.csv", "id,city,city\nA,x,y\n");
  auto o = Options(dir / "in.txt", dir / "out.db");
  CHECK(store::RunBatch(*rs, o).failure == store::BatchFailure::kUsage);  // format not known from the name
  o = Options(dir / "missing.csv", dir / "out.db");
  CHECK(store::RunBatch(*rs, o).failure == store::BatchFailure::kIo);
  o = Options(dir / "dup.csv", dir / "out.db");
  auto dup = store::RunBatch(*rs, o);
  CHECK(dup.failure == store::BatchFailure::kInput);
  CHECK_THAT(dup.error.en, Catch::Contains("`city` appears twice"));
  CHECK_FALSE(fs::exists(dir / "out.db"));  // refused before any run was recorded
  o = Options(dir / "in.txt", dir / "out.db");
  o.format = store::InputFormat::kCsv;
  o.programs = {"no.such"};
  CHECK(store::RunBatch(*rs, o).failure == store::BatchFailure::kUsage);
  o.programs = {};
  o.format = store::InputFormat::kSqlite;
  CHECK(store::RunBatch(*rs, o).failure == store::BatchFailure::kUsage);  // needs a table
}

TEST_CASE("elig batch: summary, exit codes and errors on the command line", "[batch][cli]") {
  TempDir dir;
  WriteFile(dir / "in.csv", ToCsv(Generate(30, 8)) + "BAD,2026-06-01,群馬県\n");
  auto r = RunElig({"batch", "--rules", BatchRules(), "--input", dir / "in.csv", "--out", dir / "out.db", "--threads", "2"});
  CHECK(r.exit == 65);  // done, but a row had input errors
  CHECK_THAT(r.out, Catch::Contains("31 applicants") && Catch::Contains("pref.fair") && Catch::Contains("input errors: 1 row"));
  CHECK_THAT(r.err, Catch::Contains("in.csv:32:1: input error (row not decided)"));
  CHECK(One(dir / "out.db", "SELECT count(*) FROM results") == "90");

  auto json = RunElig({"batch", "--rules", BatchRules(), "--input", dir / "in.csv", "--out", dir / "out.db", "--format", "json"});
  auto j = nlohmann::json::parse(json.out, nullptr, false);
  REQUIRE(j.is_object());
  CHECK(j["already_complete"] == true);
  CHECK(j["programs"].size() == 3);

  CHECK(RunElig({"batch", "--rules", BatchRules(), "--input", dir / "in.csv"}).exit == 64);
  CHECK(RunElig({"batch", "--rules", BatchRules(), "--input", dir / "in.csv", "--out", dir / "x.db", "-p", "nope"}).exit == 64);
  auto missing = RunElig({"batch", "--rules", BatchRules(), "--input", dir / "none.csv", "--out", dir / "x.db"});
  CHECK(missing.exit == 74);
  CHECK_THAT(missing.err, Catch::Contains("none.csv"));
  WriteFile(dir / "ok.csv", ToCsv(Generate(5, 8)));
  CHECK(RunElig({"batch", "--rules", BatchRules(), "--input", dir / "ok.csv", "--out", dir / "ok.db"}).exit == 0);
  auto schema = RunElig({"batch", "--rules", BatchRules(), "--facts-schema", "-p", "city.fair"});
  CHECK(schema.exit == 0);
  auto s = nlohmann::json::parse(schema.out, nullptr, false);
  REQUIRE(s.is_object());
  CHECK(s["facts"]["other_grants"]["base"] == "yen");
  CHECK_FALSE(s["facts"].contains("tags"));
}

TEST_CASE("elig batch: a progress bar with rate and ETA on a terminal only", "[batch][cli]") {
  TempDir dir;
  WriteFile(dir / "in.csv", ToCsv(Generate(600, 12)));
  // Not a terminal: no bar.
  auto plain = RunElig({"batch", "--rules", BatchRules(), "--input", dir / "in.csv", "--out", dir / "a.db", "--chunk", "50"});
  CHECK(plain.exit == 0);
  CHECK_THAT(plain.err, !Catch::Contains("ETA"));
  if (std::system("command -v script >/dev/null 2>&1") != 0) {
    WARN("util-linux `script` is needed to give elig a terminal; the terminal half is skipped");
    return;
  }
  // A pseudo-terminal from util-linux `script`: the bar is drawn on stderr.
  std::string cmd = "script -qec \"'" + std::string(ELIG_BINARY) + "' batch --rules '" + BatchRules() + "' --input '" +
                    (dir / "in.csv") + "' --out '" + (dir / "b.db") + "' --chunk 50\" /dev/null > '" + (dir / "tty.txt") +
                    "' 2>&1";
  CHECK(std::system(cmd.c_str()) == 0);
  std::string tty = ReadFile(dir / "tty.txt");
  CHECK_THAT(tty, Catch::Contains("ETA") && Catch::Contains("/s") && Catch::Contains("rows") && Catch::Contains("%"));
  CHECK_THAT(tty, Catch::Contains("600 applicants"));
}

TEST_CASE("a run decided whole reports the same summary the tables give", "[batch]") {
  // The summary of a fresh run is counted as its chunks commit; a resumed run reads it back
  // with SQL (ReadSummary). Both must say the same, bad rows and 併給制限 included.
  TempDir dir;
  auto rs = LoadBatchRules();
  std::string csv = ToCsv(Generate(300, 11));
  csv += "bad-1,only,three\n";
  std::string header = csv.substr(0, csv.find('\n'));
  size_t columns = static_cast<size_t>(std::count(header.begin(), header.end(), ',')) + 1;
  std::string row = "bad-2";
  for (size_t i = 1; i < columns; ++i) row += ",not-a-number";
  csv += row + "\n";
  WriteFile(dir / "in.csv", csv);
  auto r = store::RunBatch(*rs, Options(dir / "in.csv", dir / "out.db"));
  REQUIRE(r.failure == store::BatchFailure::kNone);
  CHECK(r.summary.rows == 302);
  CHECK(r.summary.refused_rows >= 1);
  CHECK(r.summary.rows_with_errors >= 2);

  store::Status st;
  auto db = store::Db::Open(dir / "out.db", store::OpenMode::kReadOnly, st);
  REQUIRE(db);
  store::BatchSummary back;
  REQUIRE(store::ReadSummary(*db, r.summary.run_id, back).ok());
  CHECK(back.rows == r.summary.rows);
  CHECK(back.refused_rows == r.summary.refused_rows);
  CHECK(back.rows_with_errors == r.summary.rows_with_errors);
  REQUIRE(back.programs.size() == r.summary.programs.size());
  int64_t combined = 0;
  for (size_t k = 0; k < back.programs.size(); ++k) {
    const auto& a = back.programs[k];
    const auto& b = r.summary.programs[k];
    INFO(a.id);
    CHECK(a.id == b.id);
    CHECK(a.version == b.version);
    CHECK(a.eligible == b.eligible);
    CHECK(a.ineligible == b.ineligible);
    CHECK(a.undetermined == b.undetermined);
    CHECK(a.closed == b.closed);
    CHECK(a.award.ToString() == b.award.ToString());
    CHECK(a.award_overflow == b.award_overflow);
    CHECK(a.award_unknown == b.award_unknown);
    CHECK(a.combined == b.combined);
    combined += a.combined;
  }
  CHECK(combined > 0);  // the rules combine: the count is exercised
}

TEST_CASE("batch --as-of is the date every result is judged on, and each applicant keeps its own as_of", "[batch]") {
  TempDir dir;
  auto rs = LoadBatchRules();
  auto apps = Generate(100, 13);
  WriteFile(dir / "in.csv", ToCsv(apps));
  auto o = Options(dir / "in.csv", dir / "out.db");
  o.as_of = ParseDate("2026-05-20");
  auto r = store::RunBatch(*rs, o);
  REQUIRE(r.failure == store::BatchFailure::kNone);
  CHECK(One(dir / "out.db", "SELECT count(*) FROM results WHERE as_of <> '2026-05-20'") == "0");
  auto own = Rows(dir / "out.db", "SELECT coalesce(as_of, '') FROM applicants ORDER BY seq");
  REQUIRE(own.size() == apps.size());
  int differing = 0;
  for (size_t i = 0; i < apps.size(); ++i) {
    CHECK(own[i] == apps[i].as_of);
    differing += apps[i].as_of != "2026-05-20";
  }
  CHECK(differing > 0);
}

TEST_CASE("the log is copied into the file as the batch goes, and starts again: it stays small", "[batch]") {
  // The checkpoints run on a thread of their own (Checkpointer); SQLite restarts the log
  // only when it is all copied when a transaction begins, which the writer waits for every
  // few commits. Without that, the log would grow to the size of the whole run.
  TempDir dir;
  auto rs = LoadBatchRules();
  WriteFile(dir / "in.csv", ToCsv(Generate(30'000, 17)));
  std::atomic<bool> done{false};
  std::atomic<uintmax_t> largest{0};
  std::thread watch([&] {
    while (!done) {
      std::error_code ec;
      uintmax_t size = fs::file_size(dir / "out.db-wal", ec);
      if (!ec && size > largest) largest = size;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });
  auto r = store::RunBatch(*rs, TestBatchOptions(dir / "in.csv", dir / "out.db", 50));
  done = true;
  watch.join();
  REQUIRE(r.failure == store::BatchFailure::kNone);
  CHECK(r.summary.rows == 30'000);
  std::error_code ec;
  uintmax_t file = fs::file_size(dir / "out.db", ec);
  INFO("results file " << file << " bytes, largest log seen " << largest << " bytes");
  // 600 commits of 50 rows: the log, started again every 64 commits, peaks near 9 MB; without
  // the writer's wait it grew past the whole file (about 80 MB: each commit rewrites the
  // tables' last pages).
  CHECK(file > 8'000'000);   // the run is large enough to tell a growing log from a restarted one
  CHECK(largest > 0);        // the watch saw the log
  CHECK(largest < file / 2); // ...and it never held the run: it was copied and started again
  CHECK(ResultRows(dir / "out.db").size() == 90'000);
}
