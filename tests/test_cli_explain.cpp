// SPDX-License-Identifier: Apache-2.0
// End-to-end: `elig check --format compact`, `elig explain` back to the text and JSON
// `elig check` prints, `elig batch --explain-compact`, and explain's errors.
#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include "test_cli_support.hpp"

using namespace elig::clitest;
using nlohmann::json;

namespace {

const std::string kRules = "--rules tests/data/cli/rules";
std::string Applicant(const std::string& name) { return " --applicant tests/data/cli/applicants/" + name + ".yaml"; }

}  // namespace

TEST_CASE("explain turns check's compact lines back into check's text and JSON", "[cli][explain]") {
  for (const std::string name : {"maker", "partial", "tokyo", "bad-value", "early"}) {
    INFO(name);
    Run compact = Elig("check " + kRules + Applicant(name) + " --format compact");
    Run text = Elig("check " + kRules + Applicant(name) + " --lang ja");
    Run full = Elig("check " + kRules + Applicant(name) + " --format json");
    REQUIRE(compact.exit == text.exit);  // the same exit code: the same outcomes
    REQUIRE(!compact.out.empty());
    size_t lines = 0;
    for (char c : compact.out) lines += c == '\n';
    json programs = json::parse(full.out);
    CHECK(lines == programs.size());  // one line per program

    Run back = Elig("explain " + kRules + " --lang ja", compact.out);
    CHECK(back.exit == 0);
    CHECK(back.err.empty());
    CHECK(back.out == text.out);

    Run back_json = Elig("explain " + kRules + " --format json", compact.out);
    REQUIRE(back_json.exit == 0);
    json again = json::array();
    std::istringstream in(back_json.out);
    for (std::string line; std::getline(in, line);) again.push_back(json::parse(line));
    // A compact line holds one decision: what the screening adds to check's JSON (the final
    // award after 併給制限 among the programs checked together, and its notes) is not in it.
    for (auto& p : programs) {
      CHECK(p.contains("final_award"));
      CHECK(p.at("combine").is_array());
      p.erase("final_award");
      p.erase("combine");
    }
    CHECK(again == programs);
  }
}

TEST_CASE("explain reports each bad line with its number and explains the others", "[cli][explain]") {
  Run one = Elig("check " + kRules + Applicant("maker") + " --program test.alpha --format compact");
  REQUIRE(!one.out.empty());
  std::string good = one.out.substr(0, one.out.find('\n'));
  std::string other_version = good;
  const size_t at = other_version.find("\"version\":\"") + 11;
  other_version.replace(at, other_version.find('"', at) - at, "0.0-old");
  const std::string input = "not json\n" + good + "\n{\"format\":\"elig-compact-1\"}\n\n" +
                            "{\"program\":\"no.such\"}\n" + other_version + "\r\n" + good + "\r\n";
  Run r = Elig("explain " + kRules, input);
  CHECK(r.exit == 65);
  CHECK(r.err.find("<stdin>:1: error: not JSON") != std::string::npos);
  CHECK(r.err.find("<stdin>:3: error: no `program`") != std::string::npos);
  CHECK(r.err.find("<stdin>:5: error: program `no.such` is not among the rules") != std::string::npos);
  CHECK(r.err.find("<stdin>:6: error: not a compact decision JSON of `test.alpha`: it was made by version `0.0-old`") !=
        std::string::npos);
  CHECK(r.err.find("<stdin>:2:") == std::string::npos);
  CHECK(r.err.find("<stdin>:7:") == std::string::npos);  // CRLF lines are read too
  // Lines 2 and 7 were explained.
  Run text = Elig("check " + kRules + Applicant("maker") + " --program test.alpha");
  CHECK(r.out == text.out + "\n" + text.out);

  // A line past 16 MiB is refused without being read into memory; the next line still is read.
  Run huge = Elig("explain " + kRules, std::string(17u << 20, 'x') + "\n" + good + "\n");
  CHECK(huge.exit == 65);
  CHECK(huge.err.find("<stdin>:1: error: the line is longer than 16 MiB") != std::string::npos);
  CHECK(huge.out == text.out);

  Run missing = Elig("explain " + kRules + " --input tests/data/cli/no-such-file.jsonl");
  CHECK(missing.exit == 74);
  CHECK(missing.err.find("cannot read") != std::string::npos);
  Run help = Elig("explain --help");
  CHECK(help.exit == 0);
  CHECK(help.out.find("elig explain --rules rules --input decisions.jsonl") != std::string::npos);
}

TEST_CASE("batch --explain-compact stores compact decisions that explain reads", "[cli][explain][batch]") {
  fs::path dir = Scratch();
  Spit(dir / "in.csv", "id,prefecture,legal_form,capital,employees,tax_arrears,expenses,exported_before\n"
                       "a1,群馬県,company,10000000,3,no,800000,true\n"
                       "a2,東京都,company,90000000,80,yes,100,false\n");
  const std::string db = (dir / "out.db").string();
  Run b = Elig("batch " + kRules + " --input " + Quote((dir / "in.csv").string()) + " --out " + Quote(db) +
               " --program test.alpha --as-of 2026-06-01 --explain-compact --no-progress");
  INFO(b.err);
  REQUIRE(b.exit == 0);
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(h, "SELECT explanation FROM results ORDER BY seq", -1, &st, nullptr) == SQLITE_OK);
  std::string lines;
  while (sqlite3_step(st) == SQLITE_ROW) lines += std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) + "\n";
  sqlite3_finalize(st);
  REQUIRE(sqlite3_prepare_v2(h, "SELECT explain FROM runs", -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  CHECK(sqlite3_column_int(st, 0) == 2);
  sqlite3_finalize(st);
  sqlite3_close(h);
  CHECK(lines.rfind("{\"format\":\"elig-compact-1\",\"program\":\"test.alpha\"", 0) == 0);
  Run r = Elig("explain " + kRules + " --format json", lines);
  REQUIRE(r.exit == 0);
  std::istringstream in(r.out);
  std::vector<std::string> outcomes;
  for (std::string line; std::getline(in, line);) outcomes.push_back(json::parse(line).at("outcome"));
  CHECK(outcomes == std::vector<std::string>{"eligible", "ineligible"});

  Run both = Elig("batch " + kRules + " --input x.csv --out y.db --explain --explain-compact");
  CHECK(both.exit == 64);
  CHECK(both.err.find("excludes") != std::string::npos);
}
