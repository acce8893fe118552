// SPDX-License-Identifier: Apache-2.0
// End-to-end tests of the officials' commands: `elig lint`, `elig test`,
// `elig doc` and `elig diff`, including their error paths.
#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "test_cli_support.hpp"

using namespace elig::clitest;
using nlohmann::json;

// ---------------------------------------------------------------------------
// lint

TEST_CASE("lint warns about conditions the fact schema decides", "[cli][lint]") {
  Run r = Elig("lint tests/data/cli/lint --as-of 2026-06-01");
  CHECK(r.exit == 0);  // warnings only
  Golden("lint-schema.txt", r.out);

  Run j = Elig("lint tests/data/cli/lint --as-of 2026-06-01 --format json");
  CHECK(j.exit == 0);
  json doc = json::parse(j.out);
  std::map<std::string, std::vector<int>> lines;  // code -> lines
  for (const auto& d : doc) lines[d.at("code").get<std::string>()].push_back(d.at("line").get<int>());
  CHECK(lines["never-holds"] == std::vector<int>{14, 22, 30, 39});
  CHECK(lines["always-holds"] == std::vector<int>{18, 34, 45});
  auto first = std::find_if(doc.begin(), doc.end(), [](const json& d) { return d.at("code") == "never-holds"; });
  REQUIRE(first != doc.end());
  CHECK(first->at("file") == "tests/data/cli/lint/sample.yaml");
  CHECK(first->at("column") == 11);
  CHECK(first->at("severity") == "warning");

  Run strict = Elig("lint tests/data/cli/lint --as-of 2026-06-01 --strict");
  CHECK(strict.exit == 66);
}

TEST_CASE("lint: no schema warnings on sound rules, errors and usage", "[cli][lint]") {
  Run ok = Elig("lint tests/data/cli/rules --as-of 2026-06-01 --format json");
  CHECK(ok.exit == 0);
  json doc = json::parse(ok.out);
  // The test rules are not written for applicants (no questions, no `apply:`): leave those warnings aside.
  const std::set<std::string> for_applicants = {"no-ask", "no-labels", "no-apply", "no-themes", "ask-refers", "text-place",
                                                "no-statement"};
  json rest = json::array();
  for (const auto& d : doc)
    if (!for_applicants.count(d.at("code").get<std::string>())) rest.push_back(d);
  REQUIRE(rest.size() == 1);  // gamma's window closed in 2025, nothing else
  CHECK(rest[0].at("code") == "window-closed");

  Run single = Elig("lint tests/data/cli/rules/alpha.yaml --as-of 2026-06-01 --format json");
  CHECK(single.exit == 0);
  for (const auto& d : json::parse(single.out)) CHECK(for_applicants.count(d.at("code").get<std::string>()) == 1);

  Run broken = Elig("lint tests/data/cli/broken-rules");
  CHECK(broken.exit == 66);
  CHECK(broken.out.find("tests/data/cli/broken-rules/broken.yaml:7:11: error[unknown-name]") != std::string::npos);

  Run missing = Elig("lint tests/data/cli/no-such-dir");
  CHECK(missing.exit == 64);
  CHECK(missing.err.find("neither a rule file nor a directory") != std::string::npos);

  Run bad_date = Elig("lint tests/data/cli/rules --as-of 2026-13-01");
  CHECK(bad_date.exit == 64);
}

// ---------------------------------------------------------------------------
// test

TEST_CASE("test shows a failing case with expected and actual values and the explanation", "[cli][test]") {
  Run r = Elig("test tests/data/cli/testcases");
  CHECK(r.exit == 3);
  Golden("test-failure.txt", r.out);
  CHECK(r.out.find("FAIL tests/data/cli/testcases/sample.test.yaml:11: cases.sample: an official's wrong expectation") == 0);
  CHECK(r.out.find("    expected: outcome eligible, award 200000\n") != std::string::npos);
  CHECK(r.out.find("    actual:   outcome ineligible, score 0, award 0\n") != std::string::npos);
  CHECK(r.out.find("    outcome: expected eligible, got ineligible\n") != std::string::npos);
  CHECK(r.out.find("[fail] small: 20 employees or fewer") != std::string::npos);
  CHECK(r.out.find("FAILED: 2 passed, 1 failed, in 1 file(s)") != std::string::npos);

  Run ja = Elig("test tests/data/cli/testcases --lang ja");
  CHECK(ja.out.find("[不充足] small: 従業員20人以下") != std::string::npos);

  Run j = Elig("test tests/data/cli/testcases --format json");
  CHECK(j.exit == 3);
  json doc = json::parse(j.out);
  CHECK(doc.at("passed") == 2);
  CHECK(doc.at("failed") == 1);
  const json& bad = doc.at("cases")[2];
  CHECK(bad.at("passed") == false);
  CHECK(bad.at("actual").at("outcome") == "ineligible");
  CHECK(bad.at("actual").at("failed") == json::array({"small"}));
  CHECK(bad.at("explanation").get<std::string>().find("NOT ELIGIBLE") != std::string::npos);
}

TEST_CASE("test --coverage names the rules never seen both ways, per program", "[cli][test]") {
  Run r = Elig("test tests/data/cli/testcases --coverage");
  CHECK(r.exit == 3);
  CHECK(r.out.find("coverage: 1 rule(s) not seen both true and false:\n  cases.sample\n    has-expenses (never false)\n") !=
        std::string::npos);
  Run j = Elig("test tests/data/cli/testcases --coverage --format json");
  CHECK(json::parse(j.out).at("coverage_gaps") == json::array({"cases.sample: has-expenses (never false)"}));
}

TEST_CASE("test error paths", "[cli][test][errors]") {
  Run unknown = Elig("test tests/data/cli/testcases-bad/unknown.test.yaml --rules tests/data/cli/testcases");
  CHECK(unknown.exit == 65);
  CHECK(unknown.err.find("unknown.test.yaml:1:10: error[unknown-program]: no program `no.such.program` in the rules") !=
        std::string::npos);
  // A file that does not load is never summed up as "ok".
  CHECK(unknown.out.find("ok: ") == std::string::npos);
  CHECK(unknown.out.find("INVALID: 0 passed, 0 failed, in 1 file(s); some test file could not be read") != std::string::npos);

  Run none = Elig("test tests/data/cli/rules");
  CHECK(none.exit == 65);
  CHECK(none.err.find("no *.test.yaml files found") != std::string::npos);

  Run rules = Elig("test tests/data/cli/testcases --rules tests/data/cli/broken-rules");
  CHECK(rules.exit == 66);

  Run usage = Elig("test");
  CHECK(usage.exit == 64);
}

// ---------------------------------------------------------------------------
// doc

TEST_CASE("doc renders the program page in Markdown and HTML, ja and en", "[cli][doc]") {
  Run ja = Elig("doc test.alpha --rules tests/data/cli/rules");
  CHECK(ja.exit == 0);
  Golden("doc-alpha.ja.md", ja.out);
  CHECK(ja.out.find("| 1 | 群馬県内に本社を有すること `in-gunma` | `prefecture == \"群馬県\"` | 要綱 第3条第1号 |") !=
        std::string::npos);
  CHECK(ja.out.find("補助額は expenses × rate（0.5）（端数切り捨て） と cap のいずれか低い額です。") != std::string::npos);

  Run en = Elig("doc test.alpha --rules tests/data/cli/rules --lang en");
  Golden("doc-alpha.en.md", en.out);
  CHECK(en.out.find("The award is the smaller of expenses × rate (0.5) rounded down and cap.") != std::string::npos);
  CHECK(en.out.find("- Application window: 2026-04-01 to 2027-03-31") != std::string::npos);

  Run html = Elig("doc test.alpha --rules tests/data/cli/rules --lang en --format html");
  Golden("doc-alpha.en.html", html.out);
  CHECK(html.out.find("<html lang=\"en\">") != std::string::npos);
  CHECK(html.out.find("<td><code>prefecture == &quot;群馬県&quot;</code></td>") != std::string::npos);

  // No award formula: the note says why.
  Run delta = Elig("doc test.delta --rules tests/data/cli/rules --lang en");
  CHECK(delta.out.find("The program states no award formula. Expert visits; no money is paid") != std::string::npos);

  const fs::path out = Scratch() / "alpha.html";
  Run file = Elig("doc test.alpha --rules tests/data/cli/rules --format html --output " + Quote(out.string()));
  CHECK(file.exit == 0);
  CHECK(file.out.empty());
  CHECK(Slurp(out).rfind("<!DOCTYPE html>", 0) == 0);
}

TEST_CASE("doc error paths", "[cli][doc][errors]") {
  Run unknown = Elig("doc no.such --rules tests/data/cli/rules");
  CHECK(unknown.exit == 64);
  CHECK(unknown.err.find("no program `no.such`") != std::string::npos);
  CHECK(unknown.err.find("test.alpha") != std::string::npos);  // the known ones are listed

  CHECK(Elig("doc test.alpha --rules tests/data/cli/rules --format pdf").exit == 64);
  CHECK(Elig("doc --rules tests/data/cli/rules").exit == 64);
  CHECK(Elig("doc test.alpha --rules tests/data/cli/broken-rules").exit == 66);
  Run unwritable = Elig("doc test.alpha --rules tests/data/cli/rules --output /nonexistent-dir/x.md");
  CHECK(unwritable.exit == 74);
  CHECK(unwritable.err.find("cannot write `/nonexistent-dir/x.md`") != std::string::npos);
}

// ---------------------------------------------------------------------------
// diff

TEST_CASE("diff on a threshold change reports exactly who changes, and the rule", "[cli][diff]") {
  const std::string dirs = "diff tests/data/cli/diff/old tests/data/cli/diff/new --applicants ";
  Run r = Elig(dirs + "tests/data/cli/diff/applicants.yaml");
  CHECK(r.exit == 0);
  Golden("diff-threshold.txt", r.out);

  Run j = Elig(dirs + "tests/data/cli/diff/applicants.yaml --format json");
  json doc = json::parse(j.out);
  CHECK(doc.at("applicants") == 6);
  REQUIRE(doc.at("changes").size() == 1);
  const json& c = doc.at("changes")[0];
  CHECK(c.at("applicant") == "fifteen");
  CHECK(c.at("program") == "diff.sample");
  CHECK(c.at("outcome") == json{{"old", "eligible"}, {"new", "ineligible"}});
  CHECK(c.at("award").at("old").at("yen") == 200000);
  CHECK(c.at("award").at("new").at("yen") == 0);
  CHECK(c.at("rules") == json::array({"small"}));
  CHECK(c.at("score").is_null());
  CHECK(doc.at("summary").at("changed_applicants") == 1);

  // The same applicants as JSON Lines give the same answer.
  Run jsonl = Elig(dirs + "tests/data/cli/diff/applicants.jsonl");
  CHECK(jsonl.exit == 0);
  CHECK(jsonl.out == r.out);

  // No change between a version and itself.
  Run same = Elig("diff tests/data/cli/diff/old tests/data/cli/diff/old --applicants tests/data/cli/diff/applicants.yaml "
                  "--format json");
  CHECK(json::parse(same.out).at("changes").empty());
}

TEST_CASE("diff names the award when only a parameter moved", "[cli][diff]") {
  Run j = Elig("diff tests/data/cli/diff/old tests/data/cli/diff/new-cap --applicants tests/data/cli/diff/applicants.yaml "
               "--format json");
  json doc = json::parse(j.out);
  REQUIRE(doc.at("changes").size() == 1);
  CHECK(doc.at("changes")[0].at("applicant") == "big-spend");
  CHECK(doc.at("changes")[0].at("outcome").is_null());
  CHECK(doc.at("changes")[0].at("rules") == json::array({"award"}));
  CHECK(doc.at("changes")[0].at("award").at("new").at("yen") == 250000);

  // Programs only on one side are listed, not compared.
  Run other = Elig("diff tests/data/cli/diff/old tests/data/cli/testcases --applicants tests/data/cli/diff/applicants.yaml "
                   "--format json");
  json o = json::parse(other.out);
  CHECK(o.at("programs").at("removed") == json::array({"diff.sample"}));
  CHECK(o.at("programs").at("added") == json::array({"cases.sample"}));
  CHECK(o.at("changes").empty());
}

TEST_CASE("diff error paths", "[cli][diff][errors]") {
  const std::string dirs = "diff tests/data/cli/diff/old tests/data/cli/diff/new ";
  Run broken_line = Elig(dirs + "--applicants tests/data/cli/diff/broken.jsonl");
  CHECK(broken_line.exit == 65);  // the readable line is still compared
  CHECK(broken_line.err.find("tests/data/cli/diff/broken.jsonl:2:") == 0);
  CHECK(broken_line.out.find("1 applicant(s)") != std::string::npos);

  Run broken_yaml = Elig(dirs + "--applicants tests/data/cli/diff/broken.yaml");
  CHECK(broken_yaml.exit == 65);
  CHECK(broken_yaml.err.find("tests/data/cli/diff/broken.yaml:3:1: error[yaml-syntax]") == 0);
  CHECK(broken_yaml.out.empty());

  Run scalar = Elig(dirs + "--applicants tests/data/cli/diff/scalar.yaml");
  CHECK(scalar.exit == 65);
  CHECK(scalar.err.find("tests/data/cli/diff/scalar.yaml:1:1: error[expected-list]") == 0);

  Run missing = Elig(dirs + "--applicants tests/data/cli/diff/none.yaml");
  CHECK(missing.exit == 65);
  CHECK(missing.err.find("tests/data/cli/diff/none.yaml: error[io]") == 0);

  CHECK(Elig(dirs).exit == 64);  // --applicants is required
  CHECK(Elig(dirs + "--applicants tests/data/cli/diff/applicants.yaml --program no.such").exit == 64);
  Run rules = Elig("diff tests/data/cli/diff/old tests/data/cli/broken-rules --applicants tests/data/cli/diff/applicants.yaml");
  CHECK(rules.exit == 66);
  CHECK(rules.err.find("broken.yaml:7:11: error[unknown-name]") != std::string::npos);
}
