// SPDX-License-Identifier: Apache-2.0
// What `elig --help`, `elig COMMAND --help` and the manual page say of each command: its
// one-line description and its footer (examples, what it does, exit codes), in one table.
// The options' own help stays beside the option it describes.
#include <string_view>

#include "common.hpp"

namespace elig::cli {
namespace {

struct CommandHelp {
  std::string_view key;  // the command's words after `elig`: "check", "audit verify"
  std::string_view about, footer;
};

// clang-format off
constexpr CommandHelp kCommands[] = {
    {"check", "Decide one applicant against one program (or all), with the reasons",
     "Example:\n  elig check --rules rules --program gunma.takasaki-trade-fair-2025 --applicant examples/gunma-maker.yaml --lang ja\n"
     "Exit: 0 eligible, 1 not eligible or closed, 2 undetermined, 65 bad applicant file, 66 rule errors.\n"
     "Without --program every program is checked; the exit code is that of the best outcome." },
    {"match", "Every program for one applicant: eligible (by award), undetermined, not eligible, closed",
     "Example:\n  elig match --rules rules --applicant examples/gunma-maker.yaml --lang ja\n"
     "Eligible programs come first, the largest award first; undetermined ones name the facts still\n"
     "needed; both say by when and where to apply when the program states it. Ineligible ones give the\n"
     "first reason; programs whose window is closed are counted (--all lists them; JSON always does).\n"
     "The applicant's view (the default) names facts by their labels and gives rules and the award in\n"
     "words; --view official adds program and rule ids and the compared expressions.\n"
     "Exit: 0 some program eligible, 2 none eligible but some undetermined, 1 none eligible,\n"
     "64 usage, 65 bad applicant file, 66 rule errors." },
    {"ask", "Interactive questionnaire: asks only what can still change an outcome",
     "Example:\n  elig ask --rules rules --lang ja --save answers.yaml\n"
     "  printf 'Gunma\\nno\\n' | elig ask --rules rules --program gunma.trade-fair-sample   # answers piped\n"
     "Answers are read from stdin, one per line, in everyday Japanese or English (docs/cli.md lists the\n"
     "forms read: amounts with man-yen, era dates and the like): yes/no for yes-no questions, a number or the\n"
     "value for a choice, an empty line or `?` when you do not know (the question is not asked again).\n"
     "A bad answer is explained and asked again. It stops as soon as the outcome is settled.\n"
     "Exit: as `elig match` (0 eligible, 1 not eligible, 2 undetermined), 64 usage, 65 bad --applicant,\n"
     "66 rule errors, 74 cannot write --save." },
    {"lint", "Check rule files: errors with file:line:col and a caret, and warnings",
     "Example:\n  elig lint rules\n  elig lint rules/gunma/takasaki-trade-fair-2025.yaml --format json\n"
     "Warnings: never-holds, always-holds (a condition the fact schema decides on its own),\n"
     "table-incomplete, unused-fact, no-cite, no-text, no-basis, no-window, window-closed.\n"
     "Exit: 0 no errors (warnings are printed), 66 errors (or warnings with --strict), 64 usage." },
    {"test", "Run the officials' test cases (*.test.yaml) against the rules",
     "Example:\n  elig test rules --coverage\n  elig test rules/gunma/takasaki-trade-fair-2025.test.yaml --rules rules\n"
     "Exit: 0 every case passed, 3 some case failed, 65 a test file is invalid, 66 rule errors." },
    {"doc", "A readable page of one program: requirements with citations, facts, scoring, award, window",
     "Example:\n  elig doc gunma.trade-fair-sample --rules rules > trade-fair.md\n"
     "  elig doc gunma.trade-fair-sample --rules rules --lang en --format html --output trade-fair.html\n"
     "Exit: 0 written, 64 usage (unknown program), 66 rule errors, 74 cannot write --output." },
    {"diff", "Who changes outcome, score or award between two versions of the rules, and why",
     "Example:\n  elig diff rules-2025 rules --applicants applicants.yaml\n"
     "  elig diff old/ new/ --applicants applicants.jsonl --program gunma.trade-fair-sample --format json\n"
     "FILE is a YAML or JSON list of applicants (or a map with `applicants:`), JSON Lines (.jsonl) or CSV (.csv).\n"
     "Each change names the rules whose result differs; `award` when only the amount moved (formula or\n"
     "parameter), `window` when the application window did.\n"
     "Exit: 0 compared (changes or not), 64 usage, 65 bad applicant file, 66 rule errors." },
    {"batch", "Decide many applicants (CSV, JSON Lines or an SQLite table) into an SQLite file",
     "Examples:\n"
     "  elig batch --rules rules --input applicants.csv --out results.db\n"
     "  elig batch --rules rules --input applicants.jsonl --out results.db --program gunma.trade-fair-sample --explain\n"
     "  elig batch --rules rules --input intake.db --table applicants --out results.db --audit audit.db\n"
     "  elig batch --rules rules --input applicants.csv --out results.db --explain-compact\n"
     "CSV: a header row of fact names (plus optional `id` and `as_of`); JSON Lines: one object per line.\n"
     "A bad row is recorded in the table input_errors (line and field) and the run goes on.\n"
     "Interrupted (even by kill -9)? Run the same command again: it resumes where the last commit ended.\n"
     "Exit: 0 done, 65 done but some rows had input errors, 64 usage, 66 rule errors, 74 I/O (the database\n"
     "is full or read-only; what was committed stays valid and the same command resumes)." },
    {"rank", "Rank a program's eligible applicants by score and allocate its budget",
     "Examples:\n"
     "  elig rank --rules rules --program gunma.trade-fair-sample --results results.db --budget 30_000_000 --csv ranking.csv\n"
     "  elig rank --rules rules --program gunma.trade-fair-sample --input applicants.csv --results results.db\n"
     "Order: score (higher first), then the program's `ranking: tie_break:`, then the position in the input.\n"
     "At most `places:` (or --places) applicants are selected; the rest are `no-place`.\n"
     "The first award that no longer fits is handled as `ranking: last:` says (none, partial, skip, proportional).\n"
     "The ranking is stored in the results database (tables rankings, ranking_runs) and written as CSV\n"
     "(to --csv, else to stdout). Exit: 0 ok, 64 usage, 66 rule errors, 74 I/O." },
    {"audit", "Check or read the audit log of decisions",
     "The log is written by `elig check --audit DB`, `elig batch --audit DB` and the C API." },
    {"audit verify", "Check the hash chain and the stored rules, and replay every decision",
     "Example:\n  elig audit verify audit.db\n"
     "Reports the exact row that was edited or deleted, a stored rule source that was altered, and any\n"
     "decision whose replay (from its stored rules and inputs) differs.\n"
     "Exit: 0 the log verifies, 3 problems found, 74 the file cannot be read." },
    {"audit head", "Print the log's head (SEQ:HASH) to publish or send elsewhere",
     "Example:\n  elig audit head audit.db            # 1042:9f86d08…\n"
     "  elig audit verify audit.db --expect-head 1042:9f86d08…\n"
     "Keep the head outside the log (another system, a signed mail, a notice): later, verify with\n"
     "--expect-head fails if rows were cut from the end or the log was rewritten up to that row. The chain\n"
     "is checked (without replay) before a head is printed. With --sign-key KEY.pem (Ed25519:\n"
     "`openssl genpkey -algorithm ed25519 -out KEY.pem`) a second line is the head's signature, which\n"
     "`audit verify --expect-head HEAD --head-signature SIG --public-key PUB.pem` checks.\n"
     "Exit: 0 printed, 3 the chain does not verify (nothing printed), 74 the file cannot be read." },
    {"audit show", "Print the decisions logged about one applicant, oldest first",
     "Example:\n  elig audit show audit.db --applicant sample-gunma-maker\nExit: 0 found, 1 no decisions for the applicant, 74 I/O." },
    {"explain", "Turn compact decision JSON (one per line) back into the full explanation, as text or JSON",
     "Examples:\n"
     "  elig check --rules rules --applicant examples/gunma-maker.yaml --format compact > decisions.jsonl\n"
     "  elig explain --rules rules --input decisions.jsonl --lang ja\n"
     "  sqlite3 results.db \"SELECT explanation FROM results WHERE applicant_id = 'A-17'\" | elig explain --format json\n"
     "The rules must hold the same version of each program the decisions were made with.\n"
     "Exit: 0 every line explained, 65 some line is not a compact decision of these rules (the others are still\n"
     "explained), 66 rule errors, 74 the input cannot be read." },
    {"serve", "Serve the HTTP API (/v1) and the web self-check (/) over the rules",
     "Example:\n  elig serve --rules rules --listen 127.0.0.1:8080     # then open http://127.0.0.1:8080/\n"
     "One JSON line per request goes to stderr (no applicant data). SIGHUP reloads the rules (a set with\n"
     "errors is refused and the one in use kept); SIGTERM or SIGINT stops after the requests in progress.\n"
     "docs/http.md describes the endpoints. Exit: 0 stopped, 64 usage, 66 rule errors, 74 cannot listen or audit." },
    {"completion", "Print the shell completion for bash or zsh",
     "Example:\n  source <(elig completion bash)\n  elig completion zsh > ~/.zfunc/_elig\n"
     "The installed package puts both where bash-completion and zsh find them." },
};
// clang-format on

}  // namespace

CLI::App* AddCommand(CLI::App& parent, std::string_view key) {
  size_t space = key.rfind(' ');
  std::string name(space == std::string_view::npos ? key : key.substr(space + 1));
  for (const auto& c : kCommands)
    if (c.key == key) return parent.add_subcommand(name, std::string(c.about))->footer(std::string(c.footer));
  return parent.add_subcommand(name);  // (every command of elig has its line in the table above)
}

}  // namespace elig::cli
