// SPDX-License-Identifier: Apache-2.0
// Evaluation errors (overflow, division by zero) are made and stored in English and said in
// the language of the person reading them: `elig check`, `elig match`, `elig explain` and the
// C API (test_capi.cpp) say them in Japanese with --lang ja.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "common/catalog.hpp"
#include "test_cli_support.hpp"

namespace ct = elig::clitest;
namespace fs = std::filesystem;
using Catch::Contains;
using elig::EvalError;
using elig::Lang;
using elig::Msg;
using elig::Say;
using elig::SayEvalError;

TEST_CASE("every evaluation error is said again in Japanese from its stored English", "[catalog][eval-errors]") {
  const auto a = fmt::arg("a", "9,000,000,000,000");
  const auto b = fmt::arg("b", "-1,000");
  const auto value = fmt::arg("value", "1/3");
  const auto table = fmt::arg("table", "rates: by `industry`");
  const auto amount = fmt::arg("amount", "-5,000");
  struct Case {
    std::string en, ja;
  };
  std::vector<Case> cases;
  auto add = [&](Msg id, const auto&... args) { cases.push_back({EvalError(id, args...), Say(Lang::kJa, id, args...)}); };
#define ELIG_EVAL_ERROR_CASE(name) add(Msg::name, a, b, value, table, amount);
  ELIG_EVAL_ERRORS(ELIG_EVAL_ERROR_CASE)
#undef ELIG_EVAL_ERROR_CASE
  REQUIRE(cases.size() == 16);
  for (const Case& c : cases) {
    INFO(c.en);
    CHECK(c.en != c.ja);
    CHECK(SayEvalError(Lang::kJa, c.en) == c.ja);
    CHECK(SayEvalError(Lang::kEn, c.en) == c.en);
    // As a decision's errors hold it: after the rule's id, or the award's.
    CHECK(SayEvalError(Lang::kJa, "small-firm: " + c.en) == "small-firm: " + c.ja);
    CHECK(SayEvalError(Lang::kJa, "award: " + c.en) == "支給額: " + c.ja);
  }
  CHECK(SayEvalError(Lang::kJa, "division by zero") == "0 で割っています");
  CHECK(SayEvalError(Lang::kJa, "the sum of 1 and 2 is out of range") == "1 と 2 の和が扱える範囲を超えています");
  CHECK(SayEvalError(Lang::kJa, "the table `rates: by `industry`` has no row for this value") ==
        "表 `rates: by `industry`` にこの値の行がありません");
}

TEST_CASE("a stored text that no phrase makes is shown as it is, and odd input never hangs", "[catalog][eval-errors]") {
  CHECK(SayEvalError(Lang::kJa, "").empty());
  CHECK(SayEvalError(Lang::kJa, "something an older elig said") == "something an older elig said");
  CHECK(SayEvalError(Lang::kJa, "r: something else") == "r: something else");
  CHECK(SayEvalError(Lang::kJa, "award: ") == "award: ");
  // Errors nest only as deep as the engine makes them; deeper, or longer than it makes, as stored.
  std::string deep;
  for (int i = 0; i < 10'000; ++i) deep += "r: ";
  deep += "division by zero";
  CHECK(SayEvalError(Lang::kJa, deep) == deep);
  CHECK(SayEvalError(Lang::kJa, "r: q: division by zero") == "r: q: 0 で割っています");
  std::string many = "the sum of ";
  for (int i = 0; i < 200; ++i) many += "1 and ";
  many += "2 is out of range";
  std::string rest;  // each placeholder takes the shortest text that lets the rest match
  for (int i = 0; i < 199; ++i) rest += "1 and ";
  CHECK(SayEvalError(Lang::kJa, many) == "1 と " + rest + "2 の和が扱える範囲を超えています");
  std::string ten;
  for (int i = 0; i < 10; ++i) ten += "r: ";
  CHECK(SayEvalError(Lang::kJa, ten + "division by zero") == ten + "division by zero");
  std::string huge = "the sum of " + std::string(100'000, 'x') + " and 2 is out of range";
  CHECK(SayEvalError(Lang::kJa, huge) == huge);
}

namespace {

// A requirement that divides by a fact given as 0, and an award that overflows.
const char* kProgram = R"(program: t.errors
version: "1"
title: { ja: 評価エラーの例, en: Evaluation errors }
window: 2026-04-01 .. 2027-03-31
facts:
  members: { type: int }
  expenses: { type: yen }
requirements:
  - id: per-member
    rule: expenses / members >= 1 yen
award: expenses * 9_000_000_000 * 9_000_000_000
)";

const char* kApplicant = "members: 0\nexpenses: 100\n";

struct Files {
  fs::path dir, rules, applicant;
};

Files Write(const std::string& name) {
  Files f;
  f.dir = ct::Scratch() / name;
  f.rules = f.dir / "rules";
  fs::create_directories(f.rules);
  ct::Spit(f.rules / "errors.yaml", kProgram);
  f.applicant = f.dir / "applicant.yaml";
  ct::Spit(f.applicant, kApplicant);
  return f;
}

const std::string kDivisionEn = "per-member: division by zero";
const std::string kDivisionJa = "per-member: 0 で割っています";
const std::string kOverflowEn = "the product of 900,000,000,000 and 9,000,000,000 is out of range";
const std::string kOverflowJa = "900,000,000,000 と 9,000,000,000 の積が扱える範囲を超えています";

}  // namespace

TEST_CASE("check and match say a division by zero and an overflow in the language of --lang", "[cli][lang][eval-errors]") {
  Files f = Write("eval-errors-check");
  const std::string check = "check --rules " + ct::Quote(f.rules.string()) + " --as-of 2026-06-01 --applicant " +
                            ct::Quote(f.applicant.string());
  ct::Run en = ct::Elig(check);
  CHECK(en.exit == 2);
  CHECK_THAT(en.out, Contains("evaluation error: " + kDivisionEn + "\n"));
  CHECK_THAT(en.out, Contains("evaluation error: award: " + kOverflowEn + "\n"));
  ct::Run ja = ct::Elig(check + " --lang ja");
  CHECK(ja.exit == 2);
  CHECK_THAT(ja.out, Contains("評価エラー: " + kDivisionJa + "\n"));
  CHECK_THAT(ja.out, Contains("評価エラー: 支給額: " + kOverflowJa + "\n"));
  CHECK(ja.out.find("division by zero") == std::string::npos);
  CHECK(ja.out.find("out of range") == std::string::npos);

  // The JSON is for programs: its errors are the stored English in every language.
  ct::Run json = ct::Elig(check + " --lang ja --format json");
  CHECK_THAT(json.out, Contains("\"" + kDivisionEn + "\""));
  CHECK_THAT(json.out, Contains("\"award: " + kOverflowEn + "\""));

  const std::string match = "match --rules " + ct::Quote(f.rules.string()) + " --as-of 2026-06-01 --applicant " +
                            ct::Quote(f.applicant.string());
  CHECK_THAT(ct::Elig(match).out, Contains("evaluation error: " + kDivisionEn + "\n"));
  ct::Run match_ja = ct::Elig(match + " --lang ja");
  CHECK_THAT(match_ja.out, Contains("評価エラー: " + kDivisionJa + "\n"));
  CHECK_THAT(match_ja.out, Contains("評価エラー: 支給額: " + kOverflowJa + "\n"));
}

TEST_CASE("a stored explanation's errors are said in the language of explain's --lang", "[cli][lang][eval-errors]") {
  Files f = Write("eval-errors-explain");
  ct::Run compact = ct::Elig("check --rules " + ct::Quote(f.rules.string()) + " --as-of 2026-06-01 --lang ja --format compact "
                             "--applicant " + ct::Quote(f.applicant.string()));
  CHECK_THAT(compact.out, Contains(kDivisionEn));  // stored in English whatever --lang
  CHECK(compact.out.find("0 で割って") == std::string::npos);
  const std::string explain = "explain --rules " + ct::Quote(f.rules.string());
  CHECK_THAT(ct::Elig(explain, compact.out).out, Contains("evaluation error: " + kDivisionEn + "\n"));
  ct::Run ja = ct::Elig(explain + " --lang ja", compact.out);
  CHECK(ja.exit == 0);
  CHECK_THAT(ja.out, Contains("評価エラー: " + kDivisionJa + "\n"));
  CHECK_THAT(ja.out, Contains("評価エラー: 支給額: " + kOverflowJa + "\n"));
}

TEST_CASE("batch stores evaluation errors in English whatever --lang", "[cli][lang][eval-errors][batch]") {
  Files f = Write("eval-errors-batch");
  fs::path db = f.dir / "out.db";
  fs::remove(db);
  ct::Run r = ct::Elig("batch --rules " + ct::Quote(f.rules.string()) + " --as-of 2026-06-01 --input - --input-format csv "
                       "--no-progress --lang ja --out " + ct::Quote(db.string()),
                       "id,members,expenses\nA,0,100\n");
  REQUIRE(r.exit == 0);
  sqlite3* conn = nullptr;
  REQUIRE(sqlite3_open_v2(db.string().c_str(), &conn, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(conn, "SELECT errors FROM results", -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  std::string errors = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(conn);
  CHECK_THAT(errors, Contains(kDivisionEn));
  CHECK_THAT(errors, Contains("award: " + kOverflowEn));
}
