-- A results file written by elig with schema version 3 (the commit before schema 4), from
-- the repository's root with tests/data/store/schema-v1.csv copied to in.csv:
-- elig batch --rules tests/data/batch/rules --input in.csv --out v3.db --threads 1, then
-- elig rank --rules tests/data/batch/rules --results v3.db --program pref.fair, then the same batch with
-- --as-of 2020-01-01 (every program closed), with --explain-compact, and with --skip-closed --as-of 2020-01-01
-- (nothing stored, the closed decisions counted); dumped with sqlite3 .dump. tests/test_store_v4.cpp
-- upgrades it to the current schema.
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
, header TEXT, list_facts TEXT, skip_closed INTEGER NOT NULL DEFAULT 0);
INSERT INTO runs VALUES(1,'b478ae0424604871ab026d114f05a9edc370eb4e137750487765d81d8c408e01','2026-12-07T17:12:15Z','2026-12-07T17:12:15Z','in.csv','csv',NULL,'362134d929e29389e22ac0dda7b2792002cdf26bcab8f574abc9ea9fd1e76823','tests/data/batch/rules','a7f23cf5cad7444a1c48b93b7ac49323aa7721f586fb314dfd1373544a71b895','["city.fair@1","pref.consult@1","pref.fair@1"]',NULL,'2026-12-08',0,'en','0.1.0',9,9,'id,as_of,prefecture,city,employees,fair_costs,other_grants,first_time,application_date,tags','["tags"]',0);
INSERT INTO runs VALUES(2,'4727d92be515110d6eaffa6b9600954abaa0874ff68f6d606ca7a2cc3a0ef152','2026-12-07T17:12:16Z','2026-12-07T17:12:16Z','in.csv','csv',NULL,'362134d929e29389e22ac0dda7b2792002cdf26bcab8f574abc9ea9fd1e76823','tests/data/batch/rules','a7f23cf5cad7444a1c48b93b7ac49323aa7721f586fb314dfd1373544a71b895','["city.fair@1","pref.consult@1","pref.fair@1"]','2020-01-01','2026-12-08',0,'en','0.1.0',9,9,'id,as_of,prefecture,city,employees,fair_costs,other_grants,first_time,application_date,tags','["tags"]',0);
INSERT INTO runs VALUES(3,'870a9d7ad36afc990edfe6622608a77604434f9554157b97cd20fb976fc94e11','2026-12-07T17:12:16Z','2026-12-07T17:12:16Z','in.csv','csv',NULL,'362134d929e29389e22ac0dda7b2792002cdf26bcab8f574abc9ea9fd1e76823','tests/data/batch/rules','a7f23cf5cad7444a1c48b93b7ac49323aa7721f586fb314dfd1373544a71b895','["city.fair@1","pref.consult@1","pref.fair@1"]',NULL,'2026-12-08',2,'en','0.1.0',9,9,'id,as_of,prefecture,city,employees,fair_costs,other_grants,first_time,application_date,tags','["tags"]',0);
INSERT INTO runs VALUES(4,'e7704768ef001bf5dca9fb37fa0d98e146806a801a3fd85c26079f313533a1a0','2026-12-07T17:12:16Z','2026-12-07T17:12:16Z','in.csv','csv',NULL,'362134d929e29389e22ac0dda7b2792002cdf26bcab8f574abc9ea9fd1e76823','tests/data/batch/rules','a7f23cf5cad7444a1c48b93b7ac49323aa7721f586fb314dfd1373544a71b895','["city.fair@1","pref.consult@1","pref.fair@1"]','2020-01-01','2026-12-08',0,'en','0.1.0',9,9,'id,as_of,prefecture,city,employees,fair_costs,other_grants,first_time,application_date,tags','["tags"]',1);
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
INSERT INTO input_errors VALUES(3,4,0,'A-5',6,24,'employees','expected a whole number like `12` or `12人`, got `twelve`',0);
INSERT INTO input_errors VALUES(3,5,0,'A-6',7,38,'application_date','`2026-02-30` is not a real calendar date (month 2 has 28 days); write a date like `2026-04-01` or `2026年4月1日`',0);
INSERT INTO input_errors VALUES(3,7,0,'A-8',9,1,'','expected 10 fields (the header has 10), got 5',1);
INSERT INTO input_errors VALUES(4,4,0,'A-5',6,24,'employees','expected a whole number like `12` or `12人`, got `twelve`',0);
INSERT INTO input_errors VALUES(4,5,0,'A-6',7,38,'application_date','`2026-02-30` is not a real calendar date (month 2 has 28 days); write a date like `2026-04-01` or `2026年4月1日`',0);
INSERT INTO input_errors VALUES(4,7,0,'A-8',9,1,'','expected 10 fields (the header has 10), got 5',1);
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
INSERT INTO ranking_runs VALUES(1,'pref.fair','1','2026-12-07T17:12:16Z',1000000,'partial','["application_date asc","award asc"]',2400000,1000000,0);
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
CREATE TABLE programs(
  program_ref INTEGER PRIMARY KEY,
  program     TEXT NOT NULL,
  version     TEXT NOT NULL,
  UNIQUE (program, version)
);
INSERT INTO programs VALUES(1,'city.fair','1');
INSERT INTO programs VALUES(2,'pref.consult','1');
INSERT INTO programs VALUES(3,'pref.fair','1');
CREATE TABLE dates(
  date_ref INTEGER PRIMARY KEY,
  date     TEXT NOT NULL UNIQUE
);
INSERT INTO dates VALUES(1,'2026-05-15');
INSERT INTO dates VALUES(2,'2020-01-01');
CREATE TABLE facts(
  fact_ref INTEGER PRIMARY KEY,
  name     TEXT NOT NULL UNIQUE
);
INSERT INTO facts VALUES(1,'city');
INSERT INTO facts VALUES(2,'fair_costs');
INSERT INTO facts VALUES(3,'other_grants');
INSERT INTO facts VALUES(4,'prefecture');
INSERT INTO facts VALUES(5,'first_time');
INSERT INTO facts VALUES(6,'application_date');
INSERT INTO facts VALUES(7,'tags');
INSERT INTO facts VALUES(8,'employees');
CREATE TABLE outcome_codes(
  code    INTEGER PRIMARY KEY,
  outcome TEXT NOT NULL UNIQUE
);
INSERT INTO outcome_codes VALUES(0,'closed');
INSERT INTO outcome_codes VALUES(1,'ineligible');
INSERT INTO outcome_codes VALUES(2,'eligible');
INSERT INTO outcome_codes VALUES(3,'undetermined');
CREATE TABLE run_programs(
  run_id            INTEGER NOT NULL REFERENCES runs(run_id),
  program_ref       INTEGER NOT NULL REFERENCES programs(program_ref),
  closed_not_stored INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, program_ref)
) WITHOUT ROWID;
INSERT INTO run_programs VALUES(1,1,0);
INSERT INTO run_programs VALUES(1,2,0);
INSERT INTO run_programs VALUES(1,3,0);
INSERT INTO run_programs VALUES(2,1,0);
INSERT INTO run_programs VALUES(2,2,0);
INSERT INTO run_programs VALUES(2,3,0);
INSERT INTO run_programs VALUES(3,1,0);
INSERT INTO run_programs VALUES(3,2,0);
INSERT INTO run_programs VALUES(3,3,0);
INSERT INTO run_programs VALUES(4,1,8);
INSERT INTO run_programs VALUES(4,2,8);
INSERT INTO run_programs VALUES(4,3,8);
CREATE TABLE IF NOT EXISTS "applicants"(
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
INSERT INTO applicants VALUES(1,0,'A-1',2,'2026-05-15',NULL,'A-1,2026-05-15,群馬県,前橋市,3,1200000,0,yes,2026-05-10,"[export]"',1);
INSERT INTO applicants VALUES(1,1,'A-2',3,'2026-05-15',NULL,'A-2,2026-05-15,群馬県,高崎市,20,900000,0,はい,2026-05-11,"[export, online]"',1);
INSERT INTO applicants VALUES(1,2,'A-3',4,'2026-05-15',NULL,'A-3,2026-05-15,群馬県,前橋市,20,900000,0,yes,2026-05-10,"[]"',1);
INSERT INTO applicants VALUES(1,3,'A-4',5,'2026-05-15',NULL,'A-4,2026-05-15,栃木県,前橋市,3,500000,0,no,2026-05-12,"[online]"',1);
INSERT INTO applicants VALUES(1,4,'A-5',6,'2026-05-15',NULL,'A-5,2026-05-15,群馬県,前橋市,twelve,800000,50000,いいえ,2026-05-12,"[export]"',1);
INSERT INTO applicants VALUES(1,5,'A-6',7,'2026-05-15',NULL,'A-6,2026-05-15,群馬県,,301,700000,0,yes,2026-02-30,""',1);
INSERT INTO applicants VALUES(1,6,'A-7',8,'2026-05-15',NULL,'A-7,2026-05-15,群馬県,前橋市,3,1200000,0,yes,2026-05-11,"[export]"',1);
INSERT INTO applicants VALUES(1,7,'A-8',9,NULL,NULL,NULL,NULL);
INSERT INTO applicants VALUES(1,8,'A-9',10,'2026-05-15',NULL,'A-9,2026-05-15,群馬県,高崎市,3,1200000,0,yes,2026-05-10,"[export]"',1);
INSERT INTO applicants VALUES(2,0,'A-1',2,'2026-05-15',NULL,'A-1,2026-05-15,群馬県,前橋市,3,1200000,0,yes,2026-05-10,"[export]"',2);
INSERT INTO applicants VALUES(2,1,'A-2',3,'2026-05-15',NULL,'A-2,2026-05-15,群馬県,高崎市,20,900000,0,はい,2026-05-11,"[export, online]"',2);
INSERT INTO applicants VALUES(2,2,'A-3',4,'2026-05-15',NULL,'A-3,2026-05-15,群馬県,前橋市,20,900000,0,yes,2026-05-10,"[]"',2);
INSERT INTO applicants VALUES(2,3,'A-4',5,'2026-05-15',NULL,'A-4,2026-05-15,栃木県,前橋市,3,500000,0,no,2026-05-12,"[online]"',2);
INSERT INTO applicants VALUES(2,4,'A-5',6,'2026-05-15',NULL,'A-5,2026-05-15,群馬県,前橋市,twelve,800000,50000,いいえ,2026-05-12,"[export]"',2);
INSERT INTO applicants VALUES(2,5,'A-6',7,'2026-05-15',NULL,'A-6,2026-05-15,群馬県,,301,700000,0,yes,2026-02-30,""',2);
INSERT INTO applicants VALUES(2,6,'A-7',8,'2026-05-15',NULL,'A-7,2026-05-15,群馬県,前橋市,3,1200000,0,yes,2026-05-11,"[export]"',2);
INSERT INTO applicants VALUES(2,7,'A-8',9,NULL,NULL,NULL,NULL);
INSERT INTO applicants VALUES(2,8,'A-9',10,'2026-05-15',NULL,'A-9,2026-05-15,群馬県,高崎市,3,1200000,0,yes,2026-05-10,"[export]"',2);
INSERT INTO applicants VALUES(3,0,'A-1',2,'2026-05-15',NULL,'A-1,2026-05-15,群馬県,前橋市,3,1200000,0,yes,2026-05-10,"[export]"',1);
INSERT INTO applicants VALUES(3,1,'A-2',3,'2026-05-15',NULL,'A-2,2026-05-15,群馬県,高崎市,20,900000,0,はい,2026-05-11,"[export, online]"',1);
INSERT INTO applicants VALUES(3,2,'A-3',4,'2026-05-15',NULL,'A-3,2026-05-15,群馬県,前橋市,20,900000,0,yes,2026-05-10,"[]"',1);
INSERT INTO applicants VALUES(3,3,'A-4',5,'2026-05-15',NULL,'A-4,2026-05-15,栃木県,前橋市,3,500000,0,no,2026-05-12,"[online]"',1);
INSERT INTO applicants VALUES(3,4,'A-5',6,'2026-05-15',NULL,'A-5,2026-05-15,群馬県,前橋市,twelve,800000,50000,いいえ,2026-05-12,"[export]"',1);
INSERT INTO applicants VALUES(3,5,'A-6',7,'2026-05-15',NULL,'A-6,2026-05-15,群馬県,,301,700000,0,yes,2026-02-30,""',1);
INSERT INTO applicants VALUES(3,6,'A-7',8,'2026-05-15',NULL,'A-7,2026-05-15,群馬県,前橋市,3,1200000,0,yes,2026-05-11,"[export]"',1);
INSERT INTO applicants VALUES(3,7,'A-8',9,NULL,NULL,NULL,NULL);
INSERT INTO applicants VALUES(3,8,'A-9',10,'2026-05-15',NULL,'A-9,2026-05-15,群馬県,高崎市,3,1200000,0,yes,2026-05-10,"[export]"',1);
INSERT INTO applicants VALUES(4,0,'A-1',2,'2026-05-15',NULL,'A-1,2026-05-15,群馬県,前橋市,3,1200000,0,yes,2026-05-10,"[export]"',2);
INSERT INTO applicants VALUES(4,1,'A-2',3,'2026-05-15',NULL,'A-2,2026-05-15,群馬県,高崎市,20,900000,0,はい,2026-05-11,"[export, online]"',2);
INSERT INTO applicants VALUES(4,2,'A-3',4,'2026-05-15',NULL,'A-3,2026-05-15,群馬県,前橋市,20,900000,0,yes,2026-05-10,"[]"',2);
INSERT INTO applicants VALUES(4,3,'A-4',5,'2026-05-15',NULL,'A-4,2026-05-15,栃木県,前橋市,3,500000,0,no,2026-05-12,"[online]"',2);
INSERT INTO applicants VALUES(4,4,'A-5',6,'2026-05-15',NULL,'A-5,2026-05-15,群馬県,前橋市,twelve,800000,50000,いいえ,2026-05-12,"[export]"',2);
INSERT INTO applicants VALUES(4,5,'A-6',7,'2026-05-15',NULL,'A-6,2026-05-15,群馬県,,301,700000,0,yes,2026-02-30,""',2);
INSERT INTO applicants VALUES(4,6,'A-7',8,'2026-05-15',NULL,'A-7,2026-05-15,群馬県,前橋市,3,1200000,0,yes,2026-05-11,"[export]"',2);
INSERT INTO applicants VALUES(4,7,'A-8',9,NULL,NULL,NULL,NULL);
INSERT INTO applicants VALUES(4,8,'A-9',10,'2026-05-15',NULL,'A-9,2026-05-15,群馬県,高崎市,3,1200000,0,yes,2026-05-10,"[export]"',2);
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
INSERT INTO result_rows VALUES(1,1,0,2,0,200000,200000,NULL,'[{"declared_by":"city.fair","kind":"deduct","other":"pref.fair","text":"The grant from Prefectural fair grant (test) (pref.fair) (500,000 yen) is deducted (200,000 yen → 200,000 yen) (Costs covered by another grant are not covered) [要綱 第6条]"}]',NULL,NULL);
INSERT INTO result_rows VALUES(1,1,1,1,0,0,0,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(1,1,2,2,0,200000,150000,NULL,'[{"declared_by":"city.fair","kind":"deduct","other":"pref.fair","text":"The grant from Prefectural fair grant (test) (pref.fair) (450,000 yen) is deducted (200,000 yen → 150,000 yen) (Costs covered by another grant are not covered) [要綱 第6条]"}]',NULL,NULL);
INSERT INTO result_rows VALUES(1,1,3,2,0,166666,166666,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(1,1,4,2,0,200000,NULL,NULL,'[{"declared_by":"city.fair","kind":"deduct-pending","other":"pref.fair","text":"The grant from Prefectural fair grant (test) (pref.fair) would be deducted; the amount is not determinable until it is settled (Costs covered by another grant are not covered) [要綱 第6条]"}]',NULL,NULL);
INSERT INTO result_rows VALUES(1,1,5,3,0,200000,200000,'[1]',NULL,NULL,NULL);
INSERT INTO result_rows VALUES(1,1,6,2,0,200000,200000,NULL,'[{"declared_by":"city.fair","kind":"deduct","other":"pref.fair","text":"The grant from Prefectural fair grant (test) (pref.fair) (500,000 yen) is deducted (200,000 yen → 200,000 yen) (Costs covered by another grant are not covered) [要綱 第6条]"}]',NULL,NULL);
INSERT INTO result_rows VALUES(1,1,8,1,0,0,0,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(1,2,0,2,0,100000,0,NULL,'[{"declared_by":"pref.consult","kind":"not-with","other":"pref.fair","text":"Cannot be combined with Prefectural fair grant (test) (pref.fair), which gives more; this grant is not counted (Not with the prefectural fair grant) [要領 第5条]"}]',NULL,NULL);
INSERT INTO result_rows VALUES(1,2,1,2,0,100000,0,NULL,'[{"declared_by":"pref.consult","kind":"not-with","other":"pref.fair","text":"Cannot be combined with Prefectural fair grant (test) (pref.fair), which gives more; this grant is not counted (Not with the prefectural fair grant) [要領 第5条]"}]',NULL,NULL);
INSERT INTO result_rows VALUES(1,2,2,2,0,100000,0,NULL,'[{"declared_by":"pref.consult","kind":"not-with","other":"pref.fair","text":"Cannot be combined with Prefectural fair grant (test) (pref.fair), which gives more; this grant is not counted (Not with the prefectural fair grant) [要領 第5条]"}]',NULL,NULL);
INSERT INTO result_rows VALUES(1,2,3,1,0,0,0,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(1,2,4,2,0,100000,100000,NULL,'[{"declared_by":"pref.consult","kind":"not-with-pending","other":"pref.fair","text":"Cannot be combined with Prefectural fair grant (test) (pref.fair) (whose outcome is not settled yet) (Not with the prefectural fair grant) [要領 第5条]"}]',NULL,NULL);
INSERT INTO result_rows VALUES(1,2,5,2,0,100000,100000,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(1,2,6,2,0,100000,0,NULL,'[{"declared_by":"pref.consult","kind":"not-with","other":"pref.fair","text":"Cannot be combined with Prefectural fair grant (test) (pref.fair), which gives more; this grant is not counted (Not with the prefectural fair grant) [要領 第5条]"}]',NULL,NULL);
INSERT INTO result_rows VALUES(1,2,8,2,0,100000,0,NULL,'[{"declared_by":"pref.consult","kind":"not-with","other":"pref.fair","text":"Cannot be combined with Prefectural fair grant (test) (pref.fair), which gives more; this grant is not counted (Not with the prefectural fair grant) [要領 第5条]"}]',NULL,NULL);
INSERT INTO result_rows VALUES(1,3,0,2,16,500000,500000,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(1,3,1,2,16,450000,450000,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(1,3,2,2,15,450000,450000,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(1,3,3,1,5,0,0,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(1,3,4,3,1,400000,400000,'[8]','[{"declared_by":"pref.consult","kind":"not-with-pending","other":"pref.consult","text":"Cannot be combined with Prefectural consulting (test) (pref.consult) (whose outcome is not settled yet) (Not with the prefectural fair grant) [要領 第5条]"}]',NULL,NULL);
INSERT INTO result_rows VALUES(1,3,5,1,10,0,0,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(1,3,6,2,16,500000,500000,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(1,3,8,2,16,500000,500000,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(2,1,0,0,0,200000,0,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(2,1,1,0,0,0,0,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(2,1,2,0,0,200000,0,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(2,1,3,0,0,166666,0,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(2,1,4,0,0,200000,0,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(2,1,5,0,0,200000,0,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(2,1,6,0,0,200000,0,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(2,1,8,0,0,0,0,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(2,2,0,0,0,100000,0,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(2,2,1,0,0,100000,0,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(2,2,2,0,0,100000,0,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(2,2,3,0,0,0,0,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(2,2,4,0,0,100000,0,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(2,2,5,0,0,100000,0,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(2,2,6,0,0,100000,0,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(2,2,8,0,0,100000,0,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(2,3,0,0,16,500000,0,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(2,3,1,0,16,450000,0,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(2,3,2,0,15,450000,0,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(2,3,3,0,5,0,0,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(2,3,4,0,1,400000,0,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(2,3,5,0,10,0,0,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(2,3,6,0,16,500000,0,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(2,3,8,0,16,500000,0,NULL,NULL,NULL,NULL);
INSERT INTO result_rows VALUES(3,1,0,2,0,200000,200000,NULL,'[{"declared_by":"city.fair","kind":"deduct","other":"pref.fair","text":"The grant from Prefectural fair grant (test) (pref.fair) (500,000 yen) is deducted (200,000 yen → 200,000 yen) (Costs covered by another grant are not covered) [要綱 第6条]"}]',NULL,'{"format":"elig-compact-1","program":"city.fair","version":"1","as_of":"2026-05-15","outcome":"eligible","window_open":true,"requirements":[["true",[[1,"true","t:前橋市","t:前橋市"]]]],"exclusions":[],"scoring":[],"score":0,"score_complete":true,"award":200000}');
INSERT INTO result_rows VALUES(3,1,1,1,0,0,0,NULL,NULL,NULL,'{"format":"elig-compact-1","program":"city.fair","version":"1","as_of":"2026-05-15","outcome":"ineligible","window_open":true,"requirements":[["false",[[1,"false","t:高崎市","t:前橋市"]]]],"exclusions":[],"scoring":[],"score":0,"score_complete":true,"award":0}');
INSERT INTO result_rows VALUES(3,1,2,2,0,200000,150000,NULL,'[{"declared_by":"city.fair","kind":"deduct","other":"pref.fair","text":"The grant from Prefectural fair grant (test) (pref.fair) (450,000 yen) is deducted (200,000 yen → 150,000 yen) (Costs covered by another grant are not covered) [要綱 第6条]"}]',NULL,'{"format":"elig-compact-1","program":"city.fair","version":"1","as_of":"2026-05-15","outcome":"eligible","window_open":true,"requirements":[["true",[[1,"true","t:前橋市","t:前橋市"]]]],"exclusions":[],"scoring":[],"score":0,"score_complete":true,"award":200000}');
INSERT INTO result_rows VALUES(3,1,3,2,0,166666,166666,NULL,NULL,NULL,'{"format":"elig-compact-1","program":"city.fair","version":"1","as_of":"2026-05-15","outcome":"eligible","window_open":true,"requirements":[["true",[[1,"true","t:前橋市","t:前橋市"]]]],"exclusions":[],"scoring":[],"score":0,"score_complete":true,"award":166666}');
INSERT INTO result_rows VALUES(3,1,4,2,0,200000,NULL,NULL,'[{"declared_by":"city.fair","kind":"deduct-pending","other":"pref.fair","text":"The grant from Prefectural fair grant (test) (pref.fair) would be deducted; the amount is not determinable until it is settled (Costs covered by another grant are not covered) [要綱 第6条]"}]',NULL,'{"format":"elig-compact-1","program":"city.fair","version":"1","as_of":"2026-05-15","outcome":"eligible","window_open":true,"requirements":[["true",[[1,"true","t:前橋市","t:前橋市"]]]],"exclusions":[],"scoring":[],"score":0,"score_complete":true,"award":200000}');
INSERT INTO result_rows VALUES(3,1,5,3,0,200000,200000,'[1]',NULL,NULL,'{"format":"elig-compact-1","program":"city.fair","version":"1","as_of":"2026-05-15","outcome":"undetermined","window_open":true,"requirements":[["unknown",[[1,"unknown",null,"t:前橋市"]],0,["city"]]],"exclusions":[],"scoring":[],"score":0,"score_complete":true,"award":200000,"missing_facts":["city"]}');
INSERT INTO result_rows VALUES(3,1,6,2,0,200000,200000,NULL,'[{"declared_by":"city.fair","kind":"deduct","other":"pref.fair","text":"The grant from Prefectural fair grant (test) (pref.fair) (500,000 yen) is deducted (200,000 yen → 200,000 yen) (Costs covered by another grant are not covered) [要綱 第6条]"}]',NULL,'{"format":"elig-compact-1","program":"city.fair","version":"1","as_of":"2026-05-15","outcome":"eligible","window_open":true,"requirements":[["true",[[1,"true","t:前橋市","t:前橋市"]]]],"exclusions":[],"scoring":[],"score":0,"score_complete":true,"award":200000}');
INSERT INTO result_rows VALUES(3,1,8,1,0,0,0,NULL,NULL,NULL,'{"format":"elig-compact-1","program":"city.fair","version":"1","as_of":"2026-05-15","outcome":"ineligible","window_open":true,"requirements":[["false",[[1,"false","t:高崎市","t:前橋市"]]]],"exclusions":[],"scoring":[],"score":0,"score_complete":true,"award":0}');
INSERT INTO result_rows VALUES(3,2,0,2,0,100000,0,NULL,'[{"declared_by":"pref.consult","kind":"not-with","other":"pref.fair","text":"Cannot be combined with Prefectural fair grant (test) (pref.fair), which gives more; this grant is not counted (Not with the prefectural fair grant) [要領 第5条]"}]',NULL,'{"format":"elig-compact-1","program":"pref.consult","version":"1","as_of":"2026-05-15","outcome":"eligible","window_open":true,"requirements":[["true",[[1,"true","t:群馬県","t:群馬県"]]]],"exclusions":[],"scoring":[],"score":0,"score_complete":true,"award":100000}');
INSERT INTO result_rows VALUES(3,2,1,2,0,100000,0,NULL,'[{"declared_by":"pref.consult","kind":"not-with","other":"pref.fair","text":"Cannot be combined with Prefectural fair grant (test) (pref.fair), which gives more; this grant is not counted (Not with the prefectural fair grant) [要領 第5条]"}]',NULL,'{"format":"elig-compact-1","program":"pref.consult","version":"1","as_of":"2026-05-15","outcome":"eligible","window_open":true,"requirements":[["true",[[1,"true","t:群馬県","t:群馬県"]]]],"exclusions":[],"scoring":[],"score":0,"score_complete":true,"award":100000}');
INSERT INTO result_rows VALUES(3,2,2,2,0,100000,0,NULL,'[{"declared_by":"pref.consult","kind":"not-with","other":"pref.fair","text":"Cannot be combined with Prefectural fair grant (test) (pref.fair), which gives more; this grant is not counted (Not with the prefectural fair grant) [要領 第5条]"}]',NULL,'{"format":"elig-compact-1","program":"pref.consult","version":"1","as_of":"2026-05-15","outcome":"eligible","window_open":true,"requirements":[["true",[[1,"true","t:群馬県","t:群馬県"]]]],"exclusions":[],"scoring":[],"score":0,"score_complete":true,"award":100000}');
INSERT INTO result_rows VALUES(3,2,3,1,0,0,0,NULL,NULL,NULL,'{"format":"elig-compact-1","program":"pref.consult","version":"1","as_of":"2026-05-15","outcome":"ineligible","window_open":true,"requirements":[["false",[[1,"false","t:栃木県","t:群馬県"]]]],"exclusions":[],"scoring":[],"score":0,"score_complete":true,"award":0}');
INSERT INTO result_rows VALUES(3,2,4,2,0,100000,100000,NULL,'[{"declared_by":"pref.consult","kind":"not-with-pending","other":"pref.fair","text":"Cannot be combined with Prefectural fair grant (test) (pref.fair) (whose outcome is not settled yet) (Not with the prefectural fair grant) [要領 第5条]"}]',NULL,'{"format":"elig-compact-1","program":"pref.consult","version":"1","as_of":"2026-05-15","outcome":"eligible","window_open":true,"requirements":[["true",[[1,"true","t:群馬県","t:群馬県"]]]],"exclusions":[],"scoring":[],"score":0,"score_complete":true,"award":100000}');
INSERT INTO result_rows VALUES(3,2,5,2,0,100000,100000,NULL,NULL,NULL,'{"format":"elig-compact-1","program":"pref.consult","version":"1","as_of":"2026-05-15","outcome":"eligible","window_open":true,"requirements":[["true",[[1,"true","t:群馬県","t:群馬県"]]]],"exclusions":[],"scoring":[],"score":0,"score_complete":true,"award":100000}');
INSERT INTO result_rows VALUES(3,2,6,2,0,100000,0,NULL,'[{"declared_by":"pref.consult","kind":"not-with","other":"pref.fair","text":"Cannot be combined with Prefectural fair grant (test) (pref.fair), which gives more; this grant is not counted (Not with the prefectural fair grant) [要領 第5条]"}]',NULL,'{"format":"elig-compact-1","program":"pref.consult","version":"1","as_of":"2026-05-15","outcome":"eligible","window_open":true,"requirements":[["true",[[1,"true","t:群馬県","t:群馬県"]]]],"exclusions":[],"scoring":[],"score":0,"score_complete":true,"award":100000}');
INSERT INTO result_rows VALUES(3,2,8,2,0,100000,0,NULL,'[{"declared_by":"pref.consult","kind":"not-with","other":"pref.fair","text":"Cannot be combined with Prefectural fair grant (test) (pref.fair), which gives more; this grant is not counted (Not with the prefectural fair grant) [要領 第5条]"}]',NULL,'{"format":"elig-compact-1","program":"pref.consult","version":"1","as_of":"2026-05-15","outcome":"eligible","window_open":true,"requirements":[["true",[[1,"true","t:群馬県","t:群馬県"]]]],"exclusions":[],"scoring":[],"score":0,"score_complete":true,"award":100000}');
INSERT INTO result_rows VALUES(3,3,0,2,16,500000,500000,NULL,NULL,NULL,'{"format":"elig-compact-1","program":"pref.fair","version":"1","as_of":"2026-05-15","outcome":"eligible","window_open":true,"requirements":[["true",[[3,"true","t:群馬県","t:群馬県"]]],["true",[[1,"true",3,300]]]],"exclusions":[],"scoring":[["true",[[4,"true",true,null]],10],["true",[[6,"true",3,20]],5],["true",[[8,"true","e:0",["e:0"]]],1]],"score":16,"score_complete":true,"award":500000}');
INSERT INTO result_rows VALUES(3,3,1,2,16,450000,450000,NULL,NULL,NULL,'{"format":"elig-compact-1","program":"pref.fair","version":"1","as_of":"2026-05-15","outcome":"eligible","window_open":true,"requirements":[["true",[[3,"true","t:群馬県","t:群馬県"]]],["true",[[1,"true",20,300]]]],"exclusions":[],"scoring":[["true",[[4,"true",true,null]],10],["true",[[6,"true",20,20]],5],["true",[[8,"true","e:0",["e:0","e:1"]]],1]],"score":16,"score_complete":true,"award":450000}');
INSERT INTO result_rows VALUES(3,3,2,2,15,450000,450000,NULL,NULL,NULL,'{"format":"elig-compact-1","program":"pref.fair","version":"1","as_of":"2026-05-15","outcome":"eligible","window_open":true,"requirements":[["true",[[3,"true","t:群馬県","t:群馬県"]]],["true",[[1,"true",20,300]]]],"exclusions":[],"scoring":[["true",[[4,"true",true,null]],10],["true",[[6,"true",20,20]],5],["false",[[8,"false","e:0",[]]]]],"score":15,"score_complete":true,"award":450000}');
INSERT INTO result_rows VALUES(3,3,3,1,5,0,0,NULL,NULL,NULL,'{"format":"elig-compact-1","program":"pref.fair","version":"1","as_of":"2026-05-15","outcome":"ineligible","window_open":true,"requirements":[["false",[[3,"false","t:栃木県","t:群馬県"]]],["true",[[1,"true",3,300]]]],"exclusions":[],"scoring":[["false",[[4,"false",false,null]]],["true",[[6,"true",3,20]],5],["false",[[8,"false","e:0",["e:1"]]]]],"score":5,"score_complete":true,"award":0}');
INSERT INTO result_rows VALUES(3,3,4,3,1,400000,400000,'[8]','[{"declared_by":"pref.consult","kind":"not-with-pending","other":"pref.consult","text":"Cannot be combined with Prefectural consulting (test) (pref.consult) (whose outcome is not settled yet) (Not with the prefectural fair grant) [要領 第5条]"}]',NULL,'{"format":"elig-compact-1","program":"pref.fair","version":"1","as_of":"2026-05-15","outcome":"undetermined","window_open":true,"requirements":[["true",[[3,"true","t:群馬県","t:群馬県"]]],["unknown",[[1,"unknown",null,300]],0,["employees"]]],"exclusions":[],"scoring":[["false",[[4,"false",false,null]]],["unknown",[[6,"unknown",null,20]],0,["employees"]],["true",[[8,"true","e:0",["e:0"]]],1]],"score":1,"score_complete":false,"award":400000,"missing_facts":["employees"],"input_issues":[["employees","expected a whole number like `12` or `12人`, got `twelve`","in.csv",6,24,"「twelve」は数として読めません。例: 12、12人"]]}');
INSERT INTO result_rows VALUES(3,3,5,1,10,0,0,NULL,NULL,NULL,'{"format":"elig-compact-1","program":"pref.fair","version":"1","as_of":"2026-05-15","outcome":"ineligible","window_open":true,"requirements":[["true",[[3,"true","t:群馬県","t:群馬県"]]],["false",[[1,"false",301,300,300]]]],"exclusions":[],"scoring":[["true",[[4,"true",true,null]],10],["false",[[6,"false",301,20]]],["unknown",[[8,"unknown","e:0",null]],0,["tags"]]],"score":10,"score_complete":false,"award":0,"input_issues":[["application_date","`2026-02-30` is not a real calendar date (month 2 has 28 days); write a date like `2026-04-01` or `2026年4月1日`","in.csv",7,38,"「2026-02-30」という日はありません（2月は28日までです）。例: 2026年4月1日"]]}');
INSERT INTO result_rows VALUES(3,3,6,2,16,500000,500000,NULL,NULL,NULL,'{"format":"elig-compact-1","program":"pref.fair","version":"1","as_of":"2026-05-15","outcome":"eligible","window_open":true,"requirements":[["true",[[3,"true","t:群馬県","t:群馬県"]]],["true",[[1,"true",3,300]]]],"exclusions":[],"scoring":[["true",[[4,"true",true,null]],10],["true",[[6,"true",3,20]],5],["true",[[8,"true","e:0",["e:0"]]],1]],"score":16,"score_complete":true,"award":500000}');
INSERT INTO result_rows VALUES(3,3,8,2,16,500000,500000,NULL,NULL,NULL,'{"format":"elig-compact-1","program":"pref.fair","version":"1","as_of":"2026-05-15","outcome":"eligible","window_open":true,"requirements":[["true",[[3,"true","t:群馬県","t:群馬県"]]],["true",[[1,"true",3,300]]]],"exclusions":[],"scoring":[["true",[[4,"true",true,null]],10],["true",[[6,"true",3,20]],5],["true",[[8,"true","e:0",["e:0"]]],1]],"score":16,"score_complete":true,"award":500000}');
ANALYZE sqlite_schema;
INSERT INTO sqlite_stat1 VALUES('applicants','applicants_by_id','36 4');
INSERT INTO sqlite_stat1 VALUES('applicants','sqlite_autoindex_applicants_1','36 9 1');
INSERT INTO sqlite_stat1 VALUES('outcome_codes','sqlite_autoindex_outcome_codes_1','4 1');
INSERT INTO sqlite_stat1 VALUES('result_rows','result_rows','72 24 8 1');
INSERT INTO sqlite_stat1 VALUES('facts','sqlite_autoindex_facts_1','8 1');
INSERT INTO sqlite_stat1 VALUES('dates','sqlite_autoindex_dates_1','2 1');
INSERT INTO sqlite_stat1 VALUES('runs','sqlite_autoindex_runs_1','4 1');
INSERT INTO sqlite_stat1 VALUES('input_errors','input_errors','12 3 1 1');
INSERT INTO sqlite_stat1 VALUES('rankings','rankings','5 5 5 1');
INSERT INTO sqlite_stat1 VALUES('ranking_runs','ranking_runs','1 1 1');
INSERT INTO sqlite_stat1 VALUES('run_programs','run_programs','12 3 1');
INSERT INTO sqlite_stat1 VALUES('programs','sqlite_autoindex_programs_1','3 1 1');
DELETE FROM sqlite_sequence;
CREATE INDEX audit_by_applicant ON audit(applicant_id);
CREATE INDEX audit_by_origin ON audit(origin, origin_seq);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_sources_no_update BEFORE UPDATE ON audit_sources BEGIN SELECT RAISE(ABORT, 'stored rule sources are append-only'); END;
CREATE TRIGGER audit_sources_no_delete BEFORE DELETE ON audit_sources BEGIN SELECT RAISE(ABORT, 'stored rule sources are append-only'); END;
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
CREATE INDEX applicants_by_id ON applicants(applicant_id);
COMMIT;
PRAGMA user_version=3;
