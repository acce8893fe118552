// SPDX-License-Identifier: Apache-2.0
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "compile/lint.hpp"
#include "common.hpp"

namespace elig::cli {
namespace fs = std::filesystem;

namespace {

// The rules root for a single file: the nearest ancestor holding `common/`.
std::string RootFor(const fs::path& file) {
  fs::path dir = fs::absolute(file).parent_path();
  for (fs::path d = dir; !d.empty(); d = d.parent_path()) {
    std::error_code ec;
    if (fs::is_directory(d / "common", ec)) return d.string();
    if (d == d.root_path()) break;
  }
  return dir.string();
}

}  // namespace

void RegisterLint(CLI::App& app, int& exit) {
  struct Opts {
    Common c;
    std::vector<std::string> paths;
    bool strict = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = AddCommand(app, "lint");
  cmd->add_option("paths", o->paths, "rule directories or files")->required();
  cmd->add_flag("--strict", o->strict, "treat warnings as errors");
  AddShared(cmd, o->c, {Shared::kFormat, Shared::kLang});
  AddNoCache(cmd);
  cmd->add_option("--as-of", o->c.as_of, "judge `window-closed` as of this date (YYYY-MM-DD); default: today");
  cmd->callback([o, &exit] {
    bool color = o->c.Color();
    auto today = AsOfDate(o->c);
    if (!today) {
      exit = kUsage;
      return;
    }
    std::vector<Diagnostic> all;
    std::vector<std::unique_ptr<RuleSet>> sets;
    for (const auto& path : o->paths) {
      std::error_code ec;
      std::unique_ptr<RuleSet> rs;
      if (fs::is_directory(path, ec)) {
        rs = RuleSet::LoadDir(path, CommandRuleOptions());
      } else if (fs::is_regular_file(path, ec)) {
        rs = RuleSet::LoadFiles(RootFor(path), {path}, CommandRuleOptions());
      } else {
        SayError(o->c.language(), Msg::kCliLintNotRules, fmt::arg("path", path));
        exit = kUsage;
        return;
      }
      std::vector<Diagnostic> ds = rs->diagnostics();
      auto warnings = Lint(*rs, *today);
      ds.insert(ds.end(), warnings.begin(), warnings.end());
      SortDiagnostics(ds);
      all.insert(all.end(), ds.begin(), ds.end());
      sets.push_back(std::move(rs));
    }
    size_t errors = 0, warnings = 0;
    for (const auto& d : all) (d.severity == Severity::kError ? errors : warnings)++;
    if (o->c.json()) {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& d : all)
        arr.push_back({{"file", d.loc.file}, {"line", d.loc.line}, {"column", d.loc.column},
                       {"length", d.loc.length}, {"severity", SeverityName(d.severity)},
                       {"code", d.code}, {"message", d.message.Get(o->c.language())},
                       {"help", d.help.Get(o->c.language())}});
      std::cout << arr.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else {
      for (const auto& d : all) {
        const SourceSet* src = nullptr;
        for (const auto& s : sets)
          if (s->sources().Find(d.loc.file)) src = &s->sources();
        std::cout << Render(d, src, color, o->c.language());
      }
      std::cout << Say(o->c.language(), errors ? Msg::kCliLintSummary : Msg::kCliLintSummaryOk, fmt::arg("errors", errors),
                       fmt::arg("warnings", warnings))
                << "\n";
    }
    exit = errors || (o->strict && warnings) ? kRuleError : kOk;
  });
}

}  // namespace elig::cli
