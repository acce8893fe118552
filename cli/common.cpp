// SPDX-License-Identifier: Apache-2.0
#include "common.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "common/diagnose.hpp"
#include "io/applicant.hpp"
#include "common/utf8.hpp"
#include "syntax/doc_cache.hpp"
#include "syntax/rules.hpp"

namespace elig::cli {

namespace fs = std::filesystem;

bool NoColorEnv() {
  const char* v = std::getenv("NO_COLOR");
  return v != nullptr && *v != '\0';
}

bool Common::Color() const { return !no_color && !NoColorEnv() && isatty(STDOUT_FILENO); }
bool Common::ErrColor() const { return !no_color && !NoColorEnv() && isatty(STDERR_FILENO); }

void AddRules(CLI::App* cmd, std::string& rules) {
  cmd->add_option("--rules", rules, "directory of rule files (default: ./rules, else the installed rules)");
  AddNoCache(cmd);
}

void AddNoCache(CLI::App* cmd) {
  cmd->add_flag_callback(
      "--no-cache", [] { setenv("ELIG_CACHE", "0", 1); },
      "parse every rule file, and keep none in the cache ($XDG_CACHE_HOME/elig, else ~/.cache/elig; also ELIG_CACHE=0)");
}

RuleSetOptions CommandRuleOptions() {
  RuleSetOptions options;
  options.cache_dir = DefaultDocCacheDir();
  return options;
}

std::string InstalledRulesDir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec || exe.empty()) return "";
  fs::path dir = exe.parent_path().parent_path() / "share" / "elig" / "rules";
  return fs::is_directory(dir, ec) ? dir.string() : "";
}

std::string RulesDir(const std::string& given) {
  if (!given.empty()) return given;
  std::error_code ec;
  if (fs::is_directory("rules", ec)) return "rules";
  std::string installed = InstalledRulesDir();
  return installed.empty() ? "rules" : installed;
}

StdinFile::StdinFile(const std::string& arg) {
  if (arg != "-") {
    path = arg;
    ok = true;
    return;
  }
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/elig-stdin-XXXXXX";
  int fd = mkstemp(pattern.data());
  path = pattern;
  if (fd < 0) {
    error = std::strerror(errno);
    return;
  }
  owned_ = true;
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0 && errno == EINTR) continue;
    ssize_t done = 0;
    while (n > 0 && done < n) {
      ssize_t w = ::write(fd, buf + done, static_cast<size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) {
        n = -1;
        break;
      }
      done += w;
    }
    if (n < 0) {
      error = std::strerror(errno);
      ::close(fd);
      return;
    }
  }
  ok = ::close(fd) == 0;
  if (!ok) error = std::strerror(errno);
}

StdinFile::~StdinFile() {
  if (owned_) ::unlink(path.c_str());
}

std::unique_ptr<StdinFile> InputArg(const std::string& input, const std::string& format, Lang lang, int& exit) {
  if (input == "-" && format != "csv" && format != "jsonl") {
    SayError(lang, Msg::kCliStdinNeedsFormat);
    exit = kUsage;
    return nullptr;
  }
  auto file = std::make_unique<StdinFile>(input);
  if (!file->ok) {
    SayError(lang, Msg::kCliStdinNotKept, fmt::arg("file", file->path), fmt::arg("error", file->error));
    exit = kIoError;
    return nullptr;
  }
  return file;
}

std::unique_ptr<StdinFile> BatchInput(const std::string& rules, const std::string& input, const std::string& format,
                                      const std::string& table, const Common& c, store::BatchOptions& bo, int& exit) {
  auto file = InputArg(input, format, c.language(), exit);
  if (!file) return nullptr;
  bo.rules_dir = RulesDir(rules);
  bo.input = file->path;
  bo.input_label = input;
  if (!format.empty()) bo.format = store::ParseInputFormat(format);
  bo.table = table;
  bo.lang = c.language();
  if (!GivenAsOf(c, bo.as_of, exit)) return nullptr;
  return file;
}

void AddApplicant(CLI::App* cmd, std::string& applicant) {
  cmd->add_option("--applicant,-a", applicant, "applicant facts, YAML or JSON (- reads standard input)")->required();
}

void AddShared(CLI::App* cmd, Common& c, std::initializer_list<Shared> options) {
  for (Shared option : options) {
    switch (option) {
      case Shared::kLang: AddLang(cmd, c); break;
      case Shared::kFormat: AddFormat(cmd, c); break;
      case Shared::kAsOf: AddAsOf(cmd, c); break;
      case Shared::kAll: AddAll(cmd, c); break;
      case Shared::kTheme: AddTheme(cmd, c); break;
      case Shared::kView: AddView(cmd, c); break;
      case Shared::kNoColor: AddNoColor(cmd, c); break;
    }
  }
}

void AddLang(CLI::App* cmd, Common& c) {
  cmd->add_option("--lang", c.lang, "language of explanations: ja or en")->check(CLI::IsMember({"ja", "en"}))->capture_default_str();
}

void AddFormat(CLI::App* cmd, Common& c, const std::string& help, const std::vector<std::string>& formats) {
  cmd->add_option("--format", c.format, help)->check(CLI::IsMember(formats))->capture_default_str();
  AddNoColor(cmd, c);
}

void AddNoColor(CLI::App* cmd, Common& c) {
  cmd->add_flag("--no-color", c.no_color, "never colour the output or the messages (also: NO_COLOR=1)");
}

void AddAll(CLI::App* cmd, Common& c) {
  cmd->add_flag("--all", c.all, "also list the programs whose application window is closed on the date");
}

void AddView(CLI::App* cmd, Common& c) {
  cmd->add_option("--view", c.view,
                  "applicant: facts by their labels, rules and the award in words; official: ids, formulas and codes too")
      ->check(CLI::IsMember({"applicant", "official"}))
      ->capture_default_str();
}

void AddTheme(CLI::App* cmd, Common& c) {
  std::string known;
  for (const auto& t : KnownThemes()) known += (known.empty() ? "" : ", ") + std::string(t.id);
  cmd->add_option("--theme", c.themes, "only programs of this theme (repeatable): " + known);
}

std::optional<std::vector<const CompiledProgram*>> KeepThemes(const std::vector<const CompiledProgram*>& programs,
                                                              const Common& c, int& exit) {
  if (c.themes.empty()) return programs;
  for (const auto& t : c.themes) {
    if (ThemeLabel(t)) continue;
    utf8::Nearest near(t);
    std::string known;
    for (const auto& k : KnownThemes()) {
      near.Offer(k.id);
      known += (known.empty() ? "" : " ") + std::string(k.id);
    }
    const std::string theme = utf8::Printable(t);
    if (near.best().empty()) SayError(c.language(), Msg::kCliNoTheme, fmt::arg("theme", theme), fmt::arg("known", known));
    else
      SayError(c.language(), Msg::kCliNoThemeNear, fmt::arg("theme", theme), fmt::arg("near", near.best()),
               fmt::arg("known", known));
    exit = kUsage;
    return std::nullopt;
  }
  std::vector<const CompiledProgram*> out;
  for (const CompiledProgram* p : programs)
    for (const auto& t : c.themes)
      if (std::find(p->themes.begin(), p->themes.end(), t) != p->themes.end()) {
        out.push_back(p);
        break;
      }
  return out;
}

void AddAsOf(CLI::App* cmd, Common& c) {
  cmd->add_option("--as-of", c.as_of, "judge as of this date (YYYY-MM-DD); default: the applicant's as_of, else today");
  // Read before any work starts: every "today" of the command (check, batch, the test cases)
  // is then the day in that zone.
  cmd->add_option("--tz", c.tz,
                  "the time zone of \"today\": Asia/Tokyo (the default; also ELIG_TZ), UTC, or an offset like +09:00")
      ->check(CLI::Validator(
          [](std::string& v) {
            // Said while the command line is read, before --lang is known: in English.
            return ParseTimeZone(v) ? std::string() : Say(Lang::kEn, Msg::kCliTzNotAZone, fmt::arg("zone", v));
          },
          "ZONE"))
      ->each([](const std::string& v) { setenv("ELIG_TZ", v.c_str(), 1); });
}

bool CheckTimeZoneEnv() {
  const char* env = std::getenv("ELIG_TZ");
  if (!env || !*env || ParseTimeZone(env)) return true;
  SayError(Lang::kEn, Msg::kCliTzEnvNotAZone, fmt::arg("zone", env));  // before --lang is read
  return false;
}

std::optional<Date> AsOfDate(const Common& c, const std::optional<Date>& from_applicant) {
  if (c.as_of.empty()) return from_applicant ? *from_applicant : Today();
  auto d = ParseDate(c.as_of);
  if (!d) SayError(c.language(), Msg::kCliAsOfNotADate, fmt::arg("date", c.as_of));
  return d;
}

void PrintDiagnostics(const std::vector<Diagnostic>& ds, const SourceSet* sources, bool color, Lang lang) {
  std::cerr << RenderAll(ds, sources, color, lang);
}

bool GivenAsOf(const Common& c, std::optional<Date>& as_of, int& exit) {
  if (c.as_of.empty()) return true;
  as_of = AsOfDate(c);
  if (!as_of) exit = kUsage;
  return as_of.has_value();
}

std::optional<Date> ReadApplicant(const std::string& path, const Common& c, SourceSet& sources, Applicant& applicant,
                                  int& exit) {
  std::vector<Diagnostic> diags;
  if (!path.empty() && !ReadApplicantFile(path, sources, applicant, diags)) {
    PrintDiagnostics(diags, &sources, c.ErrColor(), c.language());
    exit = kInputError;
    return std::nullopt;
  }
  auto as_of = AsOfDate(c, applicant.as_of);
  if (!as_of) exit = kUsage;
  return as_of;
}

std::unique_ptr<RuleSet> LoadRules(const std::string& given, bool color, int& exit, Lang lang) {
  const std::string dir = RulesDir(given);
  auto rs = RuleSet::LoadDir(dir, CommandRuleOptions());
  if (!rs->diagnostics().empty()) {
    std::vector<Diagnostic> errors;
    for (const auto& d : rs->diagnostics())
      if (d.severity == Severity::kError) errors.push_back(d);
    if (!errors.empty()) {
      PrintDiagnostics(errors, &rs->sources(), color, lang);
      std::cerr << Say(lang, Msg::kCliRulesHaveErrors, fmt::arg("dir", dir), fmt::arg("n", errors.size())) << "\n";
      exit = kRuleError;
      return nullptr;
    }
  }
  if (rs->programs().empty()) {
    SayError(lang, Msg::kCliNoPrograms, fmt::arg("dir", dir));
    exit = kRuleError;
    return nullptr;
  }
  return rs;
}

std::optional<std::vector<const CompiledProgram*>> SelectPrograms(const RuleSet& rs, const std::vector<std::string>& ids,
                                                                  const std::string& rules_dir, Lang lang, int& exit) {
  std::vector<const CompiledProgram*> out;
  for (const auto& id : ids) {
    const CompiledProgram* p = rs.Find(id);
    if (!p) {
      std::string known;
      for (const auto& q : rs.programs()) known += (known.empty() ? "" : " ") + q->id;
      SayError(lang, Msg::kCliNoProgram, fmt::arg("id", id), fmt::arg("dir", RulesDir(rules_dir)), fmt::arg("known", known));
      exit = kUsage;
      return std::nullopt;
    }
    out.push_back(p);
  }
  if (ids.empty())
    for (const auto& p : rs.programs()) out.push_back(p.get());
  return out;
}

std::unique_ptr<Opened> OpenForApplicant(const Common& c, const std::string& applicant, const std::string& rules_dir,
                                         const std::string& program, bool themes, int& exit) {
  auto o = std::make_unique<Opened>();
  auto as_of = ReadApplicant(applicant, c, o->sources, o->applicant, exit);
  if (!as_of) return nullptr;
  o->as_of = *as_of;
  o->rules = LoadRules(rules_dir, c.ErrColor(), exit, c.language());
  if (!o->rules) return nullptr;
  std::vector<std::string> ids;
  if (!program.empty()) ids.push_back(program);
  auto selected = SelectPrograms(*o->rules, ids, rules_dir, c.language(), exit);
  if (!selected) return nullptr;
  auto themed = themes ? KeepThemes(*selected, c, exit) : selected;
  if (!themed) return nullptr;
  o->programs = std::move(*themed);
  return o;
}

std::vector<Diagnostic> UnknownFactWarnings(const std::vector<const CompiledProgram*>& programs, const Applicant& applicant) {
  std::vector<Diagnostic> out;
  for (const auto& issue : UnknownFacts(programs, applicant)) {
    Diagnostic d;
    d.severity = Severity::kWarning;
    d.code = "unknown-fact";
    d.message = issue.message;
    d.loc = issue.loc;
    out.push_back(std::move(d));
  }
  return out;
}

void PrintError(Lang lang, const std::string& message) {
  std::cerr << Say(lang, Msg::kCliError, fmt::arg("message", message)) << "\n";
}

int ExitFor(Outcome o) {
  switch (o) {
    case Outcome::kEligible: return kOk;
    case Outcome::kIneligible:
    case Outcome::kClosed: return kIneligible;
    case Outcome::kUndetermined: return kUndetermined;
  }
  return kInternal;
}

}  // namespace elig::cli
