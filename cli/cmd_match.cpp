// `elig match`: every program for one applicant, grouped eligible /
// undetermined / ineligible / closed. The grouped view is shared with `elig ask`.
#include <unistd.h>

#include <algorithm>
#include <deque>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "common.hpp"
#include "eval/combine.hpp"
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

std::vector<std::string> MissingNames(const Decision& d) {
  std::vector<std::string> out;
  for (uint32_t f : d.missing) out.push_back(d.program->facts[f].name);
  return out;
}

json Amount(const std::optional<Rational>& r, Lang lang) {
  if (!r) return nullptr;
  return {{"yen", r->IsInteger() ? json(r->num()) : json(nullptr)}, {"exact", r->ToString()}, {"text", FormatYen(*r, lang)}};
}

json Number(const Rational& r) { return r.IsInteger() ? json(r.num()) : json(r.ToString()); }

struct Groups {
  std::vector<const Decision*> eligible, undetermined, ineligible, closed;
  // 併給制限 (combining programs): the adjusted view of each decision that a
  // program's `combine:` touches; absent means the program stands alone.
  std::unordered_map<const Decision*, CombinedView> combined;

  const CombinedView* View(const Decision* d) const {
    auto it = combined.find(d);
    return it == combined.end() ? nullptr : &it->second;
  }
  // The award after combining: what the applicant would receive.
  const std::optional<Rational>& FinalAward(const Decision* d) const {
    const CombinedView* v = View(d);
    return v ? v->award : d->award;
  }
};

Groups Group(const std::vector<Decision>& decisions, const std::deque<FactValues>& bound) {
  Groups g;
  std::vector<const CompiledProgram*> programs;
  for (const auto& d : decisions) programs.push_back(d.program);
  if (HasCombiningRules(programs) && bound.size() == decisions.size()) {
    std::vector<CombineInput> in;
    for (size_t k = 0; k < decisions.size(); ++k) in.push_back(MakeCombineInput(decisions[k], bound[k]));
    auto views = Combine(in);
    for (size_t k = 0; k < views.size(); ++k)
      if (!views[k].notes.empty()) g.combined.emplace(&decisions[k], std::move(views[k]));
  }
  for (const auto& d : decisions) {
    switch (d.outcome) {
      case Outcome::kEligible: g.eligible.push_back(&d); break;
      case Outcome::kUndetermined: g.undetermined.push_back(&d); break;
      case Outcome::kIneligible: g.ineligible.push_back(&d); break;
      case Outcome::kClosed: g.closed.push_back(&d); break;
    }
  }
  auto by_id = [](const Decision* a, const Decision* b) { return a->program->id < b->program->id; };
  // Eligible first by the award after combining (largest first, unknown last), then score, then id.
  std::stable_sort(g.eligible.begin(), g.eligible.end(), [&](const Decision* a, const Decision* b) {
    const auto& x = g.FinalAward(a);
    const auto& y = g.FinalAward(b);
    if (x.has_value() != y.has_value()) return x.has_value();
    if (x && !(*x == *y)) return Rational::Compare(*x, *y) > 0;
    if (!(a->score == b->score)) return Rational::Compare(a->score, b->score) > 0;
    return by_id(a, b);
  });
  // The closest to a decision first: fewest facts still needed.
  std::stable_sort(g.undetermined.begin(), g.undetermined.end(), [&](const Decision* a, const Decision* b) {
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
  auto head = [&](const Decision& d) {
    const CompiledProgram& p = *d.program;
    const CombinedView* v = g.View(&d);
    return json{{"program", p.id},       {"version", p.version},
                {"title", Title(p, lang)}, {"score", Number(d.score)},
                {"score_complete", d.score_complete}, {"combine", v ? CombineJson(*v, lang) : json::array()}};
  };
  json out;
  out["applicant"] = applicant;
  out["as_of"] = FormatDate(as_of);
  out["lang"] = lang == Lang::kJa ? "ja" : "en";
  json el = json::array(), un = json::array(), in = json::array(), cl = json::array();
  for (const Decision* d : g.eligible) {
    json j = head(*d);
    j["award"] = Amount(d->award, lang);
    j["final_award"] = Amount(g.FinalAward(d), lang);
    j["award_note"] = d->program->award < 0 ? json(d->program->award_note.Get(lang)) : json(nullptr);
    j["missing"] = MissingNames(*d);
    el.push_back(std::move(j));
  }
  for (const Decision* d : g.undetermined) {
    json j = head(*d);
    j["missing"] = MissingNames(*d);
    un.push_back(std::move(j));
  }
  for (const Decision* d : g.ineligible) {
    json j = head(*d);
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
  for (const Decision* d : g.closed) {
    json j = head(*d);
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

std::string RenderMatchText(const Groups& g, const std::string& applicant, Date as_of, Lang lang, bool color) {
  const bool ja = lang == Lang::kJa;
  Style st{color};
  std::string out;
  out += st.Paint("1", ja ? "申請者 " + applicant + " の対象制度（基準日 " + FormatDate(as_of) + "）"
                          : "Programs for " + applicant + ", as of " + FormatDate(as_of)) + "\n";
  auto heading = [&](const char* code, const std::string& en, const std::string& jp, size_t n) {
    out += "\n" + st.Paint(code, (ja ? jp + "（" + std::to_string(n) + "件）" : en + " (" + std::to_string(n) + ")")) + "\n";
  };
  auto name = [&](const Decision& d) { return Title(*d.program, lang) + "  [" + d.program->id + "]"; };
  auto score = [&](const Decision& d) {
    if (d.program->scoring.empty()) return std::string();
    std::string s = d.score.ToGroupedString() + (d.score_complete ? "" : "?");
    return ja ? "・加点 " + s : " · score " + s;
  };
  auto needs = [&](const Decision& d) {
    std::string s;
    for (const auto& n : MissingNames(d)) s += (s.empty() ? "" : ", ") + n;
    return s;
  };
  // 併給制限: the award after combining, and each rule that changed it, with its citation.
  auto combine_notes = [&](const Decision& d) {
    const CombinedView* v = g.View(&d);
    if (!v) return;
    if (d.outcome == Outcome::kEligible && !(v->award == d.award)) {
      out += ja ? "     併給制限後の補助額 " : "     award after combining ";
      out += st.Paint("1", v->award ? FormatYen(*v->award, lang) : std::string(ja ? "未確定" : "not determinable")) + "\n";
    }
    for (const auto& n : v->notes) {
      out += "     " + std::string(ja ? "併給制限: " : "combining: ") + RenderCombineNote(n, lang);
      if (!n.cite.empty()) out += ja ? "（" + n.cite + "）" : " (" + n.cite + ")";
      out += "\n";
    }
  };
  if (!g.eligible.empty()) {
    heading("1;32", "Eligible", "対象", g.eligible.size());
    size_t rank = 0;
    for (const Decision* d : g.eligible) {
      out += "  " + std::to_string(++rank) + ". " + name(*d) + "\n     ";
      if (d->award) {
        out += (ja ? "補助額 " : "award ") + st.Paint("1", FormatYen(*d->award, lang));
      } else if (d->program->award < 0) {
        std::string note = d->program->award_note.Get(lang);
        out += ja ? "補助額は算定できません" : "award not determinable";
        if (!note.empty()) out += ja ? "（" + note + "）" : " (" + note + ")";
      } else if (!d->award_error.empty()) {
        out += (ja ? "補助額の計算エラー: " : "award error: ") + d->award_error;
      } else {
        out += (ja ? "補助額は未確定 — 必要な情報: " : "award not yet known — needs: ") + needs(*d);
      }
      out += score(*d) + "\n";
      combine_notes(*d);
    }
  }
  if (!g.undetermined.empty()) {
    heading("1;33", "Undetermined", "判定保留", g.undetermined.size());
    for (const Decision* d : g.undetermined) {
      out += "  - " + name(*d) + "\n";
      std::string n = needs(*d);
      if (!n.empty()) out += (ja ? "     必要な情報: " : "     needs: ") + n + "\n";
      combine_notes(*d);
      for (const auto& e : d->errors) out += (ja ? "     評価エラー: " : "     evaluation error: ") + e + "\n";
    }
  }
  if (!g.ineligible.empty()) {
    heading("1;31", "Not eligible", "対象外", g.ineligible.size());
    for (const Decision* d : g.ineligible) {
      out += "  - " + name(*d) + "\n";
      bool exclusion = false;
      if (const RuleResult* rr = FirstReason(*d, exclusion)) {
        const CompiledRule& r = *rr->rule;
        std::string text = r.text.Get(lang);
        out += "     " + r.id + ": " + (text.empty() ? r.expr_text : text);
        std::string detail = Detail(*rr, exclusion, lang);
        if (!detail.empty()) out += " — " + detail;
        if (!r.cite.empty()) out += ja ? "（" + r.cite + "）" : " (" + r.cite + ")";
        out += "\n";
      }
    }
  }
  if (!g.closed.empty()) {
    heading("2", "Closed on " + FormatDate(as_of), "受付期間外", g.closed.size());
    for (const Decision* d : g.closed) {
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

std::string RenderMatch(const std::vector<Decision>& decisions, const std::deque<FactValues>& bound,
                        const std::string& applicant, Date as_of, const Common& c, bool color) {
  Groups g = Group(decisions, bound);
  return c.json() ? RenderMatchJson(g, applicant, as_of, c.language())
                  : RenderMatchText(g, applicant, as_of, c.language(), color);
}

int MatchExit(const std::vector<Decision>& decisions) {
  int best = kIneligible;
  for (const auto& d : decisions) {
    int code = ExitFor(d.outcome);
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
    // Decisions point into the bound facts: keep them alive beside the decisions.
    std::deque<FactValues> bound;
    std::vector<Decision> decisions;
    std::set<std::string> seen_issues;
    EvalOptions eo;
    eo.as_of = *as_of;
    for (const CompiledProgram* p : programs) {
      bound.push_back(Bind(*p, applicant));
      for (const auto& issue : bound.back().issues) {
        if (!seen_issues.insert(issue.fact + "\n" + issue.message).second) continue;
        Diagnostic d;
        d.severity = Severity::kWarning;
        d.code = "bad-value";
        d.message = "the fact `" + issue.fact + "` is treated as unknown: " + issue.message;
        d.loc = issue.loc;
        warnings.push_back(std::move(d));
      }
      decisions.push_back(Decide(*p, bound.back(), eo));
    }
    PrintDiagnostics(warnings, &sources, err_color);
    std::string id = applicant.id.empty() ? o->applicant : applicant.id;
    std::cout << RenderMatch(decisions, bound, id, *as_of, o->c, o->c.Color());
    exit = MatchExit(decisions);
  });
}

}  // namespace elig::cli
