// SPDX-License-Identifier: Apache-2.0
// The readers' and the store's messages come from the catalog in both languages: an
// applicant in YAML or JSON, CSV and JSON Lines rows, a test file, the results file, and
// `elig check --lang ja` on a broken applicant, each at the same place in either language.
#include <catch2/catch.hpp>

#include <filesystem>

#include "compile/ruleset.hpp"
#include "io/applicant.hpp"
#include "io/csv.hpp"
#include "io/json_scalar.hpp"
#include "io/jsonl.hpp"
#include "io/testfile.hpp"
#include "store/schema.hpp"
#include "store/sqlite.hpp"
#include "test_cli_support.hpp"

using namespace elig;

namespace {

// The one error of reading `text` as the applicant file `name`.
Diagnostic ApplicantError(const std::string& name, const std::string& text) {
  SourceSet sources;
  Applicant a;
  std::vector<Diagnostic> diags;
  CHECK_FALSE(ParseApplicant(sources.Add(name, text), a, diags));
  REQUIRE(diags.size() == 1);
  return diags.front();
}

std::vector<InputRow> Rows(ApplicantStream& s) {
  std::vector<InputRow> rows;
  InputRow row;
  while (s.Next(row)) rows.push_back(row);
  return rows;
}

}  // namespace

TEST_CASE("an applicant file in YAML is refused in Japanese and in English at its line and column", "[readers][catalog]") {
  Diagnostic d = ApplicantError("a.yaml", "capital: 1\nas_of: 2026-02-30\n");
  CHECK(d.code == "bad-date");
  CHECK(d.loc.line == 2);
  CHECK(d.loc.column == 8);
  CHECK(d.message.Get(Lang::kJa) == "`as_of` は `2026-06-01` のような実在する日付で書いてください");
  CHECK(d.message.Get(Lang::kEn) == "`as_of` must be a real date like `2026-06-01`");

  Diagnostic twice = ApplicantError("b.yaml", "facts:\n  capital: 1\n  capital: 2\n");
  CHECK(twice.code == "duplicate-key");
  CHECK(twice.loc.line == 3);
  CHECK(twice.message.Get(Lang::kJa) == "事実 `capital` が二回書かれています");
  CHECK(twice.message.Get(Lang::kEn) == "the fact `capital` is given twice");
}

TEST_CASE("an applicant file in JSON is refused in Japanese and in English, broken JSON too", "[readers][catalog]") {
  Diagnostic nested = ApplicantError("a.json", "{\"capital\": [[1]]}");
  CHECK(nested.code == "bad-value");
  CHECK(nested.loc.column == 13);
  CHECK(nested.message.Get(Lang::kJa) == "一覧の中に一覧は書けません");
  CHECK(nested.message.Get(Lang::kEn) == "a list inside a list is not a fact value");

  Diagnostic list = ApplicantError("b.json", "[1, 2]");
  CHECK(list.code == "expected-map");
  CHECK(list.message.Get(Lang::kJa) == "申請者は {\"capital\": 10000000} のような、事実を並べた JSON のオブジェクトで書いてください");
  CHECK(list.message.Get(Lang::kEn) == "an applicant is a JSON object of facts, like {\"capital\": 10000000}");

  Diagnostic broken = ApplicantError("c.json", "{\"capital\": 1,");
  CHECK(broken.code == "bad-json");
  CHECK_THAT(broken.message.Get(Lang::kJa), Catch::StartsWith("JSON として正しくありません"));
  CHECK_THAT(broken.message.Get(Lang::kEn), Catch::StartsWith("not valid JSON: "));
}

TEST_CASE("simdjson's errors are said in a few catalog phrases", "[readers][catalog]") {
  using json_detail::Why;
  CHECK(Why(simdjson::UNCLOSED_STRING).en == "not valid JSON: an object, a list or a string is not closed");
  CHECK(Why(simdjson::INCOMPLETE_ARRAY_OR_OBJECT).ja == "JSON として正しくありません: オブジェクト、一覧または文字列が閉じていません");
  CHECK(Why(simdjson::T_ATOM_ERROR).en == Why(simdjson::N_ATOM_ERROR).en);
  CHECK(Why(simdjson::UTF8_ERROR).ja == "JSON として正しくありません: UTF-8 の文字として読めないバイトがあります");
  CHECK(Why(simdjson::NUMBER_ERROR).en == "not valid JSON: a number is not written as JSON writes numbers");
  // A rare one keeps simdjson's own words as an argument.
  CHECK_THAT(Why(simdjson::INDEX_OUT_OF_BOUNDS).en, Catch::StartsWith("not valid JSON: ") &&
                                                        Catch::Contains(simdjson::error_message(simdjson::INDEX_OUT_OF_BOUNDS)));
}

TEST_CASE("CSV header and row problems are said in Japanese and in English", "[readers][catalog]") {
  auto twice = OpenCsvText("a,b,a\n1,2,3\n", "x.csv");
  CHECK(twice->error().Get(Lang::kJa) == "x.csv:1:5: 見出しに `a` の欄が二つあります");
  CHECK(twice->error().Get(Lang::kEn) == "x.csv:1:5: the column `a` appears twice in the header");

  auto s = OpenCsvText("id,capital,as_of\nA,1\nB,2,2026-02-30\n", "y.csv");
  REQUIRE(s->error().Empty());
  auto rows = Rows(*s);
  REQUIRE(rows.size() == 2);
  CHECK_FALSE(rows[0].readable);
  CHECK(rows[0].issues.at(0).loc.line == 2);
  CHECK(rows[0].issues[0].message.Get(Lang::kJa) == "欄の数が 2 個です。見出しの行と同じ 3 個にしてください");
  CHECK(rows[0].issues[0].message.Get(Lang::kEn) == "expected 3 fields (the header has 3), got 2");
  CHECK(rows[1].issues.at(0).message.Get(Lang::kJa) ==
        "`as_of` は `2026-06-01` のような実在する日付で書いてください（書かれていた値: `2026-02-30`）");
  CHECK(rows[1].issues[0].message.Get(Lang::kEn) == "`as_of` must be a real date like `2026-06-01`, got `2026-02-30`");
}

TEST_CASE("JSON Lines problems are said in Japanese and in English at their line", "[readers][catalog]") {
  ReaderOptions ro;
  ro.max_row_bytes = 20;
  auto s = OpenJsonlText("{\"capital\": 1}\n{\"capital\": 1, \"shop\": \"a long name\"}\n{\"a\": 1, \"a\": 2}\n", "z.jsonl", ro);
  auto rows = Rows(*s);
  REQUIRE(rows.size() == 3);
  CHECK(rows[1].issues.at(0).loc.line == 2);
  CHECK(rows[1].issues[0].message.Get(Lang::kJa) == "行が 20 バイトを超えています");
  CHECK(rows[1].issues[0].message.Get(Lang::kEn) == "the line is longer than 20 bytes");
  CHECK(rows[2].issues.at(0).message.Get(Lang::kJa) == "事実 `a` が二回書かれています");
  CHECK(rows[2].issues[0].message.Get(Lang::kEn) == "the fact `a` is given twice");

  auto missing = OpenJsonlFile("/nonexistent/x.jsonl");
  CHECK(missing->error().Get(Lang::kJa) == "/nonexistent/x.jsonl: ファイルを読み込めません");
  CHECK(missing->error().Get(Lang::kEn) == "/nonexistent/x.jsonl: cannot read the file");
}

TEST_CASE("a test file's mistakes are said in Japanese and in English", "[readers][catalog]") {
  SourceSet sources;
  TestFile tf;
  std::vector<Diagnostic> diags;
  LoadTestFile(sources.Add("t.test.yaml", "program: t.shop\ncases:\n  - name: one\n    facts: {}\n    expect: { outcome: yes }\n"),
               tf, diags);
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].code == "bad-value");
  CHECK(diags[0].loc.line == 5);
  CHECK(diags[0].message.Get(Lang::kJa) == "outcome は eligible、ineligible、undetermined、closed のどれかです");
  CHECK(diags[0].message.Get(Lang::kEn) == "outcome is one of eligible, ineligible, undetermined, closed");
}

TEST_CASE("a file too large to read is said in both languages", "[readers][catalog]") {
  std::filesystem::path p = clitest::Scratch() / "big.yaml";
  clitest::Spit(p, std::string(100, 'x'));
  std::string text;
  LocalText error;
  bool too_large = false;
  CHECK_FALSE(ReadFileLimited(p.string(), 10, text, error, &too_large));
  CHECK(too_large);
  CHECK(error.Get(Lang::kJa) == "ファイルが 100 バイトあります。読み込めるのは 10 バイトまでです");
  CHECK(error.Get(Lang::kEn) == "the file is 100 bytes; the limit is 10");
}

TEST_CASE("the results file's refusals are said in both languages with SQLite's reason", "[store][catalog]") {
  std::filesystem::path dir = clitest::Scratch() / "store-messages";
  std::filesystem::create_directories(dir);
  store::Status st;
  auto db = store::Db::Open((dir / "foreign.db").string(), store::OpenMode::kReadWriteCreate, st);
  REQUIRE(db);
  REQUIRE(db->Exec("CREATE TABLE people(name TEXT)").ok());
  st = store::EnsureSchema(*db);
  CHECK_FALSE(st.ok());
  std::string path = (dir / "foreign.db").string();
  CHECK(st.message.Get(Lang::kJa) == "`" + path + "` は elig が作ったものではない SQLite データベースです。新しいファイルを指定してください");
  CHECK(st.message.Get(Lang::kEn) == "`" + path + "` is an SQLite database that elig did not create; give a new file");

  std::string nowhere = (dir / "no-such-dir" / "r.db").string();
  CHECK_FALSE(store::Db::Open(nowhere, store::OpenMode::kReadWriteCreate, st));
  CHECK(st.code == store::kCantOpen);
  CHECK(st.message.Get(Lang::kJa) == "`" + nowhere + "` を開けません: unable to open database file");
  CHECK(st.message.Get(Lang::kEn) == "cannot open `" + nowhere + "`: unable to open database file");
}

TEST_CASE("check --lang ja says a broken applicant's problem in Japanese at its file, line and column", "[cli][catalog]") {
  std::filesystem::path p = clitest::Scratch() / "broken-date.yaml";
  clitest::Spit(p, "id: a-1\nas_of: 2026-02-30\nemployees: 3\n");
  clitest::Run ja = clitest::Elig("check --rules tests/data/cli/rules --applicant " + clitest::Quote(p.string()) + " --lang ja");
  CHECK(ja.exit == 65);
  CHECK(ja.err.find(p.string() + ":2:8: error[bad-date]: `as_of` は `2026-06-01` のような実在する日付で書いてください") !=
        std::string::npos);
  clitest::Run en = clitest::Elig("check --rules tests/data/cli/rules --applicant " + clitest::Quote(p.string()));
  CHECK(en.err.find(p.string() + ":2:8: error[bad-date]: `as_of` must be a real date like `2026-06-01`") != std::string::npos);
}
