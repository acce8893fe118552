// SPDX-License-Identifier: Apache-2.0
// The audit log: append-only rows chained by hash, rule sources stored once by
// hash, and `elig audit verify` finding the exact row that was edited or
// deleted, and a stored rule source that was altered, by the chain and by replay.
#include <catch2/catch.hpp>
#include <set>

#include "compile/ruleset.hpp"
#include "store/audit.hpp"
#include "test_batch_support.hpp"
#include "test_support.hpp"

using namespace elig;
using namespace elig::batch_test;

namespace {

// A log of `n` decisions about applicants A0.. against pref.fair and city.fair.
void MakeLog(const std::string& path, int n) {
  auto rs = RuleSet::LoadDir(BatchRules());
  REQUIRE(rs->ok());
  store::Status st;
  auto log = store::AuditLog::Open(path, st);
  REQUIRE(log);
  std::vector<store::AuditRecord> records;
  for (int i = 0; i < n; ++i) {
    const CompiledProgram* p = rs->Find(i % 2 ? "city.fair" : "pref.fair");
    Applicant a = test::MakeApplicant({{"prefecture", "群馬県"},
                                       {"city", "前橋市"},
                                       {"employees", std::to_string(10 + i)},
                                       {"fair_costs", std::to_string(100000 * (i + 1))},
                                       {"other_grants", "0"},
                                       {"first_time", i % 3 ? "yes" : "no"}});
    a.id = "A" + std::to_string(i);
    FactValues f = Bind(*p, a);
    EvalOptions eo;
    eo.as_of = *ParseDate("2026-06-01");
    Decision d = Decide(*p, f, eo);
    std::string hash;
    REQUIRE(log->AddRules(store::AuditSourcesOf(*rs, *p), hash).ok());
    records.push_back(store::MakeAuditRecord(d, hash, a, Lang::kEn, "test"));
    if (records.size() == 3) {  // several transactions
      REQUIRE(log->Append(records).ok());
      records.clear();
    }
  }
  REQUIRE(log->Append(records).ok());
}

store::VerifyReport Verify(const std::string& path, bool replay = true) {
  store::Status st;
  auto log = store::AuditLog::Open(path, st, store::OpenMode::kReadOnly);
  REQUIRE(log);
  store::VerifyReport report;
  store::VerifyOptions o;
  o.replay = replay;
  REQUIRE(store::VerifyAudit(*log, report, o).ok());
  return report;
}

std::vector<std::string> Problems(const store::VerifyReport& r) {
  std::vector<std::string> out;
  for (const auto& p : r.problems) out.push_back(std::to_string(p.row) + ":" + p.kind);
  return out;
}

// An attacker with the file: the triggers are dropped first.
void Tamper(const std::string& path, const std::string& sql) {
  store::Status st;
  auto db = store::Db::Open(path, store::OpenMode::kReadWrite, st);
  REQUIRE(db);
  REQUIRE(db->Exec("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; DROP TRIGGER audit_sources_no_update;").ok());
  st = db->Exec(sql);
  INFO(st.message.en);
  REQUIRE(st.ok());
}

}  // namespace

TEST_CASE("an untouched log verifies, replaying every decision", "[audit]") {
  TempDir dir;
  MakeLog(dir / "a.db", 10);
  auto r = Verify(dir / "a.db");
  CHECK(r.ok());
  CHECK(r.rows == 10);
  CHECK(r.replayed == 10);
  CHECK(r.head_sha256.size() == 64);
  // Sources are stored once by hash: two programs and one shared module.
  CHECK(r.sources == 3);
  CHECK(One(dir / "a.db", "SELECT count(*) FROM audit_rule_sets") == "2");
  CHECK(One(dir / "a.db", "SELECT files FROM audit_rule_sets WHERE files LIKE '%common/size.yaml%' LIMIT 1") != "");
  // Rows chain: each names the hash of the one before.
  CHECK(One(dir / "a.db", "SELECT count(*) FROM audit a JOIN audit b ON b.id = a.id + 1 WHERE b.prev_sha256 = a.row_sha256") == "9");
  CHECK(One(dir / "a.db", "SELECT rows, last_id FROM audit_head") == "10|10");
}

TEST_CASE("the log refuses UPDATE and DELETE", "[audit]") {
  TempDir dir;
  MakeLog(dir / "a.db", 2);
  store::Status st;
  auto db = store::Db::Open(dir / "a.db", store::OpenMode::kReadWrite, st);
  st = db->Exec("UPDATE audit SET outcome = 'eligible' WHERE id = 1");
  CHECK_THAT(st.message.en, Catch::Contains("append-only"));
  st = db->Exec("DELETE FROM audit WHERE id = 2");
  CHECK_THAT(st.message.en, Catch::Contains("append-only"));
  st = db->Exec("UPDATE audit_sources SET text = 'x'");
  CHECK_THAT(st.message.en, Catch::Contains("append-only"));
  CHECK(Verify(dir / "a.db").ok());
}

TEST_CASE("verify reports the exact row that was edited", "[audit]") {
  TempDir dir;
  MakeLog(dir / "a.db", 8);
  Tamper(dir / "a.db", "UPDATE audit SET award = '999999' WHERE id = 5");
  auto r = Verify(dir / "a.db");
  CHECK(Problems(r) == std::vector<std::string>{"5:edited", "5:replay"});
  CHECK_THAT(r.problems[1].message.en, Catch::Contains("award 999999 →"));
  // Without replay the chain alone finds it.
  CHECK(Problems(Verify(dir / "a.db", false)) == std::vector<std::string>{"5:edited"});
}

TEST_CASE("verify finds an edit whose row hash was rewritten, by the next row's link", "[audit]") {
  TempDir dir;
  MakeLog(dir / "a.db", 6);
  Tamper(dir / "a.db", "UPDATE audit SET applicant_id = 'X', row_sha256 = '" + std::string(64, 'a') + "' WHERE id = 3");
  auto r = Verify(dir / "a.db", false);
  CHECK(Problems(r) == std::vector<std::string>{"3:edited", "4:chain"});
  CHECK_THAT(r.problems[1].message.en, Catch::Contains("row 3 was replaced"));
}

TEST_CASE("verify reports a deleted row, in the middle and at the end", "[audit]") {
  TempDir dir;
  MakeLog(dir / "a.db", 7);
  Tamper(dir / "a.db", "DELETE FROM audit WHERE id = 4");
  auto r = Verify(dir / "a.db");
  REQUIRE(Problems(r) == std::vector<std::string>{"4:deleted"});
  CHECK_THAT(r.problems[0].message.en, Catch::Contains("row 4 deleted"));

  MakeLog(dir / "b.db", 7);
  Tamper(dir / "b.db", "DELETE FROM audit WHERE id = 7");
  auto end = Verify(dir / "b.db");
  REQUIRE(Problems(end) == std::vector<std::string>{"7:deleted"});
  CHECK_THAT(end.problems[0].message.en, Catch::Contains("row 7 deleted from the end"));
}

TEST_CASE("verify reports a stored rule source that was altered, and the rows it changes", "[audit]") {
  TempDir dir;
  MakeLog(dir / "a.db", 6);
  // The shared module: every row depends on it; the 300-employee limit becomes 3.
  Tamper(dir / "a.db", "UPDATE audit_sources SET text = replace(text, 'employees <= 300', 'employees <= 3') "
                       "WHERE text LIKE '%module: size%'");
  auto r = Verify(dir / "a.db");
  REQUIRE_FALSE(r.ok());
  auto problems = Problems(r);
  CHECK(std::count(problems.begin(), problems.end(), "1:source") == 1);
  bool found = false;
  for (const auto& p : r.problems)
    if (p.kind == "source") {
      found = true;
      CHECK_THAT(p.message.en, Catch::Contains("common/size.yaml"));
    }
  CHECK(found);
  // pref.fair rows (odd ids) need the module's limit: their replay now differs.
  CHECK(std::count(problems.begin(), problems.end(), "1:replay") == 1);
  CHECK(std::count(problems.begin(), problems.end(), "3:replay") == 1);
}

// A message said in Japanese holds no English phrase of the English one.
static void CheckJapanese(const LocalText& m) {
  INFO(m.ja);
  CHECK(!m.ja.empty());
  CHECK(m.ja != m.en);
  for (const char* english : {"row ", "rows ", "deleted", "replay", "the ", " was ", "award ", "outcome "})
    CHECK(m.ja.find(english) == std::string::npos);
}

TEST_CASE("verify says every problem in Japanese and in English", "[audit][catalog]") {
  TempDir dir;
  MakeLog(dir / "a.db", 8);
  Tamper(dir / "a.db",
         "UPDATE audit SET award = '999999' WHERE id = 5; DELETE FROM audit WHERE id = 2; DELETE FROM audit WHERE id = 8; "
         "UPDATE audit_sources SET text = replace(text, 'employees <= 300', 'employees <= 3') WHERE text LIKE '%module: size%'");
  store::VerifyOptions vo;
  vo.expect_head = store::AuditHead{9, std::string(64, 'b')};
  store::Status st;
  auto log = store::AuditLog::Open(dir / "a.db", st, store::OpenMode::kReadOnly);
  REQUIRE(log);
  store::VerifyReport r;
  REQUIRE(store::VerifyAudit(*log, r, vo).ok());
  std::set<std::string> kinds;
  for (const auto& p : r.problems) {
    kinds.insert(p.kind);
    CheckJapanese(p.message);
  }
  CHECK(kinds == std::set<std::string>{"cut", "deleted", "edited", "replay", "source"});
  auto message = [&](const std::string& kind, int64_t row) {
    for (const auto& p : r.problems)
      if (p.kind == kind && p.row == row) return p.message;
    return LocalText{};
  };
  CHECK(message("deleted", 2).ja == "2 行目が削除されています（ログは 1 行目から 3 行目に飛んでいます）");
  CHECK(message("deleted", 2).en == "row 2 deleted: the log jumps from row 1 to row 3");
  CHECK(message("edited", 5).ja == "5 行目が編集されています（内容がハッシュと一致しません）");
  CHECK_THAT(message("cut", 8).ja, Catch::Contains("8 行目から 9 行目が切り取られています"));
  CHECK_THAT(message("deleted", 8).ja, Catch::StartsWith("ログの末尾から8 行目が削除されています"));
  bool replay_award = false;
  for (const auto& p : r.problems)
    if (p.kind == "replay" && p.row == 5) {
      replay_award = true;
      CHECK_THAT(p.message.ja, Catch::StartsWith("5 行目を再判定すると結果が異なります: ") && Catch::Contains("補助額 999999 → "));
    }
  CHECK(replay_award);

  // A row whose stored inputs cannot be read cannot be replayed, and says why in both languages.
  MakeLog(dir / "b.db", 2);
  Tamper(dir / "b.db", "UPDATE audit SET inputs = '[1]' WHERE id = 2");
  auto b = Verify(dir / "b.db");
  bool unreadable = false;
  for (const auto& p : b.problems)
    if (p.kind == "replay") {
      unreadable = true;
      CHECK(p.message.ja == "2 行目を再判定できません: 保存された入力が JSON オブジェクトではありません");
      CHECK(p.message.en == "row 2 cannot be replayed: the stored inputs are not a JSON object");
    }
  CHECK(unreadable);
}

TEST_CASE("inputs round-trip exactly, even text that is not UTF-8", "[audit]") {
  Applicant a = test::MakeApplicant({{"name", "bad\xff byte"}, {"capital", "1,000"}});
  a.id = "id\xfe";
  a.as_of = ParseDate("2026-06-01");
  RawFact list;
  list.name = "tags";
  list.value.type = RawValue::Type::kList;
  list.value.items.resize(1);
  list.value.items[0].type = RawValue::Type::kScalar;
  list.value.items[0].text = "x";
  a.facts.push_back(list);
  RawFact none;
  none.name = "unknown";
  a.facts.push_back(none);
  Applicant back;
  LocalText why;
  REQUIRE(store::ApplicantFromInputsJson(store::InputsJson(a), back, why));
  CHECK(back.id == a.id);
  CHECK(back.as_of == a.as_of);
  REQUIRE(back.facts.size() == 4);
  CHECK(store::InputsJson(back) == store::InputsJson(a));
  CHECK_FALSE(store::ApplicantFromInputsJson("[1]", back, why));
  CHECK_FALSE(store::ApplicantFromInputsJson("{\"facts\": {\"a\": {\"x\": 1}}}", back, why));
}

TEST_CASE("elig check --audit, audit verify and audit show on the command line", "[audit][cli]") {
  TempDir dir;
  WriteFile(dir / "app.yaml", "id: maker-1\nas_of: 2026-06-01\nprefecture: 群馬県\ncity: 前橋市\nemployees: 12\n"
                              "fair_costs: 900000\nother_grants: 0\nfirst_time: yes\n");
  auto check = RunElig({"check", "--rules", BatchRules(), "--applicant", dir / "app.yaml", "--audit", dir / "log.db"});
  CHECK(check.exit == 0);
  RunElig({"check", "--rules", BatchRules(), "-p", "pref.fair", "--applicant", dir / "app.yaml", "--audit", dir / "log.db", "--lang", "ja"});
  CHECK(One(dir / "log.db", "SELECT count(*) FROM audit") == "4");
  CHECK(One(dir / "log.db", "SELECT origin, lang FROM audit WHERE id = 4") == "check|ja");

  auto ok = RunElig({"audit", "verify", dir / "log.db"});
  CHECK(ok.exit == 0);
  CHECK_THAT(ok.out, Catch::Contains("verified: 4 row(s), 4 replayed"));

  auto show = RunElig({"audit", "show", dir / "log.db", "--applicant", "maker-1"});
  CHECK(show.exit == 0);
  CHECK_THAT(show.out, Catch::Contains("#1") && Catch::Contains("pref.fair") && Catch::Contains("city.fair") &&
                           Catch::Contains("450,000 yen") && Catch::Contains("#4"));
  auto json = RunElig({"audit", "show", dir / "log.db", "--applicant", "maker-1", "--format", "json"});
  CHECK_THAT(json.out, Catch::Contains("\"explanation\"") && Catch::Contains("\"fair_costs\": \"900000\""));
  CHECK(RunElig({"audit", "show", dir / "log.db", "--applicant", "nobody"}).exit == 1);

  Tamper(dir / "log.db", "UPDATE audit SET outcome = 'ineligible' WHERE id = 2");
  auto bad = RunElig({"audit", "verify", dir / "log.db"});
  CHECK(bad.exit == 3);
  CHECK_THAT(bad.out, Catch::Contains("row 2 was edited") && Catch::Contains("NOT verified"));
  auto bad_json = RunElig({"audit", "verify", dir / "log.db", "--format", "json"});
  CHECK_THAT(bad_json.out, Catch::Contains("\"row\": 2"));

  CHECK(RunElig({"audit", "verify", dir / "missing.db"}).exit == 74);
  WriteFile(dir / "not.db", std::string(200, 'x'));
  CHECK(RunElig({"check", "--rules", BatchRules(), "--applicant", dir / "app.yaml", "--audit", dir / "not.db"}).exit == 74);
}

TEST_CASE("batch --audit logs every decision, with the explanation, verifiable", "[audit][batch]") {
  TempDir dir;
  WriteFile(dir / "in.csv", ToCsv(Generate(40, 17)));
  // The audit log in the results file itself.
  auto r = RunElig({"batch", "--rules", BatchRules(), "--input", dir / "in.csv", "--out", dir / "r.db", "--audit", dir / "r.db"});
  CHECK(r.exit == 0);
  CHECK(One(dir / "r.db", "SELECT count(*), count(DISTINCT applicant_id) FROM audit") == "120|40");
  CHECK(One(dir / "r.db", "SELECT count(*) FROM audit a JOIN results r ON r.seq = a.origin_seq AND r.program = a.program "
                          "WHERE r.outcome = a.outcome AND coalesce(CAST(r.award AS TEXT), 'x') = coalesce(a.award, 'x')") == "120");
  CHECK(RunElig({"audit", "verify", dir / "r.db"}).exit == 0);
}
