// SPDX-License-Identifier: Apache-2.0
#include "store/schema.hpp"

#include <ctime>
#include <string>

#include "common/catalog.hpp"

namespace elig::store {
namespace {

// The columns of `results`, the same in every version: the table of version 1 and the one
// version 2 rebuilds with another key.
#define RESULT_COLUMNS \
  "\n" \
  "  run_id       INTEGER NOT NULL REFERENCES runs(run_id),\n" \
  "  seq          INTEGER NOT NULL,\n" \
  "  program      TEXT NOT NULL,\n" \
  "  applicant_id TEXT NOT NULL,\n" \
  "  version      TEXT NOT NULL,\n" \
  "  as_of        TEXT NOT NULL,\n" \
  "  outcome      TEXT NOT NULL,\n" \
  "  score        INTEGER NOT NULL,\n" \
  "  award        INTEGER,\n" \
  "  final_award  INTEGER,\n" \
  "  combine      TEXT,\n" \
  "  missing      TEXT,\n" \
  "  errors       TEXT,\n" \
  "  explanation  TEXT,\n"

// Version 1. Scores and awards are exact: an INTEGER when whole, else the exact
// fraction as TEXT ("2/3"); never REAL.
const char* kSchemaV1 = R"sql(
CREATE TABLE runs(
  run_id         INTEGER PRIMARY KEY,
  run_key        TEXT NOT NULL UNIQUE,
  started        TEXT NOT NULL,
  finished       TEXT,
  input          TEXT NOT NULL,
  input_format   TEXT NOT NULL,
  input_table    TEXT,
  input_sha256   TEXT NOT NULL,
  rules_dir      TEXT NOT NULL,
  rules_sha256   TEXT NOT NULL,
  programs       TEXT NOT NULL,
  as_of          TEXT,
  default_as_of  TEXT NOT NULL,
  explain        INTEGER NOT NULL,
  lang           TEXT NOT NULL,
  engine_version TEXT NOT NULL,
  next_seq       INTEGER NOT NULL DEFAULT 0,
  rows           INTEGER
);
CREATE TABLE applicants(
  run_id       INTEGER NOT NULL REFERENCES runs(run_id),
  seq          INTEGER NOT NULL,
  applicant_id TEXT NOT NULL,
  line         INTEGER NOT NULL,
  as_of        TEXT,
  facts        TEXT,
  PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
)sql" "CREATE TABLE results(" RESULT_COLUMNS "  PRIMARY KEY (run_id, seq, program)\n) WITHOUT ROWID;" R"sql(
-- results_by_program and results_by_applicant: see kResultIndexes.
CREATE TABLE input_errors(
  run_id       INTEGER NOT NULL REFERENCES runs(run_id),
  seq          INTEGER NOT NULL,
  n            INTEGER NOT NULL,
  applicant_id TEXT NOT NULL,
  line         INTEGER NOT NULL,
  col          INTEGER,
  field        TEXT NOT NULL,
  message      TEXT NOT NULL,
  row_refused  INTEGER NOT NULL,
  PRIMARY KEY (run_id, seq, n)
) WITHOUT ROWID;
CREATE TABLE rankings(
  run_id       INTEGER NOT NULL REFERENCES runs(run_id),
  program      TEXT NOT NULL,
  rank         INTEGER NOT NULL,
  seq          INTEGER NOT NULL,
  applicant_id TEXT NOT NULL,
  score        INTEGER NOT NULL,
  award        INTEGER,
  granted      INTEGER NOT NULL,
  status       TEXT NOT NULL,
  tied         INTEGER NOT NULL,
  PRIMARY KEY (run_id, program, rank)
) WITHOUT ROWID;
CREATE TABLE ranking_runs(
  run_id       INTEGER NOT NULL REFERENCES runs(run_id),
  program      TEXT NOT NULL,
  version      TEXT NOT NULL,
  created      TEXT NOT NULL,
  budget       INTEGER,
  last_rule    TEXT NOT NULL,
  tie_break    TEXT NOT NULL,
  requested    INTEGER NOT NULL,
  granted      INTEGER NOT NULL,
  remaining    INTEGER,
  PRIMARY KEY (run_id, program)
) WITHOUT ROWID;

CREATE TABLE audit_sources(
  sha256 TEXT PRIMARY KEY,
  text   TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE audit_rule_sets(
  sha256 TEXT PRIMARY KEY,
  files  TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE audit(
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  time           TEXT NOT NULL,
  program        TEXT NOT NULL,
  version        TEXT NOT NULL,
  rules_sha256   TEXT NOT NULL REFERENCES audit_rule_sets(sha256),
  engine_version TEXT NOT NULL,
  as_of          TEXT NOT NULL,
  applicant_id   TEXT NOT NULL,
  inputs         TEXT NOT NULL,
  outcome        TEXT NOT NULL,
  score          TEXT NOT NULL,
  award          TEXT,
  lang           TEXT NOT NULL,
  explanation    TEXT NOT NULL,
  origin         TEXT NOT NULL,
  origin_seq     INTEGER,
  prev_sha256    TEXT NOT NULL,
  row_sha256     TEXT NOT NULL
);
CREATE INDEX audit_by_applicant ON audit(applicant_id);
CREATE INDEX audit_by_origin ON audit(origin, origin_seq);
CREATE TABLE audit_head(
  one         INTEGER PRIMARY KEY CHECK (one = 1),
  rows        INTEGER NOT NULL,
  last_id     INTEGER NOT NULL,
  last_sha256 TEXT NOT NULL
);
-- Append-only: these stop mistakes; the hash chain detects what goes around them.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_sources_no_update BEFORE UPDATE ON audit_sources BEGIN SELECT RAISE(ABORT, 'stored rule sources are append-only'); END;
CREATE TRIGGER audit_sources_no_delete BEFORE DELETE ON audit_sources BEGIN SELECT RAISE(ABORT, 'stored rule sources are append-only'); END;
)sql";

// Version 2: an applicant read from a file is kept as its row's bytes (`record`, read
// back with the run's `header`) instead of as JSON (`facts` stays for rows of an SQLite
// table and for rows written by version 1); `results` is keyed by program before row, so
// a program's results are one range of the table and need no index of their own.
const char* kV1ToV2 = R"sql(
ALTER TABLE runs ADD COLUMN header TEXT;
ALTER TABLE runs ADD COLUMN list_facts TEXT;
ALTER TABLE applicants ADD COLUMN record;
)sql" "CREATE TABLE results_v2(" RESULT_COLUMNS "  PRIMARY KEY (run_id, program, seq)\n) WITHOUT ROWID;" R"sql(
INSERT INTO results_v2 SELECT * FROM results;
DROP TABLE results;
ALTER TABLE results_v2 RENAME TO results;
)sql";
#undef RESULT_COLUMNS

// The secondary index of `results`. A batch into a file without it loads its rows first
// and builds it when the run finishes (one sort instead of a B-tree update per row); a
// file that has it keeps it up to date as it goes.
const char* kResultIndexes = R"sql(
CREATE INDEX IF NOT EXISTS results_by_applicant ON results(applicant_id);
)sql";

bool HasResults(Db& db, Status& st) {
  Stmt s(db, "SELECT EXISTS (SELECT 1 FROM results)", st);
  if (!st.ok() || !s.Step(st)) return false;
  return s.Int(0) != 0;
}

bool HasForeignTables(Db& db, Status& st) {
  Stmt s(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", st);
  if (!st.ok() || !s.Step(st)) return false;
  return s.Int(0) > 0;
}

}  // namespace

Status CheckSchema(Db& db) {
  Status st;
  auto v = db.UserVersion(st);
  if (!st.ok()) return st;
  if (*v > kSchemaVersion) {
    st.code = kError;
    st.message = SayBoth(Msg::kStoreNewerSchema, fmt::arg("path", db.path()), fmt::arg("schema", *v),
                         fmt::arg("known", kSchemaVersion));
    return st;
  }
  if (*v == 0) {
    bool foreign = HasForeignTables(db, st);
    if (!st.ok()) return st;
    if (foreign) {
      st.code = kError;
      st.message = SayBoth(Msg::kStoreNotOurs, fmt::arg("path", db.path()));
      return st;
    }
  }
  return st;
}

Status EnsureSchema(Db& db) {
  Status st = CheckSchema(db);
  if (!st.ok()) return st;
  auto v = db.UserVersion(st);
  if (!st.ok()) return st;
  if (*v == kSchemaVersion) return st;
  // One transaction: a crash leaves either no schema or all of it.
  if (!(st = db.Begin()).ok()) return st;
  auto again = db.UserVersion(st);  // another process may have created or migrated it meanwhile
  int64_t from = st.ok() ? *again : 0;
  // A new file is version 1 migrated: one path to every version.
  if (st.ok() && from == 0) st = db.Exec(kSchemaV1);
  if (st.ok() && from < 2) {
    // The results of a migrated file were indexed: the rebuilt table is too, before it is used.
    bool indexed = from == 1 && HasResults(db, st);
    if (st.ok()) st = db.Exec(kV1ToV2);
    if (st.ok() && indexed) st = EnsureResultIndexes(db);
  }
  if (st.ok() && from < kSchemaVersion) st = db.SetUserVersion(kSchemaVersion);
  if (!st.ok()) {
    db.Rollback();
    st.message = SayBoth(from == 0 ? Msg::kStoreCannotCreateTables : Msg::kStoreCannotUpgradeTables,
                         fmt::arg("path", db.path()), fmt::arg("reason", st.message));
    return st;
  }
  return db.Commit();
}

Status EnsureResultIndexes(Db& db) {
  // The sort that builds the index may use a second thread: a batch builds it after its
  // pipeline has finished, so the other core is idle (about a quarter faster).
  Status st = db.Exec("PRAGMA threads=2");
  if (!st.ok()) return st;
  return db.Exec(kResultIndexes);
}

void BindExact(Stmt& s, int i, const std::optional<Rational>& r) {
  if (!r) s.BindNull(i);
  else if (r->IsInteger()) s.Bind(i, r->num());
  else s.Bind(i, r->ToString());
}

std::string UtcNowText() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace elig::store
