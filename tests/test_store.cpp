// SPDX-License-Identifier: Apache-2.0
// The SQLite wrapper and schema, and the streaming applicant readers (CSV, JSON Lines, SQLite table).
#include <catch2/catch.hpp>
#include <sqlite3.h>

#include "io/csv.hpp"
#include "io/jsonl.hpp"
#include "store/schema.hpp"
#include "store/sqlite.hpp"
#include "store/sqlite_input.hpp"
#include "test_batch_support.hpp"
#include "test_support.hpp"

using namespace elig;
using namespace elig::batch_test;

namespace {

std::vector<InputRow> ReadAll(ApplicantStream& s) {
  std::vector<InputRow> rows;
  InputRow r;
  while (s.Next(r)) rows.push_back(r);
  return rows;
}

const RawFact* FactOf(const InputRow& r, const std::string& name) {
  for (const auto& f : r.applicant.facts)
    if (f.name == name) return &f;
  return nullptr;
}

std::string Scalar(const InputRow& r, const std::string& name) {
  const RawFact* f = FactOf(r, name);
  if (!f) return "<absent>";
  if (f->value.type == RawValue::Type::kNull) return "<null>";
  if (f->value.type == RawValue::Type::kList) {
    std::string s = "[";
    for (size_t i = 0; i < f->value.items.size(); ++i) s += (i ? "|" : "") + f->value.items[i].text;
    return s + "]";
  }
  return f->value.text;
}

}  // namespace

TEST_CASE("the schema is versioned, in WAL mode, and refuses newer or foreign files", "[store]") {
  TempDir dir;
  store::Status st;
  {
    auto db = store::Db::Open(dir / "a.db", store::OpenMode::kReadWriteCreate, st);
    INFO(st.message.en);  // why SQLite could not open it, if it could not
    REQUIRE(db);
    REQUIRE(store::EnsureSchema(*db).ok());
    REQUIRE(store::EnsureSchema(*db).ok());  // idempotent
    CHECK(db->UserVersion(st) == store::kSchemaVersion);
  }
  CHECK(One(dir / "a.db", "PRAGMA journal_mode") == "wal");
  CHECK(One(dir / "a.db", "SELECT count(*) FROM sqlite_master WHERE name IN ('runs', 'results', 'audit', 'audit_head')") == "4");
  {
    auto db = store::Db::Open(dir / "a.db", store::OpenMode::kReadWrite, st);
    REQUIRE(db->SetUserVersion(store::kSchemaVersion + 1).ok());
    st = store::EnsureSchema(*db);
    CHECK_FALSE(st.ok());
    CHECK_THAT(st.message.en, Catch::Contains("newer elig"));
  }
  {
    auto db = store::Db::Open(dir / "foreign.db", store::OpenMode::kReadWriteCreate, st);
    REQUIRE(db->Exec("CREATE TABLE people(name TEXT)").ok());
    st = store::EnsureSchema(*db);
    CHECK_FALSE(st.ok());
    CHECK_THAT(st.message.en, Catch::Contains("did not create"));
  }
  // Not a database at all.
  WriteFile(dir / "text.db", "this is not sqlite, just text long enough to have a header...........................");
  auto bad = store::Db::Open(dir / "text.db", store::OpenMode::kReadWriteCreate, st);
  CHECK_FALSE(bad);
  CHECK(st.code == store::kNotADb);
}

TEST_CASE("statements bind and read exact values, and errors carry SQLite's reason", "[store]") {
  TempDir dir;
  store::Status st;
  auto db = store::Db::Open(dir / "b.db", store::OpenMode::kReadWriteCreate, st);
  INFO(st.message.en);  // why SQLite could not open it, if it could not
  REQUIRE(db);
  REQUIRE(db->Exec("CREATE TABLE t(k INTEGER PRIMARY KEY, v)").ok());
  store::Stmt ins(*db, "INSERT INTO t(k, v) VALUES (?, ?)", st);
  REQUIRE(st.ok());
  REQUIRE(ins.Bind(1, int64_t{1}).Bind(2, "2/3").Run().ok());
  REQUIRE(ins.Bind(1, int64_t{2}).Bind(2, int64_t{9'007'199'254'740'993}).Run().ok());  // not a double
  REQUIRE(ins.Bind(1, int64_t{3}).BindNull(2).Run().ok());
  st = ins.Bind(1, int64_t{1}).Bind(2, "dup").Run();
  CHECK(st.code == store::kConstraint);
  CHECK_THAT(st.message.en, Catch::Contains("UNIQUE"));
  CHECK(Rows(dir / "b.db", "SELECT k, v FROM t ORDER BY k") ==
        std::vector<std::string>{"1|2/3", "2|9007199254740993", "3|∅"});
  store::Stmt bad(*db, "SELEC nothing", st);
  CHECK_FALSE(bad.ok());
  CHECK(st.code == store::kError);
  CHECK(store::QuoteIdent("a\"b") == "\"a\"\"b\"");
}


TEST_CASE("a file a process stopped writing is refused read-only with what to do, and a writer recovers it", "[store]") {
  TempDir dir;
  std::string path = dir / "h.db";
  {
    store::Status st;
    auto db = store::Db::Open(path, store::OpenMode::kReadWriteCreate, st);
    INFO(st.message.en);  // why SQLite could not open it, if it could not
    REQUIRE(db);
    REQUIRE(db->Exec("PRAGMA journal_mode=DELETE; CREATE TABLE t(x); INSERT INTO t VALUES (1);").ok());
  }
  // A child changes it in a transaction too large for its cache, so pages reach the file
  // before a commit, and stops without one: a hot rollback journal, as a kill -9 of
  // `elig batch` leaves while it sets up a new file.
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    store::Status st;
    auto db = store::Db::Open(path, store::OpenMode::kReadWrite, st);
    bool ok = db && db->Exec("PRAGMA journal_mode=DELETE; PRAGMA cache_size=10; BEGIN;").ok() &&
              db->Exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
                       "INSERT INTO t SELECT randomblob(500) FROM n").ok();
    _exit(ok ? 0 : 1);  // no commit, no cleanup
  }
  REQUIRE(WaitExit(pid) == 0);
  REQUIRE(fs::exists(path + "-journal"));
  store::Status st;
  auto read_only = store::Db::Open(path, store::OpenMode::kReadOnly, st);
  CHECK_FALSE(read_only);
  CHECK(st.code == store::kReadOnly);
  CHECK_THAT(st.message.en, Catch::Contains("a process stopped while writing it") &&
                             Catch::Contains("run the command that was writing it again"));
  // Opened for writing, SQLite rolls the half-made change back; readers see the file as it was.
  auto writer = store::Db::Open(path, store::OpenMode::kReadWrite, st);
  REQUIRE(writer);
  writer.reset();
  CHECK(One(path, "SELECT count(*) FROM t") == "1");
}

TEST_CASE("a file elig creates has 16 KiB pages, and one another program made keeps its own", "[store]") {
  TempDir dir;
  store::Status st;
  {
    auto db = store::Db::Open(dir / "new.db", store::OpenMode::kReadWriteCreate, st);
    INFO(st.message.en);
    REQUIRE(db);
    REQUIRE(store::EnsureSchema(*db).ok());
  }
  CHECK(One(dir / "new.db", "PRAGMA page_size") == "16384");
  CHECK(One(dir / "new.db", "PRAGMA journal_mode") == "wal");
  // Made by another program with 4 KiB pages, then opened by elig to write.
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open((dir / "other.db").c_str(), &raw) == SQLITE_OK);
  REQUIRE(sqlite3_exec(raw, "PRAGMA page_size=4096; CREATE TABLE t(x);", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(raw);
  {
    auto db = store::Db::Open(dir / "other.db", store::OpenMode::kReadWriteCreate, st);
    INFO(st.message.en);
    REQUIRE(db);
    REQUIRE(db->Exec("CREATE TABLE u(x); INSERT INTO u VALUES (1);").ok());
  }
  CHECK(One(dir / "other.db", "PRAGMA page_size") == "4096");
}

TEST_CASE("a statement that keeps its bindings stores what each run binds", "[store]") {
  TempDir dir;
  store::Status st;
  auto db = store::Db::Open(dir / "k.db", store::OpenMode::kReadWriteCreate, st);
  INFO(st.message.en);  // why SQLite could not open it, if it could not
  REQUIRE(db);
  REQUIRE(db->Exec("CREATE TABLE t(k INTEGER PRIMARY KEY, a, b, c)").ok());
  store::Stmt ins(*db, "INSERT INTO t(k, a, b, c) VALUES (?, ?, ?, ?)", st);
  REQUIRE(st.ok());
  ins.KeepBindings();
  std::string text = "first";
  const std::string blob = "ab";
  // The same integer, NULL and bytes again are skipped; what the bytes hold when the
  // statement runs is what is stored, so a change in place (same pointer and length) shows.
  REQUIRE(ins.Bind(1, int64_t{1}).Bind(2, int64_t{7}).BindUncopied(3, text).BindNull(4).Run().ok());
  text = "other";  // the same length, in place
  REQUIRE(ins.Bind(1, int64_t{2}).Bind(2, int64_t{7}).BindUncopied(3, text).BindNull(4).Run().ok());
  // Unbound parameters keep what the last run had.
  REQUIRE(ins.Bind(1, int64_t{3}).Run().ok());
  // Each kind after each other kind.
  REQUIRE(ins.Bind(1, int64_t{4}).BindNull(2).Bind(3, int64_t{5}).BindBlobUncopied(4, blob).Run().ok());
  REQUIRE(ins.Bind(1, int64_t{5}).BindUncopied(2, text).BindBlobUncopied(3, blob).BindUncopied(4, blob).Run().ok());
  REQUIRE(ins.Bind(1, int64_t{6}).Bind(2, "copied").BindNull(3).Bind(4, int64_t{-1}).Run().ok());
  text = "changed";  // a new length
  REQUIRE(ins.Bind(1, int64_t{7}).BindUncopied(2, text).BindNull(3).Bind(4, int64_t{-1}).Run().ok());
  // A failed run keeps the bindings too; the next one rebinds what differs.
  CHECK(ins.Bind(1, int64_t{7}).Run().code == store::kConstraint);
  REQUIRE(ins.Bind(1, int64_t{8}).Run().ok());
  CHECK(Rows(dir / "k.db", "SELECT k, quote(a), quote(b), quote(c) FROM t ORDER BY k") ==
        std::vector<std::string>{"1|7|'first'|NULL", "2|7|'other'|NULL", "3|7|'other'|NULL", "4|NULL|5|X'6162'",
                                 "5|'other'|X'6162'|'ab'", "6|'copied'|NULL|-1", "7|'changed'|NULL|-1",
                                 "8|'changed'|NULL|-1"});
  // Without KeepBindings, a run clears them.
  store::Stmt plain(*db, "INSERT INTO t(k, a) VALUES (?, ?)", st);
  REQUIRE(plain.Bind(1, int64_t{9}).Bind(2, int64_t{1}).Run().ok());
  REQUIRE(plain.Bind(1, int64_t{10}).Run().ok());
  CHECK(One(dir / "k.db", "SELECT quote(a) FROM t WHERE k = 10") == "NULL");
}
TEST_CASE("CSV: header, quoting, BOM, CRLF, lists, unknowns, line and column", "[store][csv]") {
  std::string text =
      "\xEF\xBB\xBFid,capital,name,tags,as_of\r\n"
      "A1,\"1,500,000\",\"say \"\"hi\"\"\",\"[a, b]\",2026-06-01\r\n"
      "\r\n"
      "A2,,\"two\nlines\",x;y,\r\n"
      "A3,\"\",   ,[],\n";
  ReaderOptions o;
  o.list_facts = {"tags"};
  auto s = OpenCsvText(text, "in.csv", o);
  REQUIRE(s->error().Empty());
  auto rows = ReadAll(*s);
  CHECK(s->error().Empty());
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].seq == 0);
  CHECK(rows[0].line == 2);
  CHECK(rows[0].applicant.id == "A1");
  REQUIRE(rows[0].applicant.as_of);
  CHECK(FormatDate(*rows[0].applicant.as_of) == "2026-06-01");
  CHECK(Scalar(rows[0], "capital") == "1,500,000");
  CHECK(Scalar(rows[0], "name") == "say \"hi\"");
  CHECK(Scalar(rows[0], "tags") == "[a|b]");
  CHECK(FactOf(rows[0], "capital")->value.loc.column == 4);
  CHECK(FactOf(rows[0], "id") == nullptr);  // id and as_of are not facts
  // The blank line is skipped; the quoted line break keeps the line count right.
  CHECK(rows[1].line == 4);
  CHECK(rows[1].seq == 1);
  CHECK(Scalar(rows[1], "capital") == "<null>");
  CHECK(Scalar(rows[1], "name") == "two\nlines");
  CHECK(Scalar(rows[1], "tags") == "[x|y]");
  CHECK(rows[2].line == 6);
  CHECK(Scalar(rows[2], "capital") == "<null>");  // "" is unknown too
  CHECK(Scalar(rows[2], "name") == "<null>");
  CHECK(Scalar(rows[2], "tags") == "[]");
  CHECK(s->position() == text.size());
  CHECK(s->size() == text.size());
}

TEST_CASE("CSV: a broken row is refused with its line, and reading goes on", "[store][csv]") {
  std::string text =
      "id,a,as_of\n"
      "R1,1\n"                  // too few fields
      "R2,2,2026-02-30\n"       // a bad as_of: the row is refused, never judged on another date
      "R3,\"3\"x,\n"            // text after a closing quote
      "R4,4,\n"
      "R5,\"never closed,\n";
  auto s = OpenCsvText(text, "in.csv");
  auto rows = ReadAll(*s);
  REQUIRE(rows.size() == 5);
  CHECK_FALSE(rows[0].readable);
  CHECK(rows[0].applicant.id == "R1");  // the id still names the refused row
  REQUIRE(rows[0].issues.size() == 1);
  CHECK(rows[0].issues[0].loc.line == 2);
  CHECK_THAT(rows[0].issues[0].message.en, Catch::Contains("expected 3 fields") && Catch::Contains("got 2"));
  CHECK_FALSE(rows[1].readable);
  REQUIRE(rows[1].issues.size() == 1);
  CHECK(rows[1].issues[0].fact == "as_of");
  CHECK(rows[1].issues[0].loc.file == "in.csv");
  CHECK(rows[1].issues[0].loc.line == 3);
  CHECK(rows[1].issues[0].loc.column == 6);
  CHECK_FALSE(rows[2].readable);
  CHECK_THAT(rows[2].issues[0].message.en, Catch::Contains("after the closing quote"));
  CHECK(rows[3].readable);
  CHECK(Scalar(rows[3], "a") == "4");
  CHECK_FALSE(rows[4].readable);
  CHECK_THAT(rows[4].issues[0].message.en, Catch::Contains("never closed"));
  CHECK(s->error().Empty());
}

TEST_CASE("CSV: an unusable header stops the stream with a reason", "[store][csv]") {
  CHECK_THAT(OpenCsvText("a,b,a\n1,2,3\n", "x.csv")->error().en, Catch::Contains("`a` appears twice"));
  CHECK_THAT(OpenCsvText("a,,b\n", "x.csv")->error().en, Catch::Contains("column 2 of the header has no name"));
  CHECK_THAT(OpenCsvText("", "x.csv")->error().en, Catch::Contains("empty"));
  CHECK_THAT(OpenCsvFile("/nonexistent/dir/x.csv")->error().en, Catch::Contains("cannot read"));
  InputRow r;
  CHECK_FALSE(OpenCsvText("a,a\n1,2\n", "x.csv")->Next(r));
}

TEST_CASE("CSV: a row longer than the limit is refused, not kept in memory", "[store][csv]") {
  ReaderOptions o;
  o.max_row_bytes = 64;
  auto s = OpenCsvText("id,a\nR1," + std::string(1000, 'x') + "\nR2,ok\n", "x.csv", o);
  auto rows = ReadAll(*s);
  REQUIRE(rows.size() == 2);
  CHECK_FALSE(rows[0].readable);
  CHECK_THAT(rows[0].issues[0].message.en, Catch::Contains("longer than 64 bytes"));
  CHECK(rows[1].readable);
  CHECK(Scalar(rows[1], "a") == "ok");
}

TEST_CASE("JSON Lines: exact numbers, types, nested facts, and per-line errors", "[store][jsonl]") {
  std::string text =
      "{\"id\": \"J1\", \"as_of\": \"2026-06-01\", \"rate\": 0.1, \"big\": 123456789012345678, \"ok\": true, "
      "\"name\": \"群馬\", \"none\": null, \"tags\": [\"a\", \"b\"]}\n"
      "\n"
      "{\"id\": \"J2\", \"broken\": \n"
      "{\"id\": 3, \"facts\": {\"capital\": \"1,000\"}}\n"
      "[1, 2]\n"
      "{\"id\": \"J5\", \"obj\": {\"x\": 1}, \"a\": 1, \"a\": 2, \"deep\": [[1]]}\n"
      "{\"id\": \"J6\"} trailing\n"
      "{\"id\": \"J7\", \"as_of\": \"2026-13-01\"}";
  auto s = OpenJsonlText(text, "in.jsonl");
  auto rows = ReadAll(*s);
  REQUIRE(rows.size() == 7);
  CHECK(rows[0].applicant.id == "J1");
  CHECK(rows[0].line == 1);
  CHECK(Scalar(rows[0], "rate") == "0.1");  // the digits, never a double
  CHECK(Scalar(rows[0], "big") == "123456789012345678");
  CHECK(Scalar(rows[0], "ok") == "true");
  CHECK(Scalar(rows[0], "name") == "群馬");
  CHECK(Scalar(rows[0], "none") == "<null>");
  CHECK(Scalar(rows[0], "tags") == "[a|b]");
  CHECK(FactOf(rows[0], "rate")->value.loc.column == 45);
  // A broken line is refused with its line; the next lines are read.
  CHECK_FALSE(rows[1].readable);
  CHECK(rows[1].line == 3);
  CHECK_THAT(rows[1].issues[0].message.en, Catch::StartsWith("not valid JSON"));
  CHECK(rows[2].readable);
  CHECK(rows[2].applicant.id == "3");
  CHECK(Scalar(rows[2], "capital") == "1,000");
  CHECK_FALSE(rows[3].readable);
  CHECK_THAT(rows[3].issues[0].message.en, Catch::Contains("a JSON object"));
  // Field problems: the rest of the row is kept.
  CHECK(rows[4].readable);
  std::vector<std::string> fields;
  for (const auto& i : rows[4].issues) fields.push_back(i.fact);
  CHECK(fields == std::vector<std::string>{"obj", "a", "deep"});
  for (const auto& i : rows[4].issues) CHECK(i.loc.file == "in.jsonl");  // reported issues name the file
  CHECK(Scalar(rows[4], "a") == "<absent>");  // given twice: neither value is used
  CHECK_FALSE(rows[5].readable);
  CHECK_THAT(rows[5].issues[0].message.en, Catch::StartsWith("not valid JSON"));
  CHECK_FALSE(rows[6].readable);  // a bad as_of refuses the row
  REQUIRE(rows[6].issues.size() == 1);
  CHECK(rows[6].issues[0].fact == "as_of");
  CHECK(rows[6].issues[0].loc.file == "in.jsonl");
  CHECK(rows[6].issues[0].loc.line == 8);
  CHECK(s->error().Empty());
}

TEST_CASE("JSON Lines: invalid UTF-8 and over-long lines are refused per line", "[store][jsonl]") {
  ReaderOptions o;
  o.max_row_bytes = 100;
  std::string text = "{\"id\": \"a\xff\"}\n{\"id\": \"" + std::string(500, 'x') + "\"}\n{\"id\": \"ok\"}\n";
  auto rows = ReadAll(*OpenJsonlText(text, "in.jsonl", o));
  REQUIRE(rows.size() == 3);
  CHECK_FALSE(rows[0].readable);
  CHECK_FALSE(rows[1].readable);
  CHECK_THAT(rows[1].issues[0].message.en, Catch::Contains("longer than 100 bytes"));
  CHECK(rows[2].readable);
  CHECK(rows[2].line == 3);
  CHECK_THAT(OpenJsonlFile("/nonexistent/x.jsonl")->error().en, Catch::Contains("cannot read"));
}

TEST_CASE("JSON Lines: a line of exactly the limit is read, one byte more is refused, and a last line without end", "[store][jsonl]") {
  ReaderOptions o;
  o.max_row_bytes = 20;
  std::string exact = "{\"id\": \"" + std::string(10, 'x') + "\"}";  // 20 bytes
  REQUIRE(exact.size() == 20);
  std::string text = exact + "\n" + "{\"id\": \"" + std::string(11, 'y') + "\"}\n" + exact + "\r\n" + "{\"id\": \"z\"}";
  auto in = OpenJsonlText(text, "in.jsonl", o);
  auto rows = ReadAll(*in);
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].readable);
  CHECK(rows[0].applicant.id == std::string(10, 'x'));
  CHECK_FALSE(rows[1].readable);
  CHECK_THAT(rows[1].issues[0].message.en, Catch::Contains("longer than 20 bytes"));
  // The limit is on the bytes before the line feed: a CRLF line's CR counts.
  CHECK_FALSE(rows[2].readable);
  CHECK(rows[3].readable);
  CHECK(rows[3].applicant.id == "z");
  CHECK(rows[3].line == 4);
  CHECK(in->position() == text.size());
}

TEST_CASE("JSON Lines: a key given twice is found among few keys and among many", "[store][jsonl]") {
  for (int keys : {5, 31, 32, 33, 100}) {
    std::string line = "{";
    for (int k = 0; k < keys; ++k) line += (k ? ", " : "") + std::string("\"f") + std::to_string(k) + "\": " + std::to_string(k);
    line += ", \"f" + std::to_string(keys - 1) + "\": 7, \"f0\": 8}";
    auto rows = ReadAll(*OpenJsonlText(line + "\n", "in.jsonl"));
    REQUIRE(rows.size() == 1);
    INFO(keys << " keys");
    CHECK(rows[0].readable);
    // Both facts given twice are unknown: neither of their values is kept.
    CHECK(rows[0].applicant.facts.size() == static_cast<size_t>(keys - 2));
    for (const auto& f : rows[0].applicant.facts) CHECK((f.name != "f0" && f.name != "f" + std::to_string(keys - 1)));
    REQUIRE(rows[0].issues.size() == 2);
    CHECK_THAT(rows[0].issues[0].message.en, Catch::Contains("`f" + std::to_string(keys - 1) + "` is given twice"));
    CHECK_THAT(rows[0].issues[1].message.en, Catch::Contains("`f0` is given twice"));
  }
}

TEST_CASE("JSON Lines: lines across the reader's blocks are read whole, in order", "[store][jsonl]") {
  // Over 2 MiB of lines of varied length: some cross the 1 MiB blocks the reader fills.
  std::string text;
  std::vector<std::string> ids;
  for (int i = 0; text.size() < 2'300'000; ++i) {
    ids.push_back("A" + std::to_string(i) + std::string(static_cast<size_t>(i % 97), 'p'));
    text += "{\"id\": \"" + ids.back() + "\", \"n\": " + std::to_string(i) + (i % 3 ? "}\n" : "}\r\n");
  }
  auto in = OpenJsonlText(text, "in.jsonl");
  auto rows = ReadAll(*in);
  REQUIRE(rows.size() == ids.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].applicant.id != ids[i] || !rows[i].readable || rows[i].line != i + 1) {
      FAIL("row " << i << " read as " << rows[i].applicant.id);
    }
  }
  CHECK(in->position() == text.size());
}

TEST_CASE("SQLite table input: typed cells, NULL unknown, rowid as line, and missing tables reported", "[store][sqlite-input]") {
  TempDir dir;
  store::Status st;
  {
    auto db = store::Db::Open(dir / "in.db", store::OpenMode::kReadWriteCreate, st);
    INFO(st.message.en);  // why SQLite could not open it, if it could not
    REQUIRE(db);
    REQUIRE(db->Exec("CREATE TABLE apps(id TEXT, capital INTEGER, rate REAL, note TEXT, tags TEXT, as_of TEXT);"
                     "INSERT INTO apps VALUES ('S1', 20000000, 0.5, NULL, '[a, b]', '2026-06-01');"
                     "INSERT INTO apps VALUES (NULL, NULL, 0.1, 'x', NULL, NULL);")
                .ok());
  }
  auto s = store::OpenSqliteTable(dir / "in.db", "apps");
  REQUIRE(s->error().Empty());
  CHECK(s->size() == 2);
  auto rows = ReadAll(*s);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].applicant.id == "S1");
  CHECK(rows[0].line == 1);
  CHECK(Scalar(rows[0], "capital") == "20000000");
  CHECK(Scalar(rows[0], "rate") == "0.5");
  CHECK(Scalar(rows[0], "note") == "<null>");
  CHECK(Scalar(rows[0], "tags") == "[a|b]");
  CHECK(rows[1].applicant.id == "row 2");
  CHECK(Scalar(rows[1], "rate") == "0.1");  // the shortest text of the double
  InputRow again;
  CHECK_FALSE(s->Next(again));  // the end stays the end (never starts over)
  CHECK_THAT(store::OpenSqliteTable(dir / "in.db", "nope")->error().en, Catch::Contains("no table `nope`"));
  CHECK_FALSE(store::OpenSqliteTable(dir / "missing.db", "apps")->error().Empty());
}

TEST_CASE("CSV: where a row ends follows the quoting rules, and the split reader keeps the limits", "[store][csv]") {
  ReaderOptions o;
  o.max_fields = 4;
  o.max_row_bytes = 8;
  std::string text =
      "id,a\n"
      "R1,x\"y\n"                                    // a quote inside an unquoted field is a character
      "R2,\"q\nr\"\n"                                // a quoted line break does not end the row
      "R3," + std::string(50, ',') + "\n"            // too many fields
      "R4,\"a\"" + std::string(200, ' ') + "\n"      // within the field limit, but 200 bytes as written
      "R5,ok\n";
  auto s = OpenCsvText(text, "in.csv", o);
  REQUIRE(s->error().Empty());
  auto rows = ReadAll(*s);
  REQUIRE(rows.size() == 5);
  CHECK(Scalar(rows[0], "a") == "x\"y");
  CHECK(rows[1].line == 3);
  CHECK(Scalar(rows[1], "a") == "q\nr");
  CHECK(rows[2].line == 5);
  CHECK_FALSE(rows[2].readable);
  CHECK_THAT(rows[2].issues[0].message.en, Catch::Contains("more than 4 fields"));
  CHECK_FALSE(rows[3].readable);
  CHECK_THAT(rows[3].issues[0].message.en, Catch::Contains("longer than 8 bytes"));
  CHECK(rows[4].readable);
  CHECK(rows[4].line == 7);
  CHECK(Scalar(rows[4], "a") == "ok");

  // Split reading hands out the same rows.
  auto split = OpenCsvText(text, "in.csv", o);
  REQUIRE(split->SplitsRecords());
  RawRecord raw;
  size_t n = 0;
  while (split->NextRecord(raw)) {
    InputRow row;
    split->ParseRecord(raw, row);
    REQUIRE(n < rows.size());
    CHECK(row.seq == rows[n].seq);
    CHECK(row.line == rows[n].line);
    CHECK(row.readable == rows[n].readable);
    CHECK(row.applicant.facts.size() == rows[n].applicant.facts.size());
    ++n;
  }
  CHECK(n == rows.size());
}

TEST_CASE("CSV and JSON Lines: a bad value's issue names the file, line and column", "[store][csv][jsonl]") {
  // The readers leave the file out of each field's location; Bind puts it back for the
  // issues it reports.
  test::Program p(R"(program: t.loc
version: "1"
title: { ja: t, en: t }
facts:
  employees: { type: int }
requirements:
  - id: small
    rule: employees <= 20
    text: { ja: t, en: t }
    cite: x
)");
  auto check = [&](std::unique_ptr<ApplicantStream> s, const std::string& file, uint32_t line, uint32_t column) {
    auto rows = ReadAll(*s);
    REQUIRE(rows.size() == 1);
    FactValues fv = Bind(p.compiled(), rows[0].applicant);
    REQUIRE(fv.issues.size() == 1);
    CHECK(fv.issues[0].fact == "employees");
    CHECK(fv.issues[0].loc.file == file);
    CHECK(fv.issues[0].loc.line == line);
    CHECK(fv.issues[0].loc.column == column);
  };
  check(OpenCsvText("id,employees\nA,many\n", "in.csv"), "in.csv", 2, 3);
  check(OpenJsonlText("{\"id\": \"A\", \"employees\": \"many\"}\n", "in.jsonl"), "in.jsonl", 1, 26);
  // A byte order mark on line 1 is not JSON; columns go on counting its three bytes.
  check(OpenJsonlText("\xEF\xBB\xBF{\"id\": \"A\", \"employees\": \"many\"}\n", "in.jsonl"), "in.jsonl", 1, 29);
  check(OpenJsonlText("\xEF\xBB\xBF\n{\"id\": \"A\", \"employees\": \"many\"}\n", "in.jsonl"), "in.jsonl", 2, 26);
}
