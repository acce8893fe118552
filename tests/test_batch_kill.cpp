// SPDX-License-Identifier: Apache-2.0
// Crash safety with real kills: the built `elig batch` is killed with SIGKILL —
// at chosen points inside and after a chunk's transaction, and at random moments —
// then the same command is run again. Every time the result must equal an
// uninterrupted run: every applicant decided exactly once, no duplicates, no gaps.
#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <thread>

#include "test_batch_support.hpp"

using namespace elig;
using namespace elig::batch_test;

namespace {

std::vector<std::string> BatchArgs(const TempDir& dir, const std::string& out, const std::string& audit = "") {
  std::vector<std::string> args = {"batch", "--rules", BatchRules(), "--input", dir / "in.csv", "--out", out,
                                   "--chunk", "40",  "--threads", "2", "--no-progress"};
  if (!audit.empty()) {
    args.push_back("--audit");
    args.push_back(audit);
  }
  return args;
}

// No duplicates and no gaps: each applicant once per program, the watermark at the end.
void CheckExactlyOnce(const std::string& db, int rows) {
  CHECK(One(db, "SELECT count(*), count(DISTINCT seq), min(seq), max(seq) FROM applicants") ==
        std::to_string(rows) + "|" + std::to_string(rows) + "|0|" + std::to_string(rows - 1));
  CHECK(One(db, "SELECT count(*) FROM results") == std::to_string(3 * rows));
  CHECK(One(db, "SELECT count(*) FROM (SELECT seq FROM results GROUP BY seq HAVING count(*) != 3)") == "0");
  CHECK(One(db, "SELECT count(*), next_seq, rows, finished IS NOT NULL FROM runs") ==
        "1|" + std::to_string(rows) + "|" + std::to_string(rows) + "|1");
  CHECK(One(db, "PRAGMA integrity_check") == "ok");
}

// PRAGMA integrity_check on a connection that may write (and so recover the file first).
std::string IntegrityAsWriter(const std::string& db_path) {
  store::Status st;
  auto db = store::Db::Open(db_path, store::OpenMode::kReadWrite, st);
  if (!db) return "cannot open: " + st.message.en;
  store::Stmt s(*db, "PRAGMA integrity_check", st);
  if (!st.ok()) return "cannot prepare: " + st.message.en;
  if (!s.Step(st)) return "no answer: " + st.message.en;
  return s.Text(0);
}

}  // namespace

TEST_CASE("kill -9 inside and right after a chunk's transaction, then resume", "[batch][kill]") {
  TempDir dir;
  const int n = 1000;
  WriteFile(dir / "in.csv", ToCsv(Generate(n, 99, 0.02)));
  auto base = RunElig(BatchArgs(dir, dir / "base.db"));
  REQUIRE(base.exit == 65);  // finished; the generated data has a few bad values
  auto want = ResultRows(dir / "base.db");
  REQUIRE(want.size() == 3 * n);

  // The binary kills itself (SIGKILL: no cleanup at all) at chosen points.
  std::string out = dir / "out.db";
  int killed = 0;
  for (const std::string crash : {"mid:0", "commit:1", "mid:2", "commit:0", "mid:5"}) {
    auto r = RunElig(BatchArgs(dir, out), {"ELIG_TEST_CRASH=" + crash});
    INFO("ELIG_TEST_CRASH=" << crash << "\n" << r.err);
    CHECK(r.exit == -SIGKILL);
    killed += r.exit == -SIGKILL;
    // After each crash the file is valid and holds whole chunks only.
    CHECK(One(out, "PRAGMA integrity_check") == "ok");
    std::string next = One(out, "SELECT next_seq FROM runs");
    CHECK(One(out, "SELECT count(*) FROM applicants") == next);
    CHECK(std::stoi(next) % 40 == 0);
  }
  CHECK(killed == 5);
  auto last = RunElig(BatchArgs(dir, out));
  INFO("the last run's output:\n" << last.out << last.err);
  CHECK(last.exit == 65);
  CHECK_THAT(last.out, Catch::Contains("resumed"));
  CheckExactlyOnce(out, n);
  CHECK(ResultRows(out) == want);
  CHECK(Rows(out, "SELECT seq, n, field, message FROM input_errors ORDER BY seq, n") ==
        Rows(dir / "base.db", "SELECT seq, n, field, message FROM input_errors ORDER BY seq, n"));
}

TEST_CASE("kill -9 with --skip-closed: the closed decisions are counted once", "[batch][kill]") {
  TempDir dir;
  const int n = 600;
  WriteFile(dir / "in.csv", ToCsv(Generate(n, 41)));
  auto args = [&](const std::string& out) {
    auto a = BatchArgs(dir, out);
    a.push_back("--skip-closed");
    return a;
  };
  REQUIRE(RunElig(args(dir / "base.db")).exit == 0);
  const char* kCounts = "SELECT p.program, x.closed_not_stored FROM run_programs x JOIN programs p USING (program_ref) ORDER BY 1";
  auto counts = Rows(dir / "base.db", kCounts);
  REQUIRE(One(dir / "base.db", "SELECT sum(closed_not_stored) > 0 FROM run_programs") == "1");
  std::string out = dir / "out.db";
  for (const std::string crash : {"mid:1", "commit:0", "mid:3"}) {
    auto r = RunElig(args(out), {"ELIG_TEST_CRASH=" + crash});
    INFO("ELIG_TEST_CRASH=" << crash << "\n" << r.err);
    CHECK(r.exit == -SIGKILL);
  }
  auto last = RunElig(args(out));
  INFO("the last run's output:\n" << last.out << last.err);
  CHECK(last.exit == 0);
  CHECK(ResultRows(out) == ResultRows(dir / "base.db"));
  CHECK(Rows(out, kCounts) == counts);
}

TEST_CASE("kill -9 at random moments, several times, then resume", "[batch][kill]") {
  TempDir dir;
  const int n = 2500;
  WriteFile(dir / "in.csv", ToCsv(Generate(n, 123)));
  auto started = std::chrono::steady_clock::now();
  auto base = RunElig(BatchArgs(dir, dir / "base.db"));
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  REQUIRE(base.exit == 0);
  auto want = ResultRows(dir / "base.db");

  // Kill points spread over the time an uninterrupted run takes on this machine
  // (only to aim the kills; nothing is asserted about time).
  std::mt19937 rng(2024);
  std::string out = dir / "out.db";
  for (int attempt = 0; attempt < 8; ++attempt) {
    Spawned s = SpawnElig(BatchArgs(dir, out), dir / "o.txt", dir / "e.txt");
    REQUIRE(s.pid > 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(rng() % static_cast<unsigned>(took + 1)));
    kill(s.pid, SIGKILL);
    int code = WaitExit(s.pid);
    INFO("attempt " << attempt << " ended with " << code << "\n" << ReadFile(dir / "e.txt"));
    CHECK((code == -SIGKILL || code == 0));  // it may have finished before the kill
    // Killed before it created the file: nothing was written, nothing to check.
    if (code == -SIGKILL && !std::filesystem::exists(out)) continue;
    // Opened as the next run opens it, for writing: a kill while the new file was being
    // set up can leave a rollback journal that only a writer may roll back (a read-only
    // connection then says "attempt to write a readonly database").
    CHECK(IntegrityAsWriter(out) == "ok");
  }
  auto last = RunElig(BatchArgs(dir, out));
  INFO("the last run's output:\n" << last.out << last.err);
  CHECK(last.exit == 0);
  CheckExactlyOnce(out, n);
  CHECK(ResultRows(out) == want);
}

TEST_CASE("kill -9 with an audit log: every decision logged exactly once, the chain intact", "[batch][kill][audit]") {
  TempDir dir;
  const int n = 400;
  WriteFile(dir / "in.csv", ToCsv(Generate(n, 31)));
  std::string out = dir / "out.db", audit = dir / "audit.db";
  for (const std::string crash : {"mid:1", "commit:2", "mid:0"}) {
    auto r = RunElig(BatchArgs(dir, out, audit), {"ELIG_TEST_CRASH=" + crash});
    INFO("ELIG_TEST_CRASH=" << crash << "\n" << r.err);
    CHECK(r.exit == -SIGKILL);
  }
  auto last = RunElig(BatchArgs(dir, out, audit));
  INFO("the last run's output:\n" << last.out << last.err);
  REQUIRE(last.exit == 0);
  CheckExactlyOnce(out, n);
  CHECK(One(audit, "SELECT count(*), count(DISTINCT origin_seq || program) FROM audit") ==
        std::to_string(3 * n) + "|" + std::to_string(3 * n));
  auto verify = RunElig({"audit", "verify", audit});
  CHECK(verify.exit == 0);
  CHECK_THAT(verify.out, Catch::Contains("verified: " + std::to_string(3 * n) + " row(s)"));
}
