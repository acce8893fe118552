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

// Version 3: what a result row repeats is stored once and referenced by a small integer.
// `result_rows` keeps per decision only its numbers: the program and version as a
// `programs` ref, the outcome as a code (`outcome_codes`), the facts that would settle it
// as a JSON list of `facts` refs; the applicant's id and the date it was judged on are its
// `applicants` row's (a row is judged on one date for every program: one date per row is
// how every version has written it). `applicants` becomes a rowid table, filled in order,
// so its pages are full. `run_programs` names a run's programs and counts the `closed`
// decisions a run with `--skip-closed` did not store. The views `results` gives the rows
// with the columns of version 2, so queries written for it read the same.
const char* kV2ToV3 = R"sql(
CREATE TABLE programs(
  program_ref INTEGER PRIMARY KEY,
  program     TEXT NOT NULL,
  version     TEXT NOT NULL,
  UNIQUE (program, version)
);
CREATE TABLE dates(
  date_ref INTEGER PRIMARY KEY,
  date     TEXT NOT NULL UNIQUE
);
CREATE TABLE facts(
  fact_ref INTEGER PRIMARY KEY,
  name     TEXT NOT NULL UNIQUE
);
CREATE TABLE outcome_codes(
  code    INTEGER PRIMARY KEY,
  outcome TEXT NOT NULL UNIQUE
);
INSERT INTO outcome_codes VALUES (0, 'closed'), (1, 'ineligible'), (2, 'eligible'), (3, 'undetermined');
ALTER TABLE runs ADD COLUMN skip_closed INTEGER NOT NULL DEFAULT 0;
CREATE TABLE run_programs(
  run_id            INTEGER NOT NULL REFERENCES runs(run_id),
  program_ref       INTEGER NOT NULL REFERENCES programs(program_ref),
  closed_not_stored INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, program_ref)
) WITHOUT ROWID;
CREATE TABLE applicants_v3(
  run_id       INTEGER NOT NULL REFERENCES runs(run_id),
  seq          INTEGER NOT NULL,
  applicant_id TEXT NOT NULL,
  line         INTEGER NOT NULL,
  as_of        TEXT,
  facts        TEXT,
  record,
  judged_ref   INTEGER REFERENCES dates(date_ref),
  UNIQUE (run_id, seq)
);
CREATE TABLE result_rows(
  run_id       INTEGER NOT NULL REFERENCES runs(run_id),
  program_ref  INTEGER NOT NULL REFERENCES programs(program_ref),
  seq          INTEGER NOT NULL,
  outcome      INTEGER NOT NULL REFERENCES outcome_codes(code),
  score        INTEGER NOT NULL,
  award        INTEGER,
  final_award  INTEGER,
  missing      TEXT,
  combine      TEXT,
  errors       TEXT,
  explanation  TEXT,
  PRIMARY KEY (run_id, program_ref, seq)
) WITHOUT ROWID;

INSERT INTO programs(program, version) SELECT DISTINCT program, version FROM results ORDER BY program, version;
INSERT INTO dates(date) SELECT DISTINCT as_of FROM results ORDER BY as_of;
INSERT INTO facts(name)
  SELECT DISTINCT m.value FROM results r, json_each(r.missing) m WHERE r.missing IS NOT NULL ORDER BY m.value;
-- Every result keeps its applicant: a result without an applicants row (none was ever
-- written so) gets one from the result's id.
INSERT INTO applicants(run_id, seq, applicant_id, line)
  SELECT run_id, seq, min(applicant_id), 0 FROM results r
   WHERE NOT EXISTS (SELECT 1 FROM applicants a WHERE a.run_id = r.run_id AND a.seq = r.seq) GROUP BY run_id, seq;
INSERT INTO applicants_v3(run_id, seq, applicant_id, line, as_of, facts, record, judged_ref)
  SELECT a.run_id, a.seq, a.applicant_id, a.line, a.as_of, a.facts, a.record,
         (SELECT d.date_ref FROM results r JOIN dates d ON d.date = r.as_of WHERE r.run_id = a.run_id AND r.seq = a.seq LIMIT 1)
    FROM applicants a ORDER BY a.run_id, a.seq;
INSERT INTO result_rows
  SELECT r.run_id, p.program_ref, r.seq, o.code, r.score, r.award, r.final_award,
         CASE WHEN r.missing IS NULL THEN NULL ELSE
           (SELECT json_group_array(fact_ref) FROM
             (SELECT f.fact_ref FROM json_each(r.missing) m JOIN facts f ON f.name = m.value ORDER BY m.key)) END,
         r.combine, r.errors, r.explanation
    FROM results r JOIN programs p ON p.program = r.program AND p.version = r.version
    JOIN outcome_codes o ON o.outcome = r.outcome
   ORDER BY r.run_id, p.program_ref, r.seq;
INSERT INTO run_programs(run_id, program_ref) SELECT DISTINCT run_id, program_ref FROM result_rows;
DROP TABLE results;
DROP TABLE applicants;
ALTER TABLE applicants_v3 RENAME TO applicants;
)sql";

// The results with the columns of schema version 2, as version 3 kept them in the table
// `result_rows` (version 4 replaces that table with kResultViews).
const char* kResultsViewV3 = R"sql(
CREATE VIEW results(run_id, seq, program, applicant_id, version, as_of, outcome, score, award, final_award, combine,
                    missing, errors, explanation) AS
SELECT r.run_id, r.seq, p.program, a.applicant_id, p.version, d.date, o.outcome, r.score, r.award, r.final_award,
       r.combine,
       CASE WHEN r.missing IS NULL THEN NULL ELSE
         (SELECT json_group_array(name) FROM
           (SELECT f.name FROM json_each(r.missing) m JOIN facts f ON f.fact_ref = m.value ORDER BY m.key)) END,
       r.errors, r.explanation
  FROM result_rows r
  JOIN programs p ON p.program_ref = r.program_ref
  JOIN applicants a ON a.run_id = r.run_id AND a.seq = r.seq
  JOIN dates d ON d.date_ref = a.judged_ref
  JOIN outcome_codes o ON o.code = r.outcome;
)sql";

// Version 4: an applicant's decisions are one row, its `applicants` row: `results` holds
// them as a JSON array with one element per program of the run, at the program's
// `run_programs.position`; an element is the decision's numbers
// `[outcome, score, award, final_award, missing, combine, errors, explanation]` (the
// columns of version 3's `result_rows`, trailing nulls left out), or null when it was not
// stored (`--skip-closed`); `results` is NULL when nothing was stored for the row. A batch
// inserts one row per applicant instead of one per decision. `result_rows` becomes a view
// with the columns of the table it was. Every stored decision is carried over.
const char* kV3ToV4 = R"sql(
ALTER TABLE run_programs ADD COLUMN position INTEGER;
UPDATE run_programs SET position =
  (SELECT count(*) FROM run_programs x WHERE x.run_id = run_programs.run_id AND x.program_ref < run_programs.program_ref);
CREATE UNIQUE INDEX run_programs_by_position ON run_programs(run_id, position);
ALTER TABLE applicants ADD COLUMN results TEXT;
UPDATE applicants SET results =
  (SELECT CASE WHEN count(s) > 0 THEN json_group_array(json(e)) END FROM
    (SELECT r.seq AS s,
            CASE WHEN r.seq IS NULL THEN NULL ELSE
              json_array(r.outcome, r.score, r.award, r.final_award, json(r.missing), r.combine, r.errors, r.explanation) END AS e
       FROM run_programs x
       LEFT JOIN result_rows r ON r.run_id = x.run_id AND r.program_ref = x.program_ref AND r.seq = applicants.seq
      WHERE x.run_id = applicants.run_id ORDER BY x.position));
DROP VIEW results;
DROP TABLE result_rows;
)sql";

// The decisions one row each, from the `results` of `applicants` (version 4): `result_rows`
// with the columns of the table version 3 had, and `results` with those of version 2, so
// queries written for either read the same. A query by applicant finds its row through
// `applicants_by_id`; one by program reads the run's applicants and picks each one's
// element of the program.
const char* kResultViews = R"sql(
CREATE VIEW result_rows(run_id, program_ref, seq, outcome, score, award, final_award, missing, combine, errors,
                        explanation) AS
SELECT a.run_id, x.program_ref, a.seq, e.value ->> 0, e.value ->> 1, e.value ->> 2, e.value ->> 3, e.value ->> 4,
       e.value ->> 5, e.value ->> 6, e.value ->> 7
  FROM applicants a, json_each(a.results) e
  JOIN run_programs x ON x.run_id = a.run_id AND x.position = e.key
 WHERE e.type = 'array';
CREATE VIEW results(run_id, seq, program, applicant_id, version, as_of, outcome, score, award, final_award, combine,
                    missing, errors, explanation) AS
SELECT a.run_id, a.seq, p.program, a.applicant_id, p.version, d.date, o.outcome, e.value ->> 1, e.value ->> 2,
       e.value ->> 3, e.value ->> 5,
       CASE WHEN e.value ->> 4 IS NULL THEN NULL ELSE
         (SELECT json_group_array(name) FROM
           (SELECT f.name FROM json_each(e.value, '$[4]') m JOIN facts f ON f.fact_ref = m.value ORDER BY m.key)) END,
       e.value ->> 6, e.value ->> 7
  FROM applicants a, json_each(a.results) e
  JOIN run_programs x ON x.run_id = a.run_id AND x.position = e.key
  JOIN programs p ON p.program_ref = x.program_ref
  JOIN dates d ON d.date_ref = a.judged_ref
  JOIN outcome_codes o ON o.code = e.value ->> 0
 WHERE e.type = 'array';
)sql";

// The index that finds an applicant's results (through its `applicants` row). A batch
// into a file without it loads its rows first and builds it when the run finishes (one
// sort instead of a B-tree update per row); a file that has it keeps it up to date as it
// goes. The tables are then analyzed from a sample of each index (quick at any size), so
// that the planner reaches an applicant's results through `programs` and the whole key of
// `result_rows`, not a scan of the run.
const char* kResultIndexes = R"sql(
CREATE INDEX IF NOT EXISTS applicants_by_id ON applicants(applicant_id);
PRAGMA analysis_limit=400;
ANALYZE;
)sql";

// Of a file before version 3, whose `results` is a table.
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
  // The results of a migrated file were indexed: the rebuilt tables are too, before they are used.
  bool indexed = st.ok() && from > 0 && from < kSchemaVersion && HasResults(db, st);
  // A new file is version 1 migrated: one path to every version.
  if (st.ok() && from == 0) st = db.Exec(kSchemaV1);
  if (st.ok() && from < 2) st = db.Exec(kV1ToV2);
  if (st.ok() && from < 3) st = db.Exec(kV2ToV3);
  if (st.ok() && from < 3) st = db.Exec(kResultsViewV3);
  if (st.ok() && from < 4) st = db.Exec(kV3ToV4);
  if (st.ok() && from < 4) st = db.Exec(kResultViews);
  if (st.ok() && indexed) st = EnsureResultIndexes(db);
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

int64_t OutcomeCode(Outcome outcome) {
  switch (outcome) {
    case Outcome::kClosed: return 0;
    case Outcome::kIneligible: return 1;
    case Outcome::kEligible: return 2;
    case Outcome::kUndetermined: return 3;
  }
  return 3;
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
