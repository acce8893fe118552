// SPDX-License-Identifier: Apache-2.0
// End-to-end tests of `elig match` and of what every command shares: --help
// with an example, errors on stderr, colour only on a terminal, exit codes.
#include <elig_version.h>

#include <nlohmann/json.hpp>

#include "common/date.hpp"
#include "compile/ruleset.hpp"
#include "test_cli_support.hpp"

using namespace elig::clitest;
using nlohmann::json;

namespace {

const std::string kRules = "--rules tests/data/cli/rules";
std::string Applicant(const std::string& name) { return " --applicant tests/data/cli/applicants/" + name + ".yaml"; }

std::vector<std::string> Ids(const json& arr) {
  std::vector<std::string> out;
  for (const auto& e : arr) out.push_back(e.at("program").get<std::string>());
  return out;
}

}  // namespace

TEST_CASE("match groups the programs and orders the eligible ones by award", "[cli][match]") {
  Run r = Elig("match " + kRules + Applicant("maker"));
  CHECK(r.exit == 0);
  CHECK(r.err.empty());
  Golden("match-maker.txt", r.out);
  // The larger award first: alpha (300,000) before beta (100,000).
  CHECK(r.out.find("Alpha Grant") < r.out.find("Beta Consulting"));

  Run j = Elig("match " + kRules + Applicant("maker") + " --format json");
  REQUIRE(j.exit == 0);
  json doc = json::parse(j.out);
  CHECK(doc.at("applicant") == "maker");
  CHECK(doc.at("as_of") == "2026-06-01");
  CHECK(Ids(doc.at("eligible")) == std::vector<std::string>{"test.alpha", "test.beta"});
  CHECK(doc.at("eligible")[0].at("award").at("yen") == 300000);
  CHECK(doc.at("eligible")[0].at("score") == 5);
  CHECK(Ids(doc.at("ineligible")) == std::vector<std::string>{"test.delta"});
  CHECK(doc.at("ineligible")[0].at("reason").at("rule") == "first-export");
  CHECK(doc.at("ineligible")[0].at("reason").at("cite") == "要綱 第2条");
  CHECK(Ids(doc.at("closed")) == std::vector<std::string>{"test.gamma"});
  CHECK(doc.at("closed")[0].at("window").at("to") == "2025-03-31");
  CHECK(doc.at("undetermined").empty());
}

TEST_CASE("match names the facts still needed, in Japanese too", "[cli][match]") {
  Run r = Elig("match " + kRules + Applicant("partial") + " --lang ja");
  CHECK(r.exit == 2);  // nothing eligible, something undetermined
  Golden("match-partial-ja.txt", r.out);

  Run j = Elig("match " + kRules + Applicant("partial") + " --format json");
  json doc = json::parse(j.out);
  REQUIRE(doc.at("undetermined").size() == 3);
  // The closest to a decision first: beta needs one fact.
  CHECK(doc.at("undetermined")[0].at("program") == "test.beta");
  CHECK(doc.at("undetermined")[0].at("missing") == json::array({"employees"}));
  CHECK(doc.at("eligible").empty());
}

TEST_CASE("match gives the first reason of a refusal and a program without a formula", "[cli][match]") {
  Run r = Elig("match " + kRules + Applicant("tokyo"));
  CHECK(r.exit == 0);
  Golden("match-tokyo.txt", r.out);
  // The applicant's view: the answer by its label and the condition in words, no ids.
  CHECK(r.out.find("The head office is in Gunma — Prefecture of the head office: 東京都 (required: 群馬県) (要綱 第3条第1号)") !=
        std::string::npos);
  CHECK(r.out.find("in-gunma") == std::string::npos);
  CHECK(r.out.find("[test.alpha]") == std::string::npos);
  // The official's view keeps the rule's id, the compared expression and the program's id.
  Run official = Elig("match " + kRules + Applicant("tokyo") + " --view official");
  CHECK(official.exit == 0);
  CHECK(official.out.find("in-gunma: The head office is in Gunma — prefecture = \"東京都\" ≠ \"群馬県\" (要綱 第3条第1号)") !=
        std::string::npos);
  CHECK(official.out.find("Alpha Grant  [test.alpha]") != std::string::npos);
  CHECK(r.out.find("award not determinable (Expert visits; no money is paid)") != std::string::npos);
}

TEST_CASE("match exit codes: 1 when nothing is eligible, closed programs apart", "[cli][match]") {
  Run nobody = Elig("match " + kRules + Applicant("nobody") + " --format json");
  CHECK(nobody.exit == 1);
  json doc = json::parse(nobody.out);
  CHECK(doc.at("eligible").empty());
  CHECK(doc.at("undetermined").empty());
  CHECK(doc.at("ineligible").size() == 3);

  // In 2024 only gamma's window is open; the rest are listed as closed, not as refused.
  Run early = Elig("match " + kRules + Applicant("early") + " --format json");
  CHECK(early.exit == 0);
  doc = json::parse(early.out);
  CHECK(Ids(doc.at("eligible")) == std::vector<std::string>{"test.gamma"});
  CHECK(Ids(doc.at("closed")) == std::vector<std::string>{"test.alpha", "test.beta", "test.delta"});

  // --as-of overrides the applicant's date.
  Run later = Elig("match " + kRules + Applicant("early") + " --as-of 2026-06-01 --format json");
  doc = json::parse(later.out);
  CHECK(Ids(doc.at("closed")) == std::vector<std::string>{"test.gamma"});
}

TEST_CASE("match reports bad applicant data with file, line and field", "[cli][match][errors]") {
  Run bad = Elig("match " + kRules + Applicant("bad-value"));
  CHECK(bad.exit == 2);  // the bad value counts as unknown
  CHECK(bad.err.find("tests/data/cli/applicants/bad-value.yaml:5:12: warning[bad-value]: the fact `employees` is treated "
                     "as unknown: expected a whole number like `12` or `12人`, got `twelve`") != std::string::npos);
  CHECK(bad.err.find("bad-value.yaml:6:1: warning[unknown-fact]: no program asks for `employes`; did you mean `employees`?") !=
        std::string::npos);
  CHECK(bad.out.find("needs: Number of employees") != std::string::npos);

  Run broken = Elig("match " + kRules + Applicant("broken"));
  CHECK(broken.exit == 65);
  CHECK(broken.out.empty());
  CHECK(broken.err.find("tests/data/cli/applicants/broken.yaml:") == 0);
  CHECK(broken.err.find("error[yaml-syntax]") != std::string::npos);

  Run missing = Elig("match " + kRules + Applicant("no-such-file"));
  CHECK(missing.exit == 65);
  CHECK(missing.err.find("no-such-file.yaml: error[io]") != std::string::npos);
}

TEST_CASE("match usage and rule errors", "[cli][match][errors]") {
  Run no_applicant = Elig("match " + kRules);
  CHECK(no_applicant.exit == 64);
  CHECK(no_applicant.err.find("--applicant") != std::string::npos);
  CHECK(no_applicant.out.empty());

  Run bad_date = Elig("match " + kRules + Applicant("maker") + " --as-of 2026-02-30");
  CHECK(bad_date.exit == 64);
  CHECK(bad_date.err.find("--as-of `2026-02-30` is not a real date") != std::string::npos);

  Run bad_lang = Elig("match " + kRules + Applicant("maker") + " --lang fr");
  CHECK(bad_lang.exit == 64);

  Run broken_rules = Elig("match --rules tests/data/cli/broken-rules" + Applicant("maker"));
  CHECK(broken_rules.exit == 66);
  CHECK(broken_rules.err.find("tests/data/cli/broken-rules/broken.yaml:7:11: error[unknown-name]") != std::string::npos);

  Run empty = Elig("match --rules tests/data/cli/no-programs" + Applicant("maker"));
  CHECK(empty.exit == 66);
  CHECK(empty.err.find("no programs under `tests/data/cli/no-programs`") != std::string::npos);
}

TEST_CASE("every command has --help with an example", "[cli][help]") {
  for (const char* cmd : {"check", "match", "ask", "test", "lint", "doc", "diff"}) {
    INFO(cmd);
    Run r = Elig(std::string(cmd) + " --help");
    CHECK(r.exit == 0);
    CHECK(r.out.find("Example:") != std::string::npos);
    CHECK(r.out.find(std::string("elig ") + cmd) != std::string::npos);
    CHECK(r.out.find("Exit:") != std::string::npos);
  }
  Run none = Elig("");
  CHECK(none.exit == 64);
  Run unknown = Elig("frobnicate");
  CHECK(unknown.exit == 64);
}

TEST_CASE("colour only on a terminal", "[cli][color]") {
  const std::string args = "match " + kRules + Applicant("maker");
  // Through a pipe or a file: never.
  Run plain = Elig(args, "", "");
  REQUIRE(plain.exit == 0);
  CHECK(plain.out.find('\033') == std::string::npos);
  // On a terminal (script(1) gives the command a pseudo-terminal): yes, unless NO_COLOR or --no-color.
  auto on_tty = [](const std::string& env, const std::string& extra) {
    std::string inner = "env -u NO_COLOR " + env + " " + Quote(ELIG_BINARY) +
                        " match --rules tests/data/cli/rules --applicant tests/data/cli/applicants/maker.yaml" + extra;
    return Shell("script -qec " + Quote(inner) + " /dev/null");
  };
  Run tty = on_tty("", "");
  CHECK(tty.out.find("\033[1;32m") != std::string::npos);
  CHECK(on_tty("NO_COLOR=1", "").out.find('\033') == std::string::npos);
  CHECK(on_tty("", " --no-color").out.find('\033') == std::string::npos);
}

TEST_CASE("match applies 併給制限: not combined, and another grant deducted", "[cli][match][combine]") {
  // tests/data/batch/rules: pref.fair 450,000; pref.consult 100,000 but not with pref.fair;
  // city.fair 200,000 alone (capped), 150,000 once pref.fair's 450,000 comes off its costs.
  const std::string rules = "--rules tests/data/batch/rules";
  Run j = Elig("match " + rules + Applicant("combine") + " --format json");
  REQUIRE(j.exit == 0);
  json doc = json::parse(j.out);
  CHECK(Ids(doc.at("eligible")) == std::vector<std::string>{"pref.fair", "city.fair", "pref.consult"});
  const json& fair = doc.at("eligible")[0];
  CHECK(fair.at("final_award").at("yen") == 450000);
  CHECK(fair.at("combine").empty());
  const json& city = doc.at("eligible")[1];
  CHECK(city.at("award").at("yen") == 200000);
  CHECK(city.at("final_award").at("yen") == 150000);
  REQUIRE(city.at("combine").size() == 1);
  CHECK(city.at("combine")[0].at("kind") == "deduct");
  CHECK(city.at("combine")[0].at("other") == "pref.fair");
  CHECK(city.at("combine")[0].at("cite") == "要綱 第6条");
  const json& consult = doc.at("eligible")[2];
  CHECK(consult.at("award").at("yen") == 100000);
  CHECK(consult.at("final_award").at("yen") == 0);
  REQUIRE(consult.at("combine").size() == 1);
  CHECK(consult.at("combine")[0].at("kind") == "not-with");
  CHECK(consult.at("combine")[0].at("declared_by") == "pref.consult");

  Run t = Elig("match " + rules + Applicant("combine") + " --lang ja");
  REQUIRE(t.exit == 0);
  CHECK_THAT(t.out, Catch::Contains("併給制限後の補助額 150,000円"));
  CHECK_THAT(t.out, Catch::Contains("併給制限後の補助額 0円"));
  CHECK_THAT(t.out, Catch::Contains("（要綱 第6条）"));
  CHECK_THAT(t.out, Catch::Contains("（要領 第5条）"));
  // Without the programs it names, a program's award stands alone.
  Run alone = Elig("match --rules tests/data/batch/rules/city" + Applicant("combine") + " --format json");
  json solo = json::parse(alone.out);
  REQUIRE(solo.at("eligible").size() == 1);
  CHECK(solo.at("eligible")[0].at("final_award").at("yen") == 200000);
  CHECK(solo.at("eligible")[0].at("combine").empty());
}

// What to do next: each program the applicant may get says by when (worked out from the
// facts, in Japanese style in ja) and where to apply; closed programs are counted for an
// applicant, listed with --all, and always in JSON.
TEST_CASE("match says by when and where to apply, and lists closed programs only with --all", "[cli][match][apply]") {
  const std::string maker = " --rules rules --applicant examples/gunma-maker.yaml";
  // The shipped programs whose window does not hold the sample's day, 2025-10-15.
  auto shipped = elig::RuleSet::LoadDir(std::string(ELIG_SOURCE_DIR) + "/rules");
  const elig::Date day = *elig::ParseDate("2025-10-15");
  size_t closed_count = 0;
  for (const auto& p : shipped->programs())
    if ((p->window_from && day < *p->window_from) || (p->window_to && *p->window_to < day)) ++closed_count;
  REQUIRE(closed_count >= 11);
  const std::string closed = std::to_string(closed_count);
  Run ja = Elig("match" + maker + " --lang ja");
  INFO(ja.out << ja.err);
  REQUIRE(ja.exit == 0);
  // Takasaki: the end of the fiscal year; the IT subsidy: its 7th round closes 2025-12-02.
  CHECK(ja.out.find("申請期限: 2026年3月31日（令和7年度の終わり）") != std::string::npos);
  CHECK(ja.out.find("申請期限: 2025年12月2日（第7次締切）") != std::string::npos);
  CHECK(ja.out.find("申請先: 高崎市役所") != std::string::npos);
  CHECK(ja.out.find("受付期間外の制度 " + closed + " 件は表示していません（--all で表示）") != std::string::npos);
  CHECK(ja.out.find("受付期間: ") == std::string::npos);

  Run en = Elig("match" + maker);
  REQUIRE(en.exit == 0);
  CHECK(en.out.find("apply by 2026-03-31 (") != std::string::npos);
  CHECK(en.out.find(closed + " program(s) closed on this date are not shown (--all shows them)") != std::string::npos);

  Run all = Elig("match" + maker + " --lang ja --all");
  REQUIRE(all.exit == 0);
  CHECK(all.out.find("受付期間外（2025-10-15 時点、" + closed + "件）") != std::string::npos);
  CHECK(all.out.find("表示していません") == std::string::npos);

  Run j = Elig("match" + maker + " --format json");
  REQUIRE(j.exit == 0);
  json doc = json::parse(j.out);
  CHECK(doc.at("closed").size() == closed_count);
  bool takasaki = false;
  for (const auto& p : doc.at("eligible"))
    if (p.at("program") == "gunma.takasaki-trade-fair-2025") {
      takasaki = true;
      CHECK(p.at("apply").at("by") == "2026-03-31");
      CHECK(p.at("apply").at("passed") == false);
      CHECK(p.at("apply").at("url").get<std::string>().find("takasaki") != std::string::npos);
    }
  CHECK(takasaki);
}

// One version: `elig --version` says what CMake's project(VERSION) sets, as elig.h does through
// the elig_version.h CMake writes from it (elig.h states none by hand).
TEST_CASE("elig --version gives the project's version, the one elig.h declares", "[cli][version]") {
  Run r = Elig("--version");
  CHECK(r.exit == 0);
  CHECK(r.out == std::string("elig ") + ELIG_VERSION + "\n");
  std::ifstream header(std::string(ELIG_SOURCE_DIR) + "/api/include/elig.h");
  std::string text((std::istreambuf_iterator<char>(header)), std::istreambuf_iterator<char>());
  CHECK(text.find("#include \"elig_version.h\"") != std::string::npos);
  CHECK(text.find("#define ELIG_VERSION") == std::string::npos);
}

// --theme keeps match (and ask) to the programs of a theme; an unknown theme is a usage error
// with a suggestion.
TEST_CASE("match and ask keep to the programs of a theme with --theme", "[cli][match][theme]") {
  const std::string maker = " --rules rules --applicant examples/gunma-maker.yaml --format json";
  Run all = Elig("match" + maker);
  Run fairs = Elig("match" + maker + " --theme trade-fair");
  REQUIRE(all.exit == 0);
  REQUIRE(fairs.exit == 0);
  json a = json::parse(all.out), f = json::parse(fairs.out);
  size_t n_all = 0, n_fairs = 0;
  for (const char* group : {"eligible", "undetermined", "ineligible", "closed"}) {
    n_all += a.at(group).size();
    n_fairs += f.at(group).size();
    for (const auto& p : f.at(group)) CHECK(p.at("program").get<std::string>().find("it-donyu") == std::string::npos);
  }
  CHECK(n_fairs > 0);
  CHECK(n_fairs < n_all);
  Run bad = Elig("match" + maker + " --theme tradefair");
  CHECK(bad.exit == 64);
  CHECK(bad.err.find("no theme `tradefair`; did you mean `trade-fair`?") != std::string::npos);
  Run ask = Elig("ask --rules rules --theme tradefair", "");
  CHECK(ask.exit == 64);
}
