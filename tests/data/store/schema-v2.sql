-- A results file written by elig with schema version 2 (the commit before schema 3):
-- elig batch --rules tests/data/batch/rules --input tests/data/store/schema-v1.csv --out v2.db --threads 1, then
-- elig rank --rules tests/data/batch/rules --results v2.db --program pref.fair, then the same batch with --as-of 2020-01-01
-- (every program closed); dumped with sqlite3 .dump. tests/test_store_v3.cpp upgrades it to the current schema.
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
, header TEXT, list_facts TEXT);
INSERT INTO runs VALUES(1,'b478ae0424604871ab026d114f05a9edc370eb4e137750487765d81d8c408e01','2026-12-07T06:58:41Z','2026-12-07T06:58:41Z','in.csv','csv',NULL,'362134d929e29389e22ac0dda7b2792002cdf26bcab8f574abc9ea9fd1e76823','tests/data/batch/rules','a7f23cf5cad7444a1c48b93b7ac49323aa7721f586fb314dfd1373544a71b895','["city.fair@1","pref.consult@1","pref.fair@1"]',NULL,'2026-12-07',0,'en','0.1.0',9,9,'id,as_of,prefecture,city,employees,fair_costs,other_grants,first_time,application_date,tags','["tags"]');
INSERT INTO runs VALUES(2,'4727d92be515110d6eaffa6b9600954abaa0874ff68f6d606ca7a2cc3a0ef152','2026-12-07T06:58:44Z','2026-12-07T06:58:44Z','in.csv','csv',NULL,'362134d929e29389e22ac0dda7b2792002cdf26bcab8f574abc9ea9fd1e76823','tests/data/batch/rules','a7f23cf5cad7444a1c48b93b7ac49323aa7721f586fb314dfd1373544a71b895','["city.fair@1","pref.consult@1","pref.fair@1"]','2020-01-01','2026-12-07',0,'en','0.1.0',9,9,'id,as_of,prefecture,city,employees,fair_costs,other_grants,first_time,application_date,tags','["tags"]');
CREATE TABLE applicants(
  run_id       INTEGER NOT NULL REFERENCES runs(run_id),
  seq          INTEGER NOT NULL,
  applicant_id TEXT NOT NULL,
  line         INTEGER NOT NULL,
  as_of        TEXT,
  facts        TEXT, record,
  PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
INSERT INTO applicants VALUES(1,0,'A-1',2,'2026-05-15',NULL,'A-1,2026-05-15,群馬県,前橋市,3,1200000,0,yes,2026-05-10,"[export]"');
INSERT INTO applicants VALUES(1,1,'A-2',3,'2026-05-15',NULL,'A-2,2026-05-15,群馬県,高崎市,20,900000,0,はい,2026-05-11,"[export, online]"');
INSERT INTO applicants VALUES(1,2,'A-3',4,'2026-05-15',NULL,'A-3,2026-05-15,群馬県,前橋市,20,900000,0,yes,2026-05-10,"[]"');
INSERT INTO applicants VALUES(1,3,'A-4',5,'2026-05-15',NULL,'A-4,2026-05-15,栃木県,前橋市,3,500000,0,no,2026-05-12,"[online]"');
INSERT INTO applicants VALUES(1,4,'A-5',6,'2026-05-15',NULL,'A-5,2026-05-15,群馬県,前橋市,twelve,800000,50000,いいえ,2026-05-12,"[export]"');
INSERT INTO applicants VALUES(1,5,'A-6',7,'2026-05-15',NULL,'A-6,2026-05-15,群馬県,,301,700000,0,yes,2026-02-30,""');
INSERT INTO applicants VALUES(1,6,'A-7',8,'2026-05-15',NULL,'A-7,2026-05-15,群馬県,前橋市,3,1200000,0,yes,2026-05-11,"[export]"');
INSERT INTO applicants VALUES(1,7,'A-8',9,NULL,NULL,NULL);
INSERT INTO applicants VALUES(1,8,'A-9',10,'2026-05-15',NULL,'A-9,2026-05-15,群馬県,高崎市,3,1200000,0,yes,2026-05-10,"[export]"');
INSERT INTO applicants VALUES(2,0,'A-1',2,'2026-05-15',NULL,'A-1,2026-05-15,群馬県,前橋市,3,1200000,0,yes,2026-05-10,"[export]"');
INSERT INTO applicants VALUES(2,1,'A-2',3,'2026-05-15',NULL,'A-2,2026-05-15,群馬県,高崎市,20,900000,0,はい,2026-05-11,"[export, online]"');
INSERT INTO applicants VALUES(2,2,'A-3',4,'2026-05-15',NULL,'A-3,2026-05-15,群馬県,前橋市,20,900000,0,yes,2026-05-10,"[]"');
INSERT INTO applicants VALUES(2,3,'A-4',5,'2026-05-15',NULL,'A-4,2026-05-15,栃木県,前橋市,3,500000,0,no,2026-05-12,"[online]"');
INSERT INTO applicants VALUES(2,4,'A-5',6,'2026-05-15',NULL,'A-5,2026-05-15,群馬県,前橋市,twelve,800000,50000,いいえ,2026-05-12,"[export]"');
INSERT INTO applicants VALUES(2,5,'A-6',7,'2026-05-15',NULL,'A-6,2026-05-15,群馬県,,301,700000,0,yes,2026-02-30,""');
INSERT INTO applicants VALUES(2,6,'A-7',8,'2026-05-15',NULL,'A-7,2026-05-15,群馬県,前橋市,3,1200000,0,yes,2026-05-11,"[export]"');
INSERT INTO applicants VALUES(2,7,'A-8',9,NULL,NULL,NULL);
INSERT INTO applicants VALUES(2,8,'A-9',10,'2026-05-15',NULL,'A-9,2026-05-15,群馬県,高崎市,3,1200000,0,yes,2026-05-10,"[export]"');
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
INSERT INTO input_errors VALUES(1,4,0,'A-5',6,24,'employees','expected a whole number like `12` or `12人`, got `twelve`',0);
INSERT INTO input_errors VALUES(1,5,0,'A-6',7,38,'application_date','`2026-02-30` is not a real calendar date (month 2 has 28 days); write a date like `2026-04-01` or `2026年4月1日`',0);
INSERT INTO input_errors VALUES(1,7,0,'A-8',9,1,'','expected 10 fields (the header has 10), got 5',1);
INSERT INTO input_errors VALUES(2,4,0,'A-5',6,24,'employees','expected a whole number like `12` or `12人`, got `twelve`',0);
INSERT INTO input_errors VALUES(2,5,0,'A-6',7,38,'application_date','`2026-02-30` is not a real calendar date (month 2 has 28 days); write a date like `2026-04-01` or `2026年4月1日`',0);
INSERT INTO input_errors VALUES(2,7,0,'A-8',9,1,'','expected 10 fields (the header has 10), got 5',1);
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
INSERT INTO ranking_runs VALUES(1,'pref.fair','1','2026-12-07T06:58:41Z',1000000,'partial','["application_date asc","award asc"]',2400000,1000000,0);
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
CREATE TABLE IF NOT EXISTS "results"(
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
  PRIMARY KEY (run_id, program, seq)
) WITHOUT ROWID;
INSERT INTO results VALUES(1,0,'city.fair','A-1','1','2026-05-15','eligible',0,200000,200000,'[{"declared_by":"city.fair","kind":"deduct","other":"pref.fair","text":"The grant from Prefectural fair grant (test) (pref.fair) (500,000 yen) is deducted (200,000 yen → 200,000 yen) (Costs covered by another grant are not covered) [要綱 第6条]"}]',NULL,NULL,NULL);
INSERT INTO results VALUES(1,1,'city.fair','A-2','1','2026-05-15','ineligible',0,0,0,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(1,2,'city.fair','A-3','1','2026-05-15','eligible',0,200000,150000,'[{"declared_by":"city.fair","kind":"deduct","other":"pref.fair","text":"The grant from Prefectural fair grant (test) (pref.fair) (450,000 yen) is deducted (200,000 yen → 150,000 yen) (Costs covered by another grant are not covered) [要綱 第6条]"}]',NULL,NULL,NULL);
INSERT INTO results VALUES(1,3,'city.fair','A-4','1','2026-05-15','eligible',0,166666,166666,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(1,4,'city.fair','A-5','1','2026-05-15','eligible',0,200000,NULL,'[{"declared_by":"city.fair","kind":"deduct-pending","other":"pref.fair","text":"The grant from Prefectural fair grant (test) (pref.fair) would be deducted; the amount is not determinable until it is settled (Costs covered by another grant are not covered) [要綱 第6条]"}]',NULL,NULL,NULL);
INSERT INTO results VALUES(1,5,'city.fair','A-6','1','2026-05-15','undetermined',0,200000,200000,NULL,'["city"]',NULL,NULL);
INSERT INTO results VALUES(1,6,'city.fair','A-7','1','2026-05-15','eligible',0,200000,200000,'[{"declared_by":"city.fair","kind":"deduct","other":"pref.fair","text":"The grant from Prefectural fair grant (test) (pref.fair) (500,000 yen) is deducted (200,000 yen → 200,000 yen) (Costs covered by another grant are not covered) [要綱 第6条]"}]',NULL,NULL,NULL);
INSERT INTO results VALUES(1,8,'city.fair','A-9','1','2026-05-15','ineligible',0,0,0,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(1,0,'pref.consult','A-1','1','2026-05-15','eligible',0,100000,0,'[{"declared_by":"pref.consult","kind":"not-with","other":"pref.fair","text":"Cannot be combined with Prefectural fair grant (test) (pref.fair), which gives more; this grant is not counted (Not with the prefectural fair grant) [要領 第5条]"}]',NULL,NULL,NULL);
INSERT INTO results VALUES(1,1,'pref.consult','A-2','1','2026-05-15','eligible',0,100000,0,'[{"declared_by":"pref.consult","kind":"not-with","other":"pref.fair","text":"Cannot be combined with Prefectural fair grant (test) (pref.fair), which gives more; this grant is not counted (Not with the prefectural fair grant) [要領 第5条]"}]',NULL,NULL,NULL);
INSERT INTO results VALUES(1,2,'pref.consult','A-3','1','2026-05-15','eligible',0,100000,0,'[{"declared_by":"pref.consult","kind":"not-with","other":"pref.fair","text":"Cannot be combined with Prefectural fair grant (test) (pref.fair), which gives more; this grant is not counted (Not with the prefectural fair grant) [要領 第5条]"}]',NULL,NULL,NULL);
INSERT INTO results VALUES(1,3,'pref.consult','A-4','1','2026-05-15','ineligible',0,0,0,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(1,4,'pref.consult','A-5','1','2026-05-15','eligible',0,100000,100000,'[{"declared_by":"pref.consult","kind":"not-with-pending","other":"pref.fair","text":"Cannot be combined with Prefectural fair grant (test) (pref.fair) (whose outcome is not settled yet) (Not with the prefectural fair grant) [要領 第5条]"}]',NULL,NULL,NULL);
INSERT INTO results VALUES(1,5,'pref.consult','A-6','1','2026-05-15','eligible',0,100000,100000,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(1,6,'pref.consult','A-7','1','2026-05-15','eligible',0,100000,0,'[{"declared_by":"pref.consult","kind":"not-with","other":"pref.fair","text":"Cannot be combined with Prefectural fair grant (test) (pref.fair), which gives more; this grant is not counted (Not with the prefectural fair grant) [要領 第5条]"}]',NULL,NULL,NULL);
INSERT INTO results VALUES(1,8,'pref.consult','A-9','1','2026-05-15','eligible',0,100000,0,'[{"declared_by":"pref.consult","kind":"not-with","other":"pref.fair","text":"Cannot be combined with Prefectural fair grant (test) (pref.fair), which gives more; this grant is not counted (Not with the prefectural fair grant) [要領 第5条]"}]',NULL,NULL,NULL);
INSERT INTO results VALUES(1,0,'pref.fair','A-1','1','2026-05-15','eligible',16,500000,500000,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(1,1,'pref.fair','A-2','1','2026-05-15','eligible',16,450000,450000,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(1,2,'pref.fair','A-3','1','2026-05-15','eligible',15,450000,450000,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(1,3,'pref.fair','A-4','1','2026-05-15','ineligible',5,0,0,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(1,4,'pref.fair','A-5','1','2026-05-15','undetermined',1,400000,400000,'[{"declared_by":"pref.consult","kind":"not-with-pending","other":"pref.consult","text":"Cannot be combined with Prefectural consulting (test) (pref.consult) (whose outcome is not settled yet) (Not with the prefectural fair grant) [要領 第5条]"}]','["employees"]',NULL,NULL);
INSERT INTO results VALUES(1,5,'pref.fair','A-6','1','2026-05-15','ineligible',10,0,0,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(1,6,'pref.fair','A-7','1','2026-05-15','eligible',16,500000,500000,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(1,8,'pref.fair','A-9','1','2026-05-15','eligible',16,500000,500000,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(2,0,'city.fair','A-1','1','2020-01-01','closed',0,200000,0,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(2,1,'city.fair','A-2','1','2020-01-01','closed',0,0,0,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(2,2,'city.fair','A-3','1','2020-01-01','closed',0,200000,0,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(2,3,'city.fair','A-4','1','2020-01-01','closed',0,166666,0,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(2,4,'city.fair','A-5','1','2020-01-01','closed',0,200000,0,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(2,5,'city.fair','A-6','1','2020-01-01','closed',0,200000,0,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(2,6,'city.fair','A-7','1','2020-01-01','closed',0,200000,0,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(2,8,'city.fair','A-9','1','2020-01-01','closed',0,0,0,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(2,0,'pref.consult','A-1','1','2020-01-01','closed',0,100000,0,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(2,1,'pref.consult','A-2','1','2020-01-01','closed',0,100000,0,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(2,2,'pref.consult','A-3','1','2020-01-01','closed',0,100000,0,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(2,3,'pref.consult','A-4','1','2020-01-01','closed',0,0,0,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(2,4,'pref.consult','A-5','1','2020-01-01','closed',0,100000,0,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(2,5,'pref.consult','A-6','1','2020-01-01','closed',0,100000,0,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(2,6,'pref.consult','A-7','1','2020-01-01','closed',0,100000,0,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(2,8,'pref.consult','A-9','1','2020-01-01','closed',0,100000,0,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(2,0,'pref.fair','A-1','1','2020-01-01','closed',16,500000,0,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(2,1,'pref.fair','A-2','1','2020-01-01','closed',16,450000,0,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(2,2,'pref.fair','A-3','1','2020-01-01','closed',15,450000,0,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(2,3,'pref.fair','A-4','1','2020-01-01','closed',5,0,0,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(2,4,'pref.fair','A-5','1','2020-01-01','closed',1,400000,0,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(2,5,'pref.fair','A-6','1','2020-01-01','closed',10,0,0,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(2,6,'pref.fair','A-7','1','2020-01-01','closed',16,500000,0,NULL,NULL,NULL,NULL);
INSERT INTO results VALUES(2,8,'pref.fair','A-9','1','2020-01-01','closed',16,500000,0,NULL,NULL,NULL,NULL);
DELETE FROM sqlite_sequence;
CREATE INDEX audit_by_applicant ON audit(applicant_id);
CREATE INDEX audit_by_origin ON audit(origin, origin_seq);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_sources_no_update BEFORE UPDATE ON audit_sources BEGIN SELECT RAISE(ABORT, 'stored rule sources are append-only'); END;
CREATE TRIGGER audit_sources_no_delete BEFORE DELETE ON audit_sources BEGIN SELECT RAISE(ABORT, 'stored rule sources are append-only'); END;
CREATE INDEX results_by_applicant ON results(applicant_id);
COMMIT;
PRAGMA user_version=2;
