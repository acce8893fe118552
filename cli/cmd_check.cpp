// SPDX-License-Identifier: Apache-2.0
#include <unistd.h>

#include "common.hpp"
#include "common/catalog.hpp"
#include "explain/explain.hpp"
#include "io/applicant.hpp"
#include "store/audit.hpp"

namespace elig::cli {

void RegisterCheck(CLI::App& app, int& exit) {
  struct Opts {
    Common c;
    std::string rules;  // empty: RulesDir finds them
    std::string program;
    std::string applicant;
    bool brief = false;
    std::string audit;  // append each decision to this audit log
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = AddCommand(app, "check");
  AddRules(cmd, o->rules);
  cmd->add_option("--program,-p", o->program, "program id (default: every program)");
  AddApplicant(cmd, o->applicant);
  cmd->add_flag("--brief", o->brief, "show only what decided the outcome");
  cmd->add_option("--audit", o->audit, "append each decision to this audit log (SQLite; see `elig audit`)");
  AddLang(cmd, o->c);
  AddFormat(cmd, o->c,
            "text, json, or compact: the compact decision JSON (docs/json.md), one line per program, which "
            "`elig explain` turns back into the others",
            {"text", "json", "compact"});
  AddAsOf(cmd, o->c);
  cmd->callback([o, &exit] {
    bool color = o->c.Color();
    auto opened = OpenForApplicant(o->c, o->applicant, o->rules, o->program, false, exit);
    if (!opened) return;
    auto& [sources, applicant, as_of, rs, programs] = *opened;
    // Against every program, not only the chosen one: a fact is unknown when no rule anywhere asks it.
    auto all = SelectPrograms(*rs, {}, o->rules, o->c.language(), exit);
    PrintDiagnostics(UnknownFactWarnings(*all, applicant), &sources, o->c.ErrColor(), o->c.language());
    // Opened before deciding, so that an unusable log stops the command before any output.
    std::unique_ptr<store::AuditLog> audit_log;
    std::vector<store::AuditRecord> audit_records;
    if (!o->audit.empty()) {
      store::Status st;
      audit_log = store::AuditLog::Open(o->audit, st);
      if (!audit_log) {
        PrintError(o->c.language(), st.message);
        exit = kIoError;
        return;
      }
    }
    int best = kIneligible;
    // One screening of the programs checked together (eval/screen.hpp): with more than one,
    // the combining rules (heikyu seigen) give each its final award.
    std::vector<FactValues> bound = BindEach(programs, applicant);
    ScreenOptions so;
    so.as_of = as_of;
    Screening screening = Screen(programs, bound, so);
    std::string json_out = programs.size() > 1 ? "[" : "";
    // Held back until the audit log has the decisions: nothing is given out unlogged.
    std::string text_out;
    for (size_t i = 0; i < programs.size(); ++i) {
      const ProgramScreening& ps = screening.programs[i];
      const Decision& d = ps.decision;
      if (audit_log) {
        std::string rules_sha;
        store::Status st = audit_log->AddRules(store::AuditSourcesOf(*rs, *programs[i]), rules_sha);
        if (!st.ok()) {
          SayError(o->c.language(), Msg::kCliAuditStoreRules, fmt::arg("file", o->audit), fmt::arg("error", st.message));
          exit = kIoError;
          return;
        }
        audit_records.push_back(store::MakeAuditRecord(d, rules_sha, applicant, o->c.language(), "check"));
      }
      int code = ExitFor(d.outcome);
      if (code == kOk || (code == kUndetermined && best != kOk)) best = code;
      if (o->c.format == "compact") {
        text_out += RenderCompactJson(d) + "\n";
      } else if (o->c.json()) {
        if (i) json_out += ",";
        // One program alone is the decision JSON (as the C API gives it); several are
        // screened together, so each carries its final award and the notes of the combining rules.
        json_out += programs.size() == 1 ? RenderJson(d, o->c.language(), true) : RenderJson(ps, o->c.language());
      } else {
        if (i) text_out += "\n";
        TextOptions to;
        to.lang = o->c.language();
        to.color = color;
        to.verbose = !o->brief;
        text_out += RenderText(d, to);
      }
    }
    if (audit_log) {
      if (store::Status st = audit_log->Append(audit_records); !st.ok()) {
        SayError(o->c.language(), Msg::kCliAuditAppend, fmt::arg("file", o->audit), fmt::arg("error", st.message));
        exit = kIoError;
        return;
      }
    }
    std::cout << text_out;
    if (o->c.json()) std::cout << json_out << (programs.size() > 1 ? "]" : "") << "\n";
    exit = best;
  });
}

}  // namespace elig::cli
