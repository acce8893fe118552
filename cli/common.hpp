// SPDX-License-Identifier: Apache-2.0
// Shared pieces of the `elig` commands: exit codes, loading, printing.
#pragma once

#include <CLI/CLI.hpp>
#include <deque>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/catalog.hpp"
#include "common/date.hpp"
#include "common/types.hpp"
#include "compile/ruleset.hpp"
#include "eval/decision.hpp"
#include "eval/screen.hpp"
#include "store/batch.hpp"

namespace elig::cli {

// Documented in docs/cli.md; append only.
enum Exit : int {
  kOk = 0,             // success; for check/match: eligible
  kIneligible = 1,     // not eligible (or the window is closed)
  kUndetermined = 2,   // facts are missing
  kTestsFailed = 3,    // `elig test`: a case failed; `elig diff`: (never)
  kUsage = 64,         // bad command line
  kInputError = 65,    // applicant data unreadable or invalid
  kRuleError = 66,     // rule files have errors
  kIoError = 74,       // cannot read or write a file or database
  kInternal = 70,      // a bug: please report it
};

struct Common {
  std::string lang = "en";
  std::string format = "text";
  std::string as_of;
  std::string tz;  // --tz: also read through ELIG_TZ, which it sets
  bool no_color = false;
  bool all = false;  // --all: list the programs closed on the date too
  std::vector<std::string> themes;  // --theme: only programs with one of these themes
  std::string view = "applicant";   // --view: applicant (labels, words) or official (ids, formulas)

  Lang language() const { return lang == "ja" ? Lang::kJa : Lang::kEn; }
  bool json() const { return format == "json"; }
  bool official() const { return view == "official"; }
  // Colour on standard output / standard error: each only on a terminal, and never with
  // --no-color or NO_COLOR set to anything but the empty text (no-color.org).
  bool Color() const;
  bool ErrColor() const;
};

// Whether NO_COLOR asks for no colour.
bool NoColorEnv();

// --rules DIR, the directory of rule files. Left empty when not given: RulesDir then finds it.
void AddRules(CLI::App* cmd, std::string& rules);
// --no-cache (AddRules adds it too): parse every rule file, keeping none; it sets ELIG_CACHE=0,
// which turns the cache off as well.
void AddNoCache(CLI::App* cmd);
// The options of every command's rule set: parsed rule files kept in the user's cache
// (DefaultDocCacheDir: $XDG_CACHE_HOME/elig, else ~/.cache/elig), unless it is turned off.
RuleSetOptions CommandRuleOptions();
// The rules to use: `given` when --rules was given; else ./rules when it is a directory; else
// the rules installed beside the binary (<prefix>/share/elig/rules for <prefix>/bin/elig);
// else `rules` (which then reports that there are none).
std::string RulesDir(const std::string& given);
// The rules installed beside the running binary, or empty when there are none.
std::string InstalledRulesDir();

// `-` for a file argument: standard input is copied into a file of its own under TMPDIR, so
// that a command that reads its input twice (batch hashes it, then decides it) can. The file
// is removed when the StdinFile goes. `ok` is false, with the system's `error`, when it cannot
// be written.
struct StdinFile {
  std::string path, error;
  bool ok = false;
  explicit StdinFile(const std::string& arg);  // arg "-": copy stdin; anything else: path = arg
  ~StdinFile();
  StdinFile(const StdinFile&) = delete;
  StdinFile& operator=(const StdinFile&) = delete;

 private:
  bool owned_ = false;
};

// `--input` of batch and rank: a file, or `-` with --input-format csv or jsonl. Null, with the
// problem said and `exit` set, when it cannot be used.
std::unique_ptr<StdinFile> InputArg(const std::string& input, const std::string& format, Lang lang, int& exit);
// The batch options batch and rank share: the rules' directory, the input (InputArg) with its
// --input-format and --table, the language and --as-of. Null, with the problem said and `exit`
// set, when the input cannot be used or --as-of is no date; the file must outlive the batch.
std::unique_ptr<StdinFile> BatchInput(const std::string& rules, const std::string& input, const std::string& format,
                                      const std::string& table, const Common& c, store::BatchOptions& bo, int& exit);
// --applicant,-a FILE (required), one applicant's facts in YAML or JSON.
void AddApplicant(CLI::App* cmd, std::string& applicant);

// The command `key` ("check", "audit verify") under `parent`, with its one-line description
// and its footer (examples, exit codes) from the table of cli/help.cpp.
CLI::App* AddCommand(CLI::App& parent, std::string_view key);

// The options several commands share, each worded once (common.cpp): --lang, --format text|json
// (with --no-color), --as-of (with --tz), --all, --theme, --view, --no-color.
enum class Shared { kLang, kFormat, kAsOf, kAll, kTheme, kView, kNoColor };
// Adds them in the order given.
void AddShared(CLI::App* cmd, Common& c, std::initializer_list<Shared> options);
// Adds --lang / --format / --as-of / --no-color as the command needs.
void AddLang(CLI::App* cmd, Common& c);
void AddFormat(CLI::App* cmd, Common& c, const std::string& help = "text or json",
               const std::vector<std::string>& formats = {"text", "json"});
void AddAsOf(CLI::App* cmd, Common& c);
// --no-color: no colour on standard output or standard error (AddFormat adds it too).
void AddNoColor(CLI::App* cmd, Common& c);
// --all, for the views an applicant reads (match, ask): closed programs are counted, not listed.
void AddAll(CLI::App* cmd, Common& c);
// --view applicant|official, for the views an applicant reads (match, ask).
void AddView(CLI::App* cmd, Common& c);
// --theme (repeatable): only the programs whose `themes:` name one of them.
void AddTheme(CLI::App* cmd, Common& c);
// The programs with one of c.themes (all of them without --theme). An unknown theme is reported
// with the known ones, sets exit to 64 and gives nullopt.
std::optional<std::vector<const CompiledProgram*>> KeepThemes(const std::vector<const CompiledProgram*>& programs,
                                                              const Common& c, int& exit);  // also --tz
// False (with a message) when ELIG_TZ is set but names no time zone. It is checked before the
// command line is read, when no --lang is known yet: the message is in English.
bool CheckTimeZoneEnv();

// Parses --as-of (or today); prints the error and returns nullopt on a bad date.
std::optional<Date> AsOfDate(const Common& c, const std::optional<Date>& from_applicant = std::nullopt);

// --as-of into `as_of` when it is given (left alone when not); false, with the error printed and
// exit 64, on a bad date.
bool GivenAsOf(const Common& c, std::optional<Date>& as_of, int& exit);

// Reads the applicant file at `path` (none when empty) into `applicant`, its text kept in
// `sources`, and gives the date to judge on: --as-of, else the applicant's `as_of`, else today.
// Prints the problem, sets exit (65 unreadable, 64 bad --as-of) and gives nullopt when either fails.
std::optional<Date> ReadApplicant(const std::string& path, const Common& c, SourceSet& sources, Applicant& applicant,
                                  int& exit);

// Loads the rules (from RulesDir(dir)); prints diagnostics to stderr in `lang`. Returns null (and sets exit) when unusable.
std::unique_ptr<RuleSet> LoadRules(const std::string& dir, bool color, int& exit, Lang lang);

// The programs a command works on: those named in `ids` (in that order), or every
// program when none is named. An unknown id is reported with the known ones, sets exit
// to 64 and gives nullopt.
std::optional<std::vector<const CompiledProgram*>> SelectPrograms(const RuleSet& rs, const std::vector<std::string>& ids,
                                                                  const std::string& rules_dir, Lang lang, int& exit);

// What check, match and ask open before anything else, in this order: the applicant's file
// (ReadApplicant), the rules (LoadRules) and the programs (`program`, or every one when empty;
// narrowed by --theme when `themes`).
struct Opened {
  SourceSet sources;
  Applicant applicant;
  Date as_of;
  std::unique_ptr<RuleSet> rules;
  std::vector<const CompiledProgram*> programs;
};
// Null, with the problem printed and `exit` set, when one of them is unusable.
std::unique_ptr<Opened> OpenForApplicant(const Common& c, const std::string& applicant, const std::string& rules_dir,
                                         const std::string& program, bool themes, int& exit);

// `unknown-fact` warnings: facts the applicant gives that none of `programs` declares.
std::vector<Diagnostic> UnknownFactWarnings(const std::vector<const CompiledProgram*>& programs, const Applicant& applicant);

// Diagnostics to stderr, in `lang` (English unless --lang says otherwise).
void PrintDiagnostics(const std::vector<Diagnostic>& ds, const SourceSet* sources, bool color, Lang lang);

// `message` on standard error after the catalog's error prefix (kCliError), said in `lang`.
void PrintError(Lang lang, const std::string& message);
// A message said in both languages (a store::Status, an input issue), in `lang`.
inline void PrintError(Lang lang, const LocalText& message) { PrintError(lang, message.Get(lang)); }
// The catalog's phrase `id` as an error on standard error, in `lang`:
//   SayError(lang, Msg::kCliNoPrograms, fmt::arg("dir", dir));
template <class... Args>
void SayError(Lang lang, Msg id, const Args&... args) {
  PrintError(lang, Say(lang, id, args...));
}

int ExitFor(Outcome o);

// Failure injection for tests: a no-op in `elig`, the ELIG_TEST_CRASH kill points in the
// test build `elig-test` (cli/hooks/).
void InstallTestHooks(store::BatchOptions& bo);

// Registration of each command: returns the callback's exit code through `exit`.
void RegisterCheck(CLI::App& app, int& exit);
void RegisterLint(CLI::App& app, int& exit);
void RegisterTest(CLI::App& app, int& exit);
void RegisterBatch(CLI::App& app, int& exit);  // cmd_batch.cpp
void RegisterRank(CLI::App& app, int& exit);   // cmd_rank.cpp
void RegisterAudit(CLI::App& app, int& exit);  // cmd_audit.cpp
void RegisterMatch(CLI::App& app, int& exit);
void RegisterAsk(CLI::App& app, int& exit);
void RegisterDoc(CLI::App& app, int& exit);
void RegisterDiff(CLI::App& app, int& exit);
void RegisterExplain(CLI::App& app, int& exit);  // cmd_explain.cpp
void RegisterServe(CLI::App& app, int& exit);    // cmd_serve.cpp
void RegisterCompletion(CLI::App& app, int& exit);  // cmd_completion.cpp: completion, man

// The grouped view of one applicant's screening (cmd_match.cpp), shared by `match` and `ask`.
std::string RenderMatch(const Screening& screening, const std::string& applicant, const Common& c, bool color);
// 0 if some program is eligible, else 2 if some is undetermined, else 1.
int MatchExit(const Screening& screening);

}  // namespace elig::cli
