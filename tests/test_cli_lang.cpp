// SPDX-License-Identifier: Apache-2.0
// What `elig` itself says, in the language of --lang: a representative line of each command in
// Japanese with --lang ja and in English by default, all from the message catalog.
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "test_cli_support.hpp"

namespace ct = elig::clitest;
namespace fs = std::filesystem;
using Catch::Contains;
using Catch::StartsWith;

namespace {

const std::string kMaker = "examples/gunma-maker.yaml";
const std::string kCsv = "id,city,legal_form,capital,employees\nA,高崎市,株式会社,10000000,5\nB,前橋市,個人事業主,0,1\n";

// A directory of its own under the scratch directory.
fs::path Dir(const std::string& name) {
  fs::path dir = ct::Scratch() / name;
  fs::create_directories(dir);
  return dir;
}

// `elig ARGS` as it is (in English) and with --lang ja; both end with `exit`.
struct Both {
  ct::Run en, ja;
};
Both InBoth(const std::string& args, int exit, const std::string& input = "") {
  Both b{ct::Elig(args, input), ct::Elig(args + " --lang ja", input)};
  CHECK(b.en.exit == exit);
  CHECK(b.ja.exit == exit);
  return b;
}

}  // namespace

TEST_CASE("check's refusal of an unknown program is said in the language of --lang", "[cli][lang]") {
  auto [en, ja] = InBoth("check --rules rules --program no.such --applicant " + kMaker, 64);
  CHECK_THAT(en.err, StartsWith("elig: error: no program `no.such` under `rules`; known: "));
  CHECK_THAT(ja.err, StartsWith("elig: エラー: `rules` に制度 `no.such` はありません。ある制度: "));
}

TEST_CASE("a date that does not exist in --as-of is refused in the language of --lang", "[cli][lang]") {
  auto [en, ja] = InBoth("check --rules rules --applicant " + kMaker + " --as-of 2026-02-30", 64);
  CHECK(en.err == "elig: error: --as-of `2026-02-30` is not a real date (YYYY-MM-DD)\n");
  CHECK(ja.err == "elig: エラー: --as-of `2026-02-30` は実在する日付ではありません（YYYY-MM-DD で指定してください）\n");
}

TEST_CASE("ELIG_TZ is checked before the command line is read, so its refusal is in English", "[cli][lang]") {
  ct::Run r = ct::Elig("check --rules rules --applicant " + kMaker + " --lang ja", "", "NO_COLOR=1 ELIG_TZ=Mars/Base");
  CHECK(r.exit == 64);
  CHECK_THAT(r.err, StartsWith("elig: error: ELIG_TZ=`Mars/Base` is no time zone: give Asia/Tokyo, UTC or an offset"));
}

TEST_CASE("batch's summary is said in the language of --lang, and its JSON keeps its keys", "[cli][lang]") {
  fs::path dir = Dir("lang-batch");
  const std::string args = "batch --rules rules --as-of 2025-10-15 --input - --input-format csv --no-progress --out ";
  ct::Run en = ct::Elig(args + ct::Quote((dir / "en.db").string()), kCsv);
  CHECK(en.exit == 0);
  CHECK_THAT(en.out, StartsWith("batch: 2 applicants from - → " + (dir / "en.db").string() + " (run 1)\n  decided now: 2 in "));
  CHECK_THAT(en.out, Contains("  program" + std::string(29, ' ') + "   eligible ineligible undetermined   closed  total award (eligible)\n"));
  ct::Run ja = ct::Elig(args + ct::Quote((dir / "ja.db").string()) + " --lang ja", kCsv);
  CHECK(ja.exit == 0);
  CHECK_THAT(ja.out, StartsWith("batch: - の申請者 2 件 → " + (dir / "ja.db").string() + "（実行 1）\n  今回の判定: 2 件、"));
  // The header is padded by the columns a terminal gives each character (two for a Japanese one).
  CHECK_THAT(ja.out, Contains("  制度" + std::string(32, ' ') + std::string(7, ' ') + "対象" + std::string(5, ' ') + "対象外" +
                              std::string(5, ' ') + "判定保留 受付期間外  補助額の合計（対象）\n"));
  ct::Run again = ct::Elig(args + ct::Quote((dir / "ja.db").string()) + " --lang ja", kCsv);
  CHECK_THAT(again.out, Contains("  完了済み: 行うことはありません（結果は前回の実行のものです）\n"));

  ct::Run json = ct::Elig(args + ct::Quote((dir / "ja.db").string()) + " --lang ja --format json", kCsv);
  CHECK(json.exit == 0);
  CHECK_THAT(json.out, Contains("\"already_complete\": true") && Contains("\"award_not_determinable\""));
}

TEST_CASE("rank's report is said in the language of --lang", "[cli][lang]") {
  fs::path dir = Dir("lang-rank");
  const std::string args = "rank --rules rules --program gunma.takasaki-trade-fair-2025 --as-of 2025-10-15 --input - "
                           "--input-format csv --budget 30_000_000 --results ";
  ct::Run en = ct::Elig(args + ct::Quote((dir / "en.db").string()), kCsv);
  CHECK(en.exit == 0);
  CHECK_THAT(en.err, StartsWith("rank: ") && Contains(" eligible applicant(s) of gunma.takasaki-trade-fair-2025 (run 1); budget "));
  ct::Run ja = ct::Elig(args + ct::Quote((dir / "ja.db").string()) + " --lang ja", kCsv);
  CHECK(ja.exit == 0);
  CHECK_THAT(ja.err, StartsWith("rank: gunma.takasaki-trade-fair-2025 の対象申請者 ") && Contains("（実行 1）。予算 "));
  // The CSV is data: the same in both languages.
  CHECK(ja.out == en.out);

  ct::Run budget = ct::Elig("rank --rules rules --program gunma.takasaki-trade-fair-2025 --results x.db --budget 12.5 --lang ja");
  CHECK(budget.exit == 64);
  CHECK_THAT(budget.err, StartsWith("elig: エラー: --budget `12.5` は円単位の整数の金額ではありません"));
}

TEST_CASE("audit verify and audit show speak the language of --lang, and the JSON is the same in both", "[cli][lang][audit]") {
  fs::path db = Dir("lang-audit") / "audit.db";
  const std::string log = ct::Quote(db.string());
  REQUIRE(ct::Elig("check --rules rules --as-of 2025-10-15 --applicant " + kMaker + " --audit " + log).out.size() > 0);
  ct::Run en = ct::Elig("audit verify " + log);
  CHECK(en.exit == 0);
  CHECK_THAT(en.out, StartsWith("verified: ") && Contains(" row(s), ") && Contains(" stored rule source(s)\nhead: "));
  ct::Run ja = ct::Elig("audit verify " + log + " --lang ja");
  CHECK(ja.exit == 0);
  CHECK_THAT(ja.out, StartsWith("検証済み: ") && Contains("\nヘッド: "));
  CHECK(ct::Elig("audit verify " + log + " --format json --lang ja").out == ct::Elig("audit verify " + log + " --format json").out);

  ct::Run none = ct::Elig("audit show " + log + " --applicant nobody --lang ja");
  CHECK(none.exit == 1);
  CHECK(none.out == "" + db.string() + " に `nobody` についての判定はありません\n");
  ct::Run bad = ct::Elig("audit verify " + log + " --expect-head 12 --lang ja");
  CHECK(bad.exit == 64);
  CHECK_THAT(bad.err, StartsWith("elig: エラー: --expect-head `12` はヘッドではありません"));
}

TEST_CASE("test's failures and summary are said in the language of --lang", "[cli][lang][test]") {
  auto [en, ja] = InBoth("test tests/data/cli/testcases --coverage", 3);
  CHECK_THAT(en.out, Contains("    expected: outcome eligible, award 200000\n") &&
                         Contains("coverage: 1 rule(s) not seen both true and false:\n") &&
                         Contains("FAILED: 2 passed, 1 failed, in 1 file(s)\n"));
  CHECK_THAT(ja.out, StartsWith("不合格 tests/data/cli/testcases/sample.test.yaml:11: cases.sample: "));
  // The expectation is written in the test file's own keys, in both languages.
  CHECK_THAT(ja.out, Contains("    期待: outcome eligible, award 200000\n") && Contains("    説明:\n") &&
                         Contains("網羅: 真と偽の両方では確かめられていないルールが 1 件あります:\n") &&
                         Contains("不合格あり: 合格 2 件、不合格 1 件（1 ファイル）\n"));
  // Each mismatch, the explanation and each coverage gap, in the language of --lang.
  CHECK_THAT(en.out, Contains("    outcome: expected eligible, got ineligible\n    award: expected 200000, got 0\n") &&
                         Contains("      Outcome: NOT ELIGIBLE") && Contains("  cases.sample\n    has-expenses (never false)\n"));
  CHECK_THAT(ja.out, Contains("    outcome: 期待 eligible、結果 ineligible\n    award: 期待 200000、結果 0\n") &&
                         Contains("      判定: ") && Contains("  cases.sample\n    has-expenses（偽になっていません）\n"));
  for (const char* english : {"expected", "got ", "never", "explanation", "Outcome", "Requirements", "nothing"})
    CHECK(ja.out.find(english) == std::string::npos);
  // JSON keeps its keys; what a person reads in it follows --lang.
  nlohmann::json j = nlohmann::json::parse(ct::Elig("test tests/data/cli/testcases --coverage --format json --lang ja").out);
  CHECK(j.at("cases")[2].at("mismatches")[0] == "outcome: 期待 eligible、結果 ineligible");
  CHECK(j.at("coverage_gaps") == nlohmann::json::array({"cases.sample: has-expenses（偽になっていません）"}));
  ct::Run none = ct::Elig("test tests/data/cli/rules --lang ja");
  CHECK(none.exit == 65);
  CHECK(none.err == "elig: エラー: *.test.yaml ファイルが見つかりません\n");
}

TEST_CASE("lint's summary is said in the language of --lang", "[cli][lang][lint]") {
  auto [en, ja] = InBoth("lint tests/data/cli/broken-rules", 66);
  CHECK_THAT(en.out, Contains("1 error(s), "));
  CHECK_THAT(ja.out, Contains("エラー 1 件、警告 "));
  ct::Run missing = ct::Elig("lint tests/data/cli/no-such-dir --lang ja");
  CHECK(missing.exit == 64);
  CHECK(missing.err == "elig: エラー: `tests/data/cli/no-such-dir` はルールファイルでもディレクトリでもありません\n");
}

TEST_CASE("explain says why a line is not explained in the language of --lang", "[cli][lang][explain]") {
  auto [en, ja] = InBoth("explain --rules rules", 65, "{}\n{\"program\": \"no.such\"}\nnot json\n");
  CHECK_THAT(en.err, StartsWith("<stdin>:1: error: no `program`: not a compact decision\n"
                                "<stdin>:2: error: program `no.such` is not among the rules in `rules`\n"
                                "<stdin>:3: error: not JSON: "));
  CHECK_THAT(ja.err, StartsWith("<stdin>:1: エラー: `program` がありません。コンパクトな判定ではありません\n"
                                "<stdin>:2: エラー: 制度 `no.such` は `rules` のルールにありません\n"
                                "<stdin>:3: エラー: JSON ではありません: "));
}

TEST_CASE("diff's report and refusals are said in the language of --lang", "[cli][lang][diff]") {
  const std::string args = "diff tests/data/cli/diff/old tests/data/cli/diff/new --applicants tests/data/cli/diff/applicants.yaml";
  auto [en, ja] = InBoth(args, 0);
  CHECK_THAT(en.out, StartsWith("elig diff: tests/data/cli/diff/old -> tests/data/cli/diff/new, 6 applicant(s)"));
  CHECK_THAT(ja.out, StartsWith("elig diff: tests/data/cli/diff/old → tests/data/cli/diff/new（申請者 6 件、"));
  CHECK(ct::Elig(args + " --format json --lang ja").out == ct::Elig(args + " --format json").out);

  ct::Run unknown = ct::Elig(args + " --program no.such --lang ja");
  CHECK(unknown.exit == 64);
  CHECK(unknown.err ==
        "elig: エラー: `tests/data/cli/diff/old` にも `tests/data/cli/diff/new` にも制度 `no.such` はありません\n");
  ct::Run unknown_en = ct::Elig(args + " --program no.such");
  CHECK(unknown_en.err == "elig: error: no program `no.such` under `tests/data/cli/diff/old` or `tests/data/cli/diff/new`\n");
}

TEST_CASE("the rules with errors are refused in the language of --lang", "[cli][lang]") {
  const std::string args = "check --rules tests/data/cli/broken-rules --as-of 2025-10-15 --applicant " + kMaker;
  CHECK_THAT(ct::Elig(args).err, Contains("elig: the rules under `tests/data/cli/broken-rules` have 1 error(s); run "
                                          "`elig lint tests/data/cli/broken-rules` and fix them first\n"));
  CHECK_THAT(ct::Elig(args + " --lang ja").err,
             Contains("elig: `tests/data/cli/broken-rules` のルールにエラーが 1 件あります。"
                      "`elig lint tests/data/cli/broken-rules` を実行して、先に直してください\n"));
}

TEST_CASE("cli sources write no error or warning prefix of their own: it is the catalog's", "[cli][lang][catalog]") {
  size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(fs::path(ELIG_SOURCE_DIR) / "cli")) {
    if (e.path().extension() != ".cpp" && e.path().extension() != ".hpp") continue;
    ++files;
    std::string text = ct::Slurp(e.path());
    INFO(e.path().string());
    for (const char* prefix : {"\"elig: error", "\"elig: warning", "\"elig: internal", "\"rank: ", "\"batch: ", "\"coverage: "})
      CHECK(text.find(prefix) == std::string::npos);
  }
  CHECK(files > 5);
}
