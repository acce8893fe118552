// `elig match`: every program for one applicant, grouped eligible /
// undetermined / ineligible / closed. The grouped view is shared with `elig ask`.
#include <unistd.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "common.hpp"
#include "common/utf8.hpp"
#include "eval/combine.hpp"
#include "eval/screen.hpp"
#include "explain/explain.hpp"
#include "io/applicant.hpp"

namespace elig::cli {

namespace {

using json = nlohmann::json;

struct Style {
  bool color;
  std::string Paint(const char* code, const std::string& s) const {
    return color ? std::string("\033[") + code + "m" + s + "\033[0m" : s;
  }
};

std::string Title(const CompiledProgram& p, Lang lang) {
  std::string t = p.title.Get(lang);
  return t.empty() ? p.id : t;
}

// The first reason an ineligible applicant is refused: the first failed
// requirement, else the first exclusion that applies.
const RuleResult* FirstReason(const Decision& d, bool& exclusion) {
  for (const auto& r : d.requirements)
    if (r.result == Tri::kFalse) {
      exclusion = false;
      return &r;
    }
  for (const auto& r : d.exclusions)
    if (r.result == Tri::kTrue) {
      exclusion = true;
      return &r;
    }
  return nullptr;
}

// The comparison that decided the rule, for people: `prefecture = "東京都"`.
std::string Detail(const RuleResult& rr, bool exclusion, Lang lang) {
  Tri want = exclusion ? Tri::kTrue : Tri::kFalse;
  for (const auto& reason : rr.reasons)
    if (reason.result == want) return RenderReason(reason, lang);
  return rr.reasons.empty() ? "" : RenderReason(rr.reasons.front(), lang);
}

std::vector<std::string> MissingNames(const ProgramScreening& ps) {
  std::vector<std::string> out;
  for (uint32_t f : ps.missing) out.push_back(ps.program->facts[f].name);
  return out;
}

json Amount(const std::optional<Rational>& r, Lang lang) {
  if (!r) return nullptr;
  return {{"yen", r->IsInteger() ? json(r->num()) : json(nullptr)}, {"exact", r->ToString()}, {"text", FormatYen(*r, lang)}};
}

json Number(const Rational& r) { return r.IsInteger() ? json(r.num()) : json(r.ToString()); }

// The screening's programs in the four groups, each in the order people read them.
struct Groups {
  std::vector<const ProgramScreening*> eligible, undetermined, ineligible, closed;

  // 併給制限 (combining programs): the adjusted view of a program that a `combine:`
  // touches; null when the program stands alone.
  static const CombinedView* View(const ProgramScreening& ps) { return ps.Combined() ? &ps.combined : nullptr; }
};

Groups Group(const Screening& screening) {
  Groups g;
  for (const auto& ps : screening.programs) {
    switch (ps.outcome) {
      case Outcome::kEligible: g.eligible.push_back(&ps); break;
      case Outcome::kUndetermined: g.undetermined.push_back(&ps); break;
      case Outcome::kIneligible: g.ineligible.push_back(&ps); break;
      case Outcome::kClosed: g.closed.push_back(&ps); break;
    }
  }
  using P = const ProgramScreening*;
  auto by_id = [](P a, P b) { return a->program->id < b->program->id; };
  // Eligible first by the award after combining (largest first, unknown last), then score, then id.
  std::stable_sort(g.eligible.begin(), g.eligible.end(), [&](P a, P b) {
    const auto& x = a->final_award;
    const auto& y = b->final_award;
    if (x.has_value() != y.has_value()) return x.has_value();
    if (x && !(*x == *y)) return Rational::Compare(*x, *y) > 0;
    if (!(a->score == b->score)) return Rational::Compare(a->score, b->score) > 0;
    return by_id(a, b);
  });
  // The closest to a decision first: fewest facts still needed.
  std::stable_sort(g.undetermined.begin(), g.undetermined.end(), [&](P a, P b) {
    if (a->missing.size() != b->missing.size()) return a->missing.size() < b->missing.size();
    return by_id(a, b);
  });
  std::stable_sort(g.ineligible.begin(), g.ineligible.end(), by_id);
  std::stable_sort(g.closed.begin(), g.closed.end(), by_id);
  return g;
}

json CombineJson(const CombinedView& v, Lang lang) {
  json notes = json::array();
  for (const auto& n : v.notes)
    notes.push_back({{"kind", CombineKindName(n.kind)},
                     {"other", n.other},
                     {"declared_by", n.declared_by},
                     {"text", RenderCombineNote(n, lang)},
                     {"rule_text", n.text.Get(lang)},
                     {"cite", n.cite}});
  return notes;
}

std::string RenderMatchJson(const Groups& g, const std::string& applicant, Date as_of, Lang lang) {
  auto head = [&](const ProgramScreening& ps) {
    const Decision& d = ps.decision;
    const CompiledProgram& p = *d.program;
    const CombinedView* v = Groups::View(ps);
    // What the screening gives every program: its award, its final award and the facts still needed.
    return json{{"program", p.id},
                {"version", p.version},
                {"title", Title(p, lang)},
                {"score", Number(d.score)},
                {"score_complete", d.score_complete},
                {"combine", v ? CombineJson(*v, lang) : json::array()},
                {"award", Amount(ps.award, lang)},
                {"final_award", Amount(ps.final_award, lang)},
                {"missing", MissingNames(ps)}};
  };
  json out;
  out["applicant"] = applicant;
  out["as_of"] = FormatDate(as_of);
  out["lang"] = lang == Lang::kJa ? "ja" : "en";
  json el = json::array(), un = json::array(), in = json::array(), cl = json::array();
  for (const ProgramScreening* ps : g.eligible) {
    const Decision* d = &ps->decision;
    json j = head(*ps);
    j["award_note"] = d->program->award < 0 ? json(d->program->award_note.Get(lang)) : json(nullptr);
    el.push_back(std::move(j));
  }
  for (const ProgramScreening* ps : g.undetermined) un.push_back(head(*ps));
  for (const ProgramScreening* ps : g.ineligible) {
    const Decision* d = &ps->decision;
    json j = head(*ps);
    bool exclusion = false;
    if (const RuleResult* rr = FirstReason(*d, exclusion)) {
      j["reason"] = {{"rule", rr->rule->id},
                     {"kind", exclusion ? "exclusion" : "requirement"},
                     {"text", rr->rule->text.Get(lang)},
                     {"cite", rr->rule->cite},
                     {"detail", Detail(*rr, exclusion, lang)}};
    } else {
      j["reason"] = nullptr;
    }
    in.push_back(std::move(j));
  }
  for (const ProgramScreening* ps : g.closed) {
    const Decision* d = &ps->decision;
    json j = head(*ps);
    const CompiledProgram& p = *d->program;
    j["window"] = {{"from", p.window_from ? json(FormatDate(*p.window_from)) : json(nullptr)},
                   {"to", p.window_to ? json(FormatDate(*p.window_to)) : json(nullptr)}};
    cl.push_back(std::move(j));
  }
  out["eligible"] = std::move(el);
  out["undetermined"] = std::move(un);
  out["ineligible"] = std::move(in);
  out["closed"] = std::move(cl);
  return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string RenderMatchText(const Groups& g, const std::string& applicant_id, Date as_of, Lang lang, bool color) {
  const bool ja = lang == Lang::kJa;
  // Applicant and rule text as a terminal should show it: escape sequences escaped, not obeyed.
  auto shown = [](std::string_view text) { return utf8::Printable(text, std::string::npos); };
  const std::string applicant = shown(applicant_id);
  Style st{color};
  std::string out;
  out += st.Paint("1", ja ? "申請者 " + applicant + " の対象制度（基準日 " + FormatDate(as_of) + "）"
                          : "Programs for " + applicant + ", as of " + FormatDate(as_of)) + "\n";
  auto heading = [&](const char* code, const std::string& en, const std::string& jp, size_t n) {
    out += "\n" + st.Paint(code, (ja ? jp + "（" + std::to_string(n) + "件）" : en + " (" + std::to_string(n) + ")")) + "\n";
  };
  auto name = [&](const Decision& d) { return shown(Title(*d.program, lang) + "  [" + d.program->id + "]"); };
  auto score = [&](const Decision& d) {
    if (d.program->scoring.empty()) return std::string();
    std::string s = d.score.ToGroupedString() + (d.score_complete ? "" : "?");
    return ja ? "・加点 " + s : " · score " + s;
  };
  auto needs = [&](const ProgramScreening& ps) {
    std::string s;
    for (const auto& n : MissingNames(ps)) s += (s.empty() ? "" : ", ") + n;
    return shown(s);
  };
  // 併給制限: the award after combining, and each rule that changed it, with its citation.
  auto combine_notes = [&](const ProgramScreening& ps) {
    const CombinedView* v = Groups::View(ps);
    if (!v) return;
    if (ps.outcome == Outcome::kEligible && !(ps.final_award == ps.award)) {
      out += ja ? "     併給制限後の補助額 " : "     award after combining ";
      out += st.Paint("1", ps.final_award ? FormatYen(*ps.final_award, lang) : std::string(ja ? "未確定" : "not determinable")) + "\n";
    }
    for (const auto& n : v->notes) {
      out += "     " + std::string(ja ? "併給制限: " : "combining: ") + shown(RenderCombineNote(n, lang));
      if (!n.cite.empty()) out += ja ? "（" + shown(n.cite) + "）" : " (" + shown(n.cite) + ")";
      out += "\n";
    }
  };
  if (!g.eligible.empty()) {
    heading("1;32", "Eligible", "対象", g.eligible.size());
    size_t rank = 0;
    for (const ProgramScreening* ps : g.eligible) {
      const Decision* d = &ps->decision;
      out += "  " + std::to_string(++rank) + ". " + name(*d) + "\n     ";
      if (d->award) {
        out += (ja ? "補助額 " : "award ") + st.Paint("1", FormatYen(*d->award, lang));
      } else if (d->program->award < 0) {
        std::string note = d->program->award_note.Get(lang);
        out += ja ? "補助額は算定できません" : "award not determinable";
        if (!note.empty()) out += ja ? "（" + shown(note) + "）" : " (" + shown(note) + ")";
      } else if (!d->award_error.empty()) {
        out += (ja ? "補助額の計算エラー: " : "award error: ") + shown(d->award_error);
      } else {
        out += (ja ? "補助額は未確定 — 必要な情報: " : "award not yet known — needs: ") + needs(*ps);
      }
      out += score(*d) + "\n";
      combine_notes(*ps);
    }
  }
  if (!g.undetermined.empty()) {
    heading("1;33", "Undetermined", "判定保留", g.undetermined.size());
    for (const ProgramScreening* ps : g.undetermined) {
      const Decision* d = &ps->decision;
      out += "  - " + name(*d) + "\n";
      std::string n = needs(*ps);
      if (!n.empty()) out += (ja ? "     必要な情報: " : "     needs: ") + n + "\n";
      combine_notes(*ps);
      for (const auto& e : d->errors) out += (ja ? "     評価エラー: " : "     evaluation error: ") + shown(e) + "\n";
    }
  }
  if (!g.ineligible.empty()) {
    heading("1;31", "Not eligible", "対象外", g.ineligible.size());
    for (const ProgramScreening* ps : g.ineligible) {
      const Decision* d = &ps->decision;
      out += "  - " + name(*d) + "\n";
      bool exclusion = false;
      if (const RuleResult* rr = FirstReason(*d, exclusion)) {
        const CompiledRule& r = *rr->rule;
        std::string text = r.text.Get(lang);
        out += "     " + shown(r.id) + ": " + shown(text.empty() ? r.expr_text : text);
        std::string detail = Detail(*rr, exclusion, lang);
        if (!detail.empty()) out += " — " + shown(detail);
        if (!r.cite.empty()) out += ja ? "（" + shown(r.cite) + "）" : " (" + shown(r.cite) + ")";
        out += "\n";
      }
    }
  }
  if (!g.closed.empty()) {
    heading("2", "Closed on " + FormatDate(as_of), "受付期間外", g.closed.size());
    for (const ProgramScreening* ps : g.closed) {
      const Decision* d = &ps->decision;
      const CompiledProgram& p = *d->program;
      out += "  - " + name(*d) + "\n";
      if (p.window_from || p.window_to)
        out += (ja ? "     受付期間: " : "     window: ") + (p.window_from ? FormatDate(*p.window_from) : "") + " .. " +
               (p.window_to ? FormatDate(*p.window_to) : "") + "\n";
    }
  }
  return out;
}

}  // namespace

std::string RenderMatch(const Screening& screening, const std::string& applicant, const Common& c, bool color) {
  Groups g = Group(screening);
  return c.json() ? RenderMatchJson(g, applicant, screening.as_of, c.language())
                  : RenderMatchText(g, applicant, screening.as_of, c.language(), color);
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
    std::string rules = "rules";
    std::string applicant;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("match", "Every program for one applicant: eligible (by award), undetermined, not eligible, closed");
  cmd->footer(
      "Example:\n  elig match --rules rules --applicant examples/gunma-maker.yaml --lang ja\n"
      "Eligible programs come first, the largest award first; undetermined ones name the facts still\n"
      "needed; ineligible ones give the first reason; programs whose window is closed are listed apart.\n"
      "Exit: 0 some program eligible, 2 none eligible but some undetermined, 1 none eligible,\n"
      "64 usage, 65 bad applicant file, 66 rule errors.");
  cmd->add_option("--rules", o->rules, "directory of rule files")->capture_default_str();
  cmd->add_option("--applicant,-a", o->applicant, "applicant facts, YAML or JSON")->required();
  AddLang(cmd, o->c);
  AddFormat(cmd, o->c);
  AddAsOf(cmd, o->c);
  cmd->callback([o, &exit] {
    bool err_color = isatty(STDERR_FILENO);
    SourceSet sources;
    Applicant applicant;
    std::vector<Diagnostic> diags;
    if (!ReadApplicantFile(o->applicant, sources, applicant, diags)) {
      PrintDiagnostics(diags, &sources, err_color);
      exit = kInputError;
      return;
    }
    auto as_of = AsOfDate(o->c, applicant.as_of);
    if (!as_of) {
      exit = kUsage;
      return;
    }
    auto rs = LoadRules(o->rules, err_color, exit);
    if (!rs) return;
    std::vector<const CompiledProgram*> programs = *SelectPrograms(*rs, {}, o->rules, exit);
    std::vector<Diagnostic> warnings = CheckCombining(programs);
    for (auto& d : UnknownFactWarnings(programs, applicant)) warnings.push_back(std::move(d));
    // The screening's decisions point into the bound facts: kept alive beside it.
    std::vector<FactValues> bound = BindEach(programs, applicant);
    std::set<std::string> seen_issues;
    for (const FactValues& facts : bound)
      for (const auto& issue : facts.issues) {
        if (!seen_issues.insert(issue.fact + "\n" + issue.message).second) continue;
        Diagnostic d;
        d.severity = Severity::kWarning;
        d.code = "bad-value";
        d.message = "the fact `" + issue.fact + "` is treated as unknown: " + issue.message;
        d.loc = issue.loc;
        warnings.push_back(std::move(d));
      }
    ScreenOptions so;
    so.as_of = *as_of;
    Screening screening = Screen(programs, bound, so);
    PrintDiagnostics(warnings, &sources, err_color);
    std::string id = applicant.id.empty() ? o->applicant : applicant.id;
    std::cout << RenderMatch(screening, id, o->c, o->c.Color());
    exit = MatchExit(screening);
  });
}

}  // namespace elig::cli
