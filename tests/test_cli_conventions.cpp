// SPDX-License-Identifier: Apache-2.0
// The command line's conventions: `-` for standard input, NO_COLOR and --no-color on both
// streams, the shell completions and the manual page made from the command line itself,
// and the installed rules found when --rules is not given.
#include <catch2/catch.hpp>
#include <filesystem>

#include "test_cli_support.hpp"

namespace ct = elig::clitest;
namespace fs = std::filesystem;
using Catch::Contains;

namespace {

const char* kMaker = "examples/gunma-maker.yaml";

// Runs `command` with a terminal on standard output and standard error (script(1)), so that
// colour is chosen as it would be for a person at a terminal.
ct::Run OnTerminal(const std::string& command) {
  return ct::Shell("script -qec " + ct::Quote(command) + " /dev/null");
}

bool HasEscape(const std::string& s) { return s.find('\x1b') != std::string::npos; }

}  // namespace

TEST_CASE("check reads the applicant from standard input with --applicant -", "[cli][conventions]") {
  ct::Run file = ct::Elig(std::string("check --rules rules --as-of 2025-10-15 --format json --applicant ") + kMaker);
  ct::Run piped = ct::Elig("check --rules rules --as-of 2025-10-15 --format json --applicant -", ct::Slurp(fs::path(ELIG_SOURCE_DIR) / kMaker));
  REQUIRE(file.exit == piped.exit);
  CHECK(file.exit != 65);
  // The same decisions; only the applicant's default id (its file name) differs.
  std::string expected = file.out;
  for (size_t at; (at = expected.find(kMaker)) != std::string::npos;) expected.replace(at, std::string(kMaker).size(), "<stdin>");
  CHECK(piped.out == expected);
}

TEST_CASE("a broken applicant on standard input is reported as <stdin> with its line", "[cli][conventions]") {
  ct::Run r = ct::Elig("check --rules rules --applicant -", "capital: [1, 2\n");
  CHECK(r.exit == 65);
  CHECK_THAT(r.err, Contains("<stdin>:"));
}

TEST_CASE("match reads the applicant from standard input", "[cli][conventions]") {
  ct::Run r = ct::Elig("match --rules rules --as-of 2025-10-15 --applicant -", ct::Slurp(fs::path(ELIG_SOURCE_DIR) / kMaker));
  CHECK((r.exit == 0 || r.exit == 2));
  CHECK_THAT(r.out, Contains("272,777"));
}

TEST_CASE("batch and rank read applicants from standard input with --input-format", "[cli][conventions]") {
  fs::path dir = ct::Scratch() / "stdin-batch";
  fs::create_directories(dir);
  const std::string csv = "id,city,legal_form,capital,employees\nA,高崎市,株式会社,10000000,5\nB,前橋市,個人事業主,0,1\n";
  ct::Run r = ct::Elig("batch --rules rules --as-of 2025-10-15 --input - --input-format csv --out " + ct::Quote((dir / "r.db").string()),
                       csv);
  CHECK(r.exit == 0);
  CHECK_THAT(r.out, Contains("2 applicants from -"));
  // The run names standard input as `-`, not the file it was kept in meanwhile.
  ct::Run runs = ct::Shell("sqlite3 " + ct::Quote((dir / "r.db").string()) + " 'SELECT input FROM runs'");
  CHECK(runs.out == "-\n");
  // The same input again resumes the same run: it is the same data.
  ct::Run again = ct::Elig("batch --rules rules --as-of 2025-10-15 --input - --input-format csv --out " +
                               ct::Quote((dir / "r.db").string()),
                           csv);
  CHECK(again.exit == 0);
  CHECK_THAT(again.out, Contains("already complete"));

  ct::Run rank = ct::Elig("rank --rules rules --program gunma.takasaki-trade-fair-2025 --as-of 2025-10-15 --input - --input-format csv "
                          "--results " + ct::Quote((dir / "rank.db").string()),
                          csv);
  CHECK(rank.exit == 0);
  CHECK_THAT(rank.err, Contains("rank:"));
}

TEST_CASE("standard input without its format is a usage error, for batch and rank", "[cli][conventions]") {
  ct::Run batch = ct::Elig("batch --rules rules --input - --out /nonexistent/r.db", "id\n");
  CHECK(batch.exit == 64);
  CHECK_THAT(batch.err, Contains("--input-format csv or jsonl"));
  ct::Run rank = ct::Elig("rank --rules rules --program gunma.takasaki-trade-fair-2025 --input - --input-format sqlite --results x.db",
                          "id\n");
  CHECK(rank.exit == 64);
  CHECK_THAT(rank.err, Contains("--input-format csv or jsonl"));
}

TEST_CASE("NO_COLOR and --no-color keep colour off standard error as well", "[cli][conventions]") {
  fs::path bad = ct::Scratch() / "bad-applicant.yaml";
  ct::Spit(bad, "capital: [1, 2\n");
  const std::string check = ct::Quote(ELIG_BINARY) + " check --rules rules --applicant " + ct::Quote(bad.string());
  // Only messages on standard error: the applicant cannot be read.
  ct::Run coloured = OnTerminal("cd " + ct::Quote(ELIG_SOURCE_DIR) + " && env -u NO_COLOR " + check);
  REQUIRE_THAT(coloured.out, Contains("error"));
  CHECK(HasEscape(coloured.out));
  CHECK_FALSE(HasEscape(OnTerminal("cd " + ct::Quote(ELIG_SOURCE_DIR) + " && env NO_COLOR=1 " + check).out));
  CHECK_FALSE(HasEscape(OnTerminal("cd " + ct::Quote(ELIG_SOURCE_DIR) + " && env -u NO_COLOR " + check + " --no-color").out));
  // An empty NO_COLOR asks for nothing (no-color.org).
  CHECK(HasEscape(OnTerminal("cd " + ct::Quote(ELIG_SOURCE_DIR) + " && env NO_COLOR= " + check).out));
}

TEST_CASE("the bash and zsh completions name every command and its options", "[cli][conventions]") {
  ct::Run bash = ct::Elig("completion bash");
  REQUIRE(bash.exit == 0);
  for (const char* word : {"check", "match", "ask", "batch", "rank", "serve", "audit verify", "--applicant", "--rules",
                           "--input-format", "compgen -W 'ja en'"})
    CHECK_THAT(bash.out, Contains(word));
  CHECK_FALSE(bash.out.find("'man'") != std::string::npos);  // the hidden page-maker is not offered
  fs::path script = ct::Scratch() / "elig.bash";
  ct::Spit(script, bash.out);
  CHECK(ct::Shell("bash -n " + ct::Quote(script.string())).exit == 0);
  // The completion completes: `elig ch<TAB>` gives check, `elig check --la<TAB>` gives --lang.
  ct::Run tab = ct::Shell("bash -c " + ct::Quote("source " + script.string() +
                                                 "; COMP_WORDS=(elig ch); COMP_CWORD=1; _elig; echo \"${COMPREPLY[*]}\";"
                                                 " COMP_WORDS=(elig check --la); COMP_CWORD=2; _elig; echo \"${COMPREPLY[*]}\";"
                                                 " COMP_WORDS=(elig check --lang ''); COMP_CWORD=3; _elig; echo \"${COMPREPLY[*]}\""));
  CHECK(tab.out == "check\n--lang\nja en\n");

  ct::Run zsh = ct::Elig("completion zsh");
  REQUIRE(zsh.exit == 0);
  CHECK_THAT(zsh.out, Contains("#compdef elig"));
  CHECK_THAT(zsh.out, Contains("_elig_audit_verify"));
  fs::path zscript = ct::Scratch() / "_elig";
  ct::Spit(zscript, zsh.out);
  // zsh is installed by scripts/install-deps.sh so that this parse always runs.
  CHECK(ct::Shell("zsh -n " + ct::Quote(zscript.string())).exit == 0);

  ct::Run unknown = ct::Elig("completion fish");
  CHECK(unknown.exit == 64);
}

TEST_CASE("the manual page documents every command, option and exit status", "[cli][conventions]") {
  ct::Run man = ct::Elig("man");
  REQUIRE(man.exit == 0);
  CHECK_THAT(man.out, Contains(".TH ELIG 1"));
  for (const char* word : {".SS \"elig check\"", ".SS \"elig audit verify\"", ".SS \"elig serve\"", "\\-\\-applicant",
                           ".SH EXIT STATUS", "NO_COLOR", "share/elig/rules"})
    CHECK_THAT(man.out, Contains(word));
  // No line starts with a stray request: every text line that starts with '.' is a macro we wrote.
  std::istringstream lines(man.out);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty() && line[0] == '.')
      CHECK((line.rfind(".TH", 0) == 0 || line.rfind(".SH", 0) == 0 || line.rfind(".SS", 0) == 0 || line.rfind(".TP", 0) == 0 ||
             line.rfind(".PP", 0) == 0 || line.rfind(".nf", 0) == 0 || line.rfind(".fi", 0) == 0 || line.rfind(".B", 0) == 0 ||
             line.rfind(".I", 0) == 0));
  // The build wrote the same page and completions next to the binary, for installing.
  fs::path built = fs::path(ELIG_BINARY).parent_path();
  CHECK(ct::Slurp(built / "elig.1") == man.out);
  CHECK(ct::Slurp(built / "elig.bash") == ct::Elig("completion bash").out);
}

TEST_CASE("without --rules and ./rules, elig uses the rules installed beside it", "[cli][conventions]") {
  // An installed layout: <prefix>/bin/elig and <prefix>/share/elig/rules.
  fs::path prefix = ct::Scratch() / "prefix";
  fs::create_directories(prefix / "bin");
  fs::create_directories(prefix / "share/elig");
  fs::copy_file(ELIG_BINARY, prefix / "bin/elig", fs::copy_options::overwrite_existing);
  fs::copy(fs::path(ELIG_SOURCE_DIR) / "rules", prefix / "share/elig/rules",
           fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  fs::path elsewhere = ct::Scratch() / "elsewhere";
  fs::create_directories(elsewhere);
  const std::string maker = (fs::path(ELIG_SOURCE_DIR) / kMaker).string();
  const std::string run = "cd " + ct::Quote(elsewhere.string()) + " && NO_COLOR=1 " + ct::Quote((prefix / "bin/elig").string()) +
                          " match --as-of 2025-10-15 --applicant " + ct::Quote(maker);
  ct::Run installed = ct::Shell(run);
  CHECK((installed.exit == 0 || installed.exit == 2));
  CHECK_THAT(installed.out, Contains("272,777"));
  // ./rules, when there is one, comes first: here it holds no programs at all.
  fs::create_directories(elsewhere / "rules");
  ct::Run local = ct::Shell(run);
  CHECK(local.exit == 66);
  CHECK_THAT(local.err, Contains("no programs under `rules`"));
  fs::remove_all(elsewhere / "rules");
  // The binary alone, with no rules beside it, says where it looked.
  fs::remove_all(prefix / "share");
  ct::Run none = ct::Shell(run);
  CHECK(none.exit == 66);
}

TEST_CASE("no function in engine/, cli/ or api/ is longer than 150 lines", "[conventions]") {
  ct::Run r = ct::Shell("python3 scripts/function-lengths.py --max 150 --top 5 engine cli api");
  INFO(r.out << r.err);
  CHECK(r.exit == 0);
  CHECK(r.out.find("engine/") != std::string::npos);  // it read the sources
  // The check can fail: a much lower limit is broken.
  CHECK(ct::Shell("python3 scripts/function-lengths.py --max 40 engine cli api").exit == 1);
}
