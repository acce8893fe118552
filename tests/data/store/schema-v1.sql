-- A results file written by elig with schema version 1 (the commit before schema 2):
-- elig batch --rules tests/data/batch/rules --input tests/data/store/schema-v1.csv --out v1.db --threads 1, then
-- elig rank --rules tests/data/batch/rules --results v1.db --program pref.fair; dumped with sqlite3 .dump.
-- tests/test_store.cpp migrates it to the current schema.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
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
INSERT INTO runs VALUES(1,'b478ae0424604871ab026d114f05a9edc370eb4e137750487765d81d8c408e01','2026-11-28T19:57:41Z','2026-11-28T19:57:41Z','in.csv','csv',NULL,'362134d929e29389e22ac0dda7b2792002cdf26bcab8f574abc9ea9fd1e76823','tests/data/batch/rules','a7f23cf5cad7444a1c48b93b7ac49323aa7721f586fb314dfd1373544a71b895','["city.fair@1","pref.consult@1","pref.fair@1"]',NULL,'2026-11-28',0,'en','0.1.0',9,9);
CREATE TABLE applicants(
  run_id       INTEGER NOT NULL REFERENCES runs(run_id),
  seq          INTEGER NOT NULL,
  applicant_id TEXT NOT NULL,
  line         INTEGER NOT NULL,
  as_of        TEXT,
  facts        TEXT,
  PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
INSERT INTO applicants VALUES(1,0,'A-1',2,'2026-05-15','{"id":"A-1","as_of":"2026-05-15","facts":{"prefecture":"群馬県","city":"前橋市","employees":"3","fair_costs":"1200000","other_grants":"0","first_time":"yes","application_date":"2026-05-10","tags":["export"]}}');
INSERT INTO applicants VALUES(1,1,'A-2',3,'2026-05-15','{"id":"A-2","as_of":"2026-05-15","facts":{"prefecture":"群馬県","city":"高崎市","employees":"20","fair_costs":"900000","other_grants":"0","first_time":"はい","application_date":"2026-05-11","tags":["export","online"]}}');
INSERT INTO applicants VALUES(1,2,'A-3',4,'2026-05-15','{"id":"A-3","as_of":"2026-05-15","facts":{"prefecture":"群馬県","city":"前橋市","employees":"20","fair_costs":"900000","other_grants":"0","first_time":"yes","application_date":"2026-05-10","tags":[]}}');
INSERT INTO applicants VALUES(1,3,'A-4',5,'2026-05-15','{"id":"A-4","as_of":"2026-05-15","facts":{"prefecture":"栃木県","city":"前橋市","employees":"3","fair_costs":"500000","other_grants":"0","first_time":"no","application_date":"2026-05-12","tags":["online"]}}');
INSERT INTO applicants VALUES(1,4,'A-5',6,'2026-05-15','{"id":"A-5","as_of":"2026-05-15","facts":{"prefecture":"群馬県","city":"前橋市","employees":"twelve","fair_costs":"800000","other_grants":"50000","first_time":"いいえ","application_date":"2026-05-12","tags":["export"]}}');
INSERT INTO applicants VALUES(1,5,'A-6',7,'2026-05-15','{"id":"A-6","as_of":"2026-05-15","facts":{"prefecture":"群馬県","city":null,"employees":"301","fair_costs":"700000","other_grants":"0","first_time":"yes","application_date":"2026-02-30","tags":null}}');
INSERT INTO applicants VALUES(1,6,'A-7',8,'2026-05-15','{"id":"A-7","as_of":"2026-05-15","facts":{"prefecture":"群馬県","city":"前橋市","employees":"3","fair_costs":"1200000","other_grants":"0","first_time":"yes","application_date":"2026-05-11","tags":["export"]}}');
INSERT INTO applicants VALUES(1,7,'A-8',9,NULL,NULL);
INSERT INTO applicants VALUES(1,8,'A-9',10,'2026-05-15','{"id":"A-9","as_of":"2026-05-15","facts":{"prefecture":"群馬県","city":"高崎市","employees":"3","fair_costs":"1200000","other_grants":"0","first_time":"yes","application_date":"2026-05-10","tags":["export"]}}');
CREATE TABLE results(
  run_id       INTEGER NOT NULL REFERENCES runs(run_id),
  seq          INTEGER NOT NULL,
  program      TEXT NOT NULL,
  applicant_id TEXT NOT NULL,
  version      TEXT NOT NULL,
  as_of        TEXT NOT NULL,
  outcome      TEXT NOT NULL,
  score        INTEGER NOT NULL,
  award        INTEGER,
  final_award  INTEGER,
  combine      TEXT,
  missing      TEXT,
  errors       TEXT,
  explanation  TEXT,
  PRIMARY KEY (run_id, seq, program)
) WITHOUT ROWID;
INSERT INTO results VALUES(1,0,'city.fair','A-1','1','2026-05-15','eligible',0,200000,200000,'[{"declared_by":"city.fair","kind":"deduct","other":"pref.fair","text":"The grant from Prefectural fair grant (test) (pref.fair) (500,000 yen) is deducted (200,000 yen → 200,000 yen) (Costs covered by another grant are not covered) [要綱 第6条]"}]',NULL,NULL,NULL);
INSERT INTO results VALUES(1,0,'pref.consult','A-1','1','2026-05-15','eligible',0,100000,0,'[{"declared_by":"pref.consult","kind":"not-with","other":"pref.fair","text":"Cannot be combined with Prefectural fair grant (test) (pref.fair), which gives more; this grant is not counted (Not with the prefectural fair grant) [要領 第5条]"}]',NULL,NULL,NULL);
INSERT INTO results VALUES(1,0,'pref.fair','A-1','1','2026-05-15','eligible',16,500000,500000,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(1,1,'city.fair','A-2','1','2026-05-15','ineligible',0,0,0,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(1,1,'pref.consult','A-2','1','2026-05-15','eligible',0,100000,0,'[{"declared_by":"pref.consult","kind":"not-with","other":"pref.fair","text":"Cannot be combined with Prefectural fair grant (test) (pref.fair), which gives more; this grant is not counted (Not with the prefectural fair grant) [要領 第5条]"}]',NULL,NULL,NULL);
INSERT INTO results VALUES(1,1,'pref.fair','A-2','1','2026-05-15','eligible',16,450000,450000,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(1,2,'city.fair','A-3','1','2026-05-15','eligible',0,200000,150000,'[{"declared_by":"city.fair","kind":"deduct","other":"pref.fair","text":"The grant from Prefectural fair grant (test) (pref.fair) (450,000 yen) is deducted (200,000 yen → 150,000 yen) (Costs covered by another grant are not covered) [要綱 第6条]"}]',NULL,NULL,NULL);
INSERT INTO results VALUES(1,2,'pref.consult','A-3','1','2026-05-15','eligible',0,100000,0,'[{"declared_by":"pref.consult","kind":"not-with","other":"pref.fair","text":"Cannot be combined with Prefectural fair grant (test) (pref.fair), which gives more; this grant is not counted (Not with the prefectural fair grant) [要領 第5条]"}]',NULL,NULL,NULL);
INSERT INTO results VALUES(1,2,'pref.fair','A-3','1','2026-05-15','eligible',15,450000,450000,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(1,3,'city.fair','A-4','1','2026-05-15','eligible',0,166666,166666,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(1,3,'pref.consult','A-4','1','2026-05-15','ineligible',0,0,0,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(1,3,'pref.fair','A-4','1','2026-05-15','ineligible',5,0,0,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(1,4,'city.fair','A-5','1','2026-05-15','eligible',0,200000,NULL,'[{"declared_by":"city.fair","kind":"deduct-pending","other":"pref.fair","text":"The grant from Prefectural fair grant (test) (pref.fair) would be deducted; the amount is not determinable until it is settled (Costs covered by another grant are not covered) [要綱 第6条]"}]',NULL,NULL,NULL);
INSERT INTO results VALUES(1,4,'pref.consult','A-5','1','2026-05-15','eligible',0,100000,100000,'[{"declared_by":"pref.consult","kind":"not-with-pending","other":"pref.fair","text":"Cannot be combined with Prefectural fair grant (test) (pref.fair) (whose outcome is not settled yet) (Not with the prefectural fair grant) [要領 第5条]"}]',NULL,NULL,NULL);
INSERT INTO results VALUES(1,4,'pref.fair','A-5','1','2026-05-15','undetermined',1,400000,400000,'[{"declared_by":"pref.consult","kind":"not-with-pending","other":"pref.consult","text":"Cannot be combined with Prefectural consulting (test) (pref.consult) (whose outcome is not settled yet) (Not with the prefectural fair grant) [要領 第5条]"}]','["employees"]',NULL,NULL);
INSERT INTO results VALUES(1,5,'city.fair','A-6','1','2026-05-15','undetermined',0,200000,200000,NULL,'["city"]',NULL,NULL);
INSERT INTO results VALUES(1,5,'pref.consult','A-6','1','2026-05-15','eligible',0,100000,100000,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(1,5,'pref.fair','A-6','1','2026-05-15','ineligible',10,0,0,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(1,6,'city.fair','A-7','1','2026-05-15','eligible',0,200000,200000,'[{"declared_by":"city.fair","kind":"deduct","other":"pref.fair","text":"The grant from Prefectural fair grant (test) (pref.fair) (500,000 yen) is deducted (200,000 yen → 200,000 yen) (Costs covered by another grant are not covered) [要綱 第6条]"}]',NULL,NULL,NULL);
INSERT INTO results VALUES(1,6,'pref.consult','A-7','1','2026-05-15','eligible',0,100000,0,'[{"declared_by":"pref.consult","kind":"not-with","other":"pref.fair","text":"Cannot be combined with Prefectural fair grant (test) (pref.fair), which gives more; this grant is not counted (Not with the prefectural fair grant) [要領 第5条]"}]',NULL,NULL,NULL);
INSERT INTO results VALUES(1,6,'pref.fair','A-7','1','2026-05-15','eligible',16,500000,500000,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(1,8,'city.fair','A-9','1','2026-05-15','ineligible',0,0,0,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(1,8,'pref.consult','A-9','1','2026-05-15','eligible',0,100000,0,'[{"declared_by":"pref.consult","kind":"not-with","other":"pref.fair","text":"Cannot be combined with Prefectural fair grant (test) (pref.fair), which gives more; this grant is not counted (Not with the prefectural fair grant) [要領 第5条]"}]',NULL,NULL,NULL);
INSERT INTO results VALUES(1,8,'pref.fair','A-9','1','2026-05-15','eligible',16,500000,500000,NULL,NULL,NULL,NULL);
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
INSERT INTO input_errors VALUES(1,4,0,'A-5',6,24,'employees','expected a whole number, got `twelve`',0);
INSERT INTO input_errors VALUES(1,5,0,'A-6',7,38,'application_date','expected a real calendar date like `2026-04-01`, got `2026-02-30`',0);
INSERT INTO input_errors VALUES(1,7,0,'A-8',9,1,'','expected 10 fields (the header has 10), got 5',1);
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
INSERT INTO rankings VALUES(1,'pref.fair',1,0,'A-1',16,500000,500000,'funded',0);
INSERT INTO rankings VALUES(1,'pref.fair',2,8,'A-9',16,500000,500000,'funded',1);
INSERT INTO rankings VALUES(1,'pref.fair',3,1,'A-2',16,450000,0,'unfunded',0);
INSERT INTO rankings VALUES(1,'pref.fair',4,6,'A-7',16,500000,0,'unfunded',0);
INSERT INTO rankings VALUES(1,'pref.fair',5,2,'A-3',15,450000,0,'unfunded',0);
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
INSERT INTO ranking_runs VALUES(1,'pref.fair','1','2026-11-28T19:57:41Z',1000000,'partial','["application_date asc","award asc"]',2400000,1000000,0);
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
CREATE TABLE audit_head(
  one         INTEGER PRIMARY KEY CHECK (one = 1),
  rows        INTEGER NOT NULL,
  last_id     INTEGER NOT NULL,
  last_sha256 TEXT NOT NULL
);
DELETE FROM sqlite_sequence;
CREATE INDEX audit_by_applicant ON audit(applicant_id);
CREATE INDEX audit_by_origin ON audit(origin, origin_seq);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_sources_no_update BEFORE UPDATE ON audit_sources BEGIN SELECT RAISE(ABORT, 'stored rule sources are append-only'); END;
CREATE TRIGGER audit_sources_no_delete BEFORE DELETE ON audit_sources BEGIN SELECT RAISE(ABORT, 'stored rule sources are append-only'); END;
CREATE INDEX results_by_program ON results(run_id, program, outcome);
CREATE INDEX results_by_applicant ON results(applicant_id);
COMMIT;
PRAGMA user_version=1;
