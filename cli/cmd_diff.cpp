// SPDX-License-Identifier: Apache-2.0
// `elig diff OLD NEW --applicants FILE`: who changes outcome, score or award
// between two versions of the rules, and which rule causes each change.
#include <unistd.h>

#include <algorithm>
#include <set>

#include "common.hpp"
#include "eval/diff.hpp"
#include "explain/views.hpp"
#include "io/applicant_list.hpp"

namespace elig::cli {


void RegisterDiff(CLI::App& app, int& exit) {
  struct Opts {
    Common c;
    std::string old_dir, new_dir, applicants, program;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = AddCommand(app, "diff");
  cmd->add_option("old", o->old_dir, "rules directory, old version")->required();
  cmd->add_option("new", o->new_dir, "rules directory, new version")->required();
  AddNoCache(cmd);
  cmd->add_option("--applicants", o->applicants, "applicants to compare on")->required();
  cmd->add_option("--program,-p", o->program, "compare only this program");
  AddShared(cmd, o->c, {Shared::kLang, Shared::kFormat, Shared::kAsOf});
  cmd->callback([o, &exit] {
    const bool err_color = o->c.ErrColor();
    auto old_rs = LoadRules(o->old_dir, err_color, exit, o->c.language());
    if (!old_rs) return;
    auto new_rs = LoadRules(o->new_dir, err_color, exit, o->c.language());
    if (!new_rs) return;
    if (!o->program.empty() && !old_rs->Find(o->program) && !new_rs->Find(o->program)) {
      SayError(o->c.language(), Msg::kCliDiffNoProgram, fmt::arg("id", o->program), fmt::arg("old", o->old_dir),
               fmt::arg("new", o->new_dir));
      exit = kUsage;
      return;
    }
    // Programs by id, in both versions or only one.
    std::vector<std::pair<const CompiledProgram*, const CompiledProgram*>> pairs;
    std::vector<std::string> added, removed;
    for (const auto& p : old_rs->programs()) {
      if (!o->program.empty() && p->id != o->program) continue;
      if (const CompiledProgram* n = new_rs->Find(p->id)) pairs.emplace_back(p.get(), n);
      else removed.push_back(p->id);
    }
    for (const auto& p : new_rs->programs())
      if ((o->program.empty() || p->id == o->program) && !old_rs->Find(p->id)) added.push_back(p->id);
    std::sort(pairs.begin(), pairs.end(), [](auto& a, auto& b) { return a.first->id < b.first->id; });

    std::set<std::string> list_facts;
    for (const auto* rs : {old_rs.get(), new_rs.get()})
      for (const auto& p : rs->programs())
        for (const auto& f : p->facts)
          if (f.spec.base == BaseType::kList) list_facts.insert(f.name);
    SourceSet sources;
    std::vector<Diagnostic> diags;
    ApplicantList in = ReadApplicantList(o->applicants, list_facts, sources, diags);
    PrintDiagnostics(diags, &sources, err_color, o->c.language());
    if (!in.ok && in.applicants.empty()) {
      exit = kInputError;
      return;
    }

    DiffReport report;
    report.old_dir = o->old_dir;
    report.new_dir = o->new_dir;
    report.applicants = in.applicants.size();
    report.added = added;
    report.removed = removed;
    for (const auto& pr : pairs) report.compared.push_back(pr.first->id);
    for (const auto& a : in.applicants) {
      std::optional<Date> as_of = AsOfDate(o->c, a.as_of);
      if (!as_of) {
        exit = kUsage;
        return;
      }
      EvalOptions eo;
      eo.as_of = *as_of;
      for (const auto& [op, np] : pairs) {
        FactValues of = Bind(*op, a), nf = Bind(*np, a);
        Decision od = Decide(*op, of, eo), nd = Decide(*np, nf, eo);
        if (auto c = CompareDecisions(od, nd)) {
          c->applicant = a.id;
          c->program = op->id;
          report.changes.push_back(std::move(*c));
        }
      }
    }
    std::cout << (o->c.json() ? RenderDiffJson(report) : RenderDiffText(report, o->c.language()));
    exit = in.ok ? kOk : kInputError;
  });
}

}  // namespace elig::cli
