// SPDX-License-Identifier: Apache-2.0
// Operational defects: what elig reads (one YAML document, one module per name, no link
// swapped in while rules load) and how its files behave in operation (the audit log on
// read-only media, a log that cannot be written, the day in Japan, the published head,
// damaged or busy results files, a file size limit, the test-only kill points).
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/stat.h>

#include <chrono>

#include "common/date.hpp"
#include "compile/ruleset.hpp"
#include "io/applicant.hpp"
#include "store/audit.hpp"
#include "test_batch_support.hpp"

using namespace elig;
using namespace elig::batch_test;

namespace {

const Diagnostic* FindCode(const std::vector<Diagnostic>& ds, const std::string& code) {
  for (const auto& d : ds)
    if (d.code == code) return &d;
  return nullptr;
}

std::string Codes(const std::vector<Diagnostic>& ds) {
  std::string out;
  for (const auto& d : ds) out += d.code + "@" + d.loc.file + ":" + std::to_string(d.loc.line) + " " + d.message.en + "\n";
  return out;
}

const char* kOneRule = "program: t.p\nrequirements:\n  - { id: small, rule: employees <= 20 }\nfacts:\n  employees: int\n";

}  // namespace

TEST_CASE("a second YAML document in a rule or applicant file is refused at its line", "[ops][untrusted]") {
  // The requirement in the second document would be dropped in silence.
  auto rs = RuleSet::LoadTexts({{"p.yaml", std::string(kOneRule) + "---\nrequirements:\n  - { id: big, rule: employees > 1000 }\n"}});
  INFO(Codes(rs->diagnostics()));
  const Diagnostic* d = FindCode(rs->diagnostics(), "extra-document");
  REQUIRE(d);
  CHECK(d->loc.file == "p.yaml");
  CHECK(d->loc.line == 6);
  CHECK(d->loc.column == 1);
  CHECK_FALSE(rs->ok());
  CHECK(rs->programs().empty());

  // An empty document after `---` is a document too.
  CHECK(FindCode(RuleSet::LoadTexts({{"p.yaml", std::string(kOneRule) + "---\n"}})->diagnostics(), "extra-document"));
  // One document, with or without its markers, is fine.
  CHECK(RuleSet::LoadTexts({{"p.yaml", "---\n" + std::string(kOneRule) + "...\n"}})->ok());

  // An applicant file: the facts of a second document are not silently lost.
  SourceFile f("a.yaml", "facts:\n  employees: 5\n---\nfacts:\n  employees: 5000\n");
  Applicant a;
  std::vector<Diagnostic> diags;
  CHECK_FALSE(ParseApplicant(f, a, diags));
  INFO(Codes(diags));
  d = FindCode(diags, "extra-document");
  REQUIRE(d);
  CHECK(d->loc.line == 3);

  // `elig check` names the place: file:line:col.
  TempDir dir;
  WriteFile(dir / "a.yaml", "facts:\n  employees: 5\n---\nfacts:\n  employees: 5000\n");
  auto r = RunElig({"check", "--rules", BatchRules(), "--applicant", dir / "a.yaml"});
  CHECK(r.exit == 65);
  CHECK(r.err.find("a.yaml:3:1") != std::string::npos);
  CHECK(r.err.find("extra-document") != std::string::npos);
}

TEST_CASE("two files declaring one module name are an error naming both", "[ops][untrusted]") {
  const std::string program = "program: t.p\nuse: [a/size, b/size]\nrequirements:\n  - { id: r, rule: size.limit >= 10 }\n";
  auto rs = RuleSet::LoadTexts({{"a/size.yaml", "module: size\ndefine:\n  limit: 5\n"},
                                {"b/size.yaml", "module: size\ndefine:\n  limit: 50\n"},
                                {"p.yaml", program}});
  INFO(Codes(rs->diagnostics()));
  const Diagnostic* d = FindCode(rs->diagnostics(), "duplicate-module");
  REQUIRE(d);
  CHECK(d->loc.file == "b/size.yaml");
  CHECK(d->loc.line == 1);
  CHECK(d->message.en.find("a/size.yaml") != std::string::npos);
  CHECK_FALSE(rs->ok());
  // Different names under one directory stay fine.
  CHECK(RuleSet::LoadTexts({{"a/size.yaml", "module: size\ndefine:\n  limit: 5\n"},
                            {"b/size.yaml", "module: size2\ndefine:\n  limit: 50\n"},
                            {"p.yaml", "program: t.p\nuse: [a/size, b/size]\nrequirements:\n  - { id: r, rule: size.limit >= 1 }\n"}})
            ->ok());
}

TEST_CASE("rule files are opened beneath the root without following a link", "[ops][untrusted]") {
  TempDir dir;
  fs::create_directories(dir / "rules/common");
  fs::create_directories(dir / "outside");
  WriteFile(dir / "outside/secret.yaml", "SECRET\n");
  WriteFile(dir / "rules/common/ok.yaml", "module: ok\n");
  std::string root = dir / "rules";
  std::string text;
  // A regular file is read.
  BeneathRead r = ReadFileBeneath(root, "common/ok.yaml", 1 << 20, text);
  CHECK(r.ok());
  CHECK(text == "module: ok\n");
  // A link in the file's place is refused, whatever it points at, and nothing is read.
  fs::create_symlink(dir / "outside/secret.yaml", dir / "rules/evil.yaml");
  text.clear();
  r = ReadFileBeneath(root, "evil.yaml", 1 << 20, text);
  CHECK(r.result == BeneathRead::kLink);
  CHECK(text.empty());
  fs::create_symlink(dir / "rules/common/ok.yaml", dir / "rules/inside.yaml");
  CHECK(ReadFileBeneath(root, "inside.yaml", 1 << 20, text).result == BeneathRead::kLink);
  // A directory on the way that is a link is refused too.
  fs::create_directory_symlink(dir / "outside", dir / "rules/links");
  text.clear();
  r = ReadFileBeneath(root, "links/secret.yaml", 1 << 20, text);
  CHECK(r.result == BeneathRead::kLink);
  CHECK(text.empty());
  // `..` and absolute paths never leave the root; a FIFO is no file and does not hang.
  CHECK(ReadFileBeneath(root, "../outside/secret.yaml", 1 << 20, text).result == BeneathRead::kOutside);
  CHECK(ReadFileBeneath(root, dir / "outside/secret.yaml", 1 << 20, text).result == BeneathRead::kOutside);
  REQUIRE(mkfifo((dir / "rules/fifo.yaml").c_str(), 0600) == 0);
  r = ReadFileBeneath(root, "fifo.yaml", 1 << 20, text);
  CHECK(r.result == BeneathRead::kIo);
  CHECK(r.error.en == "not a regular file");
  CHECK(r.error.ja == "通常のファイルではありません");
  // The size is the opened file's.
  r = ReadFileBeneath(root, "common/ok.yaml", 4, text);
  CHECK(r.result == BeneathRead::kIo);
  CHECK(r.error.en == "the file is 11 bytes; the limit is 4");
  CHECK(r.error.ja == "ファイルが 11 バイトあります。読み込めるのは 4 バイトまでです");
  // Why a link is refused is said in both languages.
  r = ReadFileBeneath(root, "links/secret.yaml", 1 << 20, text);
  CHECK(r.error.en == "`links` on the way to the file is a link (or no directory); it is not followed");
  CHECK(r.error.ja == "途中の `links` はリンク（またはディレクトリではないもの）です。リンクはたどりません");
}

TEST_CASE("a rule file swapped for a link after the root check is never read", "[ops][untrusted]") {
  // The race, made certain: between the check that a file is inside the root and its
  // opening, the file (or a directory above it) becomes a link to a file outside.
  TempDir dir;
  fs::create_directories(dir / "rules/sub");
  fs::create_directories(dir / "outside/sub");
  const std::string secret = "program: outside.secret\nnote: TOP-SECRET-LINE\n";
  WriteFile(dir / "outside/p.yaml", secret);
  WriteFile(dir / "outside/sub/q.yaml", secret);
  WriteFile(dir / "rules/p.yaml", "program: t.p\n");
  WriteFile(dir / "rules/sub/q.yaml", "program: t.q\n");
  fs::create_symlink(dir / "outside/p.yaml", dir / "rules/.file-link");
  fs::create_directory_symlink(dir / "outside/sub", dir / "rules/.dir-link");
  RuleSetOptions options;
  std::vector<std::string> swapped;
  options.before_open = [&](const std::string& path) {
    std::error_code ec;
    if (fs::path(path).filename() == "p.yaml") fs::rename(dir / "rules/.file-link", dir / "rules/p.yaml", ec);
    if (fs::path(path).filename() == "q.yaml") {
      fs::remove_all(dir / "rules/sub", ec);
      fs::rename(dir / "rules/.dir-link", dir / "rules/sub", ec);
    }
    swapped.push_back(path + (ec ? " " + ec.message() : ""));
  };
  auto rs = RuleSet::LoadDir(dir / "rules", options);
  INFO(Codes(rs->diagnostics()));
  REQUIRE(swapped.size() == 2);
  CHECK(fs::is_symlink(dir / "rules/p.yaml"));
  CHECK(fs::is_symlink(dir / "rules/sub"));
  int refused = 0;
  for (const auto& d : rs->diagnostics()) {
    CHECK(d.message.en.find("TOP-SECRET") == std::string::npos);
    refused += d.code == "outside-root";
  }
  CHECK(refused == 2);
  for (const auto& f : rs->files()) CHECK(f->id != "outside.secret");
  for (const std::string name : {"p.yaml", "sub/q.yaml"}) {
    const SourceFile* f = rs->sources().Find((fs::path(dir / "rules") / name).lexically_normal().string());
    CHECK((f == nullptr || f->text().find("TOP-SECRET") == std::string::npos));
  }
}

TEST_CASE("check --audit prints no decision when the audit log cannot be written", "[ops][audit]") {
  TempDir dir;
  WriteFile(dir / "a.yaml", "id: A1\nas_of: 2026-05-01\nfacts:\n  prefecture: 群馬県\n  employees: 5\n  fair_costs: 100000\n");
  std::string log = dir / "audit.db";
  auto first = RunElig({"check", "--rules", BatchRules(), "--program", "pref.fair", "--applicant", dir / "a.yaml", "--audit", log});
  INFO(first.err);
  REQUIRE(first.exit != 74);
  REQUIRE_FALSE(first.out.empty());
  {
    // From now on every append fails, as on a full disk (the schema and the rules are stored).
    store::Status st;
    auto db = store::Db::Open(log, store::OpenMode::kReadWrite, st);
    REQUIRE(db);
    REQUIRE(db->Exec("CREATE TRIGGER full BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END").ok());
  }
  for (const std::string format : {"text", "json", "compact"}) {
    auto r = RunElig({"check", "--rules", BatchRules(), "--program", "pref.fair", "--applicant", dir / "a.yaml", "--audit", log,
                      "--format", format});
    INFO(format << "\n" << r.err);
    CHECK(r.exit == 74);
    CHECK(r.out.empty());
    CHECK(r.err.find("cannot append to the audit log") != std::string::npos);
  }
  // Every program at once, too.
  auto all = RunElig({"check", "--rules", BatchRules(), "--applicant", dir / "a.yaml", "--audit", log});
  CHECK(all.exit == 74);
  CHECK(all.out.empty());
}

TEST_CASE("today is the date in Japan unless --tz or ELIG_TZ names another zone", "[ops][dates]") {
  // 2026-12-06T17:11:00Z is 02:11 on 12-07 in Japan.
  REQUIRE(MakeDate(2026, 12, 6));
  const int64_t t = int64_t{MakeDate(2026, 12, 6)->days} * 86400 + 17 * 3600 + 11 * 60;
  auto tokyo = ParseTimeZone("Asia/Tokyo");
  REQUIRE(tokyo);
  CHECK(FormatDate(DateAt(t, *tokyo)) == "2026-12-07");
  CHECK(FormatDate(DateAt(t, *ParseTimeZone("UTC"))) == "2026-12-06");
  CHECK(FormatDate(DateAt(t, *ParseTimeZone("-05:00"))) == "2026-12-06");
  CHECK(FormatDate(DateAt(t, *ParseTimeZone("UTC+9"))) == "2026-12-07");
  CHECK(ParseTimeZone("+0530")->offset_minutes == 330);
  CHECK(ParseTimeZone("-03:30")->offset_minutes == -210);
  for (const char* bad : {"", "Europe/Paris", "+15:00", "-13", "+9:5", "9", "+09:60", "UTC+", "+-9"}) {
    INFO(bad);
    CHECK_FALSE(ParseTimeZone(bad));
  }
  // With no zone set, "today" is the Japanese day.
  unsetenv("ELIG_TZ");
  auto now = [] {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  };
  int64_t before = now();
  Date today = Today();
  int64_t after = now();
  CHECK((today == DateAt(before, *tokyo) || today == DateAt(after, *tokyo)));

  // The command line: the as_of of a decision without one is today in the zone asked for.
  TempDir dir;
  WriteFile(dir / "a.yaml", "facts:\n  prefecture: 群馬県\n  employees: 5\n  fair_costs: 100000\n");
  auto as_of_with = [&](const std::vector<std::string>& extra_args, const std::vector<std::string>& env, const TimeZone& tz,
                        bool& matched) {
    std::vector<std::string> args = {"check", "--rules", BatchRules(), "--program", "pref.fair", "--applicant", dir / "a.yaml",
                                     "--format", "json"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    int64_t t0 = now();
    auto r = RunElig(args, env);
    int64_t t1 = now();
    INFO(r.err);
    std::string expect0 = "\"as_of\": \"" + FormatDate(DateAt(t0, tz)) + "\"";
    std::string expect1 = "\"as_of\": \"" + FormatDate(DateAt(t1, tz)) + "\"";
    matched = r.out.find(expect0) != std::string::npos || r.out.find(expect1) != std::string::npos;
    return r.out;
  };
  bool matched = false;
  // +14:00 and -12:00 are never on the same day: one of the two differs from UTC's.
  as_of_with({}, {"ELIG_TZ=+14:00"}, *ParseTimeZone("+14:00"), matched);
  CHECK(matched);
  as_of_with({}, {"ELIG_TZ=-12:00"}, *ParseTimeZone("-12:00"), matched);
  CHECK(matched);
  as_of_with({"--tz", "-12:00"}, {"ELIG_TZ=+14:00"}, *ParseTimeZone("-12:00"), matched);
  CHECK(matched);  // --tz wins
  as_of_with({}, {}, *tokyo, matched);
  CHECK(matched);
  // A zone elig does not know is refused, not read as UTC.
  auto bad = RunElig({"check", "--rules", BatchRules(), "--applicant", dir / "a.yaml"}, {"ELIG_TZ=Mars/Olympus"});
  CHECK(bad.exit == 64);
  CHECK(bad.err.find("ELIG_TZ") != std::string::npos);
  bad = RunElig({"check", "--rules", BatchRules(), "--applicant", dir / "a.yaml", "--tz", "nowhere"});
  CHECK(bad.exit == 64);
}

namespace {

// An audit log of `n` checks of one applicant (one row each), closed as `elig` leaves it.
std::string MakeAuditLog(const TempDir& dir, int n) {
  WriteFile(dir / "a.yaml", "id: A1\nas_of: 2026-05-01\nfacts:\n  prefecture: 群馬県\n  employees: 5\n  fair_costs: 100000\n");
  std::string log = dir / "audit.db";
  for (int i = 0; i < n; ++i) {
    auto r = RunElig({"check", "--rules", BatchRules(), "--program", "pref.fair", "--applicant", dir / "a.yaml", "--audit", log});
    REQUIRE(r.exit == 0);
  }
  return log;
}

bool SideFiles(const std::string& db) { return fs::exists(db + "-wal") || fs::exists(db + "-shm"); }

}  // namespace

TEST_CASE("audit verify and show read a log on read-only media and leave no -wal or -shm behind", "[ops][audit]") {
  TempDir dir;
  std::string log = MakeAuditLog(dir, 2);
  REQUIRE_FALSE(SideFiles(log));  // the writer removed them when it closed
  // A writable place: reading leaves the directory as it was.
  auto r = RunElig({"audit", "verify", log});
  INFO(r.out << r.err);
  CHECK(r.exit == 0);
  CHECK_FALSE(SideFiles(log));
  r = RunElig({"audit", "show", log, "--applicant", "A1"});
  CHECK(r.exit == 0);
  CHECK_FALSE(SideFiles(log));

  // A place where the -wal file cannot be made. As root, chmod does not stop writes, so a
  // directory in the -wal file's place stands for it (every user gets the same refusal).
  fs::create_directories(dir / "ro");
  std::string copy = dir / "ro/audit.db";
  fs::copy_file(log, copy);
  fs::create_directory(copy + "-wal");
  r = RunElig({"audit", "verify", copy});
  INFO(r.out << r.err);
  CHECK(r.exit == 0);
  CHECK(r.out.find("verified: 2 row(s)") != std::string::npos);
  r = RunElig({"audit", "show", copy, "--applicant", "A1"});
  CHECK(r.exit == 0);
  CHECK_FALSE(fs::exists(copy + "-shm"));
  fs::remove(copy + "-wal");
  // A directory that cannot be written (not as root: root writes anyway, and the case above
  // has shown the same path).
  if (geteuid() != 0) {
    fs::permissions(dir / "ro", fs::perms::owner_read | fs::perms::owner_exec);
    r = RunElig({"audit", "verify", copy});
    CHECK(r.exit == 0);
    CHECK_FALSE(SideFiles(copy));
    fs::permissions(dir / "ro", fs::perms::owner_all);
  }
  // The store reads such a file through a read-only, immutable connection.
  fs::create_directory(copy + "-wal");
  store::Status st;
  auto db = store::Db::Open(copy, store::OpenMode::kReadOnly, st);
  INFO(st.message.en);
  REQUIRE(db);
  store::Stmt count(*db, "SELECT count(*) FROM audit", st);
  REQUIRE(count.Step(st));
  CHECK(count.Int(0) == 2);
}

TEST_CASE("audit head prints SEQ:HASH and verify --expect-head fails when the log was cut or rewritten", "[ops][audit]") {
  TempDir dir;
  std::string log = MakeAuditLog(dir, 3);
  auto head = RunElig({"audit", "head", log});
  INFO(head.err);
  REQUIRE(head.exit == 0);
  std::string text = head.out.substr(0, head.out.find('\n'));
  auto parsed = store::ParseAuditHead(text);
  REQUIRE(parsed);
  CHECK(parsed->seq == 3);
  CHECK(RunElig({"audit", "verify", log, "--expect-head", text}).exit == 0);
  CHECK(RunElig({"audit", "head", log, "--format", "json"}).out.find("\"seq\": 3") != std::string::npos);
  // The head of row 2, taken earlier, still holds: the chain carries it to row 3.
  std::string row2 = Rows(log, "SELECT id || ':' || row_sha256 FROM audit WHERE id = 2").at(0);
  CHECK(RunElig({"audit", "verify", log, "--expect-head", row2}).exit == 0);
  // A head that is no head is a usage error.
  CHECK(RunElig({"audit", "verify", log, "--expect-head", "3:xyz"}).exit == 64);

  // The last row cut, and the head table made to match: a plain verify passes...
  {
    store::Status st;
    auto db = store::Db::Open(log, store::OpenMode::kReadWrite, st);
    REQUIRE(db);
    REQUIRE(db->Exec("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 3; "
                     "UPDATE audit_head SET rows = 2, last_id = 2, last_sha256 = (SELECT row_sha256 FROM audit WHERE id = 2)")
                .ok());
  }
  CHECK(RunElig({"audit", "verify", log}).exit == 0);
  // ...but not against the published head.
  auto cut = RunElig({"audit", "verify", log, "--expect-head", text});
  CHECK(cut.exit == 3);
  CHECK(cut.out.find("cut") != std::string::npos);
  CHECK(cut.out.find("row 3") != std::string::npos);
  // A head whose row holds another hash: the log was rewritten.
  std::string forged = "2:" + std::string(64, 'a');
  auto rewritten = RunElig({"audit", "verify", log, "--expect-head", forged, "--format", "json"});
  CHECK(rewritten.exit == 3);
  CHECK(rewritten.out.find("\"kind\": \"head\"") != std::string::npos);

  // No head is printed for a log that does not verify.
  {
    store::Status st;
    auto db = store::Db::Open(log, store::OpenMode::kReadWrite, st);
    REQUIRE(db);
    REQUIRE(db->Exec("DROP TRIGGER audit_no_update; UPDATE audit SET outcome = 'ineligible' WHERE id = 1").ok());
  }
  auto bad = RunElig({"audit", "head", log});
  CHECK(bad.exit == 3);
  CHECK(bad.out.empty());
}

namespace {

std::vector<std::string> BatchCmd(const std::string& input, const std::string& out, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"batch", "--rules", BatchRules(), "--input", input, "--out", out, "--no-progress", "--threads", "2"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

}  // namespace

TEST_CASE("batch refuses a damaged results file, says what to do, and leaves it as it was", "[ops][batch]") {
  TempDir dir;
  WriteFile(dir / "a.csv", ToCsv(Generate(300, 7, 0.2)));
  WriteFile(dir / "b.csv", ToCsv(Generate(300, 8)));
  std::string out = dir / "out.db";
  auto first = RunElig(BatchCmd(dir / "a.csv", out));
  INFO(first.err);
  REQUIRE((first.exit == 0 || first.exit == 65));
  REQUIRE(Rows(out, "SELECT count(*) FROM input_errors") != std::vector<std::string>{"0"});
  // Damage a page that the next run does not write: the first page of the table of input errors.
  int64_t page = std::stoll(Rows(out, "SELECT rootpage FROM sqlite_master WHERE name = 'input_errors'").at(0));
  int64_t page_size = std::stoll(Rows(out, "PRAGMA page_size").at(0));
  {
    std::fstream f(out, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp((page - 1) * page_size);
    std::string junk(static_cast<size_t>(page_size), '\xEE');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  std::string before = ReadFile(out);
  auto second = RunElig(BatchCmd(dir / "b.csv", out));
  INFO(second.err);
  CHECK(second.exit == 74);
  CHECK(second.err.find("is damaged") != std::string::npos);
  CHECK(second.err.find("quick_check") != std::string::npos);
  CHECK(second.err.find(".recover") != std::string::npos);
  CHECK(ReadFile(out) == before);
}

TEST_CASE("batch says another process holds the run instead of a UNIQUE constraint", "[ops][batch]") {
  TempDir dir;
  WriteFile(dir / "a.csv", ToCsv(Generate(120, 3)));
  std::string out = dir / "out.db";
  REQUIRE(RunElig(BatchCmd(dir / "a.csv", out, {"--chunk", "50"})).exit == 0);
  // What a second process sees: rows of the run written by the first beyond the watermark it read.
  {
    store::Status st;
    auto db = store::Db::Open(out, store::OpenMode::kReadWrite, st);
    REQUIRE(db);
    REQUIRE(db->Exec("UPDATE runs SET next_seq = 0, finished = NULL").ok());
  }
  auto r = RunElig(BatchCmd(dir / "a.csv", out, {"--chunk", "50"}));
  INFO(r.err);
  CHECK(r.exit == 74);
  CHECK(r.err.find("another process holds this run") != std::string::npos);
  CHECK(r.err.find("UNIQUE") == std::string::npos);
}

TEST_CASE("batch past the file size limit stops as on a full disk, with a message", "[ops][batch]") {
  TempDir dir;
  WriteFile(dir / "a.csv", ToCsv(Generate(3000, 5)));
  std::string out = dir / "out.db";
  // bash's `ulimit -f` counts KiB. Without a handler SIGXFSZ ends the process without a word.
  std::vector<std::string> args = {"-c", "ulimit -f 256; exec \"$0\" \"$@\"", ELIG_BINARY};
  auto batch = BatchCmd(dir / "a.csv", out, {"--explain", "--chunk", "100"});
  args.insert(args.end(), batch.begin(), batch.end());
  auto r = RunElig(args, {}, "/bin/bash");
  INFO(r.err);
  CHECK(r.exit == 74);
  CHECK(r.err.find("full") != std::string::npos);
  CHECK(r.err.find("file size limit") != std::string::npos);
  // What was committed is intact, and the same command resumes without the limit.
  CHECK(Rows(out, "PRAGMA integrity_check") == std::vector<std::string>{"ok"});
  auto resumed = RunElig(BatchCmd(dir / "a.csv", out, {"--explain", "--chunk", "100"}));
  INFO(resumed.err);
  CHECK(resumed.exit == 0);
  CHECK(Rows(out, "SELECT count(DISTINCT seq) FROM results") == std::vector<std::string>{"3000"});
}

TEST_CASE("rows of an SQLite view are numbered, and a closed program grants 0", "[ops][batch]") {
  TempDir dir;
  auto applicants = Generate(40, 11);
  REQUIRE(ToSqlite(applicants, dir / "in.db", "t").ok());
  {
    store::Status st;
    auto db = store::Db::Open(dir / "in.db", store::OpenMode::kReadWrite, st);
    REQUIRE(db);
    // No `id` column: each row is named by its number.
    REQUIRE(db->Exec("CREATE VIEW v AS SELECT as_of, prefecture, city, employees, fair_costs, other_grants, first_time, "
                     "application_date, tags FROM t ORDER BY id").ok());
  }
  std::string out = dir / "out.db";
  auto r = RunElig(BatchCmd(dir / "in.db", out, {"--table", "v"}));
  INFO(r.err);
  REQUIRE((r.exit == 0 || r.exit == 65));
  CHECK(Rows(out, "SELECT count(DISTINCT applicant_id) FROM applicants") == std::vector<std::string>{"40"});
  CHECK(Rows(out, "SELECT applicant_id FROM applicants ORDER BY seq LIMIT 2") == std::vector<std::string>{"row 1", "row 2"});
  CHECK(Rows(out, "SELECT min(line), max(line) FROM applicants") == std::vector<std::string>{"1|40"});
  // Applicants judged after the window (2027-04-02): closed, and the final award is 0.
  CHECK(Rows(out, "SELECT count(*) > 0 FROM results WHERE outcome = 'closed'") == std::vector<std::string>{"1"});
  CHECK(Rows(out, "SELECT count(*) FROM results WHERE outcome = 'closed' AND (final_award IS NULL OR final_award != 0)") ==
        std::vector<std::string>{"0"});
}

TEST_CASE("ELIG_TEST_CRASH kills only the test build, never elig itself", "[ops][batch][kill]") {
  TempDir dir;
  WriteFile(dir / "a.csv", ToCsv(Generate(200, 9)));
  // The `elig` people run ignores it and finishes.
  auto r = RunElig(BatchCmd(dir / "a.csv", dir / "out.db", {"--chunk", "50"}), {"ELIG_TEST_CRASH=mid:0"}, ELIG_BINARY);
  INFO(r.err);
  CHECK(r.exit == 0);
  CHECK(Rows(dir / "out.db", "SELECT count(DISTINCT seq) FROM results") == std::vector<std::string>{"200"});
  // The test build kills itself where asked.
  auto killed = RunElig(BatchCmd(dir / "a.csv", dir / "out2.db", {"--chunk", "50"}), {"ELIG_TEST_CRASH=commit:1"});
  CHECK(killed.exit == -SIGKILL);
  CHECK(Rows(dir / "out2.db", "SELECT count(DISTINCT seq) FROM results") == std::vector<std::string>{"100"});
}

TEST_CASE("a head signed with an Ed25519 key kept outside the log verifies only with its public key", "[ops][audit]") {
  TempDir dir;
  std::string log = MakeAuditLog(dir, 2);
  std::string key = dir / "head.pem", pub = dir / "head.pub.pem", other = dir / "other.pem", other_pub = dir / "other.pub.pem";
  std::string make = "openssl genpkey -algorithm ed25519 -out '" + key + "' && openssl pkey -in '" + key + "' -pubout -out '" +
                     pub + "' && openssl genpkey -algorithm ed25519 -out '" + other + "' && openssl pkey -in '" + other +
                     "' -pubout -out '" + other_pub + "'";
  REQUIRE(std::system(make.c_str()) == 0);
  auto signed_head = RunElig({"audit", "head", log, "--sign-key", key});
  INFO(signed_head.err);
  REQUIRE(signed_head.exit == 0);
  std::string head = signed_head.out.substr(0, signed_head.out.find('\n'));
  std::string rest = signed_head.out.substr(head.size() + 1);
  std::string sig = rest.substr(0, rest.find('\n'));
  CHECK(sig.size() == 88);
  // The library checks what the command printed.
  auto parsed = store::ParseAuditHead(head);
  REQUIRE(parsed);
  CHECK(store::VerifyAuditHeadSignature(*parsed, sig, pub).ok());
  CHECK_FALSE(store::VerifyAuditHeadSignature(*parsed, sig, other_pub).ok());
  store::AuditHead moved = *parsed;
  moved.seq = 1;
  CHECK_FALSE(store::VerifyAuditHeadSignature(moved, sig, pub).ok());

  auto ok = RunElig({"audit", "verify", log, "--expect-head", head, "--head-signature", sig, "--public-key", pub});
  INFO(ok.out << ok.err);
  CHECK(ok.exit == 0);
  // Another key's public half, a head the key did not sign, a mangled signature: not verified.
  auto wrong_key = RunElig({"audit", "verify", log, "--expect-head", head, "--head-signature", sig, "--public-key", other_pub});
  CHECK(wrong_key.exit == 3);
  CHECK(wrong_key.out.find("signature") != std::string::npos);
  std::string row1 = Rows(log, "SELECT id || ':' || row_sha256 FROM audit WHERE id = 1").at(0);
  CHECK(RunElig({"audit", "verify", log, "--expect-head", row1, "--head-signature", sig, "--public-key", pub}).exit == 3);
  std::string mangled = sig;
  mangled[10] = mangled[10] == 'A' ? 'B' : 'A';
  CHECK(RunElig({"audit", "verify", log, "--expect-head", head, "--head-signature", mangled, "--public-key", pub}).exit == 3);
  // A signature without its key, or without the head it signs, is a usage error; a key that
  // is no Ed25519 key is refused.
  CHECK(RunElig({"audit", "verify", log, "--expect-head", head, "--head-signature", sig}).exit == 64);
  CHECK(RunElig({"audit", "verify", log, "--head-signature", sig, "--public-key", pub}).exit == 64);
  WriteFile(dir / "not-a-key.pem", "hello\n");
  auto bad_key = RunElig({"audit", "head", log, "--sign-key", dir / "not-a-key.pem"});
  CHECK(bad_key.exit == 74);
  CHECK(bad_key.out.empty());
}
