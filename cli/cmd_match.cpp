// SPDX-License-Identifier: Apache-2.0
// `elig match`: every program for one applicant, grouped eligible / undetermined /
// ineligible / closed (explain/views.hpp renders the groups; `elig ask` shows the same).
#include <unistd.h>

#include <set>

#include "common.hpp"
#include "common/diagnose.hpp"
#include "eval/combine.hpp"
#include "eval/screen.hpp"
#include "explain/views.hpp"
#include "io/applicant.hpp"

namespace elig::cli {

std::string RenderMatch(const Screening& screening, const std::string& applicant, const Common& c, bool color) {
  return c.json() ? RenderMatchJson(screening, applicant, c.language())
                  : RenderMatchText(screening, applicant,
                                    {c.language(), color, c.all, c.official() ? Audience::kOfficial : Audience::kApplicant});
}

int MatchExit(const Screening& screening) {
  int best = kIneligible;
  for (const auto& ps : screening.programs) {
    int code = ExitFor(ps.outcome);
    if (code == kOk || (code == kUndetermined && best != kOk)) best = code;
  }
  return best;
}

void RegisterMatch(CLI::App& app, int& exit) {
  struct Opts {
    Common c;
    std::string rules;  // empty: RulesDir finds them
    std::string applicant;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = AddCommand(app, "match");
  AddRules(cmd, o->rules);
  AddApplicant(cmd, o->applicant);
  AddShared(cmd, o->c, {Shared::kLang, Shared::kFormat, Shared::kAsOf, Shared::kAll, Shared::kTheme, Shared::kView});
  cmd->callback([o, &exit] {
    bool err_color = o->c.ErrColor();
    auto opened = OpenForApplicant(o->c, o->applicant, o->rules, "", true, exit);
    if (!opened) return;
    const auto& [sources, applicant, as_of, rs, programs] = *opened;
    std::vector<Diagnostic> warnings = CheckCombining(programs);
    for (auto& d : UnknownFactWarnings(programs, applicant)) warnings.push_back(std::move(d));
    // The screening's decisions point into the bound facts: kept alive beside it.
    std::vector<FactValues> bound = BindEach(programs, applicant);
    std::set<std::string> seen_issues;
    for (const FactValues& facts : bound)
      for (const auto& issue : facts.issues) {
        if (!seen_issues.insert(issue.fact + "\n" + issue.message.en).second) continue;
        Diagnostic d;
        d.severity = Severity::kWarning;
        d.code = "bad-value";
        d.message = SayBoth(Msg::kInputTreatedUnknown, fmt::arg("fact", issue.fact), fmt::arg("message", issue.message));
        d.loc = issue.loc;
        warnings.push_back(std::move(d));
      }
    ScreenOptions so;
    so.as_of = as_of;
    so.for_people = true;
    Screening screening = Screen(programs, bound, so);
    PrintDiagnostics(warnings, &sources, err_color, o->c.language());
    std::string id = applicant.id.empty() ? o->applicant : applicant.id;
    std::cout << RenderMatch(screening, id, o->c, o->c.Color());
    exit = MatchExit(screening);
  });
}

}  // namespace elig::cli
